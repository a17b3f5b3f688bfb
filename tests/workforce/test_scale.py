from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.workforce.models import SalaryScale
from jianfu.workforce.selectors import scale_tables_in_force
from jianfu.workforce.services.config import (
    default_pays,
    norm_create,
    scale_create,
    scale_create_default,
)

pytestmark = pytest.mark.django_db

RANGES = {"head": (7, 18), "deputy": (4, 15), "other": (1, 12)}


def pays():
    return {(p.value, g): v for (p, g), v in default_pays().items()}


def test_default_scale_ranges_and_pay(users):
    scale_create_default(actor=users["city"], effective_from=dt.date(2023, 1, 1))
    tables = scale_tables_in_force(on=dt.date(2024, 1, 1))
    assert tables.ranges == {"head": (7, 18), "deputy": (4, 15), "other": (1, 12)}
    assert tables.pay("other", 3, "") == Decimal(3738)
    assert tables.pay("other", 12, "social_worker") == Decimal(5267)
    assert tables.housing_fund_base(Decimal(1000)) == Decimal(1980)


def test_gap_in_the_scale_refused(users):
    gappy = pays()
    del gappy[("deputy", 9)]
    del gappy[("deputy", 10)]
    with pytest.raises(ValidationError) as exc:
        scale_create(actor=users["city"], effective_from=dt.date(2024, 1, 1), ranges=RANGES, pays=gappy)
    assert "“副职”岗位第 9、10 级没有工资标准" in exc.value.messages[0]
    assert not SalaryScale.objects.exists()


def test_other_scale_errors(users):
    bad = pays()
    bad[("other", 5)] = Decimal(100)
    with pytest.raises(ValidationError) as exc:
        scale_create(
            actor=users["city"], effective_from=dt.date(2024, 1, 1), ranges={**RANGES, "head": (7, 19)},
            pays=bad, housing_fund_rate=Decimal("0.2"),
        )  # fmt: skip
    text = "".join(exc.value.messages)
    assert "正职" in text and "递增" in text and "5%–12%" in text
    assert not SalaryScale.objects.exists()


def test_only_the_city_office_sets_the_scale(users):
    with pytest.raises(PermissionDenied):
        scale_create_default(actor=users["district"], effective_from=dt.date(2024, 1, 1))


def test_versions_by_effective_date(users):
    scale_create_default(actor=users["city"], effective_from=dt.date(2023, 1, 1))
    raised = {k: v + 100 for k, v in pays().items()}
    scale_create(actor=users["city"], effective_from=dt.date(2025, 1, 1), ranges=RANGES, pays=raised)
    assert scale_tables_in_force(on=dt.date(2024, 12, 31)).pay("other", 1, "") == Decimal(3476)
    assert scale_tables_in_force(on=dt.date(2025, 1, 1)).pay("other", 1, "") == Decimal(3576)
    with pytest.raises(ValidationError, match="没有生效的薪酬标准"):
        scale_tables_in_force(on=dt.date(2022, 12, 31))


def test_norm_tiers_validated(users):
    with pytest.raises(ValidationError, match="递增"):
        norm_create(actor=users["city"], effective_from=dt.date(2024, 1, 1), tiers=[[3000, 4], [2000, 3]])
    norm = norm_create(actor=users["city"], effective_from=dt.date(2024, 1, 1), tiers=[[2000, 3], [3000, 4]])
    assert norm.tiers == [[2000, 3], [3000, 4]]
