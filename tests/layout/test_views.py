from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jianfu.layout.models import ResidentialUnit
from jianfu.layout.services.units import template_xlsx

from .helpers import run_plan

pytestmark = pytest.mark.django_db


def test_plan_pages_map_and_exports(users, tree, layout_units, client_for):
    plan = run_plan(users["district"], tree["hailaer"])
    client = client_for(users["district"])
    page = client.get(reverse("layout:plan_detail", args=[plan.pk])).content.decode()
    assert "新增 1 个、撤并 0 个、调整重组 1 个，社区总数由 2 个调整为 3 个" in page
    assert "哲里木路社区" in page and "批准方案" in page
    data = client.get(reverse("layout:plan_map", args=[plan.pk])).json()
    assert len(data["before"]["features"]) == 2 and len(data["after"]["features"]) == 3
    assert len(data["points"]) == len(plan.unit_ids)
    geo = json.loads(client.get(reverse("layout:plan_export_geojson", args=[plan.pk])).content)
    assert {f["properties"]["status"] for f in geo["features"]} == {"new", "split", "unchanged"}
    xlsx = client.get(reverse("layout:plan_export_xlsx", args=[plan.pk]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert "社区总数由 2 个调整为 3 个" in ws["A2"].value
    assert ws.max_row == 3 + 3
    region = plan.regions.get(status="new")
    response = client.get(reverse("layout:plan_region", args=[plan.pk, region.index]))
    assert response.status_code == 200
    members = response.context["units"]
    assert len(members) == sum(1 for a in plan.assignment if a == region.index) > 0
    assert sum(m["households"] for m in members) == region.households
    assert {m["old"] for m in members} <= {"公主府社区", "哲里木路社区"}
    others = {r.index for r in plan.regions.exclude(index=region.index)}
    assert all(j in others for m in members for j, _ in m["targets"])
    assert any(m["targets"] for m in members)  # a new community borders at least one other


def test_plans_out_of_scope_answer_404_and_wrong_role_403(users, tree, layout_units, client_for):
    plan = run_plan(users["district"], tree["hailaer"])
    client = client_for(users["community"])
    assert client.get(reverse("layout:plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("layout:plan_map", args=[plan.pk])).status_code == 404
    client = client_for(users["street"])
    assert client.get(reverse("layout:plan_detail", args=[plan.pk])).status_code == 200
    assert client.post(reverse("layout:plan_approve", args=[plan.pk])).status_code == 403
    assert client.get(reverse("layout:plan_new")).status_code == 403


def test_create_form_refuses_a_scope_the_user_does_not_own(users, tree, layout_units, client_for, settings):
    settings.LAYOUT_JOBS_INLINE = True
    client = client_for(users["district"])
    response = client.post(
        reverse("layout:plan_new"),
        {
            "scope": tree["saihan"].pk,
            "mode": "seed",
            "floor": 1000,
            "ceiling": 3000,
            "split_above": 4000,
            "merge_below": 1000,
            "seed": 0,
        },
    )
    assert response.status_code == 200 and "您无权对该范围制定布局优化方案" in response.content.decode()


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "units.xlsx"
    return buf


def test_import_is_all_or_nothing_with_row_errors(users, tree, client_for):
    template = load_workbook(io.BytesIO(template_xlsx())).active
    header = [c.value for c in template[1]]
    client = client_for(users["district"])
    bad = _xlsx(
        [
            header,
            ["甲小区", "小区", "", 100, 250, 111.7, 40.8, tree["gongzhufu"].code],
            ["乙小区", "别墅", "", -3, "", 111.7, "", "150102009009"],
        ]
    )
    page = client.post(reverse("layout:unit_import"), {"file": bad}).content.decode()
    assert "类型“别墅”" in page and "有 1 行有误" in page
    assert ResidentialUnit.objects.count() == 0
    other = _xlsx([header, ["丙小区", "小区", "", 100, 250, 111.7, 40.8, tree["jiankang"].code]])
    page = client.post(reverse("layout:unit_import"), {"file": other}).content.decode()
    assert "不在您的管辖范围内" in page and ResidentialUnit.objects.count() == 0
    good = _xlsx(
        [
            header,
            ["甲小区", "学校", "", 0, "", 111.7, 40.8, tree["gongzhufu"].code],
            ["乙小区", "", "", 120, 300, "", "", tree["zhelimu"].code],
        ]
    )
    response = client.post(reverse("layout:unit_import"), {"file": good})
    assert response.status_code == 302
    assert ResidentialUnit.objects.count() == 2
    assert ResidentialUnit.objects.get(name="甲小区").kind == "school"


def test_grids_page_assigns_one_worker_per_grid(users, tree, layout_units, client_for):
    client = client_for(users["street"])
    url = reverse("layout:grids", args=[tree["zhelimu"].pk])
    r = client.post(
        url, {"action": "redraw", "floor": 300, "ceiling": 500, "target": 400, "effective_on": "2026-03-02"}
    )
    assert r.status_code == 302
    page = client.get(url).content.decode()
    grids = list(tree["zhelimu"].children.filter(valid_to__isnull=True).order_by("code"))
    assert len(grids) >= 9 and all(len(g.code) == 15 for g in grids)
    assert [g.code[-3:] for g in grids] == [f"{i:03d}" for i in range(1, len(grids) + 1)]
    assert all(300 <= g.households <= 500 for g in grids)
    assert "空缺" in page
    client.post(
        url, {"action": "assign", "grid": grids[0].pk, "worker_name": "王五", "worker_phone": "13900001111"}
    )
    client.post(url, {"action": "assign", "grid": grids[0].pk, "worker_name": "赵六"})
    assert grids[0].grid_assignments.count() == 1
    client.post(
        url, {"action": "assign", "grid": grids[1].pk, "worker_name": "王五", "worker_phone": "13900001111"}
    )
    page = client.get(url).content.decode()
    assert "王五" in page.split("一人多格")[1]
    assert (
        client_for(users["community"]).get(reverse("layout:grids", args=[tree["zhelimu"].pk])).status_code
        == 404
    )


def test_streets_page_compares_with_the_reference_list(users, tree, client_for):
    from jianfu.regions.models import ReferenceDivision

    ReferenceDivision.objects.create(
        dataset="现行街道", code="150102001000", name="海拉尔东路街道", level=3, parent_name="新城区"
    )
    ReferenceDivision.objects.create(
        dataset="现行街道", code="150102012000", name="丁香北路街道", level=3, parent_name="新城区"
    )
    response = client_for(users["city"]).get(reverse("layout:streets"))
    page = response.content.decode()
    assert "丁香北路街道" in page.split("新设")[1]
    assert "名单中无" in page  # 锡林路街道 is not in the reference list
    assert [d.name for d in response.context["districts"]] == ["新城区", "赛罕区"]
    # A street office sees its own street matched, not its neighbours as new streets, and no district
    # to pick (choosing one answered 404: no district lies inside its scope).
    response = client_for(users["street"]).get(reverse("layout:streets"))
    page = response.content.decode()
    assert response.context["c"]["matched"] == 1 and response.context["c"]["reference_only"] == []
    assert "丁香北路街道" not in page
    assert list(response.context["districts"]) == []


def test_api_lists_plans_in_scope_only(users, tree, layout_units, client_for):
    plan = run_plan(users["district"], tree["hailaer"])
    data = client_for(users["district"]).get(f"/api/v1/layout/plans/{plan.pk}").json()
    assert data["status"] == "ready" and "社区总数由 2 个调整为 3 个" in data["sentence"]
    assert client_for(users["community"]).get(f"/api/v1/layout/plans/{plan.pk}").status_code == 404
    assert client_for(users["community"]).get("/api/v1/layout/plans").json() == []
