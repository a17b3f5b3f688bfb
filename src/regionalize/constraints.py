"""Constraints as functions, each naming what failed; ``validate_assignment`` runs them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .graph import InputError, as_adjacency, components_of, edge_list, unique_pairs

__all__ = [
    "Failure",
    "Problem",
    "check_bounds",
    "check_contiguity",
    "check_coverage",
    "check_groups",
    "find_infeasibilities",
    "validate_assignment",
]


@dataclass(frozen=True)
class Failure:
    """One named failure: what kind, a message (Chinese, then English), and who is involved.

    ``units`` are unit positions (0..n-1); ``region`` is a label of the assignment checked, or a
    group label for ``group_too_small``.
    """

    kind: str
    message: str
    region: int | None = None
    units: tuple[int, ...] = ()
    households: int | None = None

    def to_dict(self, unit_ids: Sequence[object] | None = None) -> dict[str, object]:
        units = [unit_ids[u] for u in self.units] if unit_ids is not None else list(self.units)
        return {
            "kind": self.kind,
            "message": self.message,
            "region": self.region,
            "households": self.households,
            "units": units,
        }


def _weights(weights: object, n: int | None = None) -> np.ndarray:
    w = np.asarray(weights)
    if w.ndim != 1 or (n is not None and len(w) != n):
        raise InputError(f"户数数组的长度应为 {n} — weights must be a 1-D array of length {n}")
    if w.dtype.kind == "f":
        if not np.isfinite(w).all() or (w != np.round(w)).any():
            raise InputError("户数必须是整数 — weights must be whole numbers of households")
    elif w.dtype.kind not in "iub":
        raise InputError(f"户数必须是整数 — weights must be integers, got {w.dtype}")
    w = w.astype(np.int64)
    if len(w) and w.min() < 0:
        raise InputError(f"户数不能为负（单元 {int(np.argmin(w))}） — weights must be non-negative")
    return w


@dataclass(frozen=True)
class Problem:
    """The fixed part of a partitioning problem: units, their weights, adjacency and groups.

    When groups may not be crossed, edges between groups are dropped from ``csr`` so that nothing
    built on it can join two groups.
    """

    weights: np.ndarray
    full: sp.csr_array
    csr: sp.csr_array
    a: np.ndarray
    b: np.ndarray
    groups: np.ndarray | None
    allow_cross_groups: bool = False
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n(self) -> int:
        return len(self.weights)

    @classmethod
    def build(
        cls,
        *,
        weights: object,
        adjacency: object,
        groups: object | None = None,
        allow_cross_groups: bool = False,
    ) -> Problem:
        w = _weights(weights)
        full = as_adjacency(adjacency, len(w))
        g = None
        if groups is not None:
            g = np.asarray(groups)
            if g.shape != w.shape or g.dtype.kind not in "iu":
                raise InputError("分组应为与单元等长的整数数组 — groups must be an int array, one per unit")
            g = g.astype(np.int64)
        csr = full
        if g is not None and not allow_cross_groups:
            coo = sp.coo_array(full)
            keep = g[coo.row] == g[coo.col]
            csr = sp.csr_array((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=full.shape)
            csr.sort_indices()
        a, b = edge_list(csr)
        return cls(w, full, csr, a, b, g, allow_cross_groups)


Constraint = Callable[[Problem, np.ndarray], list[Failure]]


def _members(labels: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Distinct labels and, for each, its unit positions (ascending)."""
    order = np.argsort(labels, kind="stable")
    uniq, start = np.unique(labels[order], return_index=True)
    return uniq, np.split(order, start[1:])


def check_coverage(problem: Problem, assignment: np.ndarray) -> list[Failure]:
    """Every unit has a region (a label ≥ 0)."""
    if assignment.shape != (problem.n,):
        return [
            Failure(
                "coverage",
                f"分配结果长度为 {assignment.size}，应为 {problem.n} — assignment has "
                f"{assignment.size} entries for {problem.n} units",
            )
        ]
    missing = np.flatnonzero(assignment < 0)
    if not len(missing):
        return []
    return [
        Failure(
            "coverage",
            f"{len(missing)} 个单元未分配到任何区域 — {len(missing)} units have no region",
            units=tuple(int(u) for u in missing),
            households=int(problem.weights[missing].sum()),
        )
    ]


def _mixed(problem: Problem, assignment: np.ndarray, key: np.ndarray, kind: str, say) -> list[Failure]:
    """A failure for each region whose units take more than one value of ``key``; the units named
    are those outside the value most of its units share. ``say(region, values)`` words it."""
    covered = assignment >= 0
    pairs = unique_pairs(assignment[covered], key[covered])
    regions, counts = np.unique(pairs[:, 0], return_counts=True)
    out = []
    for r in regions[counts > 1].tolist():
        units = np.flatnonzero(assignment == r)
        values, sizes = np.unique(key[units], return_counts=True)
        stray = units[key[units] != values[np.argmax(sizes)]]
        out.append(
            Failure(
                kind,
                say(r, values),
                region=r,
                units=tuple(int(u) for u in stray),
                households=int(problem.weights[units].sum()),
            )
        )
    return out


def check_contiguity(problem: Problem, assignment: np.ndarray) -> list[Failure]:
    """Every region is connected through adjacency between its own units."""
    a, b = edge_list(problem.full)
    comp = components_of(assignment, a, b, problem.n)

    def say(r: int, pieces: np.ndarray) -> str:
        return f"区域 {r} 不连通，分成 {len(pieces)} 块 — region {r} is not contiguous ({len(pieces)} pieces)"

    return _mixed(problem, assignment, comp, "contiguity", say)


def check_groups(problem: Problem, assignment: np.ndarray) -> list[Failure]:
    """No region holds units of two groups (skipped when crossing is allowed or there are no groups)."""
    if problem.groups is None or problem.allow_cross_groups:
        return []

    def say(r: int, gs: np.ndarray) -> str:
        return f"区域 {r} 跨越 {len(gs)} 个分组 {gs.tolist()} — region {r} crosses groups {gs.tolist()}"

    return _mixed(problem, assignment, problem.groups, "group", say)


def bounds_failures(
    assignment: np.ndarray, weights: np.ndarray, floor: np.ndarray | int, ceiling: np.ndarray | int
) -> list[Failure]:
    """Regions outside [floor, ceiling]; floor and ceiling may be per region (indexed by label)."""
    covered = assignment >= 0
    totals = np.bincount(assignment[covered], weights=weights[covered]).astype(np.int64)
    present = np.bincount(assignment[covered]) > 0
    lo = np.broadcast_to(np.asarray(floor), totals.shape)
    hi = np.broadcast_to(np.asarray(ceiling), totals.shape)
    failures = []
    for r in np.flatnonzero(present & ((totals < lo) | (totals > hi))):
        h, below = int(totals[r]), totals[r] < lo[r]
        zh, en, bound = (
            ("低于下限", "below floor", int(lo[r])) if below else ("高于上限", "above ceiling", int(hi[r]))
        )
        failures.append(
            Failure(
                "floor" if below else "ceiling",
                f"区域 {int(r)} 有 {h} 户，{zh} {bound} — region {int(r)} has {h} households, {en} {bound}",
                region=int(r),
                units=tuple(int(u) for u in np.flatnonzero(assignment == r)),
                households=h,
            )
        )
    return failures


def check_bounds(floor: int, ceiling: int) -> Constraint:
    """A constraint: every region's households lie within [floor, ceiling]."""

    def bounds(problem: Problem, assignment: np.ndarray) -> list[Failure]:
        return bounds_failures(assignment, problem.weights, floor, ceiling)

    bounds.__name__ = f"bounds_{floor}_{ceiling}"
    return bounds


def validate_assignment(
    assignment: object,
    *,
    weights: object,
    adjacency: object,
    floor: int,
    ceiling: int,
    groups: object | None = None,
    allow_cross_groups: bool = False,
    constraints: Sequence[Constraint] | None = None,
) -> list[Failure]:
    """Check any assignment (one integer label per unit, -1 for none) and name every failure.

    Runs coverage, contiguity, bounds and groups unless ``constraints`` gives another list. An
    empty list means the assignment is valid.
    """
    problem = Problem.build(
        weights=weights, adjacency=adjacency, groups=groups, allow_cross_groups=allow_cross_groups
    )
    labels = np.asarray(assignment)
    if labels.dtype.kind not in "iu":
        raise InputError("分配结果应为整数数组 — assignment must be an integer array")
    labels = labels.astype(np.int64)
    coverage = check_coverage(problem, labels)
    if coverage and labels.shape != (problem.n,):
        return coverage
    checks = constraints or (check_contiguity, check_bounds(floor, ceiling), check_groups)
    failures = list(coverage)
    for check in checks:
        failures.extend(check(problem, labels))
    return failures


def find_infeasibilities(problem: Problem, floor: int, ceiling: int) -> list[Failure]:
    """What no assignment can satisfy: units above the ceiling, groups and islands below the floor,
    and connected parts whose households fit no number of regions (e.g. 3,500 with bounds 2,000 to
    3,000). An island is a connected component (within its group when groups may not be crossed).
    """
    w = problem.weights
    out = []
    for u in np.flatnonzero(w > ceiling):
        out.append(
            Failure(
                "unit_above_ceiling",
                f"单元 {int(u)} 有 {int(w[u])} 户，单独已超过上限 {ceiling} — unit {int(u)} alone has "
                f"{int(w[u])} households, above ceiling {ceiling}",
                units=(int(u),),
                households=int(w[u]),
            )
        )
    small_groups: set[int] = set()
    if problem.groups is not None and not problem.allow_cross_groups:
        gl, members = _members(problem.groups)
        for g, units in zip(gl, members, strict=True):
            h = int(w[units].sum())
            if h < floor:
                small_groups.add(int(g))
                out.append(
                    Failure(
                        "group_too_small",
                        f"分组 {int(g)} 共 {h} 户，低于下限 {floor} — group {int(g)} has {h} households, "
                        f"below floor {floor}",
                        region=int(g),
                        units=tuple(int(u) for u in units),
                        households=h,
                    )
                )
    comp = problem_components(problem)
    cl, members = _members(comp)
    for units in members:
        h = int(w[units].sum())
        if h >= floor:
            if floor > 0 and ceiling > 0 and -(-h // ceiling) > h // floor:
                out.append(
                    Failure(
                        "no_region_count",
                        f"连通片区（{len(units)} 个单元）共 {h} 户，无论分成几个区域都无法使每个区域处于 "
                        f"[{floor}, {ceiling}] 之间 — {h} households cannot be cut into any number of "
                        f"regions within [{floor}, {ceiling}]",
                        units=tuple(int(u) for u in units),
                        households=h,
                    )
                )
            continue
        if problem.groups is not None and int(problem.groups[units[0]]) in small_groups:
            continue
        out.append(
            Failure(
                "island_below_floor",
                f"孤立片区（{len(units)} 个单元）共 {h} 户，低于下限 {floor}，无法与其他单元连通 — island "
                f"of {len(units)} units has {h} households, below floor {floor}",
                units=tuple(int(u) for u in units),
                households=h,
            )
        )
    return out


def problem_components(problem: Problem) -> np.ndarray:
    """Connected components of the usable adjacency (cached)."""
    if "components" not in problem._cache:
        from scipy.sparse import csgraph

        problem._cache["components"] = csgraph.connected_components(problem.csr, directed=False)[1]
    return problem._cache["components"]  # type: ignore[return-value]
