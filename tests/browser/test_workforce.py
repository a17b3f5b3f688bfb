from __future__ import annotations

import datetime as dt

import pytest

from jianfu.workforce.idnumber import synthetic_id
from jianfu.workforce.models import AdjustmentOrder, BatchStatus, Worker
from jianfu.workforce.services.config import scale_create_default
from jianfu.workforce.services.roster import WorkerInput, worker_create

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _worker(tree, name: str, n: int, hire: dt.date, education: str = "bachelor") -> Worker:
    return worker_create(
        actor=None,
        data=WorkerInput(
            name=name,
            id_number=synthetic_id(area="150102", birth=dt.date(1980, 3, n), sequence=n),
            education=education,
            post="other",
            grade=1,
            hire_date=hire,
            unit=tree["gongzhufu"],
        ),
    )


def test_street_proposes_for_a_community_and_district_approves(page, login, users, tree):
    scale_create_default(effective_from=dt.date(2019, 1, 1))
    due = _worker(tree, "刘晓梅", 1, dt.date(2012, 7, 1))
    _worker(tree, "新同事", 2, dt.date(2024, 3, 1), education="college")  # nothing due yet

    login("carol_street", PASSWORD)
    page.goto(page.base_url + "/workforce/adjustments/")
    page.select_option("select[name=unit]", str(tree["gongzhufu"].id))
    page.fill("input[name=review_date]", "2024-07-01")
    page.fill("input[name=effective_on]", "2024-07-01")
    page.click("[data-testid=propose-form] button[type=submit]")
    page.wait_for_selector("[data-testid=proposals]")
    rows = page.locator("[data-testid=proposals] tbody tr")
    assert rows.count() == 1
    assert "刘晓梅" in rows.first.inner_text() and "本科学历折算3年" in rows.first.inner_text()
    assert "待审批" in page.locator("[data-testid=batch-status]").inner_text()
    assert page.locator("button[value=approve]").count() == 0  # the street proposes, it does not approve
    batch_url = page.url

    page.click("form.inline button")  # log out
    login("bob_district", PASSWORD)
    page.goto(batch_url)
    page.fill("input[name=note]", "同意")
    page.click("button[value=approve]")
    page.wait_for_selector("text=已批准")
    assert "已批准" in page.locator("[data-testid=batch-status]").inner_text()
    due.refresh_from_db()
    assert due.grade > 1 and due.status == "serving"
    order = AdjustmentOrder.objects.get(worker=due, batch__status=BatchStatus.APPROVED)
    assert order.to_grade == due.grade and order.effective_on == dt.date(2024, 7, 1)
    page.click(f"text={due.name}")
    assert f"1 → {due.grade}" in page.locator("[data-testid=orders]").inner_text()
    assert "********" in page.locator("[data-testid=worker-facts]").inner_text()


def test_dashboard_charts_render(page, login, users, tree):
    scale_create_default(effective_from=dt.date(2019, 1, 1))
    _worker(tree, "王芳", 3, dt.date(2015, 7, 1))
    login("bob_district", PASSWORD)
    page.click("nav.sidebar a[data-module=workforce]")
    page.wait_for_selector("[data-testid=edu-chart][data-rendered='1']")
    page.wait_for_selector("[data-testid=ratio-chart][data-rendered='1']")
    assert "1" in page.locator("[data-testid=workforce-stats] li").first.inner_text()
