"""Codes already taken (in the database or published) and the allocation of provisional ones.

Numbering rules (DESIGN.md): 12 digits = 2 province, 2 prefecture, 2 county, 3 township
(001-099 street, 100-199 town, 200-399 township), 3 village-level (001-199 residents'
committee, 200-399 villagers' committee). A provisional code never reuses a real code, a
code in the database (current or ended: an ended unit's code still names its history) or a
code given elsewhere in the file.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import PREFIX_LENGTH, Level

LEVEL_BY_LENGTH = {2: Level.PROVINCE, 4: Level.CITY, 6: Level.DISTRICT, 9: Level.STREET, 12: Level.COMMUNITY}
# The number ranges of each kind, per level.
RANGES: dict[int, dict[str, tuple[int, int]]] = {
    Level.PROVINCE: {"": (11, 99)},
    Level.CITY: {"": (1, 99)},
    Level.DISTRICT: {"": (1, 99)},
    Level.STREET: {"街道": (1, 99), "镇": (100, 199), "乡": (200, 399)},
    Level.COMMUNITY: {"社区": (1, 199), "村": (200, 399)},
}
RANGE_LABELS = {
    "街道": "街道（001–099）",
    "镇": "镇（100–199）",
    "乡": "乡（200–399）",
    "社区": "社区（居委会，001–199）",
    "村": "村（村委会，200–399）",
}


def code_level(code: str) -> int | None:
    """The level a 12-digit code names, from where its trailing zeros start."""
    if len(code) != 12 or not code.isdigit():
        return None
    significant = len(code.rstrip("0"))
    for length, level in LEVEL_BY_LENGTH.items():
        if significant <= length:
            return level
    return None


# level -> (digits before the level's own number, digits of that number); plain ints for speed.
SPAN = {
    int(level): (PREFIX_LENGTH[Level(level - 1)] if level else 0, PREFIX_LENGTH[Level(level)])
    for level in LEVEL_BY_LENGTH.values()
}


class CodeBook:
    """Every code that may not be handed out, indexed by (level, parent prefix) for allocation."""

    def __init__(self, *, db_codes: Iterable[str], reserved: Iterable[str]):
        self.db: set[str] = set(db_codes)
        self.used: set[str] = set(self.db)  # not to be handed out as provisional
        self.used.update(reserved)
        self.claimed: set[str] = set()  # handed out in this run (real, given or provisional)
        self.numbers: dict[tuple[int, str], set[int]] = {}
        self.cursor: dict[tuple[int, str, int], int] = {}
        for code in self.used:
            self._index(code)

    def _index(self, code: str) -> None:
        level = code_level(code)
        if level is None:
            return
        start, end = SPAN[level]
        self.numbers.setdefault((level, code[:start]), set()).add(int(code[start:end]))

    def in_database(self, code: str) -> bool:
        return code in self.db

    def real_available(self, code: str) -> bool:
        """A published code may go to its unit unless the database or this run already uses it."""
        return code not in self.db and code not in self.claimed

    def take(self, code: str) -> None:
        self.used.add(code)
        self.claimed.add(code)
        self._index(code)

    def reserve(self, codes: Iterable[str]) -> None:
        for code in codes:
            self.take(code)

    def allocate(self, *, level: int, prefix: str, kind: str = "", hint: int | None = None) -> str | None:
        """The lowest free code of this kind under `prefix` (trying `hint` first), or None when full."""
        low, high = RANGES[level].get(kind) or next(iter(RANGES[level].values()))
        taken = self.numbers.setdefault((level, prefix), set())
        start, end = SPAN[level]
        width, padding = end - start, "0" * (12 - end)
        if hint is not None and low <= hint <= high and hint not in taken:
            code = f"{prefix}{hint:0{width}d}{padding}"
            self.take(code)
            return code
        key = (level, prefix, low)
        number = self.cursor.get(key, low)
        while number <= high and number in taken:
            number += 1
        self.cursor[key] = number
        if number > high:
            return None
        code = f"{prefix}{number:0{width}d}{padding}"
        taken.add(number)
        self.used.add(code)
        self.claimed.add(code)
        return code
