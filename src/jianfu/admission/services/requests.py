"""Admission requests and their review: submit → district review → city review (where required) →
admitted / refused / returned for changes. Every transition is checked, timed, audited and logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import code_in_scope, has_role
from jianfu.core.workdays import working_deadline
from jianfu.regions.models import Level, Unit

from ..config import settings_current
from ..models import (
    AdmissionRequest,
    AdmissionSettings,
    DistrictDecision,
    DistrictReview,
    PrecheckDecision,
    PrecheckSource,
    RequestAttachment,
    RequestEvent,
    RequestStatus,
)
from .precheck import PrecheckOutcome, precheck_run
from .registry import registry_admit
from .validation import content_hash, request_validate

S = RequestStatus
# Every legal move; anything else is refused with a Chinese message.
TRANSITIONS: set[tuple[str, str]] = {
    ("", S.DISTRICT_REVIEW),
    ("", S.PRECHECK_REFUSED),
    ("", S.NOT_REQUIRED),
    (S.DISTRICT_REVIEW, S.CITY_REVIEW),
    (S.DISTRICT_REVIEW, S.ADMITTED),
    (S.DISTRICT_REVIEW, S.REFUSED),
    (S.DISTRICT_REVIEW, S.RETURNED),
    (S.DISTRICT_REVIEW, S.WITHDRAWN),
    (S.CITY_REVIEW, S.ADMITTED),
    (S.CITY_REVIEW, S.REFUSED),
    (S.CITY_REVIEW, S.RETURNED),
    (S.CITY_REVIEW, S.WITHDRAWN),
    (S.RETURNED, S.DISTRICT_REVIEW),
    (S.RETURNED, S.PRECHECK_REFUSED),
    (S.RETURNED, S.NOT_REQUIRED),
    (S.RETURNED, S.WITHDRAWN),
}
DECISIONS = {"approve": "同意", "refuse": "不同意", "return": "退回修改"}


def _label(status: str) -> str:
    return RequestStatus(status).label if status else "新建"


def _move(
    request: AdmissionRequest, to: str, *, actor: User, action: str, comment: str = "", note: str = ""
) -> None:
    """Change status (if legal), record the timeline event and the audit event."""
    origin = request.status or ""
    if (origin, to) not in TRANSITIONS:
        raise ValidationError(
            f"申请 {request.number or ''} 当前为“{_label(origin)}”，不能变为“{_label(to)}”。"
        )
    before = snapshot(request) if request.pk and origin else None
    request.status = to
    now = timezone.now()
    if to in (S.ADMITTED, S.REFUSED, S.PRECHECK_REFUSED, S.NOT_REQUIRED, S.WITHDRAWN):
        request.decided_at, request.step_started_at, request.step_deadline = now, None, None
    request.save()
    RequestEvent.objects.create(
        request=request, actor=actor, action=action, from_status=origin, to_status=to, comment=comment
    )
    audit_record(
        actor=actor,
        action=f"admission.{action}",
        target=request,
        before=before,
        after=snapshot(request),
        note=note or comment,
    )


def _start_step(request: AdmissionRequest, *, days: int) -> None:
    now = timezone.now()
    request.step_started_at = now
    request.step_deadline = working_deadline(now, days)


def _step_days(request: AdmissionRequest, config: AdmissionSettings, city: bool) -> int:
    if request.fast_track:
        return config.fast_track_days
    return config.city_review_days if city else config.district_review_days


def city_review_reasons(
    *, config: AdmissionSettings, communities: list[Unit], hours: Any, funded: bool
) -> list[str]:
    reasons = []
    districts = {c.code[:6] for c in communities}
    if config.city_review_multi_district and len(districts) > 1:
        reasons.append(f"实施范围涉及 {len(districts)} 个区县")
    if hours > config.city_review_hours_above:
        reasons.append(f"每社区每月 {hours} 小时，超过 {config.city_review_hours_above} 小时")
    if config.city_review_unfunded and not funded:
        reasons.append("未落实经费（费随事转）")
    return reasons


def _require_department(actor: User) -> None:
    if actor.role != Role.DEPARTMENT or actor.department_id is None:
        raise PermissionDenied("只有职能部门的用户可以提交准入申请。")


def _route(
    request: AdmissionRequest, outcome: PrecheckOutcome, communities: list[Unit], *, actor: User, action: str
) -> None:
    """After the pre-check: refuse, close as not needed, or open the district step."""
    config = settings_current()
    decision = outcome.effective_decision
    request.precheck = outcome.log
    if decision in (PrecheckDecision.REFUSE_NEGATIVE, PrecheckDecision.REFUSE_CERTIFICATE):
        _move(request, S.PRECHECK_REFUSED, actor=actor, action=action, note=outcome.decision_label)
        return
    if decision == PrecheckDecision.NOT_REQUIRED:
        _move(request, S.NOT_REQUIRED, actor=actor, action=action, note=outcome.decision_label)
        return
    request.fast_track = decision == PrecheckDecision.FAST_TRACK
    reasons = city_review_reasons(
        config=config, communities=communities, hours=request.hours_per_month, funded=request.funding_attached
    )
    request.city_review_required = bool(reasons)
    request.city_review_reasons = "；".join(reasons)
    _start_step(request, days=_step_days(request, config, city=False))
    request.district_reviews.all().delete()
    districts = Unit.objects.current().filter(
        level=Level.DISTRICT, code__in={c.code[:6] + "000000" for c in communities}
    )
    DistrictReview.objects.bulk_create(DistrictReview(request=request, district=d) for d in districts)
    _move(request, S.DISTRICT_REVIEW, actor=actor, action=action, note=outcome.decision_label)


def _save_attachments(request: AdmissionRequest, attachments: list[UploadedFile]) -> None:
    for upload in attachments:
        RequestAttachment.objects.create(
            request=request, file=upload, original_name=(upload.name or "附件")[:200], size=upload.size or 0
        )


def _next_number(prefix: str, model: Any, field: str = "number") -> str:
    year = timezone.localdate().year
    head = f"{prefix}{year}"
    last = (
        model.objects.filter(**{f"{field}__startswith": head})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    seq = int(last[len(head) :]) + 1 if last else 1
    return f"{head}{seq:05d}"


@transaction.atomic
def request_submit(
    *,
    actor: User,
    title: str,
    tasks: str,
    target_units: list[Unit],
    start_date: dt.date | None,
    end_date: dt.date | None,
    hours_per_month: Any,
    level: str = "community",
    funding_attached: bool = False,
    funding_note: str = "",
    legal_basis: str = "",
    attachments: list[UploadedFile] | None = None,
    is_demo: bool = False,
) -> tuple[AdmissionRequest, PrecheckOutcome]:
    _require_department(actor)
    attachments = list(attachments or [])
    config = settings_current()
    clean, communities = request_validate(
        department=actor.department,
        config=config,
        title=title,
        tasks=tasks,
        level=level,
        target_units=target_units,
        start_date=start_date,
        end_date=end_date,
        hours_per_month=hours_per_month,
        attachments=attachments,
        today=timezone.localdate(),
    )
    request = AdmissionRequest(
        number=_next_number("ZR", AdmissionRequest),
        department=actor.department,
        created_by=actor,
        level=level,
        start_date=start_date,
        end_date=end_date,
        funding_attached=funding_attached,
        funding_note=funding_note.strip()[:200],
        legal_basis=legal_basis.strip(),
        content_hash=content_hash(level=level, title=clean["title"], tasks=clean["tasks"]),
        submitted_at=timezone.now(),
        is_demo=is_demo,
        **clean,
    )
    request.save()
    request.target_units.set(target_units)
    request.target_communities.set(communities)
    _save_attachments(request, attachments)
    outcome = precheck_run(
        actor=actor,
        text=f"{request.title}\n{request.tasks}",
        level=level,
        source=PrecheckSource.REQUEST,
        request=request,
    )
    _route(request, outcome, communities, actor=actor, action="request_submit")
    return request, outcome


@transaction.atomic
def request_resubmit(
    *,
    actor: User,
    request: AdmissionRequest,
    title: str,
    tasks: str,
    target_units: list[Unit],
    start_date: dt.date | None,
    end_date: dt.date | None,
    hours_per_month: Any,
    funding_attached: bool = False,
    funding_note: str = "",
    legal_basis: str = "",
    attachments: list[UploadedFile] | None = None,
) -> tuple[AdmissionRequest, PrecheckOutcome]:
    """A returned request, changed and submitted again: the pre-check and the district step run anew."""
    _require_department(actor)
    request = AdmissionRequest.objects.select_for_update().get(pk=request.pk)
    if request.department_id != actor.department_id:
        raise PermissionDenied("只能修改本部门的申请。")
    if request.status != S.RETURNED:
        raise ValidationError(
            f"申请 {request.number} 当前为“{request.get_status_display()}”，只有退回修改的申请可以重新提交。"
        )
    attachments = list(attachments or [])
    config = settings_current()
    clean, communities = request_validate(
        department=actor.department,
        config=config,
        title=title,
        tasks=tasks,
        level=request.level,
        target_units=target_units,
        start_date=start_date,
        end_date=end_date,
        hours_per_month=hours_per_month,
        attachments=attachments,
        today=timezone.localdate(),
        exclude=request,
    )
    for key, value in clean.items():
        setattr(request, key, value)
    request.start_date, request.end_date = start_date, end_date
    request.funding_attached, request.funding_note = funding_attached, funding_note.strip()[:200]
    request.legal_basis = legal_basis.strip()
    request.content_hash = content_hash(level=request.level, title=clean["title"], tasks=clean["tasks"])
    request.submitted_at = timezone.now()
    request.save()
    request.target_units.set(target_units)
    request.target_communities.set(communities)
    _save_attachments(request, attachments)
    outcome = precheck_run(
        actor=actor,
        text=f"{request.title}\n{request.tasks}",
        level=request.level,
        source=PrecheckSource.REQUEST,
        request=request,
    )
    _route(request, outcome, communities, actor=actor, action="request_resubmit")
    return request, outcome


def _require_comment(decision: str, comment: str) -> str:
    if decision not in DECISIONS:
        raise ValidationError(f"审核意见“{decision}”无效。")
    comment = (comment or "").strip()
    if decision in ("refuse", "return") and not comment:
        raise ValidationError(f"“{DECISIONS[decision]}”必须填写理由。")
    if len(comment) > 2000:
        raise ValidationError("审核意见不能超过 2000 字。")
    return comment


@transaction.atomic
def district_decide(
    *, actor: User, request: AdmissionRequest, decision: str, comment: str = ""
) -> AdmissionRequest:
    """A district office decides for the districts in its scope; the request moves on when all agree."""
    if not has_role(actor, Role.DISTRICT_OFFICE):
        raise PermissionDenied("只有区县减负办可以进行区县审核。")
    comment = _require_comment(decision, comment)
    request = AdmissionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != S.DISTRICT_REVIEW:
        raise ValidationError(
            f"申请 {request.number} 当前为“{request.get_status_display()}”，不能进行区县审核。"
        )
    mine = [
        r
        for r in request.district_reviews.select_related("district")
        if r.decision == DistrictDecision.PENDING and code_in_scope(actor, r.district.code)
    ]
    if not mine:
        raise ValidationError(f"申请 {request.number} 没有待您审核的区县。")
    now = timezone.now()
    outcome = {
        "approve": DistrictDecision.APPROVED,
        "refuse": DistrictDecision.REFUSED,
        "return": DistrictDecision.RETURNED,
    }
    for review in mine:
        review.decision, review.reviewer, review.decided_at, review.comment = (
            outcome[decision],
            actor,
            now,
            comment,
        )
        review.save()
    districts = "、".join(r.district.name for r in mine)
    if decision == "refuse":
        _move(request, S.REFUSED, actor=actor, action="district_refuse", comment=comment, note=districts)
    elif decision == "return":
        _move(request, S.RETURNED, actor=actor, action="district_return", comment=comment, note=districts)
        request.step_started_at = request.step_deadline = None
        request.save(update_fields=["step_started_at", "step_deadline"])
    elif request.district_reviews.exclude(decision=DistrictDecision.APPROVED).exists():
        RequestEvent.objects.create(
            request=request, actor=actor, action="district_approve_partial", comment=comment
        )
        audit_record(actor=actor, action="admission.district_approve_partial", target=request, note=districts)
    elif request.city_review_required:
        _start_step(request, days=_step_days(request, settings_current(), city=True))
        _move(request, S.CITY_REVIEW, actor=actor, action="district_approve", comment=comment, note=districts)
    else:
        _move(request, S.ADMITTED, actor=actor, action="district_approve", comment=comment, note=districts)
        registry_admit(actor=actor, request=request)
    return request


@transaction.atomic
def city_decide(
    *, actor: User, request: AdmissionRequest, decision: str, comment: str = ""
) -> AdmissionRequest:
    if not has_role(actor, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以进行市级审核。")
    comment = _require_comment(decision, comment)
    request = AdmissionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != S.CITY_REVIEW:
        raise ValidationError(
            f"申请 {request.number} 当前为“{request.get_status_display()}”，不能进行市级审核。"
        )
    if decision == "approve":
        _move(request, S.ADMITTED, actor=actor, action="city_approve", comment=comment)
        registry_admit(actor=actor, request=request)
    elif decision == "refuse":
        _move(request, S.REFUSED, actor=actor, action="city_refuse", comment=comment)
    else:
        _move(request, S.RETURNED, actor=actor, action="city_return", comment=comment)
        request.step_started_at = request.step_deadline = None
        request.save(update_fields=["step_started_at", "step_deadline"])
    return request


@transaction.atomic
def request_withdraw(*, actor: User, request: AdmissionRequest, comment: str = "") -> AdmissionRequest:
    request = AdmissionRequest.objects.select_for_update().get(pk=request.pk)
    if actor.role != Role.DEPARTMENT or request.department_id != actor.department_id:
        raise PermissionDenied("只有申请部门可以撤回申请。")
    _move(
        request, S.WITHDRAWN, actor=actor, action="request_withdraw", comment=(comment or "").strip()[:2000]
    )
    return request


@transaction.atomic
def request_comment(*, actor: User, request: AdmissionRequest, comment: str) -> RequestEvent:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("留言不能为空。")
    if len(comment) > 2000:
        raise ValidationError("留言不能超过 2000 字。")
    if actor.role == Role.AUDITOR:
        raise PermissionDenied("审计员只读，不能留言。")
    event = RequestEvent.objects.create(request=request, actor=actor, action="comment", comment=comment)
    audit_record(actor=actor, action="admission.request_comment", target=request, note=comment)
    return event
