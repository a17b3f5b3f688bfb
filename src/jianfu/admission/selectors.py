"""Reads for admission, always through the viewing user's scope (jianfu.core.scope)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from jianfu.core.models import Role, User
from jianfu.core.scope import department_q, scope_q
from jianfu.regions.models import Level, Unit

from .config import settings_current
from .models import (
    REVIEW_STATUSES,
    AdmissionRequest,
    DistrictDecision,
    PrecheckLog,
    RegistryEntry,
    RegistryStatus,
    RequestStatus,
)


def requests_visible(*, user: User) -> QuerySet[AdmissionRequest]:
    """Departments: their own; offices and communities: requests touching their area; city: all."""
    qs = AdmissionRequest.objects.all()
    if user.role == Role.DEPARTMENT:
        return qs.filter(department_q(user))
    area = scope_q(user, "target_communities__code")
    if area:
        ids = AdmissionRequest.objects.filter(area).values("pk")
        qs = qs.filter(pk__in=ids)
    return qs


def request_get(*, user: User, request_id: int) -> AdmissionRequest:
    found = (
        requests_visible(user=user)
        .select_related("department", "created_by", "precheck")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404("没有这个申请，或不在您的管辖范围内")
    return found


def requests_awaiting(*, user: User) -> QuerySet[AdmissionRequest]:
    """Requests waiting for this user's decision."""
    qs = requests_visible(user=user)
    if user.role == Role.CITY_OFFICE:
        return qs.filter(status=RequestStatus.CITY_REVIEW)
    if user.role == Role.DISTRICT_OFFICE:
        pending = scope_q(user, "district_reviews__district__code") & Q(
            district_reviews__decision=DistrictDecision.PENDING
        )
        return qs.filter(status=RequestStatus.DISTRICT_REVIEW).filter(
            pk__in=AdmissionRequest.objects.filter(pending).values("pk")
        )
    return qs.none()


def registry_visible(*, user: User) -> QuerySet[RegistryEntry]:
    qs = RegistryEntry.objects.select_related("department")
    if user.role == Role.DEPARTMENT:
        return qs.filter(department_q(user))
    area = scope_q(user, "communities__code")
    if area:
        qs = qs.filter(pk__in=RegistryEntry.objects.filter(area).values("pk"))
    return qs


def registry_in_force(qs: QuerySet[RegistryEntry], *, on: dt.date | None = None) -> QuerySet[RegistryEntry]:
    on = on or timezone.localdate()
    return qs.filter(status=RegistryStatus.IN_FORCE, valid_from__lte=on, valid_to__gte=on)


def registry_entry_get(*, user: User, entry_id: int) -> RegistryEntry:
    found = registry_visible(user=user).filter(pk=entry_id).first()
    if found is None:
        raise Http404("没有这个准入事项，或不在您的管辖范围内")
    return found


def communities_visible(*, user: User) -> QuerySet[Unit]:
    return Unit.objects.current().filter(level=Level.COMMUNITY).filter(scope_q(user))


def month_starts(
    *, months_back: int = 11, months_ahead: int = 3, today: dt.date | None = None
) -> list[dt.date]:
    today = today or timezone.localdate()
    first = today.replace(day=1)
    out = []
    for offset in range(-months_back, months_ahead + 1):
        month = first.month - 1 + offset
        out.append(dt.date(first.year + month // 12, month % 12 + 1, 1))
    return out


def burden_series(*, community: Unit, months: list[dt.date]) -> list[dict]:
    """Admitted items in force and hours per month for one community, month by month."""
    entries = list(
        RegistryEntry.objects.filter(communities=community, status=RegistryStatus.IN_FORCE).values(
            "valid_from", "valid_to", "hours_per_month", "revoked_at"
        )
    )
    series = []
    for month in months:
        active = [
            e for e in entries if e["valid_from"] <= month + dt.timedelta(days=27) and e["valid_to"] >= month
        ]
        series.append(
            {
                "month": month.strftime("%Y-%m"),
                "items": len(active),
                "hours": float(sum(e["hours_per_month"] for e in active)),
            }
        )
    return series


def burden_table(*, user: User, on: dt.date | None = None, limit: int | None = None) -> list[dict]:
    """Per visible community: admitted items in force and their hours per month, heaviest first."""
    on = on or timezone.localdate()
    warn = settings_current().burden_warning_hours
    rows = (
        registry_in_force(RegistryEntry.objects.all(), on=on)
        .filter(communities__in=communities_visible(user=user))
        .values("communities", "communities__name", "communities__code", "communities__parent__name")
        .annotate(items=Count("id", distinct=True), hours=Sum("hours_per_month"))
        .order_by("-hours", "communities__code")
    )
    table = [
        {
            "id": r["communities"],
            "name": r["communities__name"],
            "code": r["communities__code"],
            "street": r["communities__parent__name"],
            "items": r["items"],
            "hours": r["hours"] or Decimal("0"),
            "over": (r["hours"] or 0) > warn,
        }
        for r in rows
    ]
    return table[:limit] if limit else table


def status_counts(*, user: User) -> dict[str, int]:
    counts = Counter(
        dict(
            requests_visible(user=user)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
    )
    return {s.value: counts.get(s.value, 0) for s in RequestStatus}


def overdue(*, user: User) -> QuerySet[AdmissionRequest]:
    return requests_visible(user=user).filter(status__in=REVIEW_STATUSES, step_deadline__lt=timezone.now())


def precheck_counts(*, user: User, days: int = 90) -> dict[str, int]:
    since = timezone.now() - dt.timedelta(days=days)
    qs = PrecheckLog.objects.filter(created_at__gte=since)
    if user.role == Role.DEPARTMENT:
        qs = qs.filter(request__department_id=user.department_id)
    counts: dict[str, int] = defaultdict(int)
    for decision, n in qs.values_list("decision").annotate(n=Count("id")).values_list("decision", "n"):
        counts[decision] = n
    return dict(counts)


def precheck_logs(*, user: User) -> QuerySet[PrecheckLog]:
    qs = PrecheckLog.objects.select_related("actor", "catalog_version", "request")
    if user.role == Role.DEPARTMENT:
        return qs.filter(Q(actor=user) | Q(request__department_id=user.department_id))
    if user.role in (Role.COMMUNITY, Role.STREET_OFFICE):
        return qs.filter(actor=user)
    return qs
