"""Reads for the assessment module, always through the viewing user's scope (jianfu.core.scope).

Departments see only their own reports, and never the reporter of a report whose identity is
withheld: pages and the API build their rows from `report_row`, which masks it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404

from jianfu.core.models import Role, User
from jianfu.core.scope import department_q, scope_q
from jianfu.regions.models import Level, Unit

from .models import (
    COUNTED_STATUSES,
    AssessmentScheme,
    CertificateLog,
    CertificateOutcome,
    DirectReport,
    Notice,
    NoticeStatus,
    Notification,
    ReportStatus,
)

WITHHELD = "（报告单位已隐去）"


def reports_visible(*, user: User) -> QuerySet[DirectReport]:
    """Departments: their own; offices, streets and communities: reports from their area."""
    # report_row names the reporter's street and the merge target: joined here, not read per row.
    qs = DirectReport.objects.select_related("department", "reporter_unit__parent", "reporter", "merged_into")
    if user.role == Role.DEPARTMENT:
        return qs.filter(department_q(user))
    return qs.filter(scope_q(user, "reporter_unit__code"))


def report_get(*, user: User, report_id: int) -> DirectReport:
    found = reports_visible(user=user).filter(pk=report_id).first()
    if found is None:
        raise Http404("没有这件直报，或不在您的管辖范围内")
    return found


def reporter_hidden(*, user: User, report: DirectReport) -> bool:
    return report.withhold_identity and user.role == Role.DEPARTMENT


def reporter_label(*, user: User, report: DirectReport) -> str:
    if reporter_hidden(user=user, report=report):
        return WITHHELD
    unit = report.reporter_unit
    street = unit.parent.name if unit.level == Level.COMMUNITY and unit.parent_id else ""
    return f"{street} {unit.name}".strip()


def report_row(*, user: User, report: DirectReport) -> dict:
    """A report as plain data for one viewer (the API and the list pages)."""
    hidden = reporter_hidden(user=user, report=report)
    return {
        "id": report.pk,
        "number": report.number,
        "department": report.department.name,
        "department_id": report.department_id,
        "channel": report.channel,
        "channel_label": report.get_channel_display(),
        "occurred_on": report.occurred_on,
        "content": report.content,
        "year": report.year,
        "status": report.status,
        "status_label": report.get_status_display(),
        "suggestion": report.suggestion,
        "suggestion_label": report.get_suggestion_display(),
        "violation_type": report.violation_type,
        "violation_label": report.get_violation_type_display() if report.violation_type else "",
        "reporter_unit": None if hidden else reporter_label(user=user, report=report),
        "reporter": None if hidden else str(report.reporter),
        "identity_withheld": report.withhold_identity,
        "appeal_deadline": report.appeal_deadline,
        "merged_into": report.merged_into.number if report.merged_into_id else None,
    }


def report_events(*, user: User, report: DirectReport) -> list[dict]:
    hidden = reporter_hidden(user=user, report=report)
    rows = []
    for e in report.events.select_related("actor"):
        actor = str(e.actor) if e.actor else "系统"
        if hidden and e.actor_id == report.reporter_id:
            actor = WITHHELD
        rows.append(
            {"at": e.occurred_at, "action": e.action, "actor": actor, "to": e.to_status, "comment": e.comment}
        )
    return rows


def reporter_units(*, user: User) -> QuerySet[Unit]:
    """Units this user may report for: the communities and streets in scope."""
    if user.role not in (Role.COMMUNITY, Role.STREET_OFFICE) and not user.is_superuser:
        return Unit.objects.none()
    return (
        Unit.objects.current()
        .filter(level__in=[Level.COMMUNITY, Level.STREET])
        .filter(scope_q(user))
        .order_by("code")
    )


def merge_targets(*, user: User, report: DirectReport) -> QuerySet[DirectReport]:
    return (
        reports_visible(user=user)
        .filter(department=report.department, status__in=(ReportStatus.SUBMITTED, *COUNTED_STATUSES))
        .exclude(pk=report.pk)
        .order_by("-occurred_on")
    )


def schemes() -> QuerySet[AssessmentScheme]:
    return AssessmentScheme.objects.order_by("-year")


def scheme_get(*, year: int) -> AssessmentScheme:
    scheme = AssessmentScheme.objects.filter(year=year).first()
    if scheme is None:
        raise Http404(f"没有 {year} 年度的考核方案")
    return scheme


def notices_visible(*, user: User) -> QuerySet[Notice]:
    """Offices see drafts and issued notices; departments and communities see issued ones."""
    qs = Notice.objects.prefetch_related("departments")
    if user.role in (Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.AUDITOR, Role.ADMIN) or user.is_superuser:
        return qs
    return qs.filter(status=NoticeStatus.ISSUED)


def notice_get(*, user: User, notice_id: int) -> Notice:
    found = notices_visible(user=user).filter(pk=notice_id).first()
    if found is None:
        raise Http404("没有这份通报")
    return found


def notifications_for(*, user: User) -> QuerySet[Notification]:
    q = Q(user=user)
    if user.role == Role.DEPARTMENT and user.department_id:
        q |= Q(department_id=user.department_id)
    return Notification.objects.filter(q)


def violations_by_department(*, user: User, year: int) -> list[dict]:
    rows = (
        reports_visible(user=user)
        .filter(year=year, status__in=COUNTED_STATUSES)
        .values("department__name", "department__code")
        .annotate(n=Count("id"))
        .order_by("-n", "department__code")
    )
    return [{"name": r["department__name"], "value": r["n"]} for r in rows]


def violations_by_month(*, user: User, year: int) -> list[int]:
    counts = [0] * 12
    for row in (
        reports_visible(user=user)
        .filter(year=year, status__in=COUNTED_STATUSES)
        .values_list("occurred_on__month")
        .annotate(n=Count("id"))
    ):
        counts[row[0] - 1] = row[1]
    return counts


def reports_by_status(*, user: User, year: int) -> dict[str, int]:
    counts = dict(reports_visible(user=user).filter(year=year).values_list("status").annotate(n=Count("id")))
    return {s.value: counts.get(s.value, 0) for s in ReportStatus}


def certificate_logs_visible(*, user: User) -> QuerySet[CertificateLog]:
    if user.role == Role.DEPARTMENT:
        return CertificateLog.objects.none()
    return CertificateLog.objects.select_related("community", "recorded_by").filter(
        scope_q(user, "community__code")
    )


def certificate_monthly(*, user: User, year: int) -> list[dict]:
    """Per community: refusals and issued certificates per month of the year."""
    rows = (
        certificate_logs_visible(user=user)
        .filter(recorded_on__year=year)
        .annotate(month=TruncMonth("recorded_on"))
        .values("community_id", "community__name", "community__code", "month", "outcome")
        .annotate(n=Count("id"))
    )
    table: dict[int, dict] = {}
    for r in rows:
        entry = table.setdefault(
            r["community_id"],
            {
                "name": r["community__name"],
                "code": r["community__code"],
                "refused": [0] * 12,
                "issued": [0] * 12,
            },
        )
        month = r["month"].month if isinstance(r["month"], dt.date) else int(str(r["month"])[5:7])
        entry["refused" if r["outcome"] == CertificateOutcome.REFUSED else "issued"][month - 1] += r["n"]
    result = sorted(table.values(), key=lambda e: e["code"])
    for e in result:
        e["refused_total"], e["issued_total"] = sum(e["refused"]), sum(e["issued"])
        e["months"] = list(zip(e["refused"], e["issued"], strict=True))
    return result


def certificate_refusals_by_month(*, user: User, year: int) -> list[int]:
    counts = [0] * 12
    for community in certificate_monthly(user=user, year=year):
        for i, n in enumerate(community["refused"]):
            counts[i] += n
    return counts


def certificate_top_refused(*, user: User, year: int, limit: int = 10) -> list[dict]:
    totals: dict[str, int] = defaultdict(int)
    for name, n in (
        certificate_logs_visible(user=user)
        .filter(recorded_on__year=year, outcome=CertificateOutcome.REFUSED)
        .values_list("certificate")
        .annotate(n=Count("id"))
    ):
        totals[name] += n
    return [{"name": k, "value": v} for k, v in sorted(totals.items(), key=lambda kv: -kv[1])[:limit]]
