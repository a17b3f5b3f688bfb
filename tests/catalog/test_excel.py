from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from jianfu.catalog.excel import COLUMNS, SHEET, export_workbook, template_workbook, workbook_read
from jianfu.catalog.models import CatalogVersion


def _book(rows: list[list]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([c[0] for c in COLUMNS])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_export_then_read_round_trips(community_lists):
    result = workbook_read(io.BytesIO(export_workbook(community_lists)))
    assert result.errors == []
    assert len(result.rows) == 123
    cert = next(r for r in result.rows if r["code"] == "SQ-ZM-001")
    assert cert["list_type"] == "negative_cert" and cert["alternative_kind"] == "both"
    assert cert["alternative_channel"].startswith("由公安机关")


def test_template_documents_the_format_and_reads_clean():
    data = template_workbook()
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:2] == [SHEET, "填写说明"]
    assert workbook_read(io.BytesIO(data)).errors == []


def test_row_level_errors_are_all_reported():
    result = workbook_read(
        _book(
            [
                ["协助", "A-1", "低保入户调查", "", "", "", "", "", "是", "", ""],
                ["不知道", "A-2", "某事项", "", "", "", "", "", "也许", "", ""],
                ["证明", "A-1", "出生证明", "", "", "", "", "", "否", "", ""],
                ["履职", "A-4", "", "", "", "", "", "", "否", "", ""],
            ]
        )
    )
    text = "\n".join(result.errors)
    assert "第 3 行" in text and "清单类型“不知道”无法识别" in text and "费随事转" in text
    assert "第 4 行" in text and "替代渠道" in text and "与第 2 行重复" in text
    assert "第 5 行" in text and "事项名称不能为空" in text
    assert not any(e.startswith("第 2 行") for e in result.errors)


def test_not_an_excel_file_or_wrong_sheet():
    assert workbook_read(io.BytesIO(b"name,code\n1,2")).errors[0].startswith("文件不是 Excel")
    wb = Workbook()
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    assert "找不到名为“清单事项”的工作表" in workbook_read(buffer).errors[0]


def test_bad_upload_saves_nothing(client_for, users):
    client = client_for(users["city"])
    bad = _book([["协助", "A-1", "", "", "", "", "", "", "是", "", ""]])
    bad.name = "bad.xlsx"
    response = client.post(
        "/catalog/import/", {"file": bad, "level": "community", "name": "坏文件", "year": 2026}
    )
    assert response.status_code == 200
    assert "事项名称不能为空" in response.content.decode()
    assert not CatalogVersion.objects.exists()
    good = _book([["协助", "A-1", "低保入户调查", "", "", "", "", "低保", "是", "", ""]])
    good.name = "good.xlsx"
    response = client.post(
        "/catalog/import/", {"file": good, "level": "community", "name": "好文件", "year": 2026}
    )
    version = CatalogVersion.objects.get()
    assert response.status_code == 302 and version.items.get().keywords == "低保"


def test_only_the_city_imports(client_for, users):
    assert client_for(users["district"]).get("/catalog/import/").status_code == 403
