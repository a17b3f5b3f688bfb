from __future__ import annotations

from jianfu.layout.models import LayoutPlan
from jianfu.layout.services.plans import plan_create, plan_run
from jianfu.regions.selectors import size_bounds_current


def run_plan(actor, scope, **kw) -> LayoutPlan:
    b = size_bounds_current()
    params = {
        "floor": b.floor,
        "ceiling": b.ceiling,
        "split_above": b.split_above,
        "merge_below": b.merge_below,
    }
    params.update(kw)
    plan = plan_create(actor=actor, scope=scope, title="测试方案", start_job=False, **params)
    return plan_run(plan_id=plan.pk)
