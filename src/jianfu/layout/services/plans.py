"""Plans: create, run (as a job), edit, approve."""

from __future__ import annotations

import logging
import threading

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction

import regionalize as rz
from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import User
from jianfu.regions.models import Unit

from .. import planning
from ..access import PLAN_SCOPE_LEVELS, require_owner
from ..inputs import PlanInputError, plan_input_load
from ..models import LayoutPlan, PlanMode, PlanRegion, PlanStatus

log = logging.getLogger(__name__)
CN_NUMERALS = "一二三四五六七八九十"


def bounds_validate(*, floor: int, ceiling: int, split_above: int, merge_below: int) -> None:
    for label, value in (
        ("户数下限", floor),
        ("户数上限", ceiling),
        ("拆分线", split_above),
        ("撤并线", merge_below),
    ):
        if value is None or value <= 0:
            raise ValidationError(f"{label}必须为正整数。")
    if floor >= ceiling:
        raise ValidationError(f"户数下限（{floor}）必须小于上限（{ceiling}）。")
    if split_above < ceiling:
        raise ValidationError(f"拆分线（{split_above}）不能低于户数上限（{ceiling}）。")
    if merge_below > floor:
        raise ValidationError(f"撤并线（{merge_below}）不能高于户数下限（{floor}）。")


@transaction.atomic
def plan_create(
    *,
    actor: User,
    scope: Unit,
    title: str,
    floor: int,
    ceiling: int,
    split_above: int,
    merge_below: int,
    mode: str = PlanMode.SEED,
    allow_cross_streets: bool = False,
    seed: int = 0,
    max_edge_m: int | None = None,
    start_job: bool = True,
) -> LayoutPlan:
    require_owner(actor, scope, "制定")
    if scope.level not in PLAN_SCOPE_LEVELS or not scope.is_current:
        raise ValidationError("方案范围必须是现行的市、区县或街道。")
    if mode not in PlanMode.values:
        raise ValidationError(f"未知的调整方式“{mode}”。")
    bounds_validate(floor=floor, ceiling=ceiling, split_above=split_above, merge_below=merge_below)
    if max_edge_m is not None and max_edge_m <= 0:
        raise ValidationError("邻接距离上限必须为正数。")
    plan = LayoutPlan.objects.create(
        title=(title or "").strip() or f"{scope.name}社区布局优化方案",
        scope=scope,
        mode=mode,
        floor=floor,
        ceiling=ceiling,
        split_above=split_above,
        merge_below=merge_below,
        allow_cross_streets=allow_cross_streets,
        seed=seed,
        max_edge_m=max_edge_m,
        created_by=actor,
        progress_note="等待计算",
    )
    audit_record(
        actor=actor, action="layout_plan.create", target=plan, scope_code=scope.code, after=snapshot(plan)
    )
    if start_job:
        transaction.on_commit(lambda: plan_job_start(plan_id=plan.pk))
    return plan


def plan_job_start(*, plan_id: int) -> None:
    """Celery when a broker is configured; otherwise a thread in this process. Inline (in the
    request) when LAYOUT_JOBS_INLINE is set or on SQLite, whose single writer would make the job and
    the polling page lock each other out."""
    if settings.CELERY_BROKER_URL:
        from ..tasks import plan_run_task

        result = plan_run_task.delay(plan_id)
        LayoutPlan.objects.filter(pk=plan_id).update(job_id=result.id or "")
        return
    if getattr(settings, "LAYOUT_JOBS_INLINE", False) or connection.vendor == "sqlite":
        plan_run(plan_id=plan_id)
        return

    def work() -> None:
        try:
            plan_run(plan_id=plan_id)
        finally:
            close_old_connections()

    thread = threading.Thread(target=work, name=f"layout-plan-{plan_id}", daemon=True)
    thread.start()


def _progress(plan: LayoutPlan, percent: int, note: str, **fields: object) -> None:
    LayoutPlan.objects.filter(pk=plan.pk).update(progress=percent, progress_note=note, **fields)


def plan_run(*, plan_id: int) -> LayoutPlan:
    """The job: load and check input, run the engine, store the proposal. Never half-stored."""
    plan = LayoutPlan.objects.select_related("scope").get(pk=plan_id)
    if plan.status not in (PlanStatus.QUEUED, PlanStatus.FAILED):
        return plan
    _progress(plan, 5, "读取小区（楼栋）数据", status=PlanStatus.RUNNING, error="")
    try:
        data = plan_input_load(scope=plan.scope, max_edge_m=plan.max_edge_m)
        _progress(plan, 30, f"已建立邻接关系（{len(data.unit_ids)} 个小区），正在优化")
        result = rz.plan(
            weights=data.households,
            adjacency=data.adjacency,
            current=data.old,
            groups=data.street,
            allow_cross_groups=plan.allow_cross_streets,
            floor=plan.floor,
            ceiling=plan.ceiling,
            split_above=plan.split_above,
            merge_below=plan.merge_below,
            mode=plan.mode,
            rng=plan.seed,
        )
        _progress(plan, 80, "保存方案")
        _store(plan, data, result)
    except PlanInputError as exc:
        _progress(plan, 100, "输入数据有误", status=PlanStatus.FAILED, error="\n".join(exc.messages))
    except rz.InputError as exc:
        _progress(plan, 100, "输入数据有误", status=PlanStatus.FAILED, error=str(exc).split(" — ")[0])
    except Exception as exc:  # the job must record any failure for the page, not die silently
        log.exception("layout plan %s failed", plan_id)
        _progress(plan, 100, "计算出错", status=PlanStatus.FAILED, error=f"计算出错：{exc}")
    plan.refresh_from_db()
    return plan


def _new_name(base: Unit, taken: set[str]) -> str:
    stem = base.name.removesuffix("社区")
    for i in range(2, 100):
        numeral = CN_NUMERALS[i - 1] if i <= 10 else str(i)
        name = f"{stem}第{numeral}社区"
        if name not in taken:
            taken.add(name)
            return name
    return f"{stem}新社区"


@transaction.atomic
def _store(plan: LayoutPlan, data, result: rz.Result) -> None:
    assignment = np.asarray(result.assignment, dtype=np.int64)
    continues = {r.id: r.continues for r in result.regions}
    rows = planning.region_rows(
        assignment=assignment,
        old=data.old,
        weights=data.households,
        population=data.population,
        street=data.street,
        continues=continues,
    )
    taken = {c.name for c in data.communities}
    regions = []
    for row in rows:
        main_source = data.communities[row.sources[0][0]]
        name = (
            data.communities[row.continues].name
            if row.continues is not None
            else _new_name(main_source, taken)
        )
        regions.append(
            PlanRegion(
                plan=plan,
                index=row.index,
                name=name,
                street=data.streets[row.street],
                status=row.status,
                continues=data.communities[row.continues] if row.continues is not None else None,
                households=row.households,
                population=row.population,
                unit_count=row.units,
                sources=[[data.communities[o].id, h] for o, h in row.sources],
            )
        )
    PlanRegion.objects.filter(plan=plan).delete()
    PlanRegion.objects.bulk_create(regions)
    plan.unit_ids = data.unit_ids
    plan.old_community_ids = [data.communities[o].id for o in data.old.tolist()]
    plan.assignment = assignment.tolist()
    plan.households_snapshot = data.households.tolist()
    plan.edge_m = round(data.edge_m, 1)
    plan.elapsed_seconds = round(result.report.elapsed_seconds, 3)
    plan.summary = planning.summary_of(
        rows, old_count=len(data.communities), assignment=assignment, old=data.old, weights=data.households
    )
    region_names = {r.index: r.name for r in regions}
    street_names = [s.name for s in data.streets]
    plan.infeasible = [
        planning.describe(
            f,
            region_names=region_names,
            unit_names=data.names,
            unit_ids=data.unit_ids,
            street_names=street_names,
            floor=plan.floor,
            ceiling=plan.ceiling,
        )
        for f in result.report.infeasible
    ]
    plan.violations = _violations(plan, rows, data, region_names)
    plan.status = PlanStatus.READY
    plan.progress, plan.progress_note = 100, "计算完成"
    plan.save()
    audit_record(
        actor=None,
        action="layout_plan.run",
        target=plan,
        scope_code=plan.scope.code,
        after={
            "summary": plan.summary,
            "violations": len(plan.violations),
            "infeasible": len(plan.infeasible),
        },
    )


def _violations(plan: LayoutPlan, rows, data, region_names: dict[int, str]) -> list[dict]:
    bounds = planning.bounds_by_status(
        rows=rows,
        mode=plan.mode,
        floor=plan.floor,
        ceiling=plan.ceiling,
        merge_below=plan.merge_below,
        split_above=plan.split_above,
    )
    assignment = np.asarray(plan.assignment, dtype=np.int64)
    failures = planning.validate(
        assignment=assignment,
        weights=data.households,
        adjacency=data.adjacency,
        street=data.street,
        allow_cross_streets=plan.allow_cross_streets,
        bounds=bounds,
    )
    status = {r.index: r.status for r in rows}
    out = []
    for f in failures:
        lo_hi = None
        if plan.mode == "seed" and status.get(f.region) == "unchanged":
            lo_hi = (plan.merge_below, plan.split_above)
        out.append(
            planning.describe(
                f,
                region_names=region_names,
                unit_names=data.names,
                unit_ids=data.unit_ids,
                street_names=[s.name for s in data.streets],
                floor=plan.floor,
                ceiling=plan.ceiling,
                bounds=lo_hi,
            )
        )
    return out
