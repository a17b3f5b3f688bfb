"""Direct reports and their triage: submit → confirm / dismiss / merge → (appeal once) → upheld / overturned.

Every transition is checked, audited and put on the report's timeline; the department and the
reporter are told on commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jianfu.admission.models import PrecheckDecision
from jianfu.admission.services.task_check import task_check
from jianfu.admission.services.validation import attachment_validate
from jianfu.catalog.models import ListLevel
from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Department, Role, User
from jianfu.core.scope import code_in_scope, has_role
from jianfu.core.workdays import working_deadline
from jianfu.regions.models import Level, Unit

from ..models import (
    AssessmentScheme,
    Channel,
    DirectReport,
    ReportEvent,
    ReportEvidence,
    ReportStatus,
    Suggestion,
    ViolationType,
)
from .notify import notify

S = ReportStatus
MAX_EVIDENCE = 10
MAX_CONTENT_CHARS = 5000
TRIAGE_ROLES = (Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
TRANSITIONS: set[tuple[str, str]] = {
    ("", S.SUBMITTED),
    (S.SUBMITTED, S.CONFIRMED),
    (S.SUBMITTED, S.DISMISSED),
    (S.SUBMITTED, S.MERGED),
    (S.CONFIRMED, S.APPEALED),
    (S.APPEALED, S.CONFIRMED),
    (S.APPEALED, S.OVERTURNED),
}
# What the automatic check suggests, from the admission pre-check's decision.
SUGGESTION_BY_DECISION = {
    PrecheckDecision.NOT_REQUIRED: (Suggestion.DUTY, ""),
    PrecheckDecision.FAST_TRACK: (Suggestion.ASSIST, ""),
    PrecheckDecision.REFUSE_NEGATIVE: (Suggestion.VIOLATION, ViolationType.NEGATIVE_WORK),
    PrecheckDecision.REFUSE_CERTIFICATE: (Suggestion.VIOLATION, ViolationType.CERTIFICATE),
    PrecheckDecision.FULL_REVIEW: (Suggestion.VIOLATION, ViolationType.UNADMITTED),
}


def _label(status: str) -> str:
    return ReportStatus(status).label if status else "新建"


def _move(report: DirectReport, to: str, *, actor: User, action: str, comment: str = "") -> None:
    origin = report.status if report.pk else ""
    if (origin, to) not in TRANSITIONS:
        raise ValidationError(f"直报 {report.number} 当前为“{_label(origin)}”，不能变为“{_label(to)}”。")
    before = snapshot(report) if origin else None
    report.status = to
    report.save()
    ReportEvent.objects.create(
        report=report, actor=actor, action=action, from_status=origin, to_status=to, comment=comment
    )
    audit_record(
        actor=actor,
        action=f"assessment.{action}",
        target=report,
        scope_code=report.reporter_unit.code,
        before=before,
        after=snapshot(report),
        note=comment,
    )


def scheme_for(year: int) -> AssessmentScheme | None:
    return AssessmentScheme.objects.filter(year=year).first()


def _require_open_year(report: DirectReport) -> None:
    scheme = scheme_for(report.year)
    if scheme is not None and scheme.is_published:
        raise ValidationError(
            f"{report.year}年度考核结果已发布并冻结，不能再变更该年度的违规认定（直报 {report.number}）。"
        )


def _require_triage(actor: User, report: DirectReport) -> None:
    if not has_role(actor, *TRIAGE_ROLES):
        raise PermissionDenied("只有区县或市级减负办可以研判直报。")
    if not code_in_scope(actor, report.reporter_unit.code):
        raise PermissionDenied("该直报不在您的管辖范围内。")


def _number(year: int) -> str:
    head = f"ZB{year}"
    last = (
        DirectReport.objects.filter(number__startswith=head)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{head}{(int(last[len(head) :]) + 1 if last else 1):05d}"


def report_validate(
    *,
    actor: User,
    reporter_unit: Unit | None,
    department: Department | None,
    channel: str,
    occurred_on: dt.date | None,
    content: str,
    evidence: list[UploadedFile],
    today: dt.date,
) -> tuple[str, list[str]]:
    """Every problem at once, in Chinese; returns the cleaned content and each evidence file's kind."""
    errors: list[str] = []
    content = (content or "").strip()
    if department is None:
        errors.append("请选择派单部门。")
    elif not department.is_active:
        errors.append(f"部门“{department}”已停用。")
    if not content:
        errors.append("请填写部门要求社区做什么。")
    elif len(content) > MAX_CONTENT_CHARS:
        errors.append(f"内容过长（{len(content)} 字），不能超过 {MAX_CONTENT_CHARS} 字。")
    if channel not in Channel.values:
        errors.append("请选择派单渠道（发文、电话、工作群、APP、会议或其他）。")
    if occurred_on is None:
        errors.append("请填写派单日期。")
    elif occurred_on > today:
        errors.append(f"派单日期 {occurred_on} 晚于今天。")
    elif occurred_on.year < today.year - 1:
        errors.append(f"派单日期 {occurred_on} 过早：只受理本年度和上一年度的直报。")
    if reporter_unit is None:
        errors.append("请选择报告单位。")
    elif reporter_unit.level not in (Level.COMMUNITY, Level.STREET) or reporter_unit.valid_to is not None:
        errors.append(f"“{reporter_unit.name}”不是现行的社区（村）或街道（乡镇）。")
    elif not code_in_scope(actor, reporter_unit.code):
        errors.append(f"“{reporter_unit.name}”不在您的管辖范围内。")
    if len(evidence) > MAX_EVIDENCE:
        errors.append(f"证据文件不能超过 {MAX_EVIDENCE} 个。")
    kinds: list[str] = []
    for upload in evidence:
        try:
            kinds.append(attachment_validate(upload, label="证据文件"))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return content, kinds


def report_check(*, actor: User, unit: Unit, department: Department, content: str) -> dict[str, Any]:
    """Registry and lists, through the admission task check; only the named department's entry admits."""
    level = ListLevel.VILLAGE if unit.kind == "村" else ListLevel.COMMUNITY
    check = task_check(actor=actor, text=content, level=level)
    entry = check.registry_match
    if entry is not None and entry.department_id == department.pk:
        suggestion, vtype = Suggestion.ADMITTED, ""
    else:
        entry = None
        suggestion, vtype = SUGGESTION_BY_DECISION[PrecheckDecision(check.precheck.decision)]
    return {"suggestion": suggestion, "type": vtype, "entry": entry, "result": check.as_dict()}


@transaction.atomic
def report_submit(
    *,
    actor: User,
    reporter_unit: Unit | None,
    department: Department | None,
    channel: str,
    occurred_on: dt.date | None,
    content: str,
    withhold_identity: bool = False,
    evidence: list[UploadedFile] | None = None,
    is_demo: bool = False,
) -> DirectReport:
    if not has_role(actor, Role.COMMUNITY, Role.STREET_OFFICE):
        raise PermissionDenied("只有社区（村）和街道（乡镇）可以直报。")
    evidence = evidence or []
    content, kinds = report_validate(
        actor=actor,
        reporter_unit=reporter_unit,
        department=department,
        channel=channel,
        occurred_on=occurred_on,
        content=content,
        evidence=evidence,
        today=timezone.localdate(),
    )
    assert reporter_unit is not None and department is not None and occurred_on is not None
    check = report_check(actor=actor, unit=reporter_unit, department=department, content=content)
    report = DirectReport(
        number=_number(occurred_on.year),
        reporter=actor,
        reporter_unit=reporter_unit,
        withhold_identity=withhold_identity,
        department=department,
        channel=channel,
        occurred_on=occurred_on,
        content=content,
        year=occurred_on.year,
        suggestion=check["suggestion"],
        suggested_type=check["type"],
        check_result=check["result"],
        registry_entry=check["entry"],
        is_demo=is_demo,
    )
    _move(report, S.SUBMITTED, actor=actor, action="report_submit")
    for upload, kind in zip(evidence, kinds, strict=True):
        ReportEvidence.objects.create(
            report=report,
            file=upload,
            original_name=(upload.name or "")[:200],
            kind=kind,
            size=upload.size or 0,
        )
    return report


def _locked(report: DirectReport) -> DirectReport:
    return (
        DirectReport.objects.select_for_update()
        .select_related("reporter_unit", "department")
        .get(pk=report.pk)
    )


def _report_url(report: DirectReport) -> str:
    return reverse("assessment:report_detail", args=[report.pk])


def _reporter_label(report: DirectReport) -> str:
    return "报告单位已隐去" if report.withhold_identity else report.reporter_unit.name


@transaction.atomic
def report_confirm(*, actor: User, report: DirectReport, violation_type: str, note: str = "") -> DirectReport:
    report = _locked(report)
    _require_triage(actor, report)
    if violation_type not in ViolationType.values:
        raise ValidationError("请选择违规类型。")
    _require_open_year(report)
    scheme = scheme_for(report.year)
    days = (
        scheme.appeal_working_days
        if scheme
        else AssessmentScheme._meta.get_field("appeal_working_days").default
    )
    now = timezone.now()
    report.violation_type = violation_type
    report.triaged_by, report.triaged_at, report.triage_note = actor, now, (note or "").strip()
    report.appeal_deadline = working_deadline(now, days)
    _move(report, S.CONFIRMED, actor=actor, action="report_confirm", comment=report.triage_note)
    deadline = timezone.localtime(report.appeal_deadline)
    notify(
        department=report.department,
        title=f"违规摊派认定：{report.number}",
        body=(
            f"贵部门{report.occurred_on:%Y年%m月%d日}通过{report.get_channel_display()}向基层摊派的工作"
            f"（{_reporter_label(report)}）被认定为“{report.get_violation_type_display()}”，"
            f"将计入{report.year}年度考核反向扣分。如有异议，可在 {deadline:%Y-%m-%d %H:%M} 前申诉一次。"
        ),
        url=_report_url(report),
    )
    notify(user=report.reporter, title=f"直报 {report.number} 已认定违规", url=_report_url(report))
    return report


@transaction.atomic
def report_dismiss(*, actor: User, report: DirectReport, note: str) -> DirectReport:
    report = _locked(report)
    _require_triage(actor, report)
    note = (note or "").strip()
    if not note:
        raise ValidationError("不予认定须填写理由。")
    report.triaged_by, report.triaged_at, report.triage_note = actor, timezone.now(), note
    _move(report, S.DISMISSED, actor=actor, action="report_dismiss", comment=note)
    notify(user=report.reporter, title=f"直报 {report.number} 不予认定", body=note, url=_report_url(report))
    return report


@transaction.atomic
def report_merge(*, actor: User, report: DirectReport, into: DirectReport, note: str = "") -> DirectReport:
    """A duplicate joins the report it repeats; only the primary can count as a violation."""
    report = _locked(report)
    _require_triage(actor, report)
    primary = _locked(into)
    if primary.pk == report.pk:
        raise ValidationError("不能把直报合并到它自己。")
    if not code_in_scope(actor, primary.reporter_unit.code):
        raise ValidationError(f"直报 {primary.number} 不在您的管辖范围内。")
    if primary.department_id != report.department_id:
        raise ValidationError(f"只能合并同一部门的直报：{primary.number} 涉及{primary.department}。")
    if primary.status not in (S.SUBMITTED, S.CONFIRMED, S.APPEALED):
        raise ValidationError(
            f"直报 {primary.number} 当前为“{primary.get_status_display()}”，不能作为合并目标。"
        )
    report.merged_into = primary
    report.triaged_by, report.triaged_at = actor, timezone.now()
    report.triage_note = (note or "").strip() or f"与 {primary.number} 重复，已合并。"
    _move(report, S.MERGED, actor=actor, action="report_merge", comment=report.triage_note)
    notify(
        user=report.reporter, title=f"直报 {report.number} 已并入 {primary.number}", url=_report_url(primary)
    )
    return report


@transaction.atomic
def report_appeal(*, actor: User, report: DirectReport, text: str) -> DirectReport:
    report = _locked(report)
    if actor.role != Role.DEPARTMENT or actor.department_id != report.department_id:
        raise PermissionDenied("只有被认定的部门可以申诉。")
    text = (text or "").strip()
    errors = []
    if not text:
        errors.append("请填写申诉理由。")
    if report.appealed_at is not None:
        errors.append(f"直报 {report.number} 已申诉过一次，不能再次申诉。")
    elif report.status != S.CONFIRMED:
        errors.append(f"直报 {report.number} 当前为“{report.get_status_display()}”，不能申诉。")
    elif report.appeal_deadline is None or timezone.now() > report.appeal_deadline:
        deadline = timezone.localtime(report.appeal_deadline) if report.appeal_deadline else None
        errors.append(
            f"申诉期限已过（截止 {deadline:%Y-%m-%d %H:%M}），不能再申诉。" if deadline else "申诉期限已过。"
        )
    if errors:
        raise ValidationError(errors)
    report.appeal_text, report.appealed_at = text, timezone.now()
    _move(report, S.APPEALED, actor=actor, action="report_appeal", comment=text)
    if report.triaged_by_id:
        notify(
            user=report.triaged_by,
            title=f"{report.department}对直报 {report.number} 提出申诉",
            body=text,
            url=_report_url(report),
        )
    return report


@transaction.atomic
def appeal_decide(*, actor: User, report: DirectReport, uphold: bool, note: str) -> DirectReport:
    """uphold=True: the violation stands; False: the appeal succeeds and the violation is withdrawn."""
    report = _locked(report)
    _require_triage(actor, report)
    note = (note or "").strip()
    if not note:
        raise ValidationError("请填写申诉处理意见。")
    if report.status != S.APPEALED:
        raise ValidationError(
            f"直报 {report.number} 当前为“{report.get_status_display()}”，没有待处理的申诉。"
        )
    if not uphold:
        _require_open_year(report)
    report.appeal_decided_at, report.appeal_decision_note = timezone.now(), note
    to, action = (S.CONFIRMED, "appeal_reject") if uphold else (S.OVERTURNED, "appeal_accept")
    _move(report, to, actor=actor, action=action, comment=note)
    verdict = "申诉不成立，维持违规认定" if uphold else "申诉成立，撤销违规认定"
    notify(
        department=report.department,
        title=f"直报 {report.number}：{verdict}",
        body=note,
        url=_report_url(report),
    )
    return report
