"""Grid division per community (engine), 15-digit codes in reading order, and grid workers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record
from jianfu.core.models import Role, User
from jianfu.core.scope import code_in_scope, has_role
from jianfu.regions.models import GridType, Level, Lineage, LineageKind, Unit

from ..gridding import grid_layout
from ..models import DEDICATED_KINDS, GridAssignment, ResidentialUnit
from ..numbering import grid_code

GRID_SOURCE = "网格划分（一格一员）"


def grid_bounds_validate(*, floor: int, ceiling: int, target: int) -> None:
    if floor <= 0 or ceiling <= 0 or target <= 0:
        raise ValidationError("网格户数下限、上限和目标户数必须为正整数。")
    if floor >= ceiling:
        raise ValidationError(f"网格户数下限（{floor}）必须小于上限（{ceiling}）。")
    if not floor <= target <= ceiling:
        raise ValidationError(f"目标户数（{target}）必须在下限与上限之间。")


def _require(actor: User, community: Unit) -> None:
    if not (
        has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE)
        and code_in_scope(actor, community.code)
    ):
        raise ValidationError(f"您无权为“{community.name}”划分网格。")


def build_grids(
    communities: list[Unit],
    *,
    floor: int,
    ceiling: int,
    target: int,
    on: dt.date,
    seed: int = 0,
    synthetic: bool = False,
) -> dict:
    """Create the grids of `communities` (which must have none current) and point their units at them.

    Returns figures and the engine's failures in Chinese. No audit: callers record it.
    """
    index = {c.id: i for i, c in enumerate(communities)}
    units = list(
        ResidentialUnit.objects.filter(community_id__in=index)
        .order_by("community_id", "id")
        .only("id", "name", "lng", "lat", "households", "population", "kind", "community_id")
    )
    missing = [u.name for u in units if u.lng is None or u.lat is None]
    if missing:
        raise ValidationError(
            f"{len(missing)} 个小区（楼栋）没有坐标（如 {'、'.join(missing[:5])}），无法划分网格。"
        )
    empty = [c.name for c in communities if not any(u.community_id == c.id for u in units)]
    if empty:
        raise ValidationError(f"社区 {'、'.join(empty[:5])} 没有登记小区（楼栋），无法划分网格。")
    layout = grid_layout(
        lnglat=np.array([(u.lng, u.lat) for u in units]),
        households=np.array([u.households for u in units]),
        community=np.array([index[u.community_id] for u in units]),
        dedicated=[u.kind if u.kind in DEDICATED_KINDS else "" for u in units],
        floor=floor,
        ceiling=ceiling,
        target=target,
        seed=seed,
    )
    population = np.bincount(
        layout.grid_of_unit, weights=[u.population or 0 for u in units], minlength=len(layout.type_of_grid)
    )
    members: dict[int, list[int]] = defaultdict(list)
    for pos, g in enumerate(layout.grid_of_unit.tolist()):
        members[g].append(pos)
    grids = []
    for g, gtype in enumerate(layout.type_of_grid):
        community = communities[int(layout.community_of_grid[g])]
        code = grid_code(community, int(layout.number_of_grid[g]))
        pts = [(units[p].lng, units[p].lat) for p in members[g]]
        grids.append(
            Unit(
                name=f"{community.name}第{code[12:]}网格",
                official_name=f"{community.name}第{code[12:]}网格",
                level=Level.GRID,
                kind="网格",
                code=code,
                parent=community,
                area=community.area,
                households=int(layout.households_of_grid[g]),
                population=int(population[g]),
                figures_synthetic=synthetic or community.figures_synthetic,
                grid_type=gtype if gtype in GridType.values else GridType.BASIC,
                centroid_lng=round(sum(p[0] for p in pts) / len(pts), 6),
                centroid_lat=round(sum(p[1] for p in pts) / len(pts), 6),
                valid_from=on,
                code_provisional=True,
                source=GRID_SOURCE,
            )
        )
    created = Unit.objects.bulk_create(grids, batch_size=500)
    if created and created[0].pk is None:  # backends without RETURNING
        by_code = dict(
            Unit.objects.current().filter(code__in=[g.code for g in grids]).values_list("code", "id")
        )
        for g in created:
            g.pk = g.id = by_code[g.code]
    for g, grid in enumerate(created):
        ids = [units[p].id for p in members[g]]
        ResidentialUnit.objects.filter(pk__in=ids).update(grid=grid)
    failures = [
        {"kind": f.kind, "message": _failure_text(f, units, floor, ceiling), "households": f.households}
        for f in layout.failures
    ]
    return {"grids": len(created), "created": created, "failures": failures}


def _failure_text(f, units, floor: int, ceiling: int) -> str:
    names = "、".join(units[u].name for u in f.units[:3]) + (
        f" 等 {len(f.units)} 个" if len(f.units) > 3 else ""
    )
    community = units[f.units[0]].community.name if f.units else ""
    if f.kind == "island_below_floor":
        return f"{community}：{names}合计 {f.households} 户，低于网格下限 {floor} 户，单独成格。"
    if f.kind == "unit_above_ceiling":
        return f"{community}：{names}单独有 {f.households} 户，超过网格上限 {ceiling} 户，单独成格。"
    if f.kind == "floor":
        return f"{community}：网格（{names}）共 {f.households} 户，低于下限 {floor} 户。"
    if f.kind == "ceiling":
        return f"{community}：网格（{names}）共 {f.households} 户，超过上限 {ceiling} 户。"
    return f"{community}：{f.message.split(' — ')[0]}"


@transaction.atomic
def grids_redraw(
    *,
    actor: User,
    communities: list[Unit],
    floor: int,
    ceiling: int,
    target: int,
    on: dt.date | None = None,
    seed: int = 0,
) -> dict:
    """Redraw the grids of some communities: old grids end, new ones start in reading order; a grid
    worker follows to the new grid that overlaps their old grid most (one each); the rest are listed."""
    on = on or timezone.localdate()
    grid_bounds_validate(floor=floor, ceiling=ceiling, target=target)
    communities = list(
        Unit.objects.select_for_update().filter(pk__in=[c.id for c in communities]).order_by("code")
    )
    for c in communities:
        _require(actor, c)
        if c.level != Level.COMMUNITY or not c.is_current:
            raise ValidationError(f"“{c.name}”不是现行社区（村）。")
    old = list(Unit.objects.select_for_update().current().filter(level=Level.GRID, parent__in=communities))
    late = [g.name for g in old if g.valid_from >= on]
    if late:
        raise ValidationError(
            f"网格 {'、'.join(late[:3])} 于 {on} 当天或之后才生效，同一天不能再次划分；请选择更晚的生效日期。"
        )
    old_of_unit = dict(ResidentialUnit.objects.filter(community__in=communities).values_list("id", "grid_id"))
    for g in old:
        g.valid_to = on
    Unit.objects.bulk_update(old, ["valid_to"])
    result = build_grids(communities, floor=floor, ceiling=ceiling, target=target, on=on, seed=seed)
    # Overlap of old and new grids by households, for lineage and to let workers follow.
    new_of_unit = dict(ResidentialUnit.objects.filter(community__in=communities).values_list("id", "grid_id"))
    weights = dict(ResidentialUnit.objects.filter(community__in=communities).values_list("id", "households"))
    overlap: dict[tuple[int, int], int] = defaultdict(int)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for uid, og in old_of_unit.items():
        if og is not None and new_of_unit.get(uid) is not None:
            # +1 per unit so that grids of facilities without households still overlap.
            overlap[(og, new_of_unit[uid])] += weights[uid] + 1
            shared[(og, new_of_unit[uid])] += weights[uid]
    old_ids = {g.id for g in old}
    lineage = [
        Lineage(
            predecessor_id=o,
            successor_id=n,
            kind=LineageKind.REGROUP,
            effective_on=on,
            households_moved=shared[(o, n)],
        )
        for (o, n) in overlap
        if o in old_ids
    ]
    Lineage.objects.bulk_create(lineage, batch_size=500)
    taken: set[int] = set()
    followed, listed = 0, []
    for o, n in sorted(overlap, key=lambda k: -overlap[k]):
        if o not in old_ids or n in taken:
            continue
        moved = GridAssignment.objects.filter(grid_id=o).update(grid_id=n)
        if moved:
            taken.add(n)
            old_ids.discard(o)
            followed += moved
    for a in GridAssignment.objects.filter(grid_id__in=old_ids).select_related("grid"):
        listed.append({"worker": a.worker_name, "grid": a.grid.name})
    audit_record(
        actor=actor,
        action="grids.redraw",
        target=communities[0] if communities else None,
        before={"grids": len(old)},
        after={"grids": result["grids"], "failures": len(result["failures"]), "workers_followed": followed},
        note="、".join(c.name for c in communities[:20]),
    )
    result.update(ended=len(old), followed=followed, unassigned=listed)
    result.pop("created")
    return result


@transaction.atomic
def grid_assign(
    *, actor: User, grid: Unit, worker_name: str, worker_phone: str = "", worker_ref: str = ""
) -> GridAssignment:
    """Put a worker on a grid. One grid holds one worker: an occupied grid is refused."""
    if not (
        has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE)
        and code_in_scope(actor, grid.code)
    ):
        raise ValidationError(f"您无权为“{grid.name}”配置网格员。")
    if grid.level != Level.GRID or not grid.is_current:
        raise ValidationError("只能为现行网格配置网格员。")
    roster = roster_grid_worker(grid=grid, worker_ref=worker_ref)
    if roster is not None:
        worker_name, worker_phone, worker_ref = roster.name, roster.phone, str(roster.pk)
    worker_name = (worker_name or "").strip()
    if not worker_name:
        raise ValidationError("网格员姓名不能为空。")
    worker_phone = (worker_phone or "").strip()
    if worker_phone and not (worker_phone.isdigit() and 7 <= len(worker_phone) <= 11):
        raise ValidationError("联系电话应为 7–11 位数字。")
    existing = GridAssignment.objects.select_for_update().filter(grid=grid).first()
    if existing is not None:
        raise ValidationError(f"网格“{grid.name}”已配置网格员 {existing.worker_name}（一格一员），请先解除。")
    assignment = GridAssignment.objects.create(
        grid=grid, worker_name=worker_name, worker_phone=worker_phone, worker_ref=(worker_ref or "").strip()
    )
    audit_record(
        actor=actor, action="grid.assign", target=grid, after={"worker": worker_name, "phone": worker_phone}
    )
    return assignment


def roster_grid_worker(*, grid: Unit, worker_ref: str):  # type: ignore[no-untyped-def]
    """The workforce roster's grid worker named by `worker_ref` (its id), checked against the grid.

    Returns None when no roster reference is given or the workforce app is not installed.
    """
    from django.apps import apps

    ref = (worker_ref or "").strip()
    if not ref or not apps.is_installed("jianfu.workforce"):
        return None
    from jianfu.workforce.models import Status, Worker, WorkerKind

    worker = Worker.objects.filter(pk=int(ref)).select_related("unit").first() if ref.isdigit() else None
    if worker is None:
        raise ValidationError(f"花名册中没有编号为 {ref} 的人员。")
    if worker.kind != WorkerKind.GRID:
        raise ValidationError(f"{worker.name} 不是专职网格员，不能配置到网格。")
    if worker.status != Status.SERVING:
        raise ValidationError(f"{worker.name} 当前不在岗（{worker.get_status_display()}）。")
    community = grid.parent
    if community is None or not worker.unit.code.startswith(community.prefix):
        raise ValidationError(f"{worker.name} 不属于“{community}”，请先在社区工作者花名册中调整其所属社区。")
    return worker


@transaction.atomic
def grid_unassign(*, actor: User, assignment: GridAssignment) -> None:
    grid = assignment.grid
    if not (
        has_role(actor, Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE)
        and code_in_scope(actor, grid.code)
    ):
        raise ValidationError(f"您无权调整“{grid.name}”的网格员。")
    audit_record(actor=actor, action="grid.unassign", target=grid, before={"worker": assignment.worker_name})
    assignment.delete()
