"""Reads: configuration in force on a date, and the roster as the viewing user may see it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jianfu.core.models import User
from jianfu.core.scope import filter_in_scope

from . import engine
from .idnumber import id_digest
from .models import (
    AdjustmentBatch,
    AdjustmentRules,
    Certificate,
    Post,
    SalaryScale,
    StaffingNorm,
    Worker,
)

TAIYUAN_TIERS = [[2000, 3], [3000, 4], [4000, 5], [5000, 6]]


def today() -> dt.date:
    return timezone.localdate()


def scale_in_force(*, on: dt.date | None = None) -> SalaryScale | None:
    on = on or today()
    return SalaryScale.objects.filter(effective_from__lte=on).order_by("-effective_from", "-id").first()


def rules_in_force(*, on: dt.date | None = None) -> AdjustmentRules:
    on = on or today()
    found = AdjustmentRules.objects.filter(effective_from__lte=on).order_by("-effective_from", "-id").first()
    return found or AdjustmentRules(effective_from=dt.date(2000, 1, 1))


def norm_in_force(*, on: dt.date | None = None) -> StaffingNorm:
    on = on or today()
    found = StaffingNorm.objects.filter(effective_from__lte=on).order_by("-effective_from", "-id").first()
    return found or StaffingNorm(effective_from=dt.date(2000, 1, 1), tiers=TAIYUAN_TIERS)


@dataclass
class ScaleTables:
    """A scale version loaded into dictionaries, for computing many workers' pay without queries."""

    scale: SalaryScale
    ranges: dict[str, tuple[int, int]]
    grade_pay: dict[tuple[str, int], Decimal]
    certificate_allowance: dict[str, Decimal]
    allowances: list[tuple[str, Decimal]]

    def range_of(self, post: str) -> tuple[int, int]:
        if post not in self.ranges:
            raise ValidationError(f"薪酬标准未设置“{Post(post).label}”岗位的等级范围。")
        return self.ranges[post]

    def grade_validate(self, post: str, grade: int) -> None:
        low, high = self.range_of(post)
        if not low <= grade <= high:
            raise ValidationError(f"等级 {grade} 超出“{Post(post).label}”岗位的等级范围 {low}–{high} 级。")

    def pay(self, post: str, grade: int, certificate: str) -> Decimal:
        self.grade_validate(post, grade)
        return engine.pay_for(
            grade_pay=self.grade_pay,
            certificate_allowance=self.certificate_allowance,
            post_allowances=self.allowances,
            post=post,
            grade=grade,
            certificate=certificate,
        )

    def housing_fund_base(self, pay: Decimal) -> Decimal:
        return min(max(pay, self.scale.housing_fund_base_min), self.scale.housing_fund_base_max)


def scale_tables(scale: SalaryScale) -> ScaleTables:
    return ScaleTables(
        scale=scale,
        ranges={r.post: (r.min_grade, r.max_grade) for r in scale.post_ranges.all()},
        grade_pay={(g.post, g.grade): g.monthly_pay for g in scale.grades.all()},
        certificate_allowance={
            Certificate.ASSISTANT: scale.certificate_allowance_assistant,
            Certificate.SOCIAL_WORKER: scale.certificate_allowance_social_worker,
            Certificate.SENIOR: scale.certificate_allowance_senior,
        },
        allowances=[(a.post, a.amount) for a in scale.allowances.all()],
    )


def scale_tables_in_force(*, on: dt.date | None = None) -> ScaleTables:
    scale = scale_in_force(on=on)
    if scale is None:
        raise ValidationError(f"{on or today()} 没有生效的薪酬标准，请先由市级减负办设置三岗十八级薪酬标准。")
    return scale_tables(scale)


def workers_visible(*, user: User) -> QuerySet[Worker]:
    return filter_in_scope(Worker.objects.select_related("unit", "unit__parent"), user, "unit__code")


def worker_get(*, user: User, worker_id: int) -> Worker:
    worker = workers_visible(user=user).filter(pk=worker_id).first()
    if worker is None:
        raise Http404("没有这名工作者，或不在您的管辖范围内")
    return worker


def workers_search(
    *,
    user: User,
    query: str = "",
    unit_code: str = "",
    status: str = "",
    post: str = "",
    kind: str = "",
) -> QuerySet[Worker]:
    qs = workers_visible(user=user)
    query = query.strip()
    if query:
        qs = qs.filter(_search_q(query))
    if unit_code:
        qs = qs.filter(unit__code__startswith=unit_code)
    if status:
        qs = qs.filter(status=status)
    if post:
        qs = qs.filter(post=post)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("unit__code", "post", "-grade", "name")


def _search_q(query: str) -> Q:
    """By name or by the last four ID digits (a whole number is looked up by POST: `workers_by_id_number`)."""
    cond = Q(name__contains=query)
    upper = query.upper()
    if re.fullmatch(r"\d{3}[\dX]", upper):
        cond |= Q(id_last4=upper)
    return cond


def workers_by_id_number(*, user: User, number: str) -> QuerySet[Worker]:
    """The worker (in the user's area) holding a validated, normalized ID number, matched through its digest."""
    return workers_visible(user=user).filter(id_hash=id_digest(number))


def batches_visible(*, user: User) -> QuerySet[AdjustmentBatch]:
    return filter_in_scope(
        AdjustmentBatch.objects.select_related("unit", "created_by", "decided_by"), user, "unit__code"
    )


def batch_get(*, user: User, batch_id: int) -> AdjustmentBatch:
    batch = batches_visible(user=user).filter(pk=batch_id).first()
    if batch is None:
        raise Http404("没有这个调级批次，或不在您的管辖范围内")
    return batch
