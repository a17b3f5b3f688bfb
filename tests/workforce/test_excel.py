from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from jianfu.workforce.idnumber import synthetic_id
from jianfu.workforce.models import RecruitmentBatch, Worker
from jianfu.workforce.services.excel import COLUMNS, roster_export, roster_import, roster_template

pytestmark = pytest.mark.django_db


def _id(n: int, area: str = "150102") -> str:
    return synthetic_id(area=area, birth=dt.date(1990 + n % 5, 1 + n % 12, 1 + n), sequence=n)


ROWS = [
    [
        "李娜",
        _id(1),
        "社区工作者",
        "本科",
        "社会工作师",
        "2021-05-20",
        "其他",
        4,
        "2018-07-01",
        "150102001001",
        "13800000001",
        "2018届高校毕业生招聘",
    ],
    [
        "张伟",
        _id(2),
        "社区工作者",
        "硕士研究生",
        "无",
        None,
        "副职",
        6,
        dt.date(2016, 3, 1),
        "150102001002",
        "",
        "",
    ],
    [
        "王强",
        _id(3),
        "专职网格员",
        "大专",
        "助理社会工作师",
        dt.date(2022, 1, 8),
        "其他",
        1,
        "2021-09-01",
        "150102001001",
        "13900000003",
        "",
    ],
]


def _book(rows, header=COLUMNS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _read(content: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture(autouse=True)
def batch(db):
    return RecruitmentBatch.objects.create(
        name="2018届高校毕业生招聘", year=2018, kind="graduate", planned=100
    )


def test_template_has_the_import_header(scale):
    assert _read(roster_template())[0] == COLUMNS


def test_round_trip_import_then_export(scale, users):
    report = roster_import(actor=users["street"], content=_book(ROWS))
    assert report.ok, report.errors
    assert report.created == 3
    exported = _read(
        roster_export(Worker.objects.select_related("unit", "recruitment_batch").order_by("name"))
    )
    header, rows = exported[0], {r[0]: r for r in exported[1:]}
    assert header[: len(COLUMNS)] == COLUMNS
    for source in ROWS:
        out = rows[source[0]]
        assert out[1] == source[1][:6] + "********" + source[1][-4:]  # masked, never the full number
        assert out[2:5] == source[2:5]
        assert (out[5].date() if out[5] else None) == (
            dt.date.fromisoformat(source[5]) if isinstance(source[5], str) else source[5]
        )
        assert out[6:8] == source[6:8]
        hired = source[8] if isinstance(source[8], dt.date) else dt.date.fromisoformat(source[8])
        assert out[8].date() == hired
        assert out[9] == source[9] and (out[10] or "") == source[10] and (out[11] or "") == (source[11] or "")
    assert rows["张伟"][13] == "女" if int(ROWS[1][1][16]) % 2 == 0 else "男"
    # Re-importing the export is refused row by row (masked IDs) and writes nothing.
    again = roster_import(actor=users["street"], content=roster_export(Worker.objects.select_related("unit")))
    assert not again.ok and {row for row, _ in again.errors} == {2, 3, 4}
    assert Worker.objects.count() == 3


def test_bad_rows_reported_and_nothing_written(scale, users):
    bad = [list(r) for r in ROWS]
    bad[0][1] = bad[0][1][:17] + ("0" if bad[0][1][17] != "0" else "1")  # check digit
    bad[1][7] = 16  # deputy range is 4–15
    bad[2][9] = "150105001001"  # out of the street's scope
    dup = list(ROWS[2])
    dup[0] = "王强二"
    report = roster_import(
        actor=users["street"],
        content=_book(
            [
                *bad,
                dup,
                [
                    "赵六",
                    150102199001011234,
                    "社区工作者",
                    "本科",
                    "",
                    None,
                    "其他",
                    "x",
                    "2020-13-01",
                    "999",
                    "",
                    "无此批次",
                ],
            ]
        ),
    )
    assert not report.ok
    by_row: dict[int, str] = {}
    for row, message in report.errors:
        by_row[row] = by_row.get(row, "") + message
    assert "校验位" in by_row[2]
    assert "4–15" in by_row[3]
    assert "管辖范围" in by_row[4]
    assert "身份证号与第 4 行重复" in by_row[5]
    assert all(s in by_row[6] for s in ("文本", "等级", "入职日期", "999", "招聘批次"))
    assert not Worker.objects.exists()


def test_existing_id_refused(scale, users):
    assert roster_import(actor=users["street"], content=_book(ROWS[:1] + ROWS[1:2])).ok
    report = roster_import(actor=users["street"], content=_book(ROWS[1:]))
    assert [row for row, _ in report.errors] == [2]
    assert "已登记在册" in report.errors[0][1]
    assert Worker.objects.count() == 2


def test_wrong_file_and_header(scale, users):
    assert "不是 Excel" in roster_import(actor=users["street"], content=b"%PDF-1.4 nope").errors[0][1]
    assert "表头" in roster_import(actor=users["street"], content=_book(ROWS, header=["名字"])).errors[0][1]
    assert "没有数据行" in roster_import(actor=users["street"], content=_book([])).errors[0][1]
