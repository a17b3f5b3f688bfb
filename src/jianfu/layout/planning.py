"""Pure helpers between the engine and the plan rows: region table, summary, violations in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

import regionalize as rz

UNIT_LIMIT = 50


@dataclass(frozen=True)
class RegionRow:
    index: int
    households: int
    population: int
    units: int
    status: str
    continues: int | None  # old community position
    sources: list[tuple[int, int]]  # (old community position, households), largest first
    street: int  # street position holding most households


def region_rows(
    *,
    assignment: np.ndarray,
    old: np.ndarray,
    weights: np.ndarray,
    population: np.ndarray,
    street: np.ndarray,
    continues: dict[int, int | None],
) -> list[RegionRow]:
    """Figures and status of every proposed region, given which old community each one continues.

    Status follows the engine's words: unchanged (same units), split (only lost units), merged (kept
    its units and absorbed whole old communities), regrouped (any other change), new (continues none).
    """
    old_units = np.bincount(old, minlength=int(old.max()) + 1 if len(old) else 0)
    rows = []
    for r in np.unique(assignment).tolist():
        members = np.flatnonzero(assignment == r)
        src_old, src_count = np.unique(old[members], return_counts=True)
        src_hh = {int(o): int(weights[members][old[members] == o].sum()) for o in src_old}
        counts = {int(o): int(c) for o, c in zip(src_old, src_count, strict=True)}
        sources = sorted(src_hh.items(), key=lambda t: (-t[1], t[0]))
        o = continues.get(r)
        if o is not None and o not in counts:
            o = None
        own = counts.get(o, 0) if o is not None else 0
        if o is None:
            status = "new"
        elif own == old_units[o] == len(members):
            status = "unchanged"
        elif len(counts) == 1:
            status = "split"
        elif own == old_units[o] and all(c == old_units[s] for s, c in counts.items() if s != o):
            status = "merged"
        else:
            status = "regrouped"
        street_hh = np.bincount(street[members], weights=weights[members] + 1e-9)
        rows.append(
            RegionRow(
                index=int(r),
                households=int(weights[members].sum()),
                population=int(population[members].sum()),
                units=len(members),
                status=status,
                continues=o,
                sources=sources,
                street=int(np.argmax(street_hh)),
            )
        )
    return rows


def summary_of(
    rows: list[RegionRow], *, old_count: int, assignment: np.ndarray, old: np.ndarray, weights: np.ndarray
) -> dict:
    continued = {r.continues for r in rows if r.continues is not None}
    cont_of = {r.index: r.continues for r in rows}
    moved = sum(
        int(weights[i]) for i in range(len(assignment)) if cont_of.get(int(assignment[i])) != int(old[i])
    )
    counts = {
        s: sum(1 for r in rows if r.status == s) for s in ("unchanged", "split", "merged", "regrouped", "new")
    }
    return {
        "new": counts["new"],
        "merged_away": old_count - len(continued),
        "regrouped": counts["split"] + counts["merged"] + counts["regrouped"],
        "before": old_count,
        "after": len(rows),
        "counts": counts,
        "households": int(weights.sum()),
        "households_moved": moved,
        "moved_share": round(moved / int(weights.sum()), 4) if int(weights.sum()) else 0.0,
    }


def summary_sentence(summary: dict) -> str:
    """The seed's own words."""
    if not summary:
        return ""
    return (
        f"新增 {summary['new']} 个、撤并 {summary['merged_away']} 个、调整重组 {summary['regrouped']} 个，"
        f"社区总数由 {summary['before']} 个调整为 {summary['after']} 个"
    )


def bounds_by_status(
    *, rows: list[RegionRow], mode: str, floor: int, ceiling: int, merge_below: int, split_above: int
):
    """An engine constraint: in seed mode an unchanged community only has to stay within the
    merge/split lines; every community created or changed must land within the floor and ceiling."""
    lo = {r.index: floor for r in rows}
    hi = {r.index: ceiling for r in rows}
    if mode == "seed":
        for r in rows:
            if r.status == "unchanged":
                lo[r.index], hi[r.index] = merge_below, split_above

    def bounds(problem, assignment: np.ndarray) -> list[rz.Failure]:
        totals = np.bincount(assignment, weights=problem.weights).astype(np.int64)
        out = []
        for r in np.unique(assignment).tolist():
            h = int(totals[r])
            if h < lo.get(r, floor) or h > hi.get(r, ceiling):
                kind = "floor" if h < lo.get(r, floor) else "ceiling"
                bound = lo.get(r, floor) if kind == "floor" else hi.get(r, ceiling)
                units = tuple(int(u) for u in np.flatnonzero(assignment == r))
                out.append(rz.Failure(kind, f"{h} {bound}", r, units, h))
        return out

    return bounds


def validate(
    *,
    assignment: np.ndarray,
    weights: np.ndarray,
    adjacency,
    street: np.ndarray,
    allow_cross_streets: bool,
    bounds,
) -> list[rz.Failure]:
    return rz.validate_assignment(
        assignment,
        weights=weights,
        adjacency=adjacency,
        floor=0,
        ceiling=0,
        groups=street,
        allow_cross_groups=allow_cross_streets,
        constraints=[rz.check_coverage, rz.check_contiguity, bounds, rz.check_groups],
    )


def describe(
    failure: rz.Failure,
    *,
    region_names: dict[int, str],
    unit_names: Sequence[str],
    unit_ids: Sequence[int],
    street_names: Sequence[str],
    floor: int,
    ceiling: int,
    bounds: tuple[int, int] | None = None,
) -> dict:
    """A failure as plain data with a Chinese sentence naming communities and compounds."""
    units = list(failure.units)
    names = [unit_names[u] for u in units[:5]]
    listed = "、".join(names) + (f" 等 {len(units)} 个" if len(units) > 5 else "")
    region = region_names.get(failure.region, f"第 {failure.region} 号") if failure.region is not None else ""
    h = failure.households
    lo, hi = bounds or (floor, ceiling)
    kind = failure.kind
    if kind == "floor":
        text = f"“{region}”共 {h} 户，低于下限 {lo} 户。"
    elif kind == "ceiling":
        text = f"“{region}”共 {h} 户，超过上限 {hi} 户。"
    elif kind == "contiguity":
        text = f"“{region}”不连通：{listed}与社区主体不相邻。"
    elif kind == "group":
        text = f"“{region}”跨越街道：{listed}属于其他街道。"
    elif kind == "coverage":
        text = f"{len(units)} 个小区（楼栋）未分配到任何社区：{listed}。"
    elif kind == "unit_above_ceiling":
        text = f"小区（楼栋）{listed}单独就有 {h} 户，超过上限 {ceiling} 户，只能单独成为一个社区。"
    elif kind == "island_below_floor":
        text = f"{listed}与其他小区不相邻，合计 {h} 户，低于下限 {floor} 户，无法达标。"
    elif kind == "group_too_small":
        street = street_names[failure.region] if failure.region is not None else ""
        text = f"街道“{street}”共 {h} 户，低于下限 {floor} 户，无法组成达标社区。"
    else:
        text = failure.message
    return {
        "kind": kind,
        "message": text,
        "region": failure.region,
        "households": h,
        "units": [unit_ids[u] for u in units[:UNIT_LIMIT]],
    }
