"""The assessment scheme of a year: create, configure (rules, indicators, manual scores), publish (freeze)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Department, Role, User
from jianfu.core.scope import has_role

from ..indicators import MANUAL, provider_choices
from ..models import (
    AssessmentResult,
    AssessmentScheme,
    DeductionRule,
    Indicator,
    IndicatorScore,
    SchemeStatus,
    ViolationType,
)
from ..scoring import scheme_compute

DEFAULT_POINTS = {
    ViolationType.NEGATIVE_WORK: Decimal("3"),
    ViolationType.CERTIFICATE: Decimal("2"),
    ViolationType.UNADMITTED: Decimal("2"),
    ViolationType.FORMALISM: Decimal("1"),
}
DEFAULT_INDICATORS = [
    ("GZ", "重点工作任务完成情况", Decimal("40"), MANUAL, "由市考核办按年度重点任务评分"),
    ("JF", "基层减负·准入合规", Decimal("20"), "admission_compliance", "向基层派活是否先经准入"),
    ("CS", "吹哨报到响应", Decimal("20"), "dispatch", "街道吹哨后的按时报到与评价"),
    ("MY", "基层满意度", Decimal("20"), MANUAL, "社区（村）对部门服务基层的满意度测评"),
]


def require_city(actor: User) -> None:
    if not has_role(actor, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以配置和发布部门考核。")


def _require_open(scheme: AssessmentScheme) -> None:
    if scheme.is_published:
        raise ValidationError(f"{scheme.year}年度考核结果已发布并冻结，不能修改。")


@transaction.atomic
def scheme_create(*, actor: User | None, year: int, is_demo: bool = False) -> AssessmentScheme:
    """A new year's scheme, copied from the latest earlier scheme or from the defaults."""
    if actor is not None:
        require_city(actor)
    if not 2000 <= year <= 2100:
        raise ValidationError(f"年度 {year} 无效。")
    if AssessmentScheme.objects.filter(year=year).exists():
        raise ValidationError(f"{year}年度考核方案已存在。")
    previous = AssessmentScheme.objects.filter(year__lt=year).order_by("-year").first()
    fields = ("base_score", "deduction_cap", "repeat_from", "repeat_multiplier", "appeal_working_days")
    values = {f: getattr(previous, f) for f in fields} if previous else {}
    scheme = AssessmentScheme.objects.create(
        year=year, name=f"{year}年度市直部门绩效考核", is_demo=is_demo, **values
    )
    if previous:
        for rule in previous.rules.all():
            DeductionRule.objects.create(
                scheme=scheme, violation_type=rule.violation_type, points=rule.points, type_cap=rule.type_cap
            )
        for ind in previous.indicators.all():
            Indicator.objects.create(
                scheme=scheme,
                code=ind.code,
                name=ind.name,
                weight=ind.weight,
                source=ind.source,
                default_score=ind.default_score,
                description=ind.description,
                sort_order=ind.sort_order,
            )
    else:
        for vtype, points in DEFAULT_POINTS.items():
            DeductionRule.objects.create(scheme=scheme, violation_type=vtype, points=points)
        for order, (code, name, weight, source, description) in enumerate(DEFAULT_INDICATORS, start=1):
            Indicator.objects.create(
                scheme=scheme,
                code=code,
                name=name,
                weight=weight,
                source=source,
                description=description,
                sort_order=order,
            )
    audit_record(actor=actor, action="assessment.scheme_create", target=scheme, after=snapshot(scheme))
    return scheme


def _decimal(value: Any, label: str, errors: list[str], *, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.append(f"{label}应为数字。")
        return low
    if not number.is_finite() or number < low or number > high:
        errors.append(f"{label}应在 {low} 到 {high} 之间。")
        return low
    return number


def _clean_indicators(rows: list[dict[str, Any]], errors: list[str]) -> list[dict[str, Any]]:
    sources = dict(provider_choices())
    cleaned, codes = [], set()
    for n, row in enumerate(rows, start=1):
        code, name = str(row.get("code", "")).strip(), str(row.get("name", "")).strip()
        if not code and not name:
            continue
        if not code or not name:
            errors.append(f"第 {n} 个指标：编码和名称都要填写。")
            continue
        if code in codes:
            errors.append(f"指标编码“{code}”重复。")
        codes.add(code)
        source = row.get("source") or MANUAL
        if source not in sources:
            errors.append(f"指标“{name}”的数据来源“{source}”无效。")
        cleaned.append(
            {
                "code": code[:20],
                "name": name[:100],
                "weight": _decimal(
                    row.get("weight"), f"指标“{name}”的权重", errors, low=Decimal(0), high=Decimal(100)
                ),
                "source": source,
                "default_score": _decimal(
                    row.get("default_score", 100),
                    f"指标“{name}”的无数据得分",
                    errors,
                    low=Decimal(0),
                    high=Decimal(100),
                ),
                "description": str(row.get("description", "")).strip()[:300],
                "sort_order": n,
            }
        )
    if cleaned and sum(r["weight"] for r in cleaned) != 100:
        errors.append(f"各指标权重之和应为 100%，现为 {sum(r['weight'] for r in cleaned)}%。")
    return cleaned


@transaction.atomic
def scheme_update(
    *,
    actor: User,
    scheme: AssessmentScheme,
    values: dict[str, Any],
    rules: dict[str, tuple[Any, Any]],
    indicators: list[dict[str, Any]],
) -> AssessmentScheme:
    """Replace the scheme's settings, deduction rules and indicators at once; all checked first."""
    require_city(actor)
    scheme = AssessmentScheme.objects.select_for_update().get(pk=scheme.pk)
    _require_open(scheme)
    errors: list[str] = []
    name = str(values.get("name", "")).strip()
    if not name:
        errors.append("请填写方案名称。")
    base = _decimal(values.get("base_score"), "基础分", errors, low=Decimal(1), high=Decimal(1000))
    cap = _decimal(values.get("deduction_cap"), "扣分上限", errors, low=Decimal(0), high=Decimal(1000))
    multiplier = _decimal(
        values.get("repeat_multiplier"), "加重倍数", errors, low=Decimal(1), high=Decimal(10)
    )
    repeat_from = _decimal(
        values.get("repeat_from"), "第几次起加重", errors, low=Decimal(2), high=Decimal(50)
    )
    appeal_days = _decimal(
        values.get("appeal_working_days"), "申诉期限", errors, low=Decimal(1), high=Decimal(60)
    )
    clean_rules = {}
    for vtype in ViolationType:
        points, type_cap = rules.get(vtype.value, ("0", "0"))
        clean_rules[vtype.value] = (
            _decimal(points, f"“{vtype.label}”每起扣分", errors, low=Decimal(0), high=Decimal(100)),
            _decimal(type_cap or 0, f"“{vtype.label}”扣分上限", errors, low=Decimal(0), high=Decimal(1000)),
        )
    clean_indicators = _clean_indicators(indicators, errors)
    if errors:
        raise ValidationError(errors)
    before = {
        "scheme": snapshot(scheme),
        "rules": _rules_snapshot(scheme),
        "indicators": _indicators_snapshot(scheme),
    }
    scheme.name, scheme.base_score, scheme.deduction_cap = name[:100], base, cap
    scheme.repeat_multiplier, scheme.repeat_from = multiplier, int(repeat_from)
    scheme.appeal_working_days = int(appeal_days)
    scheme.save()
    for vtype, (points, type_cap) in clean_rules.items():
        DeductionRule.objects.update_or_create(
            scheme=scheme, violation_type=vtype, defaults={"points": points, "type_cap": type_cap}
        )
    kept = []
    for row in clean_indicators:
        indicator, _ = Indicator.objects.update_or_create(scheme=scheme, code=row["code"], defaults=row)
        kept.append(indicator.pk)
    scheme.indicators.exclude(pk__in=kept).delete()
    after = {
        "scheme": snapshot(scheme),
        "rules": _rules_snapshot(scheme),
        "indicators": _indicators_snapshot(scheme),
    }
    audit_record(actor=actor, action="assessment.scheme_update", target=scheme, before=before, after=after)
    return scheme


def _rules_snapshot(scheme: AssessmentScheme) -> dict[str, list[str]]:
    return {r.violation_type: [str(r.points), str(r.type_cap)] for r in scheme.rules.all()}


def _indicators_snapshot(scheme: AssessmentScheme) -> list[dict[str, str]]:
    return [{"code": i.code, "weight": str(i.weight), "source": i.source} for i in scheme.indicators.all()]


@transaction.atomic
def indicator_scores_set(*, actor: User, indicator: Indicator, scores: dict[int, Any]) -> int:
    """Manual scores (0–100) for departments; a blank value removes the score (default applies)."""
    require_city(actor)
    _require_open(indicator.scheme)
    if indicator.source != MANUAL:
        raise ValidationError(f"指标“{indicator.name}”的得分来自系统数据，不能人工录入。")
    departments = {d.pk: d for d in Department.objects.filter(pk__in=scores)}
    errors: list[str] = []
    clean: dict[int, Decimal | None] = {}
    for dept_id, value in scores.items():
        if dept_id not in departments:
            errors.append(f"部门编号 {dept_id} 不存在。")
            continue
        text = "" if value is None else str(value).strip()
        clean[dept_id] = (
            None
            if text == ""
            else _decimal(text, f"{departments[dept_id]}的得分", errors, low=Decimal(0), high=Decimal(100))
        )
    if errors:
        raise ValidationError(errors)
    before = dict(IndicatorScore.objects.filter(indicator=indicator).values_list("department_id", "score"))
    for dept_id, score in clean.items():
        if score is None:
            IndicatorScore.objects.filter(indicator=indicator, department_id=dept_id).delete()
        else:
            IndicatorScore.objects.update_or_create(
                indicator=indicator, department_id=dept_id, defaults={"score": score}
            )
    after = dict(IndicatorScore.objects.filter(indicator=indicator).values_list("department_id", "score"))
    audit_record(
        actor=actor,
        action="assessment.indicator_scores_set",
        target=indicator,
        before={str(k): str(v) for k, v in before.items()},
        after={str(k): str(v) for k, v in after.items()},
    )
    return len(clean)


@transaction.atomic
def scheme_publish(*, actor: User | None, scheme: AssessmentScheme) -> AssessmentScheme:
    """Freeze the year: the scores as computed now become the published result."""
    if actor is not None:
        require_city(actor)
    scheme = AssessmentScheme.objects.select_for_update().get(pk=scheme.pk)
    _require_open(scheme)
    if not scheme.indicators.exists():
        raise ValidationError("考核方案还没有指标，不能发布。")
    pending = scheme_pending_reports(scheme.year)
    if pending:
        raise ValidationError(f"{scheme.year}年度还有 {pending} 件直报待研判或申诉待处理，请先办结再发布。")
    before = snapshot(scheme)
    for s in scheme_compute(scheme):
        AssessmentResult.objects.create(
            scheme=scheme,
            department=s.department,
            indicator_scores={k: str(v) for k, v in s.indicator_scores.items()},
            weighted_score=s.weighted,
            violations=s.violations,
            deductions=s.deductions,
            final_score=s.final,
            rank=s.rank,
        )
    scheme.status, scheme.published_at, scheme.published_by = SchemeStatus.PUBLISHED, timezone.now(), actor
    scheme.save()
    audit_record(
        actor=actor, action="assessment.scheme_publish", target=scheme, before=before, after=snapshot(scheme)
    )
    return scheme


def scheme_pending_reports(year: int) -> int:
    from ..models import DirectReport, ReportStatus

    return DirectReport.objects.filter(
        year=year, status__in=(ReportStatus.SUBMITTED, ReportStatus.APPEALED)
    ).count()
