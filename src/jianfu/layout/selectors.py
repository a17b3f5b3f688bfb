"""Reads for the layout pages, scoped to the viewing user."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from jianfu.core.models import User
from jianfu.core.scope import code_in_scope, filter_in_scope, scope_prefixes
from jianfu.regions.models import Level, ReferenceDivision, Unit

from . import geo
from .access import PLAN_SCOPE_LEVELS, owns_scope
from .models import GridAssignment, LayoutPlan, ResidentialUnit

REFERENCE_DATASET = "现行街道"


def plans_visible(*, user: User) -> QuerySet[LayoutPlan]:
    return filter_in_scope(LayoutPlan.objects.select_related("scope", "created_by"), user, "scope__code")


def plan_get(*, user: User, plan_id: int) -> LayoutPlan:
    plan = plans_visible(user=user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404("方案不存在或不在您的管辖范围内")
    return plan


def plan_scopes(*, user: User) -> list[Unit]:
    """Units the user may plan for: current city, districts and streets they own."""
    qs = filter_in_scope(Unit.objects.current().filter(level__in=PLAN_SCOPE_LEVELS), user)
    return [u for u in qs.order_by("code") if owns_scope(user, u)]


def residential_units_visible(*, user: User) -> QuerySet[ResidentialUnit]:
    return filter_in_scope(
        ResidentialUnit.objects.select_related("community", "grid"), user, "community__code"
    )


def map_data(ctx) -> dict:
    """Before/after convex hulls per community and every unit point with both labels."""
    plan = ctx.plan
    before, after = [], []
    for o, community in enumerate(ctx.communities):
        pts = ctx.lnglat[ctx.old == o]
        hull = geo.hull_polygon(pts)
        if hull:
            before.append(
                {
                    "type": "Feature",
                    "geometry": hull,
                    "properties": {
                        "name": community.name,
                        "households": int(ctx.households[ctx.old == o].sum()),
                        "k": o,
                    },
                }
            )
    for index, region in sorted(ctx.regions.items()):
        mask = ctx.assignment == index
        hull = geo.hull_polygon(ctx.lnglat[mask])
        if hull:
            after.append(
                {
                    "type": "Feature",
                    "geometry": hull,
                    "properties": {
                        "name": region.name,
                        "households": int(ctx.households[mask].sum()),
                        "status": region.status,
                        "k": index,
                    },
                }
            )
    points = [
        [round(float(x), 6), round(float(y), 6), int(o), int(a)]
        for (x, y), o, a in zip(ctx.lnglat, ctx.old, ctx.assignment, strict=True)
    ]
    return {
        "plan": plan.pk,
        "before": {"type": "FeatureCollection", "features": before},
        "after": {"type": "FeatureCollection", "features": after},
        "points": points,
    }


def street_sizes(ctx) -> list[dict]:
    """Communities, households and population per street before and after the plan."""
    rows: dict[int, dict] = {}
    for i, street in enumerate(ctx.streets):
        rows[street.id] = {"street": street, "before": [0, 0, 0], "after": [0, 0, 0]}
        mask = ctx.street == i
        rows[street.id]["before"] = [
            len(np.unique(ctx.old[mask])),
            int(ctx.households[mask].sum()),
            int(ctx.population[mask].sum()),
        ]
    for index, region in ctx.regions.items():
        mask = ctx.assignment == index
        row = rows.setdefault(
            region.street_id, {"street": region.street, "before": [0, 0, 0], "after": [0, 0, 0]}
        )
        row["after"][0] += 1
        row["after"][1] += int(ctx.households[mask].sum())
        row["after"][2] += int(ctx.population[mask].sum())
    return sorted(rows.values(), key=lambda r: r["street"].code)


def region_members(ctx, index: int) -> list[dict]:
    """The residential units of one proposed community, each with the neighbouring proposed
    communities it could move to (those sharing an edge of the adjacency graph)."""
    adj = ctx.adjacency().tocsr()
    members = []
    for pos in np.flatnonzero(ctx.assignment == index):
        neighbours = sorted(
            {int(ctx.assignment[j]) for j in adj.indices[adj.indptr[pos] : adj.indptr[pos + 1]]} - {index}
        )
        members.append(
            {
                "id": ctx.unit_ids[pos],
                "name": ctx.names[pos],
                "households": int(ctx.households[pos]),
                "old": ctx.communities[ctx.old[pos]].name,
                "targets": [(j, ctx.regions[j].name) for j in neighbours if j in ctx.regions],
            }
        )
    return members


def street_comparison(*, user: User, root: Unit | None = None) -> dict:
    """Current streets of the tree (with their sizes) against Hohhot's current real street list."""
    streets = filter_in_scope(Unit.objects.current().filter(level=Level.STREET, kind="街道"), user)
    if root is not None:
        streets = streets.filter(code__startswith=root.prefix)
    sizes = {
        row["parent_id"]: row
        for row in Unit.objects.current()
        .filter(level=Level.COMMUNITY, kind="社区", parent__in=streets)
        .values("parent_id")
        .annotate(n=Count("id"), h=Sum("households"), p=Sum("population"))
    }
    refs = ReferenceDivision.objects.filter(dataset=REFERENCE_DATASET, level=Level.STREET)
    prefixes = scope_prefixes(user)
    if prefixes is not None:
        # Match against the whole district: a street with a provisional code is found by name, and
        # its reference row's real code need not lie under the user's prefix.
        q = Q()
        for p in prefixes:
            q |= Q(code__startswith=p[:6])
        refs = refs.filter(q)
    if root is not None:
        refs = refs.filter(code__startswith=root.prefix[:6])
    refs = [r for r in refs if r.name.endswith("街道")]
    ref_by_code = {r.code: r for r in refs}
    ref_by_name = {r.name: r for r in refs}
    rows, matched = [], set()
    for s in streets.select_related("parent").order_by("code"):
        ref = ref_by_code.get(s.code) or ref_by_name.get(s.name)
        if ref is not None:
            matched.add(ref.code)
        size = sizes.get(s.id, {})
        rows.append(
            {
                "unit": s,
                "communities": size.get("n", 0),
                "households": size.get("h") or 0,
                "population": size.get("p") or 0,
                "reference": ref,
            }
        )
    # Report only what the user's scope covers: a street office is not shown its neighbours as "new".
    refs = [r for r in refs if r.code in matched or code_in_scope(user, r.code)]
    missing = [r for r in refs if r.code not in matched]
    by_district: dict[str, int] = defaultdict(int)
    for r in refs:
        by_district[r.parent_name] += 1
    return {
        "rows": rows,
        "reference_only": sorted(missing, key=lambda r: r.code),
        "tree_count": len(rows),
        "reference_count": len(refs),
        "matched": len(matched),
        "reference_by_district": dict(by_district),
    }


def grid_overview(*, community: Unit) -> dict:
    grids = list(
        Unit.objects.current()
        .filter(level=Level.GRID, parent=community)
        .annotate(n_units=Count("grid_residential_units"))
        .order_by("code")
    )
    assignments = list(GridAssignment.objects.filter(grid__in=grids).order_by("grid__code"))
    by_grid: dict[int, list[GridAssignment]] = defaultdict(list)
    for a in assignments:
        by_grid[a.grid_id].append(a)
    for g in grids:
        g.assigned_workers = by_grid.get(g.id, [])
    unassigned_units = ResidentialUnit.objects.filter(community=community, grid__isnull=True).count()
    return {
        "grids": grids,
        "vacant": [g for g in grids if not g.assigned_workers],
        "unassigned_units": unassigned_units,
    }


def workers_on_several_grids(*, user: User, root: Unit | None = None) -> list[dict]:
    qs = filter_in_scope(GridAssignment.objects.filter(grid__valid_to__isnull=True), user, "grid__code")
    if root is not None:
        qs = qs.filter(grid__code__startswith=root.prefix)
    groups: dict[str, list[GridAssignment]] = defaultdict(list)
    for a in qs.select_related("grid"):
        groups[a.worker_key].append(a)
    return [
        {"worker": items[0].worker_name, "phone": items[0].worker_phone, "grids": [a.grid for a in items]}
        for items in groups.values()
        if len(items) > 1
    ]


def grid_counts(*, user: User, root: Unit) -> dict:
    grids = filter_in_scope(
        Unit.objects.current().filter(level=Level.GRID, code__startswith=root.prefix), user
    )
    total = grids.count()
    staffed = grids.filter(grid_assignments__isnull=False).distinct().count()
    dedicated = grids.exclude(grid_type="basic").count()
    return {"total": total, "staffed": staffed, "vacant": total - staffed, "dedicated": dedicated}


def roster_grid_workers(*, community: Unit) -> list:
    """Serving grid workers of the workforce roster in this community (empty without the app)."""
    from django.apps import apps

    if not apps.is_installed("jianfu.workforce"):
        return []
    from jianfu.workforce.models import Status, Worker, WorkerKind

    assigned = set(
        GridAssignment.objects.filter(grid__parent=community, grid__valid_to__isnull=True).values_list(
            "worker_ref", flat=True
        )
    )
    workers = Worker.objects.filter(
        kind=WorkerKind.GRID, status=Status.SERVING, unit__code__startswith=community.prefix
    ).order_by("name")
    return [w for w in workers if str(w.pk) not in assigned]
