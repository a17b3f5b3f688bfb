from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count

from jianfu.regions.models import Level, Unit


class Command(BaseCommand):
    help = "按层级统计现行管理单元数量"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = (
            Unit.objects.current().values("level", "kind").annotate(n=Count("id")).order_by("level", "kind")
        )
        by_level: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        for row in rows:
            level_name = Level(row["level"]).name.lower()
            by_level[level_name] = by_level.get(level_name, 0) + row["n"]
            by_kind[row["kind"] or "-"] = by_kind.get(row["kind"] or "-", 0) + row["n"]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"levels": by_level, "kinds": by_kind, "total": sum(by_level.values())},
                    ensure_ascii=False,
                )
            )
            return
        for level in Level:
            self.stdout.write(f"{level.label:<12} {by_level.get(level.name.lower(), 0):>8}")
        self.stdout.write(f"{'合计':<12} {sum(by_level.values()):>8}")
        self.stdout.write("其中：" + "，".join(f"{k} {v}" for k, v in by_kind.items()))
