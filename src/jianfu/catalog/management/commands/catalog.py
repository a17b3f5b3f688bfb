"""`jianfu catalog import FILE` / `jianfu catalog export` / `jianfu catalog template`: lists as Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jianfu.catalog import selectors, services
from jianfu.catalog.excel import export_workbook, template_workbook, workbook_read
from jianfu.catalog.models import CatalogVersion


class Command(BaseCommand):
    help = "事项清单的 Excel 导入、导出和模板"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入 Excel 为新草稿版本（整份文件校验通过才导入）")
        imp.add_argument("file")
        imp.add_argument("--level", default="community", choices=["community", "village"])
        imp.add_argument("--name", help="版本名称（默认：文件名）")
        imp.add_argument("--year", type=int, default=timezone.localdate().year)
        imp.add_argument("--publish", metavar="YYYY-MM-DD", help="导入后立即发布，自该日期起生效")
        exp = sub.add_parser("export", help="导出一个版本（默认：现行版本）")
        exp.add_argument("--level", default="community", choices=["community", "village"])
        exp.add_argument("--version", type=int, help="版本编号")
        exp.add_argument("-o", "--output", help="输出文件（默认 catalog-<层级>-<编号>.xlsx）")
        tpl = sub.add_parser("template", help="输出导入模板")
        tpl.add_argument("-o", "--output", default="事项清单模板.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['action']}")(options)

    def do_import(self, options: dict) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        with path.open("rb") as fh:
            result = workbook_read(fh)
        if result.errors:
            raise CommandError("文件未导入：\n" + "\n".join(result.errors))
        publish = None
        if options["publish"]:
            try:
                publish = dt.date.fromisoformat(options["publish"])
            except ValueError as exc:
                raise CommandError(f"生效日期“{options['publish']}”格式应为 YYYY-MM-DD。") from exc
        try:
            with transaction.atomic():
                version = services.version_import(
                    actor=None,
                    rows=result.rows,
                    level=options["level"],
                    name=options["name"] or path.stem,
                    year=options["year"],
                    note=f"命令行导入：{path.name}",
                )
                if publish:
                    services.version_publish(actor=None, version=version, effective_from=publish)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        state = f"已发布，{publish} 起生效" if publish else "草稿"
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {len(result.rows)} 个事项：版本 #{version.pk}“{version.name}”（{state}）"
            )
        )

    def do_export(self, options: dict) -> None:
        if options["version"]:
            version = CatalogVersion.objects.filter(pk=options["version"]).first()
        else:
            version = selectors.version_in_force(level=options["level"])
        if version is None:
            raise CommandError("没有找到要导出的版本。")
        output = Path(options["output"] or f"catalog-{version.level}-{version.pk}.xlsx")
        output.write_bytes(export_workbook(version))
        self.stdout.write(self.style.SUCCESS(f"已导出 {version.items.count()} 个事项到 {output}"))

    def do_template(self, options: dict) -> None:
        Path(options["output"]).write_bytes(template_workbook())
        self.stdout.write(self.style.SUCCESS(f"模板已写入 {options['output']}"))
