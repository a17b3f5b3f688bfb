"""Layout API (/api/v1/layout/...), scoped like the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from . import planning, selectors

router = Router(tags=["布局优化"])


class PlanOut(Schema):
    id: int
    title: str
    scope_id: int
    status: str
    progress: int
    progress_note: str
    summary: dict
    sentence: str
    violations: list[dict]
    infeasible: list[dict]
    error: str
    effective_on: dt.date | None


def _out(plan) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": plan.pk,
        "title": plan.title,
        "scope_id": plan.scope_id,
        "status": plan.status,
        "progress": plan.progress,
        "progress_note": plan.progress_note,
        "summary": plan.summary,
        "sentence": planning.summary_sentence(plan.summary),
        "violations": plan.violations,
        "infeasible": plan.infeasible,
        "error": plan.error,
        "effective_on": plan.effective_on,
    }


@router.get("/plans", response=list[PlanOut], summary="可见的布局优化方案")
def plans(request: HttpRequest, limit: int = 50) -> list[dict]:
    return [_out(p) for p in selectors.plans_visible(user=request.user)[: min(max(limit, 1), 200)]]


@router.get("/plans/{plan_id}", response=PlanOut, summary="方案详情（状态、进度、汇总、违规）")
def plan(request: HttpRequest, plan_id: int) -> dict:
    return _out(selectors.plan_get(user=request.user, plan_id=plan_id))
