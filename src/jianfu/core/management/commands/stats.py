from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count

from jianfu.regions.models import Level, Unit


def _pad(text: str, width: int) -> str:
    """Left-align to a display width: Chinese characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


class Command(BaseCommand):
    help = "按层级统计现行管理单元数量"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = (
            Unit.objects.current()
            .order_by()
            .values("level", "kind")
            .annotate(n=Count("id"))
            .order_by("level", "kind")
        )
        by_level: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        # The same kind can name units of two levels (a prefecture-level and a county-level 市).
        kinds_by_level: dict[str, dict[str, int]] = {}
        for row in rows:
            level_name = Level(row["level"]).name.lower()
            kind = row["kind"] or "-"
            by_level[level_name] = by_level.get(level_name, 0) + row["n"]
            by_kind[kind] = by_kind.get(kind, 0) + row["n"]
            kinds_by_level.setdefault(level_name, {})[kind] = row["n"]
        total = sum(by_level.values())
        if options["json"]:
            data = {"levels": by_level, "kinds": by_kind, "kinds_by_level": kinds_by_level, "total": total}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for level in Level:
            kinds = kinds_by_level.get(level.name.lower(), {})
            detail = "，".join(f"{k} {v}" for k, v in kinds.items())
            count = by_level.get(level.name.lower(), 0)
            self.stdout.write(f"{_pad(level.label, 20)}{count:>9}" + (f"  （{detail}）" if detail else ""))
        self.stdout.write(f"{_pad('合计', 20)}{total:>9}")
