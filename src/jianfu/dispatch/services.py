"""吹哨报到 workflow. Each service validates everything first, then writes and audits in one transaction.

Every service takes an optional `at` (the moment the action happens, default now) so that the
timers can be tested and demo histories replayed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Department, Role, User
from jianfu.core.scope import can_edit, code_in_scope, has_role
from jianfu.regions.models import Level, Unit

from .models import (
    Assignment,
    AssignmentStatus,
    Category,
    RaterRole,
    Rating,
    TimeLimit,
    Urgency,
    Whistle,
    WhistleAuthority,
    WhistleStatus,
)
from .selectors import authority_for, deadlines_compute, time_limit_current


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _assignment_new(whistle: Whistle, department: Department, at: dt.datetime) -> Assignment:
    limit = time_limit_current(whistle.urgency, on=timezone.localtime(at).date())
    sign_due, contact_due, report_due = deadlines_compute(at, limit)
    return Assignment.objects.create(
        whistle=whistle,
        department=department,
        assigned_at=at,
        sign_due=sign_due,
        contact_due=contact_due,
        report_due=report_due,
        limit=limit if limit.pk else None,
    )


def _whistle_number(at: dt.datetime, *, skip: int = 0) -> str:
    prefix = f"CS{timezone.localtime(at):%Y%m%d}-"
    taken = Whistle.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1 + skip:03d}"


@transaction.atomic
def whistle_blow(
    *,
    actor: User,
    title: str,
    description: str,
    category: str,
    urgency: str,
    place: Unit,
    departments: list[Department],
    address: str = "",
    at: dt.datetime | None = None,
) -> Whistle:
    """A street leader calls one or more departments to a problem at a place in the street's area."""
    authority = authority_for(actor) if can_edit(actor) else None
    if authority is None:
        raise PermissionDenied("只有经授权的街道领导可以吹哨。")
    street = authority.street
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise ValidationError("请填写问题概述。")
    if not description:
        raise ValidationError("请填写问题描述。")
    if category not in Category.values:
        raise ValidationError("请选择问题类型。")
    if urgency not in Urgency.values:
        raise ValidationError("请选择紧急程度。")
    if place.valid_to is not None or place.level not in (Level.STREET, Level.COMMUNITY):
        raise ValidationError(f"“{place.name}”不是现行的街道或社区（村），不能作为问题所在地。")
    if not place.code.startswith(street.prefix):
        raise ValidationError(f"问题所在地“{place.name}”不在本街道（{street.name}）辖区内，不能吹哨。")
    if not departments:
        raise ValidationError("请至少选择一个需要报到的部门。")
    if len({d.pk for d in departments}) != len(departments):
        raise ValidationError("同一部门不能重复选择。")
    inactive = [d.name for d in departments if not d.is_active]
    if inactive:
        raise ValidationError(f"部门“{'、'.join(inactive)}”已停用。")
    at = _now(at)
    fields = dict(
        title=title[:120],
        description=description,
        category=category,
        urgency=urgency,
        street=street,
        place=place,
        address=(address or "").strip()[:200],
        whistled_by=actor,
        whistled_at=at,
    )
    # The day's sequence number is counted, so two whistles at the same moment can pick the same one:
    # the unique index refuses the second, which then takes the next number.
    for attempt in range(5):
        try:
            with transaction.atomic():
                whistle = Whistle.objects.create(number=_whistle_number(at, skip=attempt), **fields)
            break
        except IntegrityError:
            if attempt == 4:
                raise ValidationError("吹哨编号分配冲突，请稍后重试。") from None
    for department in departments:
        _assignment_new(whistle, department, at)
    audit_record(
        actor=actor,
        action="whistle.blow",
        target=whistle,
        after={**snapshot(whistle), "departments": [d.name for d in departments]},
    )
    return whistle


def _require_department(actor: User, assignment: Assignment) -> None:
    if (
        not can_edit(actor)
        or actor.role != Role.DEPARTMENT
        or actor.department_id != assignment.department_id
    ):
        raise PermissionDenied(f"只有{assignment.department}的工作人员可以办理本次报到。")


def _require_status(assignment: Assignment, allowed: tuple[str, ...], doing: str) -> None:
    if assignment.status not in allowed:
        raise ValidationError(f"本次报到当前为“{assignment.get_status_display()}”，不能{doing}。")


def _audit_step(actor: User, assignment: Assignment, action: str, before: dict, note: str = "") -> None:
    fields = ["status", "signed_at", "contacted_at", "reported_at", "declined_at", "rerouted_to"]
    audit_record(
        actor=actor,
        action=action,
        target=assignment,
        scope_code=assignment.code,
        before=before,
        after=snapshot(assignment, fields=fields),
        note=note,
    )


@transaction.atomic
def assignment_sign(*, actor: User, assignment: Assignment, at: dt.datetime | None = None) -> Assignment:
    _require_department(actor, assignment)
    _require_status(assignment, (AssignmentStatus.WAITING,), "签收")
    before = snapshot(assignment, fields=["status", "signed_at"])
    assignment.status, assignment.signed_at, assignment.signed_by = AssignmentStatus.SIGNED, _now(at), actor
    assignment.save(update_fields=["status", "signed_at", "signed_by", "updated_at"])
    _audit_step(actor, assignment, "assignment.sign", before)
    return assignment


@transaction.atomic
def assignment_contact(
    *, actor: User, assignment: Assignment, note: str, at: dt.datetime | None = None
) -> Assignment:
    _require_department(actor, assignment)
    _require_status(assignment, (AssignmentStatus.SIGNED,), "登记联系（请先签收）")
    note = (note or "").strip()
    if not note:
        raise ValidationError("请填写与街道的联系情况（联系人、方式、约定的处置安排）。")
    before = snapshot(assignment, fields=["status", "contacted_at"])
    assignment.status, assignment.contacted_at, assignment.contact_note = (
        AssignmentStatus.CONTACTED,
        _now(at),
        note,
    )
    assignment.save(update_fields=["status", "contacted_at", "contact_note", "updated_at"])
    _audit_step(actor, assignment, "assignment.contact", before)
    return assignment


def _whistle_refresh(whistle: Whistle, at: dt.datetime) -> None:
    """Open while any department still works on it; awaiting rating once all reported; closed once the street rated all."""
    active = whistle.assignments.exclude(status=AssignmentStatus.DECLINED)
    statuses = list(active.values_list("status", flat=True))
    all_reported = bool(statuses) and all(status == AssignmentStatus.REPORTED for status in statuses)
    # One query for the whole whistle, not one per department.
    street_rated = all_reported and not active.exclude(ratings__rater_role=RaterRole.STREET).exists()
    status = (
        WhistleStatus.CLOSED
        if street_rated
        else WhistleStatus.REPORTED
        if all_reported
        else WhistleStatus.OPEN
    )
    if status != whistle.status:
        whistle.status = status
        whistle.closed_at = at if status == WhistleStatus.CLOSED else None
        whistle.save(update_fields=["status", "closed_at", "updated_at"])


@transaction.atomic
def assignment_report(
    *, actor: User, assignment: Assignment, result: str, at: dt.datetime | None = None
) -> Assignment:
    _require_department(actor, assignment)
    _require_status(assignment, (AssignmentStatus.CONTACTED,), "反馈结果（请先签收并登记联系）")
    result = (result or "").strip()
    if not result:
        raise ValidationError("请填写办理结果。")
    at = _now(at)
    before = snapshot(assignment, fields=["status", "reported_at"])
    assignment.status, assignment.reported_at, assignment.result = AssignmentStatus.REPORTED, at, result
    assignment.save(update_fields=["status", "reported_at", "result", "updated_at"])
    _audit_step(actor, assignment, "assignment.report", before)
    _whistle_refresh(assignment.whistle, at)
    return assignment


@transaction.atomic
def assignment_decline(
    *,
    actor: User,
    assignment: Assignment,
    responsible: Department | None,
    reason: str,
    at: dt.datetime | None = None,
) -> Assignment:
    """Decline only by naming the department responsible; the whistle is re-routed to it with fresh limits."""
    _require_department(actor, assignment)
    _require_status(
        assignment,
        (AssignmentStatus.WAITING, AssignmentStatus.SIGNED),
        "退回（已联系或已反馈的事项不能退回）",
    )
    if responsible is None:
        raise ValidationError("退回必须指明负责处理的责任单位。")
    if responsible.pk == assignment.department_id:
        raise ValidationError("责任单位不能是本部门。")
    if not responsible.is_active:
        raise ValidationError(f"“{responsible}”已停用，不能转办。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请说明退回理由（该事项为何属于责任单位的职责）。")
    whistle = assignment.whistle
    busy = whistle.assignments.filter(department=responsible).exclude(status=AssignmentStatus.DECLINED)
    if busy.exists():
        raise ValidationError(f"“{responsible}”已在办理本事项，无需转办；请直接说明情况后继续办理。")
    at = _now(at)
    before = snapshot(assignment, fields=["status", "declined_at", "rerouted_to"])
    new = _assignment_new(whistle, responsible, at)
    assignment.status, assignment.declined_at = AssignmentStatus.DECLINED, at
    assignment.decline_reason, assignment.rerouted_to = reason, new
    assignment.save(update_fields=["status", "declined_at", "decline_reason", "rerouted_to", "updated_at"])
    _audit_step(actor, assignment, "assignment.decline", before, note=f"转办至{responsible}：{reason}")
    _whistle_refresh(whistle, at)
    return assignment


def rater_role_for(user: User, whistle: Whistle) -> str | None:
    """The side a user rates for: the whistling street's office, or the community where the problem is."""
    if not can_edit(user):
        return None
    if user.role == Role.STREET_OFFICE and code_in_scope(user, whistle.street.code):
        return RaterRole.STREET
    if (
        user.role == Role.COMMUNITY
        and whistle.place.level == Level.COMMUNITY
        and code_in_scope(user, whistle.place.code)
    ):
        return RaterRole.COMMUNITY
    return None


@transaction.atomic
def assignment_rate(
    *,
    actor: User,
    assignment: Assignment,
    score: int | None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> Rating:
    whistle = assignment.whistle
    side = rater_role_for(actor, whistle)
    if side is None:
        raise ValidationError("只有吹哨街道和问题所在社区（村）可以评价部门的报到。")
    if assignment.status != AssignmentStatus.REPORTED:
        raise ValidationError("部门反馈办理结果后才能评价。")
    if score is None or not 1 <= int(score) <= 5:
        raise ValidationError("评分应为 1 到 5 分。")
    if assignment.ratings.filter(rater_role=side).exists():
        raise ValidationError(f"{RaterRole(side).label}已评价过{assignment.department}的报到。")
    rating = Rating.objects.create(
        assignment=assignment,
        rater_role=side,
        rater=actor,
        score=int(score),
        comment=(comment or "").strip()[:300],
    )
    audit_record(
        actor=actor, action="assignment.rate", target=rating, scope_code=whistle.code, after=snapshot(rating)
    )
    _whistle_refresh(whistle, _now(at))
    return rating


def _require_city(actor: User) -> None:
    if not (can_edit(actor) and has_role(actor, Role.CITY_OFFICE)):
        raise PermissionDenied("只有市级减负办可以修改报到时限。")


@transaction.atomic
def time_limit_set(
    *,
    actor: User,
    urgency: str,
    sign_hours: int,
    contact_hours: int,
    report_working_days: int,
    effective_from: dt.date,
    note: str = "",
) -> TimeLimit:
    """A new version of the limits for one urgency class; running assignments keep their deadlines."""
    _require_city(actor)
    if urgency not in Urgency.values:
        raise ValidationError("请选择紧急程度。")
    if not 1 <= sign_hours <= 72:
        raise ValidationError("签收时限应在 1 到 72 小时之间。")
    if not sign_hours <= contact_hours <= 240:
        raise ValidationError("联系时限不能短于签收时限，且不超过 240 小时。")
    if not 1 <= report_working_days <= 60:
        raise ValidationError("反馈时限应在 1 到 60 个工作日之间。")
    before = snapshot(time_limit_current(urgency))
    limit = TimeLimit.objects.create(
        urgency=urgency,
        sign_hours=sign_hours,
        contact_hours=contact_hours,
        report_working_days=report_working_days,
        effective_from=effective_from,
        note=note,
        created_by=actor,
    )
    audit_record(actor=actor, action="time_limit.set", target=limit, before=before, after=snapshot(limit))
    return limit


@transaction.atomic
def whistle_authority_grant(*, actor: User, user: User, street: Unit, title: str = "") -> WhistleAuthority:
    """Let a street-office user blow the whistle for their street (granted by a city or district office)."""
    if not (can_edit(actor) and has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE)):
        raise PermissionDenied("只有市、区县减负办可以授予吹哨权限。")
    if not code_in_scope(actor, street.code):
        raise PermissionDenied("该街道不在您的管辖范围内。")
    if user.role != Role.STREET_OFFICE:
        raise ValidationError(f"“{user}”不是街道办事处用户，不能授予吹哨权限。")
    if street.level != Level.STREET or street.valid_to is not None:
        raise ValidationError(f"“{street.name}”不是现行的街道（乡镇）。")
    if not code_in_scope(user, street.code):
        raise ValidationError(f"“{user}”的管辖范围不含“{street.name}”。")
    authority, _ = WhistleAuthority.objects.update_or_create(
        user=user,
        defaults={
            "street": street,
            "title": (title or "").strip()[:40],
            "is_active": True,
            "granted_by": actor,
        },
    )
    audit_record(actor=actor, action="whistle_authority.grant", target=authority, after=snapshot(authority))
    return authority


@transaction.atomic
def whistle_authority_revoke(*, actor: User, authority: WhistleAuthority) -> WhistleAuthority:
    if not (can_edit(actor) and has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE)):
        raise PermissionDenied("只有市、区县减负办可以撤销吹哨权限。")
    if not code_in_scope(actor, authority.street.code):
        raise PermissionDenied("该街道不在您的管辖范围内。")
    authority.is_active = False
    authority.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action="whistle_authority.revoke", target=authority, after=snapshot(authority))
    return authority
