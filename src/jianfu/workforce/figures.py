"""Figures for the module: workers per 10,000 urban residents, staffing shortfalls, dashboard mixes.

Every function takes the viewing user and counts only what that user may see.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from jianfu.core.models import User
from jianfu.core.scope import filter_in_scope, scope_roots
from jianfu.regions.models import Level, Unit

from . import engine
from .models import (
    AdjustmentOrder,
    Education,
    PromotionRecord,
    Status,
    UrbanResidents,
    Worker,
    WorkerKind,
)
from .selectors import norm_in_force, today, workers_visible


def serving(user: User) -> QuerySet[Worker]:
    return workers_visible(user=user).filter(status=Status.SERVING)


@dataclass
class RatioRow:
    unit: Unit
    workers: int
    residents: int | None
    residents_synthetic: bool
    target: Decimal

    @property
    def ratio(self) -> float | None:
        return round(self.workers * 10000 / self.residents, 1) if self.residents else None

    @property
    def gap(self) -> int | None:
        """Workers still needed to reach the target (0 when it is met)."""
        if not self.residents:
            return None
        needed = float(self.target) * self.residents / 10000
        return max(int(-(-(needed - self.workers) // 1)), 0)


def ratio_rows(*, user: User, year: int | None = None) -> list[RatioRow]:
    """The city and its districts (or the user's own scope roots), community workers per 10,000 residents."""
    year = year or today().year
    units = list(
        filter_in_scope(Unit.objects.current().filter(level__in=[Level.CITY, Level.DISTRICT]), user).order_by(
            "code"
        )
    )
    if not units:
        units = list(scope_roots(user))
    target = norm_in_force().ratio_target
    codes = list(serving(user).filter(kind=WorkerKind.COMMUNITY).values_list("unit__code", flat=True))
    communities = list(
        Unit.objects.current().filter(level=Level.COMMUNITY, kind="社区").values_list("code", "population")
    )
    declared: dict[int, UrbanResidents] = {}
    for row in UrbanResidents.objects.filter(unit__in=units, year__lte=year).order_by("year"):
        declared[row.unit_id] = row
    rows = []
    for unit in units:
        prefix = unit.prefix
        if unit.id in declared:
            residents, synthetic = declared[unit.id].residents, declared[unit.id].synthetic
        else:
            residents = sum(p or 0 for c, p in communities if c.startswith(prefix)) or None
            synthetic = True
        rows.append(
            RatioRow(
                unit=unit,
                workers=sum(1 for c in codes if c.startswith(prefix)),
                residents=residents,
                residents_synthetic=synthetic,
                target=target,
            )
        )
    return rows


@dataclass
class StaffingRow:
    unit: Unit
    households: int | None
    norm: int | None
    counted: int
    total: int

    @property
    def shortfall(self) -> int:
        return max((self.norm or 0) - self.counted, 0)


def staffing_rows(*, user: User, root: Unit | None = None) -> list[StaffingRow]:
    norm = norm_in_force()
    communities = filter_in_scope(Unit.objects.current().filter(level=Level.COMMUNITY, kind="社区"), user)
    if root is not None:
        communities = communities.filter(code__startswith=root.prefix)
    workers = serving(user).filter(kind=WorkerKind.COMMUNITY)
    totals = Counter(code[:12] for code in workers.values_list("unit__code", flat=True))
    certified = Counter(
        code[:12] for code in workers.exclude(certificate="").values_list("unit__code", flat=True)
    )
    counted = certified if norm.certified_only else totals
    rows = [
        StaffingRow(
            unit=c,
            households=c.households,
            norm=engine.staffing_norm(
                c.households,
                tiers=norm.tiers,
                step_households=norm.step_households,
                step_workers=norm.step_workers,
                max_workers=norm.max_workers,
            ),
            counted=counted.get(c.code, 0),
            total=totals.get(c.code, 0),
        )
        for c in communities.select_related("parent").order_by("code")
    ]
    rows.sort(key=lambda r: (-r.shortfall, r.unit.code))
    return rows


AGE_BANDS = [(0, 29, "30岁以下"), (30, 39, "30–39岁"), (40, 49, "40–49岁"), (50, 200, "50岁及以上")]


def age_of(birth: dt.date, on: dt.date) -> int:
    return engine.full_years_between(birth, on)


def dashboard_figures(*, user: User) -> dict:
    qs = serving(user)
    on = today()
    by_kind = dict(qs.values_list("kind").annotate(n=Count("id")))
    education = dict(qs.values_list("education").annotate(n=Count("id")))
    ages: Counter[str] = Counter()
    for birth in qs.values_list("birth_date", flat=True):
        age = age_of(birth, on)
        ages[next(label for low, high, label in AGE_BANDS if low <= age <= high)] += 1
    pay_bins: Counter[int] = Counter(int(p // 500) for p in qs.values_list("monthly_pay", flat=True))
    pay_labels = [
        f"{b * 500}–{b * 500 + 499}" for b in range(min(pay_bins, default=0), max(pay_bins, default=-1) + 1)
    ]
    pay_values = [pay_bins.get(b, 0) for b in range(min(pay_bins, default=0), max(pay_bins, default=-1) + 1)]
    orders = filter_in_scope(AdjustmentOrder.objects.exclude(from_grade=None), user, "worker__unit__code")
    per_year = dict(
        orders.annotate(y=ExtractYear("effective_on")).values_list("y").annotate(n=Count("id")).order_by("y")
    )
    grades = dict(qs.values_list("grade").annotate(n=Count("id")))
    return {
        "headcount": sum(by_kind.values()),
        "community_workers": by_kind.get(WorkerKind.COMMUNITY, 0),
        "grid_workers": by_kind.get(WorkerKind.GRID, 0),
        "certified": qs.exclude(certificate="").count(),
        "synthetic": qs.filter(synthetic=True).exists(),
        "education": [
            {"name": str(label), "value": education.get(value, 0)} for value, label in Education.choices
        ],
        "ages": [{"name": label, "value": ages.get(label, 0)} for _, _, label in AGE_BANDS],
        "pay": {"labels": pay_labels, "values": pay_values},
        "adjustments": {"labels": [str(y) for y in per_year], "values": list(per_year.values())},
        "grades": {
            "labels": [f"{g}级" for g in sorted(grades)],
            "values": [grades[g] for g in sorted(grades)],
        },
    }


def promotions_by_year(*, user: User) -> list[dict]:
    records = filter_in_scope(PromotionRecord.objects.all(), user, "worker__unit__code")
    rows: dict[int, Counter[str]] = {}
    for year, kind in records.annotate(y=ExtractYear("date")).values_list("y", "kind"):
        rows.setdefault(year, Counter())[kind] += 1
    return [
        {"year": y, "counts": dict(c), "total": sum(c.values())}
        for y, c in sorted(rows.items(), reverse=True)
    ]


def recruitment_summary(*, user: User) -> list[dict]:
    """Each batch: how many it hired (in scope), how many still serve, and where they went by district."""
    from .models import RecruitmentBatch

    workers = workers_visible(user=user).exclude(recruitment_batch=None)
    placed: dict[int, Counter[str]] = {}
    serving_count: Counter[int] = Counter()
    for batch_id, code, status in workers.values_list("recruitment_batch_id", "unit__code", "status"):
        placed.setdefault(batch_id, Counter())[code[:6]] += 1
        serving_count[batch_id] += status == Status.SERVING
    names = dict(Unit.objects.current().filter(level=Level.DISTRICT).values_list("code", "name"))
    result = []
    for batch in RecruitmentBatch.objects.order_by("-year", "name"):
        districts = placed.get(batch.id, Counter())
        result.append(
            {
                "batch": batch,
                "hired": sum(districts.values()),
                "serving": serving_count.get(batch.id, 0),
                "districts": [
                    (names.get(code.ljust(12, "0"), code), n) for code, n in districts.most_common()
                ],
            }
        )
    return result
