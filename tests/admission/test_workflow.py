"""Every transition of the review workflow, and the refusal of every illegal one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jianfu.admission import selectors
from jianfu.admission.models import PrecheckLog, RegistryEntry, RequestEvent, RequestStatus
from jianfu.admission.services import (
    city_decide,
    district_decide,
    request_resubmit,
    request_withdraw,
)
from jianfu.admission.services.requests import TRANSITIONS
from jianfu.core.models import AuditEvent
from jianfu.core.workdays import working_deadline

from .conftest import ASSIST, DUTY, NEGATIVE, NOVEL

S = RequestStatus


def test_negative_list_is_refused_by_the_precheck_and_logged(submit, lists):
    request, outcome = submit(NEGATIVE)
    assert request.status == S.PRECHECK_REFUSED
    assert outcome.decisive["code"].startswith("SQ-FM")
    log = PrecheckLog.objects.get(request=request)
    assert log.catalog_version == lists and log.decision == "refuse_negative" and log.text.endswith(NEGATIVE)
    assert not request.district_reviews.exists()


def test_duty_needs_no_admission(submit):
    request, _ = submit(DUTY)
    assert request.status == S.NOT_REQUIRED and request.decided_at is not None


def test_assist_goes_on_the_fast_track_with_a_working_day_limit(submit):
    request, _ = submit(ASSIST)
    assert request.status == S.DISTRICT_REVIEW and request.fast_track
    assert request.step_deadline == working_deadline(request.step_started_at, 5)
    assert [r.district.name for r in request.district_reviews.all()] == ["新城区"]


def test_unknown_work_gets_full_review_with_fifteen_days(submit):
    request, outcome = submit(NOVEL)
    assert outcome.decision == "full_review" and not request.fast_track
    assert request.step_deadline == working_deadline(request.step_started_at, 15)


def test_district_approval_admits_into_the_registry(submit, users, tree):
    request, _ = submit(ASSIST)
    district_decide(actor=users["district"], request=request, decision="approve", comment="同意")
    request.refresh_from_db()
    assert request.status == S.ADMITTED
    entry = RegistryEntry.objects.get(request=request)
    assert set(entry.communities.values_list("name", flat=True)) == {
        "公主府社区",
        "哲里木路社区",
        "车站西街社区",
    }
    assert entry.valid_to == request.end_date
    actions = list(
        AuditEvent.objects.filter(
            target_id=str(request.pk), target_type="admission.AdmissionRequest"
        ).values_list("action", flat=True)
    )
    assert "admission.request_submit" in actions and "admission.district_approve" in actions


def test_multi_district_needs_every_district_then_the_city(submit, users, tree, saihan_office):
    request, _ = submit(ASSIST, units=[tree["xincheng"], tree["saihan"]])
    assert request.city_review_required and "2 个区县" in request.city_review_reasons
    district_decide(actor=users["district"], request=request, decision="approve")
    request.refresh_from_db()
    assert request.status == S.DISTRICT_REVIEW  # 赛罕区 still pending
    with pytest.raises(ValidationError, match="没有待您审核的区县"):
        district_decide(actor=users["district"], request=request, decision="approve")
    district_decide(actor=saihan_office, request=request, decision="approve")
    request.refresh_from_db()
    assert request.status == S.CITY_REVIEW and request.step_deadline > timezone.now()
    city_decide(actor=users["city"], request=request, decision="approve", comment="同意")
    request.refresh_from_db()
    assert request.status == S.ADMITTED and hasattr(request, "registry_entry")


def test_hours_above_the_threshold_and_missing_funds_need_the_city(submit):
    heavy, _ = submit(ASSIST, hours_per_month="9")
    assert heavy.city_review_required and "超过 8.0 小时" in heavy.city_review_reasons
    unfunded, _ = submit(NOVEL, funding_attached=False)
    assert unfunded.city_review_required and "经费" in unfunded.city_review_reasons


@pytest.mark.parametrize("step", ["district", "city"])
def test_refuse_and_return_at_each_step(submit, users, step):
    request, _ = submit(ASSIST, hours_per_month="9")
    decide = district_decide
    actor = users["district"]
    if step == "city":
        district_decide(actor=users["district"], request=request, decision="approve")
        decide, actor = city_decide, users["city"]
    with pytest.raises(ValidationError, match="必须填写理由"):
        decide(actor=actor, request=request, decision="refuse")
    decide(actor=actor, request=request, decision="return", comment="请补充经费来源")
    request.refresh_from_db()
    assert request.status == S.RETURNED and request.step_deadline is None
    resubmitted, _ = request_resubmit(
        actor=users["department"],
        request=request,
        title=request.title,
        tasks=request.tasks,
        target_units=list(request.target_units.all()),
        start_date=request.start_date,
        end_date=request.end_date,
        hours_per_month="4",
        funding_attached=True,
    )
    assert resubmitted.status == S.DISTRICT_REVIEW and not resubmitted.city_review_required
    assert {r.decision for r in resubmitted.district_reviews.all()} == {"pending"}
    if step == "city":
        return
    district_decide(actor=users["district"], request=resubmitted, decision="refuse", comment="不属于社区职责")
    resubmitted.refresh_from_db()
    assert resubmitted.status == S.REFUSED
    events = list(RequestEvent.objects.filter(request=request).values_list("to_status", flat=True))
    assert events == [S.DISTRICT_REVIEW, S.RETURNED, S.DISTRICT_REVIEW, S.REFUSED]


def test_city_refusal(submit, users):
    request, _ = submit(ASSIST, hours_per_month="9")
    district_decide(actor=users["district"], request=request, decision="approve")
    city_decide(actor=users["city"], request=request, decision="refuse", comment="负担过重")
    request.refresh_from_db()
    assert request.status == S.REFUSED and not RegistryEntry.objects.exists()


@pytest.mark.parametrize("where", ["district_review", "city_review", "returned"])
def test_withdraw_from_every_open_state(submit, users, where):
    request, _ = submit(ASSIST, hours_per_month="9")
    if where == "city_review":
        district_decide(actor=users["district"], request=request, decision="approve")
    if where == "returned":
        district_decide(actor=users["district"], request=request, decision="return", comment="补材料")
    request.refresh_from_db()
    assert request.status == where
    request_withdraw(actor=users["department"], request=request)
    request.refresh_from_db()
    assert request.status == S.WITHDRAWN


def test_illegal_transitions_are_refused_in_chinese(submit, users):
    request, _ = submit(ASSIST)
    with pytest.raises(ValidationError, match="不能进行市级审核"):
        city_decide(actor=users["city"], request=request, decision="approve")
    with pytest.raises(ValidationError, match="只有退回修改的申请可以重新提交"):
        request_resubmit(
            actor=users["department"],
            request=request,
            title="x",
            tasks="y",
            target_units=[],
            start_date=None,
            end_date=None,
            hours_per_month=1,
        )
    district_decide(actor=users["district"], request=request, decision="approve")
    request.refresh_from_db()
    with pytest.raises(ValidationError, match="不能进行区县审核"):
        district_decide(actor=users["district"], request=request, decision="approve")
    with pytest.raises(ValidationError, match="不能变为“已撤回”"):
        request_withdraw(actor=users["department"], request=request)
    refused, _ = submit(NEGATIVE, title="招商")
    with pytest.raises(ValidationError, match="预审不予准入"):
        district_decide(actor=users["district"], request=refused, decision="approve")
    # Nothing leads out of a closed state.
    closed = {S.ADMITTED, S.REFUSED, S.PRECHECK_REFUSED, S.NOT_REQUIRED, S.WITHDRAWN}
    assert not [t for t in TRANSITIONS if t[0] in closed]


def test_wrong_roles_cannot_act(submit, users, saihan_office):
    request, _ = submit(ASSIST)
    with pytest.raises(PermissionDenied):
        district_decide(actor=users["street"], request=request, decision="approve")
    with pytest.raises(PermissionDenied):
        city_decide(actor=users["district"], request=request, decision="approve")
    with pytest.raises(ValidationError, match="没有待您审核的区县"):
        district_decide(actor=saihan_office, request=request, decision="approve")
    with pytest.raises(PermissionDenied):
        request_withdraw(actor=users["city"], request=request)


def test_overdue_flag(submit, users):
    request, _ = submit(ASSIST)
    assert not request.is_overdue
    request.step_deadline = timezone.now() - dt.timedelta(minutes=1)
    request.save()
    assert request.is_overdue
    assert list(selectors.overdue(user=users["district"])) == [request]
    assert list(selectors.overdue(user=users["department"])) == [request]
