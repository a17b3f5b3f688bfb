"""A small deterministic layout on the shared tree: one residential unit of 100 households per lattice
point (200 m apart), each community a contiguous block of columns.

  公主府社区   (海拉尔东路街道)  columns 0–3,  5 rows → 20 units, 2,000 households
  哲里木路社区 (海拉尔东路街道)  columns 4–12, 5 rows → 45 units, 4,500 households (above the split line)
  车站西街社区 (锡林路街道)      columns 13–14, rows 0–3 → 8 units, 800 households (below the merge line)
"""

from __future__ import annotations

import pytest

from jianfu.layout.models import ResidentialUnit

LNG0, LAT0 = 111.70, 40.80
STEP_LNG, STEP_LAT = 0.00238, 0.00181  # about 200 m each way at this latitude

BLOCKS = {
    "gongzhufu": (range(0, 4), range(5)),
    "zhelimu": (range(4, 13), range(5)),
    "chezhan": (range(13, 15), range(4)),
}


def lattice_point(col: int, row: int) -> tuple[float, float]:
    return round(LNG0 + col * STEP_LNG, 6), round(LAT0 - row * STEP_LAT, 6)


@pytest.fixture
def layout_units(tree) -> dict[str, list[ResidentialUnit]]:
    out: dict[str, list[ResidentialUnit]] = {}
    for key, (cols, rows) in BLOCKS.items():
        community = tree[key]
        units = []
        for col in cols:
            for row in rows:
                lng, lat = lattice_point(col, row)
                units.append(
                    ResidentialUnit(
                        name=f"{community.name[:2]}{col}-{row}号楼",
                        households=100,
                        population=250,
                        lng=lng,
                        lat=lat,
                        community=community,
                    )
                )
        out[key] = ResidentialUnit.objects.bulk_create(units)
    return out
