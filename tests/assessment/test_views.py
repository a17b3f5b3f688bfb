"""Pages and API: scope (out of scope → 404), departments see only their own, withheld identity."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jianfu.assessment.models import DirectReport, ReportStatus
from jianfu.assessment.services import report_merge

from .conftest import pdf_file

pytestmark = pytest.mark.django_db


def test_community_files_a_report_through_the_page(users, tree, department, lists, client_for):
    client = client_for(users["community"])
    response = client.post(
        reverse("assessment:report_new"),
        {
            "reporter_unit": tree["gongzhufu"].pk,
            "department": department.pk,
            "channel": "chat_group",
            "occurred_on": "2026-01-05",
            "content": "工作群里要求社区每天报送商户检查照片",
            "evidence": [pdf_file()],
        },
    )
    report = DirectReport.objects.get()
    assert response.url == reverse("assessment:report_detail", args=[report.pk])
    assert report.evidence.count() == 1 and report.channel == "chat_group"


def test_the_report_form_shows_every_error_in_chinese_and_saves_nothing(users, tree, lists, client_for):
    client = client_for(users["community"])
    page = client.post(
        reverse("assessment:report_new"), {"reporter_unit": tree["gongzhufu"].pk, "channel": "phone"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "请选择派单部门。" in text and "请填写部门要求社区做什么。" in text
    assert not DirectReport.objects.exists()


def test_departments_cannot_file_and_communities_cannot_triage(file_report, users, client_for, scheme):
    assert client_for(users["department"]).get(reverse("assessment:report_new")).status_code == 403
    report = file_report()
    client = client_for(users["community"])
    client.post(reverse("assessment:report_confirm", args=[report.pk]), {"violation_type": "negative_work"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_out_of_scope_reports_answer_404(
    file_report, users, saihan_office, client_for, other_department_user
):
    report = file_report()
    url = reverse("assessment:report_detail", args=[report.pk])
    assert client_for(users["district"]).get(url).status_code == 200
    for outsider in (saihan_office, other_department_user):
        assert client_for(outsider).get(url).status_code == 404
        api = client_for(outsider).get(f"/api/v1/assessment/reports/{report.pk}")
        assert api.status_code == 404
    assert (
        client_for(saihan_office)
        .post(reverse("assessment:report_confirm", args=[report.pk]), {"violation_type": "negative_work"})
        .status_code
        == 404
    )
    listing = client_for(saihan_office).get(reverse("assessment:report_list")).content.decode()
    assert report.number not in listing


def test_departments_see_only_their_own_reports(file_report, users, other_department, client_for):
    mine, theirs = file_report(), file_report(department=other_department)
    rows = client_for(users["department"]).get("/api/v1/assessment/reports").json()
    assert [r["number"] for r in rows] == [mine.number]
    listing = client_for(users["department"]).get(reverse("assessment:report_list")).content.decode()
    assert mine.number in listing and theirs.number not in listing


def test_withheld_identity_is_never_shown_to_the_department(confirmed, users, client_for):
    report = confirmed(withhold_identity=True, evidence=[pdf_file()])
    department = client_for(users["department"])
    secrets = ("公主府社区", "海拉尔东路街道", "dave_community")
    pages = [
        reverse("assessment:report_detail", args=[report.pk]),
        reverse("assessment:report_list"),
        reverse("assessment:notifications"),
        reverse("assessment:department", args=[report.year, report.department_id]),
    ]
    for url in pages:
        text = department.get(url).content.decode()
        assert report.number in text, url
        assert not any(s in text for s in secrets), url
    api = department.get(f"/api/v1/assessment/reports/{report.pk}").json()
    assert api["reporter_unit"] is None and api["reporter"] is None and api["identity_withheld"] is True
    assert not any(s in json.dumps(api, ensure_ascii=False) for s in secrets)
    evidence = report.evidence.get()
    assert (
        department.get(reverse("assessment:evidence_download", args=[report.pk, evidence.pk])).status_code
        == 404
    )
    # The office still sees who reported.
    office = (
        client_for(users["district"])
        .get(reverse("assessment:report_detail", args=[report.pk]))
        .content.decode()
    )
    assert "公主府社区" in office


def test_identity_shown_when_not_withheld(confirmed, users, client_for):
    report = confirmed(withhold_identity=False)
    api = client_for(users["department"]).get(f"/api/v1/assessment/reports/{report.pk}").json()
    assert "公主府社区" in api["reporter_unit"]


def test_department_appeals_through_the_page(confirmed, users, client_for):
    report = confirmed()
    client_for(users["department"]).post(
        reverse("assessment:report_appeal", args=[report.pk]), {"text": "有异议"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.APPEALED


def test_assessment_home_ranks_and_departments_see_only_their_row(
    confirmed, users, other_department, client_for, scheme
):
    confirmed()
    office = (
        client_for(users["city"]).get(reverse("assessment:home") + f"?year={scheme.year}").content.decode()
    )
    assert "市市场监督管理局" in office and "市税务局" in office
    own = (
        client_for(users["department"])
        .get(reverse("assessment:home") + f"?year={scheme.year}")
        .content.decode()
    )
    assert "市市场监督管理局" in own and "市税务局" not in own
    other = reverse("assessment:department", args=[scheme.year, other_department.pk])
    assert client_for(users["department"]).get(other).status_code == 404
    scores = client_for(users["department"]).get(f"/api/v1/assessment/scores/{scheme.year}").json()
    assert [s["department"] for s in scores] == ["市市场监督管理局"] and scores[0]["deductions"] == 3.0
    assert client_for(users["community"]).get(reverse("assessment:home")).status_code == 403


def test_scheme_edit_page_saves_and_reports_errors(scheme, users, client_for):
    url = reverse("assessment:scheme_edit", args=[scheme.year])
    assert client_for(users["district"]).get(url).status_code == 403
    client = client_for(users["city"])
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "name": "方案",
        "base_score": "100",
        "deduction_cap": "0",
        "repeat_from": "3",
        "repeat_multiplier": "1.5",
        "appeal_working_days": "5",
        "indicator_rows": "1",
        "ind_code_0": "GZ",
        "ind_name_0": "重点工作",
        "ind_weight_0": "90",
        "ind_source_0": "manual",
        "ind_default_0": "100",
    } | {f"points_{t}": "2" for t in ("negative_work", "certificate", "unadmitted", "formalism")}
    bad = client.post(url, form)
    assert "权重之和应为 100%" in bad.content.decode()
    assert scheme.indicators.count() == 4
    form["ind_weight_0"] = "100"
    assert client.post(url, form).status_code == 302
    assert list(scheme.indicators.values_list("code", flat=True)) == ["GZ"]


def test_dashboard_renders_charts_data(confirmed, users, client_for, scheme):
    confirmed()
    page = client_for(users["city"]).get(reverse("assessment:dashboard") + f"?year={scheme.year}")
    charts = json.loads(
        re.search(r'id="chart-data" type="application/json">(.*?)</script>', page.content.decode()).group(1)
    )
    assert charts["by_department"] == [{"name": "市市场监督管理局", "value": 1}]
    assert sum(charts["by_month"]["values"]) == 1
    assert {"name": "市市场监督管理局", "value": 3.0} in charts["deductions"]
    assert client_for(users["department"]).get(reverse("assessment:dashboard")).status_code == 403


def test_report_list_queries_do_not_grow_with_the_reports(file_report, users, client_for):
    client = client_for(users["city"])
    first = file_report()
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("assessment:report_list")).status_code == 200
    # More reports, one merged into another: the street name and the merge target are per-row reads.
    for _ in range(3):
        file_report()
    report_merge(actor=users["district"], report=file_report(), into=first)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("assessment:report_list"))
    assert page.content.decode().count("海拉尔东路街道 公主府社区") >= 5
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("name", ["assessment:dashboard", "assessment:certificate_stats"])
def test_a_nonsense_year_in_the_address_shows_this_year(users, client_for, name):
    client = client_for(users["city"])
    this_year = str(timezone.localdate().year)
    for year in ("99999", "0", "abc"):
        page = client.get(reverse(name), {"year": year})
        assert page.status_code == 200 and page.context["year"] == int(this_year)
