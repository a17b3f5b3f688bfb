"""Reads of 吹哨报到: scoped whistles, time limits in force, and the per-department scores."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jianfu.core.models import Role, User
from jianfu.core.scope import department_q, filter_in_scope
from jianfu.core.workdays import working_deadline

from .models import (
    STAGES,
    Assignment,
    AssignmentStatus,
    Category,
    Rating,
    TimeLimit,
    Urgency,
    Whistle,
    WhistleAuthority,
)


def time_limit_current(urgency: str, *, on: dt.date | None = None) -> TimeLimit:
    on = on or timezone.localdate()
    found = (
        TimeLimit.objects.filter(urgency=urgency, effective_from__lte=on)
        .order_by("-effective_from", "-id")
        .first()
    )
    if found is not None:
        return found
    # Only reached on a database whose seed rows were deleted: fall back to DOMAIN.md's defaults.
    return TimeLimit(
        urgency=urgency, report_working_days=3 if urgency == Urgency.URGENT else 5, effective_from=on
    )


def time_limits_current() -> list[TimeLimit]:
    return [time_limit_current(u) for u in Urgency.values]


def deadlines_compute(
    assigned_at: dt.datetime, limit: TimeLimit
) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """Sign and contact limits are clock hours; the report limit is working days on the holiday calendar."""
    return (
        assigned_at + dt.timedelta(hours=limit.sign_hours),
        assigned_at + dt.timedelta(hours=limit.contact_hours),
        working_deadline(assigned_at, limit.report_working_days),
    )


def authority_for(user: User) -> WhistleAuthority | None:
    if not user.is_authenticated or user.role != Role.STREET_OFFICE:
        return None
    return WhistleAuthority.objects.filter(user=user, is_active=True).select_related("street").first()


def whistles_visible(*, user: User) -> QuerySet[Whistle]:
    """Offices and communities see whistles at places in their area; departments only those sent to them."""
    qs = Whistle.objects.select_related("street", "street__parent", "place", "whistled_by")
    if user.role == Role.DEPARTMENT:
        ids = Assignment.objects.filter(department_q(user)).values("whistle_id")
        return qs.filter(pk__in=ids)
    return filter_in_scope(qs, user, "place__code")


def whistle_get(*, user: User, whistle_id: int) -> Whistle:
    whistle = whistles_visible(user=user).filter(pk=whistle_id).first()
    if whistle is None:
        raise Http404("吹哨事项不存在或不在您的管辖范围内")
    return whistle


def whistle_assignments(whistle: Whistle) -> list[Assignment]:
    return list(
        whistle.assignments.select_related("department", "rerouted_to__department", "signed_by")
        .prefetch_related("ratings", "rerouted_from")
        .order_by("assigned_at", "id")
    )


def assignment_get(*, user: User, assignment_id: int) -> Assignment:
    """An assignment of a whistle the user can see, or 404."""
    assignment = (
        Assignment.objects.select_related("whistle__street", "whistle__place", "department")
        .filter(pk=assignment_id, whistle__in=whistles_visible(user=user))
        .first()
    )
    if assignment is None:
        raise Http404("报到记录不存在或不在您的管辖范围内")
    return assignment


def year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


@dataclass
class DepartmentDispatchScore:
    """One department's record for the assessment.

    `settled` counts assignments whose timeliness is known: reported, declined, or already late.
    `on_time_rate` is on_time / settled (None when nothing is settled yet); `overdue` counts
    assignments with any late stage (sign, contact or report).
    """

    department_id: int
    department_code: str
    department_name: str
    assigned: int = 0
    reported: int = 0
    declined: int = 0
    overdue: int = 0
    settled: int = 0
    on_time: int = 0
    rating_count: int = 0
    average_rating: float | None = None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.settled if self.settled else None


def scores_compute(
    assignments: Iterable[Assignment], *, now: dt.datetime | None = None
) -> list[DepartmentDispatchScore]:
    now = now or timezone.now()
    scores: dict[int, DepartmentDispatchScore] = {}
    for a in assignments:
        dept = a.department
        s = scores.get(dept.pk) or scores.setdefault(
            dept.pk, DepartmentDispatchScore(dept.pk, dept.code, dept.name)
        )
        s.assigned += 1
        late = bool(a.overdue_stages(now))
        s.reported += a.status == AssignmentStatus.REPORTED
        s.declined += a.status == AssignmentStatus.DECLINED
        s.overdue += late
        finished = a.status in (AssignmentStatus.REPORTED, AssignmentStatus.DECLINED)
        if finished or late:
            s.settled += 1
            s.on_time += not late
    return sorted(scores.values(), key=lambda s: s.department_code)


def _year_assignments(year: int) -> QuerySet[Assignment]:
    start, end = year_range(year)
    return Assignment.objects.filter(assigned_at__gte=start, assigned_at__lt=end).select_related("department")


def _with_ratings(scores: list[DepartmentDispatchScore], assignments: QuerySet[Assignment]) -> None:
    rows = (
        Rating.objects.filter(assignment__in=assignments)
        .values("assignment__department_id")
        .annotate(avg=Avg("score"), n=Count("id"))
    )
    by_dept = {r["assignment__department_id"]: r for r in rows}
    for s in scores:
        row = by_dept.get(s.department_id)
        if row:
            s.average_rating, s.rating_count = round(float(row["avg"]), 2), row["n"]


def department_dispatch_scores(
    *, year: int, now: dt.datetime | None = None, assignments: QuerySet[Assignment] | None = None
) -> list[DepartmentDispatchScore]:
    """Per-department on-time rate, average rating and overdue count for whistles assigned in `year`.

    Ordered by department code. Departments with no assignment that year are absent.
    This is the interface the department assessment consumes.
    """
    qs = _year_assignments(year) if assignments is None else assignments
    scores = scores_compute(qs, now=now)
    _with_ratings(scores, qs)
    return scores


def dashboard_figures(*, user: User, year: int) -> dict:
    start, end = year_range(year)
    whistles = whistles_visible(user=user).filter(whistled_at__gte=start, whistled_at__lt=end)
    by_category = Counter(
        dict(whistles.values_list("category").annotate(n=Count("id")).values_list("category", "n"))
    )
    by_street = (
        whistles.values("street__name", "street__code").annotate(n=Count("id")).order_by("street__code")
    )
    assignments = (
        Assignment.objects.filter(whistle__in=whistles)
        .filter(department_q(user))
        .select_related("department")
    )
    scores = department_dispatch_scores(year=year, assignments=assignments)
    open_assignments = assignments.exclude(status__in=[AssignmentStatus.REPORTED, AssignmentStatus.DECLINED])
    status_counts = defaultdict(
        int, whistles.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {
        "total": whistles.count(),
        "status_counts": status_counts,
        "by_category": [
            {"name": label, "value": by_category.get(value, 0)} for value, label in Category.choices
        ],
        "by_street": [{"name": r["street__name"], "value": r["n"]} for r in by_street],
        "scores": scores,
        "overdue_open": open_assignments.filter(overdue_q(timezone.now())).count(),
    }


def overdue_q(now: dt.datetime) -> Q:
    """Assignments with a late stage, in SQL: the same rule as `Assignment.overdue_stages`.

    Done after the deadline, or still open past it; a decline stops the clock.
    """
    q = Q()
    for _stage, done, due in STAGES:
        q |= Q(**{f"{done}__gt": F(due)})
        q |= Q(**{f"{done}__isnull": True, f"{due}__lt": now}) & ~Q(status=AssignmentStatus.DECLINED)
    # A decline stops the clock, but a decline after the signing deadline was itself late.
    q |= Q(status=AssignmentStatus.DECLINED, signed_at__isnull=True, declined_at__gt=F("sign_due"))
    return q


def whistles_filtered(
    *, user: User, q: str = "", status: str = "", category: str = "", overdue: bool = False
) -> QuerySet[Whistle]:
    qs = whistles_visible(user=user)
    if q:
        qs = qs.filter(
            Q(title__contains=q) | Q(number__contains=q) | Q(address__contains=q) | Q(place__name__contains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if overdue:
        late = Assignment.objects.filter(overdue_q(timezone.now())).filter(department_q(user))
        qs = qs.filter(pk__in=late.values("whistle_id"))
    return qs.prefetch_related("assignments__department").order_by("-whistled_at", "-id")
