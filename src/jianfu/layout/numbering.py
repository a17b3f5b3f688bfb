"""Code allocation by the numbering rules (DESIGN.md): 12-digit community codes under a street
(001–199 residents' committees), 15-digit grid codes under a community (001–999).

A number once used under a parent (current or ended) is never handed to a different unit, so a code
always names one thing; only a unit that carries on the same community or grid keeps its code.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from jianfu.regions.models import Level, Unit

COMMUNITY_RANGE = range(1, 200)
GRID_RANGE = range(1, 1000)


class CodeAllocator:
    def __init__(self) -> None:
        self._used: dict[str, set[int]] = {}

    def _used_under(self, parent: Unit, level: int) -> set[int]:
        key = parent.prefix
        if key not in self._used:
            width = 12 if level == Level.COMMUNITY else 15
            codes = Unit.objects.filter(code__startswith=key, level=level).values_list("code", flat=True)
            self._used[key] = {int(c[len(key) : width] or 0) for c in codes if len(c) == width}
        return self._used[key]

    def claim(self, parent: Unit, level: int, number: int) -> None:
        self._used_under(parent, level).add(number)

    def is_current_free(self, parent: Unit, level: int, code: str) -> bool:
        return not Unit.objects.current().filter(code=code).exists()

    def next(self, parent: Unit, level: int) -> str:
        used = self._used_under(parent, level)
        numbers = COMMUNITY_RANGE if level == Level.COMMUNITY else GRID_RANGE
        for n in numbers:
            if n not in used:
                used.add(n)
                return community_code(parent, n) if level == Level.COMMUNITY else grid_code(parent, n)
        what = "居委会代码（001–199）" if level == Level.COMMUNITY else "网格代码（001–999）"
        raise ValidationError(f"“{parent.name}”下可用的{what}已用尽。")


def community_code(street: Unit, number: int) -> str:
    return f"{street.prefix}{number:03d}"


def grid_code(community: Unit, number: int) -> str:
    return f"{community.code[:12]}{number:03d}"
