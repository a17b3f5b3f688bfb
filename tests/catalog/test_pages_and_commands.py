from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from jianfu.catalog.models import CatalogVersion, VersionStatus


def test_index_shows_counts_and_the_reduction(two_versions, client_for, users):
    page = client_for(users["community"]).get("/catalog/").content.decode()
    assert "由 140 项精简至 79 项，精简 43.57%" in page
    before, current = two_versions
    diff = (
        client_for(users["community"])
        .get(f"/catalog/diff/?old={before.pk}&new={current.pk}")
        .content.decode()
    )
    assert "配合开展招商引资和项目引进" in diff


def test_version_page_search_and_export(community_lists, client_for, users):
    client = client_for(users["department"])
    page = client.get(f"/catalog/versions/{community_lists.pk}/?q=低保").content.decode()
    assert "最低生活保障申请受理和入户调查" in page and "招商引资" not in page
    response = client.get(f"/catalog/versions/{community_lists.pk}/export.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb["清单事项"].max_row == 124


def test_city_copies_edits_and_publishes_through_the_pages(community_lists, client_for, users):
    client = client_for(users["city"])
    client.post(f"/catalog/versions/{community_lists.pk}/copy/", {"name": "2026年版", "year": 2026})
    draft = CatalogVersion.objects.get(name="2026年版")
    assert draft.items.count() == 123
    item = draft.items.get(code="SQ-FM-001")
    client.post(f"/catalog/items/{item.pk}/delete/")
    response = client.post(f"/catalog/versions/{draft.pk}/publish/", {"effective_from": "2026-01-01"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.items.count() == 122
    assert (
        client_for(users["district"])
        .post(f"/catalog/versions/{draft.pk}/copy/", {"name": "x", "year": 1})
        .status_code
        == 403
    )


def test_catalog_command_export_and_import(community_lists, tmp_path, capsys):
    out = tmp_path / "lists.xlsx"
    call_command("catalog", "export", "-o", str(out))
    assert "已导出 123 个事项" in capsys.readouterr().out
    call_command(
        "catalog", "import", str(out), "--level", "village", "--name", "村清单", "--publish", "2025-01-01"
    )
    version = CatalogVersion.objects.get(name="村清单")
    assert version.status == VersionStatus.PUBLISHED and version.items.count() == 123
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not excel")
    with pytest.raises(CommandError, match="文件不是 Excel"):
        call_command("catalog", "import", str(bad))
    assert CatalogVersion.objects.count() == 2
