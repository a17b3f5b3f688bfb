"""Configuration versions: the salary scale, the adjustment rules and the staffing norm.

A new version never edits an old one: history of what was in force stays readable.
Only the city office (or an administrator) sets them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import has_role

from ..models import AdjustmentRules, Allowance, Post, PostRange, SalaryGrade, SalaryScale, StaffingNorm

MAX_GRADE = 18
DEFAULT_RANGES = {Post.HEAD: (7, 18), Post.DEPUTY: (4, 15), Post.OTHER: (1, 12)}
# Grade pay: 3,476 yuan at grade 1, 131 yuan a grade; posts of responsibility carry a post differential.
# With the default 350-yuan 社会工作师 allowance this reproduces Hohhot's published top case:
# grade 3 (3,738) → grade 12 with the certificate (4,917 + 350 = 5,267).
DEFAULT_BASE, DEFAULT_STEP = Decimal(3476), Decimal(131)
DEFAULT_POST_DIFFERENTIAL = {Post.HEAD: Decimal(300), Post.DEPUTY: Decimal(150), Post.OTHER: Decimal(0)}


def _require_city(actor: User | None) -> None:
    if actor is not None and not has_role(actor, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以修改薪酬标准、晋级规则和配备标准。")


def default_pays() -> dict[tuple[str, int], Decimal]:
    return {
        (post, grade): DEFAULT_BASE + DEFAULT_STEP * (grade - 1) + DEFAULT_POST_DIFFERENTIAL[post]
        for post, (low, high) in DEFAULT_RANGES.items()
        for grade in range(low, high + 1)
    }


def scale_validate(
    *,
    ranges: dict[str, tuple[int, int]],
    pays: dict[tuple[str, int], Decimal],
    housing_fund_rate: Decimal,
    housing_fund_base_min: Decimal,
    housing_fund_base_max: Decimal,
) -> None:
    """Every error at once, in Chinese: missing posts, gaps, pay out of order, fund parameters."""
    errors: list[str] = []
    for post in Post:
        if post.value not in ranges:
            errors.append(f"缺少“{post.label}”岗位的等级范围。")
            continue
        low, high = ranges[post.value]
        if not 1 <= low <= high <= MAX_GRADE:
            errors.append(
                f"“{post.label}”岗位的等级范围 {low}–{high} 无效（应在 1–{MAX_GRADE} 级之间且下限不大于上限）。"
            )
            continue
        missing = [g for g in range(low, high + 1) if pays.get((post.value, g)) is None]
        if missing:
            errors.append(
                f"“{post.label}”岗位第 {'、'.join(map(str, missing))} 级没有工资标准：等级工资必须从 {low} 级到 {high} 级连续无缺档。"
            )
            continue
        outside = sorted(g for p, g in pays if p == post.value and not low <= g <= high)
        if outside:
            errors.append(
                f"“{post.label}”岗位第 {'、'.join(map(str, outside))} 级超出其等级范围 {low}–{high} 级。"
            )
        values = [pays[(post.value, g)] for g in range(low, high + 1)]
        if any(v <= 0 for v in values):
            errors.append(f"“{post.label}”岗位的等级工资必须大于 0。")
        elif any(b < a for a, b in zip(values, values[1:], strict=False)):
            errors.append(f"“{post.label}”岗位的等级工资应随等级递增。")
    if not Decimal("0.05") <= housing_fund_rate <= Decimal("0.12"):
        errors.append(f"公积金缴存比例 {housing_fund_rate} 应在 5%–12%（0.05–0.12）之间。")
    if housing_fund_base_min <= 0 or housing_fund_base_min >= housing_fund_base_max:
        errors.append("公积金缴存基数下限应大于 0 且小于上限。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def scale_create(
    *,
    actor: User | None,
    effective_from: dt.date,
    ranges: dict[str, tuple[int, int]],
    pays: dict[tuple[str, int], Decimal],
    certificate_allowances: dict[str, Decimal] | None = None,
    allowances: list[tuple[str, Decimal, str]] | None = None,
    housing_fund_rate: Decimal = Decimal("0.12"),
    housing_fund_base_min: Decimal = Decimal(1980),
    housing_fund_base_max: Decimal = Decimal(25000),
    note: str = "",
) -> SalaryScale:
    _require_city(actor)
    scale_validate(
        ranges=ranges,
        pays=pays,
        housing_fund_rate=housing_fund_rate,
        housing_fund_base_min=housing_fund_base_min,
        housing_fund_base_max=housing_fund_base_max,
    )
    certificate_allowances = certificate_allowances or {}
    if any(v < 0 for v in certificate_allowances.values()) or any(a[1] < 0 for a in allowances or []):
        raise ValidationError("津贴金额不能为负数。")
    scale = SalaryScale.objects.create(
        effective_from=effective_from,
        note=note,
        created_by=actor,
        housing_fund_rate=housing_fund_rate,
        housing_fund_base_min=housing_fund_base_min,
        housing_fund_base_max=housing_fund_base_max,
        **{f"certificate_allowance_{level}": amount for level, amount in certificate_allowances.items()},
    )
    PostRange.objects.bulk_create(
        PostRange(scale=scale, post=post, min_grade=low, max_grade=high)
        for post, (low, high) in ranges.items()
    )
    SalaryGrade.objects.bulk_create(
        SalaryGrade(scale=scale, post=post, grade=grade, monthly_pay=pay)
        for (post, grade), pay in pays.items()
    )
    Allowance.objects.bulk_create(
        Allowance(scale=scale, name=name, amount=amount, post=post) for name, amount, post in allowances or []
    )
    audit_record(
        actor=actor,
        action="salary_scale.create",
        target=scale,
        after={
            **snapshot(scale),
            "ranges": {p: list(r) for p, r in ranges.items()},
            "pays": {f"{p}-{g}": str(v) for (p, g), v in sorted(pays.items())},
        },
    )
    return scale


def scale_create_default(
    *, actor: User | None = None, effective_from: dt.date, note: str = ""
) -> SalaryScale:
    return scale_create(
        actor=actor,
        effective_from=effective_from,
        ranges={p.value: r for p, r in DEFAULT_RANGES.items()},
        pays={(p.value, g): v for (p, g), v in default_pays().items()},
        note=note or "默认标准：正职7–18级、副职4–15级、其他1–12级",
    )


@transaction.atomic
def rules_create(
    *, actor: User | None, effective_from: dt.date, note: str = "", **values: Any
) -> AdjustmentRules:
    _require_city(actor)
    if values.get("years_per_grade", 3) < 1:
        raise ValidationError("每晋一级所需年限至少为 1 年。")
    rules = AdjustmentRules.objects.create(
        effective_from=effective_from, note=note, created_by=actor, **values
    )
    audit_record(actor=actor, action="adjustment_rules.create", target=rules, after=snapshot(rules))
    return rules


def tiers_validate(tiers: list[list[int]]) -> list[list[int]]:
    try:
        clean = [[int(limit), int(n)] for limit, n in tiers]
    except (TypeError, ValueError) as exc:
        raise ValidationError("户数分档格式应为“户数上限:人数”，每行一档。") from exc
    if not clean:
        raise ValidationError("至少需要一档配备标准。")
    limits = [limit for limit, _ in clean]
    if limits != sorted(limits) or len(set(limits)) != len(limits) or limits[0] <= 0:
        raise ValidationError("户数上限应为正数并严格递增。")
    if any(n < 1 for _, n in clean) or any(b[1] < a[1] for a, b in zip(clean, clean[1:], strict=False)):
        raise ValidationError("配备人数应至少为 1 且随户数不减少。")
    return clean


@transaction.atomic
def norm_create(
    *,
    actor: User | None,
    effective_from: dt.date,
    tiers: list[list[int]],
    step_households: int = 500,
    step_workers: int = 1,
    max_workers: int = 17,
    certified_only: bool = True,
    ratio_target: Decimal = Decimal(18),
    note: str = "",
) -> StaffingNorm:
    _require_city(actor)
    tiers = tiers_validate(tiers)
    if step_households < 1 or max_workers < tiers[-1][1]:
        raise ValidationError("每档户数至少为 1，最多人数不能低于最高一档的人数。")
    if ratio_target <= 0:
        raise ValidationError("每万人目标数应大于 0。")
    norm = StaffingNorm.objects.create(
        effective_from=effective_from,
        tiers=tiers,
        step_households=step_households,
        step_workers=step_workers,
        max_workers=max_workers,
        certified_only=certified_only,
        ratio_target=ratio_target,
        note=note,
        created_by=actor,
    )
    audit_record(actor=actor, action="staffing_norm.create", target=norm, after=snapshot(norm))
    return norm
