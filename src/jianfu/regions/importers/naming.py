"""Names and kinds of imported units, from the raw names of the 2019 five-level list.

The first rules are exactly those of scripts/build_hohhot_fixture.py, so a unit of the Hohhot
demo tree and the same unit read from the national list get the same name (the import matches
units by their path of names). The later rules only touch names the demo rules leave as they
are, for spellings found elsewhere in the country. The raw name is kept as `official_name`.
"""

from __future__ import annotations

# Placeholder groups of the statistical code, not real prefectures or counties.
CITY_GROUPS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
GROUP_KIND = "统计分组"
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
COMMUNITY_MARKS = ("社区", "居委", "居民委员")


def province_kind(name: str) -> str:
    if name in MUNICIPALITIES:
        return "直辖市"
    if name.endswith("自治区"):
        return "自治区"
    return "省"


def city_kind(name: str) -> str:
    if name in CITY_GROUPS:
        return GROUP_KIND
    for suffix in ("自治州", "地区", "盟", "市"):
        if name.endswith(suffix):
            return suffix
    return "其他"


def county_kind(name: str) -> str:
    if "无县级区划" in name:
        return GROUP_KIND
    for suffix in ("区", "旗", "市", "县"):
        if name.endswith(suffix):
            return suffix
    return "其他"


def township_name(raw: str) -> tuple[str, str]:
    """('海拉尔东路街道', '街道') from '海拉尔东路街道办事处'; towns keep their names."""
    if raw.endswith("办事处"):
        base = raw.removesuffix("办事处")
        if base.endswith("地区"):
            # Beijing's 地区办事处 carry both a street and a township; their current name is "XX地区".
            return base, "街道"
        return base.removesuffix("街道") + "街道", "街道"
    if raw.endswith("镇"):
        return raw, "镇"
    for suffix, cut in (("街道办事", 2), ("街道办", 1), ("镇人民政府", 4), ("镇政府", 2)):
        if raw.endswith(suffix):
            name = raw[: len(raw) - cut]
            return name, "镇" if name.endswith("镇") else "街道"
    if raw.endswith("街道") or "街道" in raw or "社区" in raw:
        return raw, "街道"
    # 乡, 民族乡, 苏木 and the special township-level units (farms, development zones, 管委会)
    # share the township range 200-399, as in the demo rules.
    return raw, "乡"


def village_name(raw: str) -> tuple[str, str]:
    """('公主府社区', '社区') from '公主府社区居委会'; ('新村村', '村') from '新村村委会'."""
    for suffix in ("社区居民委员会", "社区居委会", "居民委员会", "居委会"):
        if raw.endswith(suffix):
            return raw.removesuffix(suffix) + "社区", "社区"
    if raw.endswith("社区"):
        return raw, "社区"
    for suffix in ("村民委员会", "村委会"):
        if raw.endswith(suffix):
            return raw.removesuffix(suffix) + "村", "村"
    if raw.endswith("社区居委"):
        return raw.removesuffix("居委"), "社区"
    if raw.endswith("村委") and len(raw) > 2:
        return raw.removesuffix("委"), "村"
    if any(mark in raw for mark in COMMUNITY_MARKS):
        return raw, "社区"
    return raw, "村"


def name_stem(name: str) -> str:
    """The name without its type suffix, to match a county renamed from 县 to 区 or 市."""
    for suffix in ("自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name
