"""Reads of the division tree. Every function takes the viewing user and applies scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from jianfu.core.models import User
from jianfu.core.scope import filter_in_scope, unit_in_scope_or_404

from .models import Level, Lineage, SizeBounds, Unit


def today() -> dt.date:
    return timezone.localdate()


def size_bounds_current(*, on: dt.date | None = None) -> SizeBounds:
    on = on or today()
    bounds = SizeBounds.objects.filter(effective_from__lte=on).order_by("-effective_from", "-id").first()
    return bounds or SizeBounds(effective_from=dt.date(2019, 1, 1))


def size_flag(households: int | None, bounds: SizeBounds) -> str:
    """'above_split' | 'above_ceiling' | 'below_merge' | 'below_floor' | 'ok' | 'unknown'."""
    if households is None:
        return "unknown"
    if households > bounds.split_above:
        return "above_split"
    if households > bounds.ceiling:
        return "above_ceiling"
    if households < bounds.merge_below:
        return "below_merge"
    if households < bounds.floor:
        return "below_floor"
    return "ok"


def unit_size_flag(unit: Unit, bounds: SizeBounds) -> str:
    """The size flag of an urban community (社区); villages and other levels carry none ("")."""
    return size_flag(unit.households, bounds) if unit.kind == "社区" else ""


FLAG_LABELS = {
    "above_split": "超过拆分线",
    "above_ceiling": "超过上限",
    "below_merge": "低于撤并线",
    "below_floor": "低于下限",
    "ok": "符合标准",
    "unknown": "无户数",
}


def units_visible(*, user: User, on: dt.date | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.all()
    qs = qs.as_of(on) if on is not None else qs.current()
    return filter_in_scope(qs, user)


def unit_get(*, user: User, unit_id: int) -> Unit:
    """A unit by id, or 404 when missing or out of the user's scope."""
    try:
        unit = Unit.objects.select_related("parent").get(pk=unit_id)
    except Unit.DoesNotExist as exc:
        raise Http404("单元不存在") from exc
    return unit_in_scope_or_404(user, unit)


def unit_children(*, user: User, unit: Unit, on: dt.date | None = None) -> QuerySet[Unit]:
    return units_visible(user=user, on=on).filter(parent=unit).order_by("code")


def unit_ancestors(unit: Unit) -> list[Unit]:
    """Parents from the top down, one query per level (at most five)."""
    chain: list[Unit] = []
    node = unit.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def units_search(*, user: User, query: str, limit: int = 50) -> QuerySet[Unit]:
    """Current units in scope: by code prefix (digits), else by name.

    Names that start with the query come first, read from an index; names that only contain it
    fill the rest of the page. That second step scans the units in scope: with the whole country
    loaded and no scope (an administrator), about 0.2 s; a scoped user's prefix narrows it first.
    """
    query = query.strip()
    qs = units_visible(user=user)
    if not query:
        return qs.none()
    if query.isdigit():
        return qs.filter(code__startswith=query).order_by("code")[:limit]
    ids = list(
        qs.filter(name__startswith=query).order_by("level", "code").values_list("id", flat=True)[:limit]
    )
    if len(ids) < limit:
        contains = qs.filter(Q(name__contains=query) | Q(official_name__contains=query))
        contains = contains.exclude(name__startswith=query).order_by("level", "code")
        ids += list(contains.values_list("id", flat=True)[: limit - len(ids)])
    if not ids:
        return qs.none()
    rank = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())
    return Unit.objects.filter(pk__in=ids).order_by(rank)


def tree_as_of(*, user: User, on: dt.date, root: Unit | None = None) -> list[dict]:
    """The tree in force on a date, as nested dicts (root → children)."""
    qs = units_visible(user=user, on=on)
    if root is not None:
        qs = qs.filter(code__startswith=root.prefix)
    rows = list(qs.values("id", "name", "code", "level", "parent_id", "households"))
    by_parent: dict[int | None, list[dict]] = {}
    ids = {r["id"] for r in rows}
    for row in rows:
        row["children"] = []
        by_parent.setdefault(row["parent_id"] if row["parent_id"] in ids else None, []).append(row)
    for row in rows:
        row["children"] = by_parent.get(row["id"], [])
    return by_parent.get(None, [])


@dataclass(frozen=True)
class UnitLineageView:
    predecessors: list[Lineage]
    successors: list[Lineage]


def unit_lineage(*, unit: Unit) -> UnitLineageView:
    preds = list(unit.predecessor_links.select_related("predecessor").order_by("effective_on"))
    succs = list(unit.successor_links.select_related("successor").order_by("effective_on"))
    return UnitLineageView(predecessors=preds, successors=succs)


def unit_history(*, unit: Unit) -> QuerySet[Unit]:
    """Earlier and later versions that carried the same code."""
    return Unit.objects.filter(code=unit.code).exclude(pk=unit.pk).order_by("valid_from")


def level_counts(*, user: User, root: Unit | None = None) -> dict[str, int]:
    qs = units_visible(user=user)
    if root is not None:
        qs = qs.filter(code__startswith=root.prefix)
    counts: dict[int, int] = {}
    kinds: dict[str, int] = {}
    # One pass grouped by level and kind (an index-only scan of unit_current_level_kind_idx).
    for row in qs.order_by().values("level", "kind").annotate(n=Count("id")):
        counts[row["level"]] = counts.get(row["level"], 0) + row["n"]
        if row["level"] in (Level.STREET, Level.COMMUNITY):
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n"]
    return {
        "cities": counts.get(Level.CITY, 0),
        "districts": counts.get(Level.DISTRICT, 0),
        "streets": kinds.get("街道", 0),
        "towns": kinds.get("镇", 0) + kinds.get("乡", 0),
        "communities": kinds.get("社区", 0),
        "villages": kinds.get("村", 0),
        "grids": counts.get(Level.GRID, 0),
    }


def community_size_summary(*, user: User, bounds: SizeBounds, root: Unit | None = None) -> dict:
    qs = units_visible(user=user).filter(level=Level.COMMUNITY, kind="社区")
    if root is not None:
        qs = qs.filter(code__startswith=root.prefix)
    agg = qs.aggregate(
        total_households=Sum("households"),
        total_population=Sum("population"),
        above_split=Count("id", filter=Q(households__gt=bounds.split_above)),
        above_ceiling=Count("id", filter=Q(households__gt=bounds.ceiling)),
        below_floor=Count("id", filter=Q(households__lt=bounds.floor)),
        below_merge=Count("id", filter=Q(households__lt=bounds.merge_below)),
        total=Count("id"),
    )
    return {k: (v or 0) for k, v in agg.items()}


def community_size_histogram(
    *, user: User, bucket: int = 500, root: Unit | None = None
) -> list[tuple[str, int]]:
    qs = units_visible(user=user).filter(level=Level.COMMUNITY, kind="社区", households__isnull=False)
    if root is not None:
        qs = qs.filter(code__startswith=root.prefix)
    counts: dict[int, int] = {}
    for households in qs.values_list("households", flat=True):
        counts[households // bucket] = counts.get(households // bucket, 0) + 1
    if not counts:
        return []
    return [(f"{b * bucket}–{(b + 1) * bucket - 1}", counts.get(b, 0)) for b in range(0, max(counts) + 1)]


def out_of_bounds_communities(*, user: User, bounds: SizeBounds, limit: int = 200) -> list[Unit]:
    """The largest and smallest communities outside the bounds, each with its `flag` (see size_flag)."""
    qs = units_visible(user=user).filter(level=Level.COMMUNITY, kind="社区")
    units = list(
        qs.filter(Q(households__gt=bounds.ceiling) | Q(households__lt=bounds.floor))
        .select_related("parent")
        .order_by("-households")[:limit]
    )
    for unit in units:
        unit.flag = size_flag(unit.households, bounds)
    return units
