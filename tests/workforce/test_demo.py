from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jianfu.regions.demo import hohhot_load
from jianfu.workforce.demo import SERVING, workforce_load
from jianfu.workforce.figures import ratio_rows
from jianfu.workforce.idnumber import id_decrypt, id_validate
from jianfu.workforce.models import AdjustmentOrder, PromotionRecord, Worker

pytestmark = pytest.mark.django_db


def test_demo_roster_shape_and_idempotence(users):
    hohhot_load()
    result = workforce_load()
    assert result["workers_created"] == Worker.objects.count() > 5300
    assert Worker.objects.filter(status="serving").count() == SERVING
    assert not Worker.objects.filter(synthetic=False).exists()
    assert PromotionRecord.objects.filter(kind="civil_servant").count() == 36
    assert PromotionRecord.objects.filter(kind="secretary").count() == 13
    top = Worker.objects.get(name="张秀兰", hire_date=dt.date(1999, 7, 1))
    history = list(top.orders.order_by("effective_on").values_list("to_grade", "to_pay"))
    assert history == [(3, Decimal(3738)), (12, Decimal(5267))]
    sample = Worker.objects.order_by("?")[:50]
    for w in sample:
        facts = id_validate(id_decrypt(w.id_encrypted))  # valid check digits, real Hohhot area codes
        assert facts.birth_date == w.birth_date and facts.normalized[:4] == "1501"
    adjustments = AdjustmentOrder.objects.exclude(from_grade=None).filter(
        effective_on__gte=dt.date(2023, 1, 1), effective_on__lt=dt.date(2025, 1, 1)
    )
    assert 2500 < adjustments.count() < 4000  # published: 3,264 in 2023–2024
    city = next(r for r in ratio_rows(user=users["admin"]) if r.unit.name == "呼和浩特市")
    assert abs(city.ratio - 18.2) < 0.1
    assert workforce_load() == {"workers_created": 0}
