from __future__ import annotations

import re

import pytest

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_dashboard_and_drill_down_to_a_community(page, login, users, tree):
    login("bob_district", PASSWORD)
    page.wait_for_selector("[data-testid=size-chart][data-rendered='1']")
    assert page.locator("[data-testid=level-counts]").inner_text().count("社区") >= 1
    assert "3" in page.locator("[data-testid=level-counts] li").nth(3).inner_text()
    page.wait_for_selector(".leaflet-container")
    page.click("nav.sidebar a[data-module=regions]")
    page.click("text=新城区")
    page.click("text=海拉尔东路街道")
    page.click("text=哲里木路社区")
    assert re.search(r"/regions/\d+/$", page.url)
    assert page.locator("h1").inner_text().startswith("哲里木路社区")
    assert "超过拆分线" in page.locator("[data-testid=size-flag]").inner_text()


def test_wrong_password_shows_chinese_error(page, users):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "bob_district")
    page.fill("input[name=password]", "nope")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.locator("[role=alert]").inner_text()
