from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.workforce.models import AdjustmentOrder, AnnualAssessment, BatchStatus, Worker
from jianfu.workforce.services.adjustments import batch_approve, batch_propose, batch_reject, order_create
from jianfu.workforce.services.roster import worker_update

pytestmark = pytest.mark.django_db

REVIEW = dt.date(2024, 7, 1)


def test_engine_reproduces_the_seed_top_worker(make_worker, users):
    """Hohhot's top case: grade 3 → 12, 3,738 → 5,267 yuan a month (default scale and rules)."""
    worker = make_worker(
        name="高峰", education="bachelor", grade=3, hire_date=dt.date(2000, 7, 1), birth=dt.date(1977, 3, 2)
    )
    assert worker.monthly_pay == Decimal(3738)
    # The certificate came after the last order, so the recorded pay is still the grade-3 pay.
    worker_update(
        actor=users["street"],
        worker=worker,
        certificate="social_worker",
        certificate_date=dt.date(2021, 6, 1),
    )
    batch = batch_propose(actor=users["street"], unit=users["community"].scope_units.get(), review_date=REVIEW,
                          effective_on=dt.date(2024, 7, 1))  # fmt: skip
    proposal = batch.proposals.get(worker=worker)
    assert (proposal.from_grade, proposal.to_grade) == (3, 12)
    assert (proposal.from_pay, proposal.to_pay) == (Decimal(3738), Decimal(5267))
    assert "任职满24年" in proposal.reason and "本科学历折算3年" in proposal.reason
    assert "社会工作师职业资格加2级" in proposal.reason
    batch_approve(actor=users["district"], batch=batch)
    worker.refresh_from_db()
    assert (worker.grade, worker.monthly_pay) == (12, Decimal(5267))
    order = AdjustmentOrder.objects.get(worker=worker, batch=batch)
    assert order.effective_on == dt.date(2024, 7, 1) and order.approved_by == users["district"]
    assert AdjustmentOrder.objects.filter(worker=worker).count() == 2  # history: hire + this order
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED


def test_only_due_workers_are_proposed_and_failing_holds(make_worker, users, tree):
    due = make_worker(hire_date=dt.date(2015, 7, 1))
    failed = make_worker(hire_date=dt.date(2015, 7, 1))
    AnnualAssessment.objects.create(worker=failed, year=2023, result="fail")
    make_worker(hire_date=dt.date(2023, 7, 1))  # one year of service: nothing due
    batch = batch_propose(
        actor=users["street"], unit=tree["hailaer"], review_date=REVIEW, effective_on=REVIEW
    )
    assert list(batch.proposals.values_list("worker_id", flat=True)) == [due.id]


def test_nothing_due_is_a_clear_message(make_worker, users, tree):
    make_worker(hire_date=dt.date(2023, 7, 1))
    with pytest.raises(ValidationError, match="均无需调整"):
        batch_propose(actor=users["street"], unit=tree["gongzhufu"], review_date=REVIEW, effective_on=REVIEW)


def test_order_before_hire_refused_and_nothing_written(make_worker, users, tree):
    make_worker(hire_date=dt.date(2015, 7, 1))
    late = make_worker(name="新人", hire_date=dt.date(2019, 9, 1), education="master")
    with pytest.raises(ValidationError) as exc:
        batch_propose(
            actor=users["street"],
            unit=tree["gongzhufu"],
            review_date=REVIEW,
            effective_on=dt.date(2019, 6, 1),
        )
    assert any("新人" in m and "早于其入职日期 2019-09-01" in m for m in exc.value.messages), (
        exc.value.messages
    )
    with pytest.raises(ValidationError, match="早于其入职日期"):
        order_create(
            actor=users["district"], worker=late, effective_on=dt.date(2019, 8, 31), grade=2, reason="更正"
        )
    assert AdjustmentOrder.objects.filter(from_grade__isnull=False).count() == 0


def test_manual_order_grade_out_of_range_refused(make_worker, users):
    worker = make_worker()
    with pytest.raises(ValidationError, match="1–12"):
        order_create(actor=users["district"], worker=worker, effective_on=REVIEW, grade=13, reason="x")
    order = order_create(
        actor=users["district"], worker=worker, effective_on=REVIEW, grade=7, post="head", reason="任正职"
    )
    worker.refresh_from_db()
    assert (worker.post, worker.grade, worker.monthly_pay) == ("head", 7, order.to_pay) and order.to_pay > 0


def test_street_proposes_but_cannot_approve(make_worker, users, tree):
    make_worker()
    batch = batch_propose(
        actor=users["street"], unit=tree["gongzhufu"], review_date=REVIEW, effective_on=REVIEW
    )
    with pytest.raises(PermissionDenied):
        batch_approve(actor=users["street"], batch=batch)
    with pytest.raises(PermissionDenied):
        batch_propose(
            actor=users["community"], unit=tree["gongzhufu"], review_date=REVIEW, effective_on=REVIEW
        )
    with pytest.raises(ValidationError, match="待审批"):
        batch_propose(actor=users["street"], unit=tree["gongzhufu"], review_date=REVIEW, effective_on=REVIEW)


def test_stale_proposal_refused_whole_batch_untouched(make_worker, users, tree):
    a = make_worker()
    b = make_worker()
    batch = batch_propose(
        actor=users["street"], unit=tree["gongzhufu"], review_date=REVIEW, effective_on=REVIEW
    )
    Worker.objects.filter(pk=b.pk).update(grade=2)
    with pytest.raises(ValidationError, match="请重新生成"):
        batch_approve(actor=users["district"], batch=batch)
    a.refresh_from_db()
    assert a.grade == 1 and not AdjustmentOrder.objects.filter(batch=batch).exists()
    batch_approve(actor=users["district"], batch=batch, excluded=[batch.proposals.get(worker=b).id])
    a.refresh_from_db()
    assert a.grade == 4


def test_reject_needs_a_reason(make_worker, users, tree):
    make_worker()
    batch = batch_propose(
        actor=users["street"], unit=tree["gongzhufu"], review_date=REVIEW, effective_on=REVIEW
    )
    with pytest.raises(ValidationError, match="理由"):
        batch_reject(actor=users["district"], batch=batch, note=" ")
    batch_reject(actor=users["district"], batch=batch, note="考核结果待复核")
    with pytest.raises(ValidationError, match="已退回"):
        batch_approve(actor=users["district"], batch=batch)


def test_out_of_scope_unit_refused(make_worker, users, tree):
    with pytest.raises(ValidationError, match="管辖范围"):
        batch_propose(actor=users["district"], unit=tree["jiankang"], review_date=REVIEW, effective_on=REVIEW)
