"""Done-when for direct reports: a community files, the office confirms, the score drops, a notice names the department."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from jianfu.assessment.models import DeductionRule
from jianfu.assessment.services import scheme_create

from ..catalog.helpers import publish_lists
from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _final(page, department: str) -> Decimal:
    return Decimal(
        page.locator(
            f"[data-testid=ranking] tr[data-department='{department}'] [data-testid=final]"
        ).inner_text()
    )


def test_report_confirm_score_drops_and_notice_names_the_department(
    page, login, users, department, tree, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    publish_lists("community")
    year = timezone.localdate().year
    scheme = scheme_create(actor=None, year=year)
    points = Decimal("4.00")
    DeductionRule.objects.filter(scheme=scheme, violation_type="negative_work").update(points=points)

    # The community files a report.
    login("dave_community", PASSWORD)
    page.click("nav.sidebar a[data-module=reports]")
    page.click("[data-testid=report-new]")
    page.select_option("select[name=department]", label="市市场监督管理局")
    page.select_option("select[name=channel]", value="chat_group")
    page.fill("input[name=occurred_on]", timezone.localdate().isoformat())
    page.fill(
        "textarea[name=content]",
        "市场监管所在工作群要求社区对辖区个体工商户逐户上门检查，核对营业执照，发现问题当场责令整改",
    )
    page.click("[data-testid=report-submit]")
    assert page.locator("[data-testid=suggestion]").get_attribute("data-suggestion") == "violation"
    report_url = page.url

    # The city office reads the score, confirms the report, and reads it again.
    page.context.clear_cookies()
    login("alice_city", PASSWORD)
    page.goto(page.base_url + f"/assessment/?year={year}")
    before = _final(page, "市市场监督管理局")
    page.goto(report_url)
    assert page.locator("select[name=violation_type]").input_value() == "negative_work"
    page.click("[data-testid=confirm]")
    assert page.locator("[data-testid=report-status]").inner_text() == "已认定违规"
    page.goto(page.base_url + f"/assessment/?year={year}")
    after = _final(page, "市市场监督管理局")
    assert before - after == points

    # The year is published (closed), a notice is drafted, downloaded and read back.
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=publish]")
    assert page.locator("[data-testid=scheme-status]").inner_text() == "已发布"
    page.click("nav.sidebar a[data-module=assessment]")
    page.goto(page.base_url + "/assessment/notices/")
    page.select_option("[data-testid=notice-year]", value=str(year))
    page.click("[data-testid=notice-draft]")
    with page.expect_download() as download_info:
        page.click("[data-testid=notice-download]")
    path = tmp_path / "notice.docx"
    download_info.value.save_as(path)
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert any("市市场监督管理局" in t and f"反向扣 {points} 分" in t for t in texts)
    assert any(t.startswith("呼减负办〔") and t.endswith("号") for t in texts)


def test_a_resident_checks_a_certificate_without_logging_in(page, tree):
    publish_lists("community")
    page.goto(page.base_url + "/assessment/certificates/")
    page.fill("[data-testid=cert-query]", "无犯罪记录")
    page.click("[data-testid=cert-submit]")
    answer = page.locator("[data-testid=cert-answer]")
    assert answer.get_attribute("data-verdict") == "no"
    assert "公安" in answer.inner_text()
