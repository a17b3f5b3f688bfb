from __future__ import annotations

import re

import pytest

from jianfu.regions.models import Lineage

from ..conftest import PASSWORD
from ..layout.conftest import layout_units  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_office_plans_approves_applies_and_finds_lineage(page, login, users, tree, layout_units):  # noqa: F811
    login("bob_district", PASSWORD)
    page.click("nav.sidebar a[data-module=layout]")
    page.click("[data-testid=new-plan]")
    page.select_option("select[name=scope]", label="新城区（县级（区/县/旗））")
    page.check("input[name=allow_cross_streets]")
    page.click("text=开始计算")
    # The job runs in a thread; the page polls its progress with htmx and reloads when done.
    page.wait_for_selector("[data-testid=summary]", timeout=30000)
    summary = page.locator("[data-testid=summary]").inner_text()
    assert re.search(r"新增 \d+ 个、撤并 \d+ 个、调整重组 \d+ 个，社区总数由 3 个调整为 \d+ 个", summary)
    page.wait_for_selector("#map-after[data-features]")
    assert int(page.locator("#map-after").get_attribute("data-points")) == 73
    assert page.locator("#map-before .leaflet-interactive").count() >= 3
    assert page.locator("[data-testid=violation-count]").inner_text() == "0"
    assert "哲里木路社区" in page.locator("[data-testid=changes]").inner_text()
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=apply]")
    page.click("[data-testid=apply]")
    page.wait_for_selector("[data-testid=plan-status]:has-text('已实施')")
    # Follow a new community to its page in the division tree and read its lineage.
    changed = "[data-testid=changes] tr:is(.status-new, .status-split, .status-merged, .status-regrouped)"
    link = page.locator(f"{changed} a[href^='/regions/']").first
    link.click()
    assert re.search(r"/regions/\d+/$", page.url)
    lineage = page.locator("ul.lineage").inner_text()
    assert "而来" in lineage and ("哲里木路社区" in lineage or "车站西街社区" in lineage)
    assert Lineage.objects.filter(predecessor=tree["zhelimu"]).count() >= 2
