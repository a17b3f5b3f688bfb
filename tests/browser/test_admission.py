"""Done-when for the admission gate: refused by the pre-check, admitted after review, found in the registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ..catalog.helpers import publish_lists
from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _fill_request(page, title: str, tasks: str, hours: str) -> None:
    today = timezone.localdate()
    page.goto(page.base_url + "/admission/new/")
    page.fill("#id_title", title)
    page.fill("#id_tasks", tasks)
    page.select_option("#id_target_units", label="新城区")
    page.fill("#id_start_date", today.isoformat())
    page.fill("#id_end_date", (today + dt.timedelta(days=120)).isoformat())
    page.fill("#id_hours_per_month", hours)
    page.check("#id_funding_attached")


def _logout(page) -> None:
    page.click("header form button[type=submit]")
    page.wait_for_selector("input[name=username]")


def test_refused_then_admitted_after_district_and_city_review(page, login, users, tree):
    publish_lists("community")
    login("erin_department", PASSWORD)

    # 1. Work on the negative list is refused by the pre-check, with its reasons shown.
    _fill_request(
        page, "沿街商铺专项检查", "请各社区对辖区个体工商户逐户上门检查营业执照，发现问题当场责令整改", "4"
    )
    page.click("[data-testid=precheck-preview]")
    page.wait_for_selector("[data-testid=precheck-result][data-decision=refuse_negative]")
    page.click("[data-testid=submit-request]")
    assert page.locator("[data-testid=request-status]").inner_text() == "预审不予准入"
    assert "市场主体日常监督检查" in page.locator("[data-testid=precheck]").inner_text()

    # 2. Assist work needing the city too (hours above the threshold) goes into review.
    _fill_request(
        page, "低保家庭入户复核", "请社区配合做好低保申请家庭的入户调查，核实家庭收入和财产状况", "10"
    )
    page.click("[data-testid=submit-request]")
    assert page.locator("[data-testid=request-status]").inner_text() == "区县审核中"
    detail_url = page.url
    _logout(page)

    login("bob_district", PASSWORD)
    page.goto(detail_url)
    page.fill("[data-testid=decide-form] textarea[name=comment]", "同意，经费已落实")
    page.click("[data-testid=decide-form] button[type=submit]")
    assert page.locator("[data-testid=request-status]").inner_text() == "市级审核中"
    _logout(page)

    login("alice_city", PASSWORD)
    page.goto(page.base_url + "/admission/?mine=on")
    page.click("text=低保家庭入户复核")
    page.click("[data-testid=decide-form] button[type=submit]")
    assert page.locator("[data-testid=request-status]").inner_text() == "已准入"
    _logout(page)

    # 3. The community finds it in its registry, and a pasted task is recognised as admitted.
    login("dave_community", PASSWORD)
    page.click("nav.sidebar a[data-module=registry]")
    assert "低保家庭入户复核" in page.locator("[data-testid=registry-table]").inner_text()
    page.goto(page.base_url + "/admission/check/")
    page.fill("#id_text", "街道转来任务：请配合对低保家庭开展入户调查")
    page.click("[data-testid=check-submit]")
    page.wait_for_selector("[data-testid=check-result][data-verdict=admitted]")
