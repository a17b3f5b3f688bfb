"""Applying an approved plan to the division tree, in one transaction.

What happens (decisions documented in the app README):
- an unchanged community stays exactly as it is;
- every other old community in the plan ends (valid_to = the effective date);
- every changed or new proposed community starts as a new unit. One that carries on an old
  community under the same street keeps its code (like a rename); others get the next never-used
  number 001–199 under their street;
- lineage for each (old, new) pair sharing households: continue (the new one carries on the old),
  merge (the whole old community went into it), split (it took part of a single old community),
  regroup (any other mix);
- residential units are re-pointed; a grid whose units all land in one new community moves with
  them (new grid under the new community, lineage continue, its worker follows); any other grid of
  an ended community ends and its units wait for the grids to be redrawn;
- whatever else points at an ended unit (accounts' scopes, workers, departments...) is listed for
  re-assignment on the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record
from jianfu.core.models import User
from jianfu.regions.models import Level, Lineage, LineageKind, Unit

from ..access import require_owner
from ..context import plan_context
from ..inputs import communities_in
from ..models import GridAssignment, LayoutPlan, PlanRegion, PlanStatus, ResidentialUnit
from ..numbering import CodeAllocator, grid_code
from ..references import references_to


def _lineage_kind(old_id: int, region: PlanRegion, old_total: dict[int, int], shared: int) -> str:
    if region.continues_id == old_id:
        return LineageKind.CONTINUE
    if shared == old_total[old_id]:
        return LineageKind.MERGE
    if len(region.sources) == 1:
        return LineageKind.SPLIT
    return LineageKind.REGROUP


def _check_dates(units: list[Unit], on: dt.date) -> None:
    late = [u for u in units if on <= u.valid_from]
    if late:
        names = "、".join(f"{u.name}（{u.valid_from} 起）" for u in late[:5])
        raise ValidationError(f"生效日期 {on} 必须晚于被调整单元的生效日期：{names}。")


@transaction.atomic
def plan_apply(*, actor: User, plan: LayoutPlan, effective_on: dt.date | None = None) -> LayoutPlan:
    plan = LayoutPlan.objects.select_for_update().select_related("scope").get(pk=plan.pk)
    require_owner(actor, plan.scope, "实施")
    if plan.status == PlanStatus.APPLIED:
        raise ValidationError(
            f"该方案已于 {timezone.localtime(plan.applied_at):%Y-%m-%d %H:%M} 实施，不能重复实施。"
        )
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError("方案须先经批准才能实施。")
    on = effective_on or timezone.localdate()
    ctx = plan_context(plan, check_current=True)
    olds = {u.id: u for u in Unit.objects.select_for_update().filter(pk__in=[c.id for c in ctx.communities])}
    ended_already = [u.name for u in olds.values() if u.valid_to is not None]
    if ended_already:
        raise ValidationError(
            f"方案涉及的社区已被其他调整撤销：{'、'.join(ended_already[:5])}，请重新计算方案。"
        )
    in_scope_now = {c.id for c in communities_in(plan.scope)}
    extra = ResidentialUnit.objects.filter(community_id__in=in_scope_now).exclude(pk__in=plan.unit_ids)
    if in_scope_now != set(olds) or extra.exists():
        raise ValidationError("方案计算后范围内的社区或小区（楼栋）有增减，请重新计算方案。")

    regions = sorted(ctx.regions.values(), key=lambda r: (r.street.code, r.index))
    keep = {r.continues_id for r in regions if r.status == "unchanged"}
    ending = [olds[i] for i in sorted(olds) if i not in keep]
    changed = [r for r in regions if r.status != "unchanged"]
    old_grids = list(
        Unit.objects.select_for_update()
        .current()
        .filter(level=Level.GRID, parent__in=ending)
        .order_by("code")
    )
    _check_dates(ending + old_grids, on)

    # New communities: codes first (a continuing community keeps its code once the old row has ended).
    for u in ending:
        u.valid_to = on
    Unit.objects.bulk_update(ending, ["valid_to"])
    allocator = CodeAllocator()
    old_total = defaultdict(int)
    for o, h in zip(ctx.old.tolist(), ctx.households.tolist(), strict=True):
        old_total[ctx.communities[o].id] += h
    created: dict[int, Unit] = {}
    lnglat_by_region: dict[int, list] = defaultdict(list)
    for pos, r in enumerate(ctx.assignment.tolist()):
        lnglat_by_region[r].append(ctx.lnglat[pos])
    note = f"布局优化方案《{plan.title}》"[:200]
    for region in changed:
        base = olds.get(region.continues_id) if region.continues_id else None
        if base is not None and base.parent_id == region.street_id:
            code = base.code
            allocator.claim(region.street, Level.COMMUNITY, int(code[9:12]))
        else:
            code = allocator.next(region.street, Level.COMMUNITY)
        like = olds[region.sources[0][0]]
        pts = lnglat_by_region[region.index]
        unit = Unit.objects.create(
            name=region.name,
            official_name=region.name,
            level=Level.COMMUNITY,
            kind="社区",
            code=code,
            parent=region.street,
            area=like.area,
            households=region.households,
            population=region.population or None,
            figures_synthetic=any(olds[s].figures_synthetic for s, _ in region.sources),
            centroid_lng=round(float(sum(p[0] for p in pts) / len(pts)), 6) if pts else None,
            centroid_lat=round(float(sum(p[1] for p in pts) / len(pts)), 6) if pts else None,
            valid_from=on,
            code_provisional=True,
            source=f"{note}（代码按编码规则分配）",
        )
        created[region.index] = unit
        region.created_unit = unit
        for old_id, shared in region.sources:
            Lineage.objects.create(
                predecessor=olds[old_id],
                successor=unit,
                kind=_lineage_kind(old_id, region, old_total, shared),
                effective_on=on,
                households_moved=shared,
                note=note,
            )
    for region in regions:
        if region.status == "unchanged":
            region.created_unit_id = region.continues_id
    PlanRegion.objects.bulk_update(regions, ["created_unit"])

    # Residential units follow their proposed community.
    by_region: dict[int, list[int]] = defaultdict(list)
    for uid, r in zip(ctx.unit_ids, ctx.assignment.tolist(), strict=True):
        by_region[r].append(uid)
    for index, unit in created.items():
        ResidentialUnit.objects.filter(pk__in=by_region[index]).update(community=unit)

    grid_report = _move_grids(old_grids, on=on, allocator=allocator, note=note)
    successors: dict[int, list[str]] = defaultdict(list)
    for region in changed:
        for old_id, _ in region.sources:
            successors[old_id].append(region.created_unit.name)
    for moved in grid_report["moved"]:
        successors[moved["old_id"]].append(moved["new_name"])
    ended_ids = [u.id for u in ending] + [g.id for g in old_grids]
    plan.reassignment = {
        "references": references_to(ended_ids, successors=successors),
        "grids_moved": grid_report["moved"],
        "grids_ended": grid_report["ended"],
    }
    plan.status = PlanStatus.APPLIED
    plan.applied_by, plan.applied_at, plan.effective_on = actor, timezone.now(), on
    plan.save(
        update_fields=["status", "applied_by", "applied_at", "effective_on", "reassignment", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="layout_plan.apply",
        target=plan,
        scope_code=plan.scope.code,
        before={"ended": [f"{u.code} {u.name}" for u in ending]},
        after={"created": [f"{u.code} {u.name}" for u in created.values()], "summary": plan.summary},
        note=plan.waiver_reason,
    )
    return plan


def _move_grids(old_grids: list[Unit], *, on: dt.date, allocator: CodeAllocator, note: str) -> dict:
    """Carry each grid whose units all went to one new community; end the others."""
    moved, ended = [], []
    for grid in old_grids:
        targets = set(
            ResidentialUnit.objects.filter(grid=grid).values_list("community_id", flat=True).distinct()
        )
        grid.valid_to = on
        grid.save(update_fields=["valid_to", "updated_at"])
        if len(targets) != 1:
            ResidentialUnit.objects.filter(grid=grid).update(grid=None)
            ended.append({"id": grid.id, "code": grid.code, "name": grid.name, "communities": len(targets)})
            continue
        community = Unit.objects.get(pk=targets.pop())
        number = int(grid.code[12:15])
        code = grid_code(community, number)
        if Unit.objects.current().filter(code=code).exists() or (
            community.code != grid.parent.code and number in allocator._used_under(community, Level.GRID)
        ):
            code = allocator.next(community, Level.GRID)
        else:
            allocator.claim(community, Level.GRID, number)
        new = Unit.objects.create(
            name=f"{community.name}第{code[12:15]}网格",
            official_name=f"{community.name}第{code[12:15]}网格",
            level=Level.GRID,
            kind="网格",
            code=code,
            parent=community,
            area=grid.area,
            households=grid.households,
            population=grid.population,
            figures_synthetic=grid.figures_synthetic,
            grid_type=grid.grid_type,
            centroid_lng=grid.centroid_lng,
            centroid_lat=grid.centroid_lat,
            valid_from=on,
            code_provisional=True,
            source=note,
        )
        Lineage.objects.create(
            predecessor=grid, successor=new, kind=LineageKind.CONTINUE, effective_on=on, note=note
        )
        ResidentialUnit.objects.filter(grid=grid).update(grid=new)
        GridAssignment.objects.filter(grid=grid).update(grid=new)
        moved.append(
            {
                "old_id": grid.id,
                "old_code": grid.code,
                "new_id": new.id,
                "new_code": new.code,
                "new_name": new.name,
            }
        )
    return {"moved": moved, "ended": ended}
