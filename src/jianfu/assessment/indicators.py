"""Indicator providers: where an indicator's per-department scores (0–100) come from.

An Indicator row names its source by key. "manual" reads the scores the office entered; any other
key looks up a provider registered here. A provider takes the year and the departments and returns
{department_id: score}; a department it has no data for is left out, and the indicator's
`default_score` applies. Other apps add providers with `@indicator_provider("key", "label")`.

The street-whistle provider ("dispatch") imports jianfu.dispatch lazily: while that app is absent
(or exposes no `department_dispatch_scores`), it returns nothing and the default score applies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module

from django.apps import apps
from django.db.models import Count, Q

from jianfu.core.models import Department

Scores = dict[int, Decimal]
Provider = Callable[[int, list[Department]], Scores]

MANUAL = "manual"


@dataclass(frozen=True)
class ProviderInfo:
    key: str
    label: str
    description: str
    func: Provider


_PROVIDERS: dict[str, ProviderInfo] = {}


def indicator_provider(key: str, label: str, description: str = "") -> Callable[[Provider], Provider]:
    def register(func: Provider) -> Provider:
        _PROVIDERS[key] = ProviderInfo(key, label, description, func)
        return func

    return register


def provider_choices() -> list[tuple[str, str]]:
    return [(MANUAL, "人工评分")] + [(p.key, p.label) for p in _PROVIDERS.values()]


def provider_get(key: str) -> ProviderInfo | None:
    return _PROVIDERS.get(key)


def provider_scores(key: str, *, year: int, departments: Iterable[Department]) -> Scores:
    info = _PROVIDERS.get(key)
    if info is None:
        return {}
    return info.func(year, list(departments))


def _pct(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@indicator_provider(
    "admission_compliance",
    "准入合规率（减负）",
    "本年度提交的准入申请中，未被预审或审核拒绝的比例；没有申请的部门按“无数据时得分”计。",
)
def admission_compliance(year: int, departments: list[Department]) -> Scores:
    from jianfu.admission.models import AdmissionRequest, RequestStatus

    refused = (RequestStatus.REFUSED, RequestStatus.PRECHECK_REFUSED)
    rows = (
        AdmissionRequest.objects.filter(department__in=departments, created_at__year=year)
        .exclude(status=RequestStatus.WITHDRAWN)
        .values("department_id")
        .annotate(total=Count("id"), refused=Count("id", filter=Q(status__in=refused)))
    )
    return {
        r["department_id"]: _pct(100 * (r["total"] - r["refused"]) / r["total"]) for r in rows if r["total"]
    }


# How the street-whistle record turns into a 0–100 score: timeliness weighs more than the rating.
DISPATCH_ON_TIME_SHARE = Decimal("0.6")
DISPATCH_RATING_SHARE = Decimal("0.4")
DISPATCH_RATING_MAX = Decimal("5")


@indicator_provider(
    "dispatch",
    "吹哨报到响应（按时率与评价）",
    "按时率 × 60% + 平均评价（5 分制）× 40%，来自吹哨报到模块；模块未启用时按“无数据时得分”计。",
)
def dispatch_scores(year: int, departments: list[Department]) -> Scores:
    if not apps.is_installed("jianfu.dispatch"):
        return {}
    try:
        selector = import_module("jianfu.dispatch.selectors").department_dispatch_scores
    except (ImportError, AttributeError):
        return {}
    wanted = {d.pk for d in departments}
    scores: Scores = {}
    for row in selector(year=year):
        if row.department_id not in wanted:
            continue
        on_time, rating = row.on_time_rate, row.average_rating
        if on_time is None and rating is None:
            continue
        on_time_part = Decimal(str(on_time if on_time is not None else 1))
        rating_part = Decimal(str(rating)) / DISPATCH_RATING_MAX if rating is not None else on_time_part
        score = 100 * (DISPATCH_ON_TIME_SHARE * on_time_part + DISPATCH_RATING_SHARE * rating_part)
        scores[row.department_id] = _pct(min(score, Decimal(100)))
    return scores
