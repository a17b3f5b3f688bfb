from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jianfu.workforce.models import HousingFundContribution, SalaryScale
from jianfu.workforce.services.adjustments import order_create
from jianfu.workforce.services.housing import contribution_amount, housing_fund_month_run
from jianfu.workforce.services.roster import worker_status_set

pytestmark = pytest.mark.django_db


def test_contribution_from_rate_and_clamped_base(make_worker, users):
    SalaryScale.objects.update(housing_fund_rate=Decimal("0.10"), housing_fund_base_min=Decimal(4000))
    low = make_worker()  # pay 3,476 → base clamped up to 4,000
    high = make_worker(grade=12)  # 4,917
    assert housing_fund_month_run(actor=users["city"], month=dt.date(2023, 1, 15)) == 2
    rows = {r.worker_id: r for r in HousingFundContribution.objects.all()}
    assert rows[low.id].base == Decimal(4000) and rows[low.id].employer_amount == Decimal("400.00")
    assert rows[high.id].base == Decimal(4917) and rows[high.id].personal_amount == Decimal("491.70")
    assert rows[low.id].month == dt.date(2023, 1, 1)
    assert housing_fund_month_run(actor=users["city"], month=dt.date(2023, 1, 1)) == 0  # already run


def test_pay_in_force_that_month_and_leavers(make_worker, users):
    worker = make_worker()
    gone = make_worker()
    order_create(
        actor=users["district"], worker=worker, effective_on=dt.date(2023, 6, 1), grade=5, reason="调级"
    )
    worker_status_set(actor=users["street"], worker=gone, status="left", on=dt.date(2023, 3, 31))
    housing_fund_month_run(actor=users["city"], month=dt.date(2023, 5, 1))
    housing_fund_month_run(actor=users["city"], month=dt.date(2023, 6, 1))
    may, june = (
        HousingFundContribution.objects.get(worker=worker, month=dt.date(2023, m, 1)) for m in (5, 6)
    )
    assert may.base == Decimal(3476) and june.base == Decimal(3476 + 4 * 131)
    assert not HousingFundContribution.objects.filter(worker=gone).exists()


def test_month_without_scale_and_future_month_refused(make_worker, users):
    make_worker()
    with pytest.raises(ValidationError, match="没有生效的薪酬标准"):
        housing_fund_month_run(actor=users["city"], month=dt.date(2018, 12, 1))
    with pytest.raises(ValidationError, match="尚未到来"):
        housing_fund_month_run(actor=users["city"], month=dt.date(2099, 1, 1))


def test_rounding():
    assert contribution_amount(Decimal("3333.33"), Decimal("0.12")) == Decimal("400.00")
    assert contribution_amount(Decimal("4917"), Decimal("0.05")) == Decimal("245.85")
