"""A stored plan as arrays again (for validation after edits, maps and exports)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError

import regionalize as rz
from jianfu.regions.models import Unit

from . import planning
from .models import LayoutPlan, PlanRegion, ResidentialUnit

STALE = "方案计算后小区（楼栋）数据已变化（删除、改户数或改归属），请重新计算方案。"


@dataclass
class PlanContext:
    plan: LayoutPlan
    unit_ids: list[int]
    names: list[str]
    lnglat: np.ndarray
    households: np.ndarray
    population: np.ndarray
    old: np.ndarray
    street: np.ndarray
    communities: list[Unit]
    streets: list[Unit]
    assignment: np.ndarray
    regions: dict[int, PlanRegion]

    def adjacency(self):
        from . import geo

        adj, _ = geo.adjacency(self.lnglat, max_edge_m=self.plan.edge_m)
        return adj


def plan_context(plan: LayoutPlan, *, check_current: bool = False) -> PlanContext:
    units = {
        u.id: u
        for u in ResidentialUnit.objects.filter(pk__in=plan.unit_ids).only(
            "id", "name", "lng", "lat", "households", "population", "community_id"
        )
    }
    if len(units) != len(plan.unit_ids):
        raise ValidationError(STALE)
    ordered = [units[i] for i in plan.unit_ids]
    if check_current and any(
        u.community_id != c or u.households != h
        for u, c, h in zip(ordered, plan.old_community_ids, plan.households_snapshot, strict=True)
    ):
        raise ValidationError(STALE)
    community_ids = sorted(set(plan.old_community_ids))
    communities = list(Unit.objects.filter(pk__in=community_ids).select_related("parent").order_by("code"))
    index = {c.id: i for i, c in enumerate(communities)}
    streets = sorted({c.parent for c in communities}, key=lambda s: s.code)
    street_index = {s.id: i for i, s in enumerate(streets)}
    old = np.array([index[c] for c in plan.old_community_ids], dtype=np.int64)
    return PlanContext(
        plan=plan,
        unit_ids=list(plan.unit_ids),
        names=[u.name for u in ordered],
        lnglat=np.array([(u.lng, u.lat) for u in ordered], dtype=float).reshape(-1, 2),
        households=np.array(plan.households_snapshot, dtype=np.int64),
        population=np.array([u.population or 0 for u in ordered], dtype=np.int64),
        old=old,
        street=np.array([street_index[communities[o].parent_id] for o in old], dtype=np.int64),
        communities=communities,
        streets=streets,
        assignment=np.array(plan.assignment, dtype=np.int64),
        regions={r.index: r for r in plan.regions.select_related("street", "continues")},
    )


def recompute(ctx: PlanContext) -> list[planning.RegionRow]:
    index = {c.id: i for i, c in enumerate(ctx.communities)}
    continues = {i: (index[r.continues_id] if r.continues_id else None) for i, r in ctx.regions.items()}
    return planning.region_rows(
        assignment=ctx.assignment,
        old=ctx.old,
        weights=ctx.households,
        population=ctx.population,
        street=ctx.street,
        continues=continues,
    )


def violations(ctx: PlanContext, rows: list[planning.RegionRow]) -> list[dict]:
    plan = ctx.plan
    bounds = planning.bounds_by_status(
        rows=rows,
        mode=plan.mode,
        floor=plan.floor,
        ceiling=plan.ceiling,
        merge_below=plan.merge_below,
        split_above=plan.split_above,
    )
    failures: list[rz.Failure] = planning.validate(
        assignment=ctx.assignment,
        weights=ctx.households,
        adjacency=ctx.adjacency(),
        street=ctx.street,
        allow_cross_streets=plan.allow_cross_streets,
        bounds=bounds,
    )
    status = {r.index: r.status for r in rows}
    names = {i: r.name for i, r in ctx.regions.items()}
    return [
        planning.describe(
            f,
            region_names=names,
            unit_names=ctx.names,
            unit_ids=ctx.unit_ids,
            street_names=[s.name for s in ctx.streets],
            floor=plan.floor,
            ceiling=plan.ceiling,
            bounds=(plan.merge_below, plan.split_above)
            if plan.mode == "seed" and status.get(f.region) == "unchanged"
            else None,
        )
        for f in failures
    ]
