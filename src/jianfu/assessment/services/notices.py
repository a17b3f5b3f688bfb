"""Notices (通报): drafted from a closed year's confirmed violations, edited as text, issued and archived."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Department, Role, User
from jianfu.core.scope import has_role

from ..docx_notice import notice_docx
from ..models import AssessmentScheme, Notice, NoticeSettings, NoticeStatus, ViolationType
from ..scoring import counted_violations, deductions_compute, year_closed

CHINESE_NUMBERS = "一二三四五六七八九十"


def _snapshot(notice: Notice) -> dict:
    # A FieldFile is not JSON: record the archived file by its name.
    fields = [f.name for f in Notice._meta.concrete_fields if f.name != "document"]
    return snapshot(notice, fields=fields) | {"document": notice.document.name or ""}


def _require_office(actor: User | None) -> None:
    if actor is not None and not has_role(actor, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以起草和印发通报。")


def _require_closed(year: int) -> None:
    if not year_closed(year):
        raise ValidationError(
            f"{year}年度尚未结束，考核结果也未发布，不能起草该年度的通报；请在年度结束或考核结果发布后再起草。"
        )


def notice_settings() -> NoticeSettings:
    return NoticeSettings.objects.order_by("-id").first() or NoticeSettings()


def _next_sequence(prefix: str, number_year: int) -> int:
    last = Notice.objects.filter(number_prefix=prefix, number_year=number_year).aggregate(m=Max("sequence"))[
        "m"
    ]
    return (last or 0) + 1


def draft_body(year: int) -> tuple[str, list[int]]:
    """The text of the notice and the departments it names (those with counted violations in the year)."""
    violations = counted_violations(year=year)
    scheme = AssessmentScheme.objects.filter(year=year).first()
    rules = {r.violation_type: r for r in scheme.rules.all()} if scheme else {}
    departments = Department.objects.in_bulk(list(violations))
    named = sorted(violations.items(), key=lambda kv: (-len(kv[1]), departments[kv[0]].code))
    total = sum(len(v) for v in violations.values())
    lines = [
        f"为深入推进基层减负，巩固社区（村）工作事项准入成果，市基层减负工作领导小组办公室对{year}年度各部门"
        f"向基层摊派工作事项情况进行了核查。经社区（村）、街道（乡镇）直报和区县初核、市级认定，"
        f"共有 {len(named)} 个部门存在未经准入或违反清单向基层摊派工作的问题，累计认定 {total} 起。现将有关情况通报如下。",
        "一、存在问题的部门",
    ]
    for n, (dept_id, reports) in enumerate(named, start=1):
        counts = Counter(r.violation_type for r in reports)
        kinds = "、".join(f"{ViolationType(t).label} {c} 起" for t, c in counts.most_common())
        line = f"{n}. {departments[dept_id].name}：{len(reports)} 起（{kinds}）"
        if scheme is not None:
            points, _ = deductions_compute(scheme=scheme, rules=rules, reports=reports)
            line += f"，年度考核反向扣 {points} 分"
        lines.append(line + "。")
    lines += [
        "二、有关要求",
        "（一）被通报部门要立即停止向社区（村）摊派工作事项，对已摊派的工作限期收回，并于 15 个工作日内将整改情况书面报送市基层减负工作领导小组办公室。",
        "（二）确需社区（村）协助的工作，必须依照准入程序申请，经批准列入准入事项目录后方可实施，做到权随责走、费随事转。",
        "（三）各部门不得要求社区（村）出具不应出具的证明事项，不得以工作群报数、拍照留痕、强制下载 APP 等方式增加基层负担。",
        "市基层减负工作领导小组办公室将持续受理社区（村）直报，对屡查屡犯的部门加重扣分并在更大范围内通报。",
    ]
    return "\n".join(lines), list(departments)


@transaction.atomic
def notice_draft(*, actor: User | None, year: int, is_demo: bool = False) -> Notice:
    _require_office(actor)
    _require_closed(year)
    body, department_ids = draft_body(year)
    if not department_ids:
        raise ValidationError(f"{year}年度没有认定的违规摊派，无需通报。")
    config = notice_settings()
    today = timezone.localdate()
    notice = Notice.objects.create(
        year=year,
        issuer_name=config.issuer_name,
        issuer_mark=config.issuer_mark,
        number_prefix=config.number_prefix,
        number_year=today.year,
        sequence=_next_sequence(config.number_prefix, today.year),
        recipients=config.recipients,
        title=f"关于{year}年度部门违规向基层摊派工作事项情况的通报",
        body=body,
        signed_on=today,
        created_by=actor if actor is not None and actor.pk else None,
        is_demo=is_demo,
    )
    notice.departments.set(department_ids)
    audit_record(actor=actor, action="assessment.notice_draft", target=notice, after=_snapshot(notice))
    return notice


def _require_draft(notice: Notice) -> None:
    if not notice.is_draft:
        raise ValidationError(f"通报 {notice.document_number} 已印发，不能修改。")


@transaction.atomic
def notice_update(
    *,
    actor: User,
    notice: Notice,
    title: str,
    body: str,
    recipients: str,
    sequence: int | None,
    signed_on: dt.date | None,
) -> Notice:
    _require_office(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _require_draft(notice)
    errors = []
    title, body, recipients = (title or "").strip(), (body or "").strip(), (recipients or "").strip()
    if not title:
        errors.append("请填写通报标题。")
    elif len(title) > 200:
        errors.append("标题不能超过 200 字。")
    if not body:
        errors.append("请填写通报正文。")
    if not recipients:
        errors.append("请填写主送机关。")
    if sequence is None or sequence < 1:
        errors.append("发文顺序号应为正整数。")
    elif (
        Notice.objects.filter(
            number_prefix=notice.number_prefix, number_year=notice.number_year, sequence=sequence
        )
        .exclude(pk=notice.pk)
        .exists()
    ):
        errors.append(f"文号 {notice.number_prefix}〔{notice.number_year}〕{sequence}号 已被使用。")
    if signed_on is None:
        errors.append("请填写成文日期。")
    if errors:
        raise ValidationError(errors)
    before = _snapshot(notice)
    notice.title, notice.body, notice.recipients = title, body, recipients[:200]
    notice.sequence, notice.signed_on = sequence, signed_on
    notice.save()
    audit_record(
        actor=actor, action="assessment.notice_update", target=notice, before=before, after=_snapshot(notice)
    )
    return notice


@transaction.atomic
def notice_issue(*, actor: User | None, notice: Notice) -> Notice:
    """Issue: the Word document is generated one last time and archived with the notice."""
    _require_office(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _require_draft(notice)
    _require_closed(notice.year)
    taken = (
        Notice.objects.filter(
            number_prefix=notice.number_prefix,
            number_year=notice.number_year,
            sequence=notice.sequence,
            status=NoticeStatus.ISSUED,
        )
        .exclude(pk=notice.pk)
        .exists()
    )
    if taken:
        raise ValidationError(f"文号 {notice.document_number} 已有印发的通报，请修改顺序号。")
    before = _snapshot(notice)
    notice.document.save(
        f"{notice.number_prefix}{notice.number_year}-{notice.sequence}.docx",
        ContentFile(notice_docx(notice)),
        save=False,
    )
    notice.status, notice.issued_at = NoticeStatus.ISSUED, timezone.now()
    notice.issued_by = actor if actor is not None and actor.pk else None
    notice.save()
    audit_record(
        actor=actor, action="assessment.notice_issue", target=notice, before=before, after=_snapshot(notice)
    )
    return notice
