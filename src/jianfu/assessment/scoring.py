"""Scoring a year: indicator scores, reverse deductions from confirmed violations, final score, ranking.

final = max(0, base × Σ(weight × indicator score) / (Σ weight × 100) − deductions)

Deductions: each counted violation of the year costs its type's points; from the scheme's
`repeat_from`-th violation of the same department on, the points are multiplied by `repeat_multiplier`;
a type's total stops at its `type_cap`, the department's total at `deduction_cap` (0 = no cap).
A published year reads its frozen result rows instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from jianfu.core.models import Department

from .indicators import MANUAL, provider_scores
from .models import COUNTED_STATUSES, AssessmentScheme, DeductionRule, DirectReport, IndicatorScore

ZERO = Decimal("0")
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


@dataclass
class DeductionLine:
    report_id: int
    number: str
    violation_type: str
    points: Decimal
    repeat: bool
    capped: bool = False


@dataclass
class DepartmentScore:
    department: Department
    indicator_scores: dict[str, Decimal] = field(default_factory=dict)
    weighted: Decimal = ZERO
    violations: int = 0
    deductions: Decimal = ZERO
    final: Decimal = ZERO
    rank: int = 0
    lines: list[DeductionLine] = field(default_factory=list)


def deductions_compute(
    *, scheme: AssessmentScheme, rules: dict[str, DeductionRule], reports: Iterable[DirectReport]
) -> tuple[Decimal, list[DeductionLine]]:
    """One department's deductions from its counted violations, oldest first."""
    lines: list[DeductionLine] = []
    by_type: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for n, report in enumerate(sorted(reports, key=lambda r: (r.occurred_on, r.pk)), start=1):
        rule = rules.get(report.violation_type)
        points = rule.points if rule else ZERO
        repeat = n >= scheme.repeat_from
        if repeat:
            points *= scheme.repeat_multiplier
        capped = False
        if rule and rule.type_cap > 0 and by_type[report.violation_type] + points > rule.type_cap:
            points, capped = max(rule.type_cap - by_type[report.violation_type], ZERO), True
        points = q2(points)
        by_type[report.violation_type] += points
        lines.append(DeductionLine(report.pk, report.number, report.violation_type, points, repeat, capped))
    total = sum((line.points for line in lines), ZERO)
    if scheme.deduction_cap > 0 and total > scheme.deduction_cap:
        total = scheme.deduction_cap
    return q2(total), lines


def counted_violations(*, year: int) -> dict[int, list[DirectReport]]:
    grouped: dict[int, list[DirectReport]] = defaultdict(list)
    for report in DirectReport.objects.filter(year=year, status__in=COUNTED_STATUSES).only(
        "pk", "number", "department_id", "violation_type", "occurred_on"
    ):
        grouped[report.department_id].append(report)
    return grouped


def assessed_departments() -> list[Department]:
    return list(Department.objects.filter(is_active=True).order_by("code"))


def _indicator_table(
    scheme: AssessmentScheme, departments: list[Department]
) -> dict[str, dict[int, Decimal]]:
    """Per indicator code, per department id, the 0–100 score (defaults filled in)."""
    table: dict[str, dict[int, Decimal]] = {}
    for indicator in scheme.indicators.all():
        if indicator.source == MANUAL:
            found = dict(
                IndicatorScore.objects.filter(indicator=indicator).values_list("department_id", "score")
            )
        else:
            found = provider_scores(indicator.source, year=scheme.year, departments=departments)
        table[indicator.code] = {d.pk: found.get(d.pk, indicator.default_score) for d in departments}
    return table


def rank_scores(scores: list[DepartmentScore]) -> list[DepartmentScore]:
    """Highest final first; equal finals share a rank (1, 2, 2, 4)."""
    scores.sort(key=lambda s: (-s.final, s.department.code))
    previous, rank = None, 0
    for position, s in enumerate(scores, start=1):
        if s.final != previous:
            rank, previous = position, s.final
        s.rank = rank
    return scores


def scheme_compute(scheme: AssessmentScheme) -> list[DepartmentScore]:
    """Live scores of an open year (also used at publishing)."""
    departments = assessed_departments()
    indicators = list(scheme.indicators.all())
    table = _indicator_table(scheme, departments)
    rules = {r.violation_type: r for r in scheme.rules.all()}
    violations = counted_violations(year=scheme.year)
    total_weight = sum((i.weight for i in indicators), ZERO)
    scores = []
    for department in departments:
        per = {i.code: table[i.code][department.pk] for i in indicators}
        if total_weight > 0:
            weighted = (
                scheme.base_score * sum(i.weight * per[i.code] for i in indicators) / (total_weight * 100)
            )
        else:
            weighted = scheme.base_score
        deductions, lines = deductions_compute(
            scheme=scheme, rules=rules, reports=violations.get(department.pk, [])
        )
        weighted = q2(weighted)
        scores.append(
            DepartmentScore(
                department=department,
                indicator_scores=per,
                weighted=weighted,
                violations=len(lines),
                deductions=deductions,
                final=max(q2(weighted - deductions), ZERO),
                lines=lines,
            )
        )
    return rank_scores(scores)


def scheme_scores(scheme: AssessmentScheme) -> list[DepartmentScore]:
    """The year's scores: frozen rows once published, computed live before."""
    if not scheme.is_published:
        return scheme_compute(scheme)
    return [
        DepartmentScore(
            department=r.department,
            indicator_scores={k: Decimal(v) for k, v in r.indicator_scores.items()},
            weighted=r.weighted_score,
            violations=r.violations,
            deductions=r.deductions,
            final=r.final_score,
            rank=r.rank,
        )
        for r in scheme.results.select_related("department").order_by("rank", "department__code")
    ]


def department_score(scheme: AssessmentScheme, department_id: int) -> DepartmentScore | None:
    return next((s for s in scheme_scores(scheme) if s.department.pk == department_id), None)


def year_closed(year: int) -> bool:
    """A year is closed when its assessment is published, or when the calendar year is over.

    Notices are drafted only for closed years, so that a notice never names a department for a
    year whose violations may still be reported within the year.
    """
    if AssessmentScheme.objects.filter(year=year, status="published").exists():
        return True
    return year < timezone.localdate().year
