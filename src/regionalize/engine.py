"""The planner: warm start, merge, split, repair, report."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from .bisect import SplitSpec, split_regions
from .constraints import (
    Failure,
    Problem,
    bounds_failures,
    check_contiguity,
    check_coverage,
    check_groups,
    find_infeasibilities,
    problem_components,
)
from .graph import InputError, components_of, edge_list, unique_pairs
from .repair import Repairer
from .result import Report, Result, canonical, region_table

__all__ = ["MODES", "plan", "plan_grids"]

MODES = ("seed", "strict", "scratch")


def _rng(rng: np.random.Generator | int | None) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise InputError("rng 应为 numpy Generator 或整数种子 — rng must be a numpy Generator or an int seed")


def _check_rules(floor: int, ceiling: int, split_above: int, merge_below: int, mode: str, target) -> None:
    if mode not in MODES:
        raise InputError(f"未知模式 {mode!r}，应为 seed / strict / scratch — unknown mode {mode!r}")
    if not 0 <= floor <= ceiling:
        raise InputError(f"下限 {floor} 应不大于上限 {ceiling} — need 0 <= floor <= ceiling")
    if split_above < ceiling or merge_below > floor:
        raise InputError(
            f"拆分阈值 {split_above} 应不小于上限 {ceiling}，撤并阈值 {merge_below} 应不大于下限 {floor} — "
            "need split_above >= ceiling and merge_below <= floor"
        )
    if target is not None and not floor <= target <= ceiling:
        raise InputError(f"目标户数 {target} 应在上下限之间 — target must lie within [floor, ceiling]")


def _labels(current: object, n: int, name: str) -> np.ndarray:
    cur = np.asarray(current)
    if cur.shape != (n,) or cur.dtype.kind not in "iu":
        raise InputError(
            f"{name} 应为与单元等长的整数数组（-1 表示无） — {name} must be an int array of length {n}"
        )
    return cur.astype(np.int64)


def _compress(label: np.ndarray) -> np.ndarray:
    return np.unique(label, return_inverse=True)[1].ravel().astype(np.int64)


def _isolate_infeasible(problem: Problem, label: np.ndarray, floor: int, ceiling: int):
    """Give each unit above the ceiling its own region and make each island below the floor one
    region; both are locked, the rest is relabelled into connected pieces."""
    w = problem.weights
    label = label.copy()
    nxt = int(label.max()) + 1 if len(label) else 0
    heavy = np.flatnonzero(w > ceiling)
    label[heavy] = nxt + np.arange(len(heavy))
    nxt += len(heavy)
    comp = problem_components(problem)
    comp_w = np.bincount(comp, weights=w)
    island = comp_w[comp] < floor
    label[island] = nxt + comp[island]
    label = _compress(components_of(label, problem.a, problem.b, problem.n))
    locked = set(np.unique(label[heavy]).tolist()) | set(np.unique(label[island]).tolist())
    return label, locked


def _pieces(total: int, floor: int, ceiling: int, target: float) -> int:
    lo_k = max(1, math.ceil(total / ceiling)) if ceiling > 0 else 1
    hi_k = max(1, total // floor) if floor > 0 else max(1, lo_k)
    k = max(1, round(total / target)) if target > 0 else lo_k
    return min(max(k, lo_k), max(hi_k, lo_k))


def _split_spec(weight: int, ceiling: int, start=None) -> SplitSpec:
    k = max(1, math.ceil(weight / ceiling))
    return SplitSpec(k, peel=k <= 3, start=None if start is None else np.asarray(start, dtype=np.int64))


def _merge_undersized(
    rep: Repairer, under: list[int], *, strict: bool, specs: dict[int, SplitSpec], changed: set[int]
) -> None:
    """Merge each undersized region into the neighbour sharing the longest border; when the union is
    too big, mark it for a re-split that grows from the small region's units. In strict mode an
    undersized region first tries to gather units from neighbours when that moves fewer households."""
    margin = 0.05 * (rep.ceiling - rep.floor)
    for p in sorted(under, key=lambda r: (rep.weight.get(r, 0), r)):
        if p not in rep.members or rep.weight[p] >= rep.floor or p in rep.locked:
            continue
        if strict and rep.floor - rep.weight[p] + margin < rep.weight[p] and rep.gather(p):
            changed.add(p)
            continue
        borders = {s: c for s, c in rep.borders(p).items() if s not in rep.locked or s in rep.unlockable}
        if not borders:
            continue
        wp = rep.weight[p]
        fits = [s for s in borders if rep.weight[s] + wp <= rep.ceiling]
        pool = fits or list(borders)
        s = max(sorted(pool), key=lambda x: borders[x])
        start = sorted(rep.members[p])
        rep.merge(p, s)
        rep.locked.discard(s)
        changed.add(s)
        specs.pop(p, None)
        if rep.weight[s] > rep.ceiling:
            specs[s] = _split_spec(rep.weight[s], rep.ceiling, start)


def _resplit_neighbourhoods(
    rep: Repairer, bad: list[int], *, specs: dict[int, SplitSpec], changed: set[int], grow: int
) -> None:
    """For what a merge or split alone could not fix: pool a bad region with its neighbours (and
    theirs, ``grow`` rings out) and cut the pool afresh into balanced pieces."""
    taken: set[int] = set()
    for r in bad:
        if r not in rep.members or r in taken:
            continue
        pool = {r}
        for _ in range(grow):
            ring = set()
            for x in pool:
                ring |= {s for s in rep.borders(x) if s not in rep.locked and s not in taken}
            pool |= ring
        if len(pool) == 1:
            continue
        total = sum(rep.weight[x] for x in pool)
        for x in sorted(pool - {r}):
            rep.merge(x, r)
            specs.pop(x, None)
        taken |= pool
        changed |= pool
        k = _pieces(total, rep.floor, rep.ceiling, total / len(pool))
        if k >= 2:
            specs[r] = SplitSpec(k)


def _repair_rounds(
    problem: Problem,
    label: np.ndarray,
    *,
    floor: int,
    ceiling: int,
    home,
    locked: set[int],
    unlockable: set[int],
    rng: np.random.Generator,
    strict: bool,
) -> np.ndarray:
    """Local repair, then merges and splits for what repair could not fix, a few times over; last,
    a refinement of borders among the regions that are in bounds."""
    rep: Repairer | None = None
    for attempt in range(4):
        rep = Repairer(problem, label, floor=floor, ceiling=ceiling, home=home, locked=locked)
        rep.unlockable = unlockable
        bad = rep.repair()
        if not bad or attempt == 3:
            break
        specs: dict[int, SplitSpec] = {}
        changed: set[int] = set()
        if attempt == 0:
            undersized = [r for r in bad if rep.weight.get(r, floor) < floor]
            _merge_undersized(rep, undersized, strict=strict, specs=specs, changed=changed)
            for r in bad:
                if r in rep.members and rep.weight[r] > ceiling and r not in specs:
                    specs[r] = SplitSpec(max(2, math.ceil(rep.weight[r] / ceiling)))
        else:
            _resplit_neighbourhoods(rep, bad, specs=specs, changed=changed, grow=attempt)
        locked = locked - changed
        label = rep.array()
        if not specs:
            if not changed:
                break
            rep = None
            continue
        label, _ = split_regions(problem, label, specs, floor=floor, ceiling=ceiling, rng=rng, home=home)
        rep = None
    if rep is None:
        rep = Repairer(problem, label, floor=floor, ceiling=ceiling, home=home, locked=locked)
    rep.locked |= set(rep.violating())
    if home is not None:
        # Least disruption: a community that came through whole is not reshaped for looks.
        lab = rep.array()
        pairs = unique_pairs(lab, home)
        once_l = np.unique(pairs[:, 0], return_counts=True)
        once_h = np.unique(pairs[:, 1], return_counts=True)
        single_l = set(once_l[0][once_l[1] == 1].tolist())
        single_h = set(once_h[0][once_h[1] == 1].tolist())
        rep.locked |= {int(r) for r, h in pairs.tolist() if r in single_l and h in single_h and h >= 0}
    rep.refine()
    return rep.array()


def plan(
    *,
    weights: object,
    adjacency: object,
    current: object | None = None,
    groups: object | None = None,
    coordinates: object | None = None,
    floor: int = 1000,
    ceiling: int = 3000,
    split_above: int | None = None,
    merge_below: int | None = None,
    mode: str = "seed",
    target: int | None = None,
    allow_cross_groups: bool = False,
    rng: np.random.Generator | int | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Result:
    """Plan contiguous regions within household bounds, moving as few households as possible.

    ``weights``: households per unit. ``adjacency``: sparse (n, n) matrix or (a, b) edge list of
    unit positions. ``current``: today's region per unit (-1 for none), required unless mode is
    ``scratch``. ``groups``: a street/district label per unit; regions never cross groups unless
    ``allow_cross_groups``. ``coordinates`` is accepted for callers that have it and is checked but not
    needed. Modes: ``seed`` splits regions above ``split_above``, merges those below ``merge_below``,
    leaves the rest; ``strict`` puts every region within [floor, ceiling]; ``scratch`` ignores
    ``current`` and aims at ``target`` households per region (default: midway between the bounds).
    ``split_above`` defaults to 4/3 of the ceiling (4,000 for 3,000) and ``merge_below`` to the
    floor. The same ``rng`` (seed or Generator state) gives the same result. ``progress``, if given,
    is called with a stage name and a fraction done, for a job that reports progress.
    """
    start = time.perf_counter()
    if split_above is None:
        split_above = max(ceiling, round(ceiling * 4 / 3))
    if merge_below is None:
        merge_below = floor
    _check_rules(floor, ceiling, split_above, merge_below, mode, target)
    gen = _rng(rng)
    problem = Problem.build(
        weights=weights, adjacency=adjacency, groups=groups, allow_cross_groups=allow_cross_groups
    )
    n = problem.n
    if coordinates is not None:
        xy = np.asarray(coordinates, dtype=float)
        if xy.shape != (n, 2):
            raise InputError(f"坐标应为 ({n}, 2) 数组 — coordinates must have shape ({n}, 2)")
    home = None
    if mode != "scratch":
        if current is None:
            raise InputError("seed / strict 模式需要现状分配 current — modes seed and strict need `current`")
        home = _labels(current, n, "current")
    infeasible = find_infeasibilities(problem, floor, ceiling)
    if progress:
        progress("solve", 0.1)
    if n == 0:
        label = np.zeros(0, dtype=np.int64)
    elif mode == "scratch":
        label = _scratch(problem, floor=floor, ceiling=ceiling, target=target, rng=gen)
    else:
        assert home is not None
        label = _warm(
            problem,
            home,
            floor=floor,
            ceiling=ceiling,
            split_above=split_above,
            merge_below=merge_below,
            strict=mode == "strict",
            rng=gen,
        )
    rules = {
        "mode": mode,
        "floor": floor,
        "ceiling": ceiling,
        "split_above": split_above,
        "merge_below": merge_below,
        "target": target,
    }
    if progress:
        progress("report", 0.9)
    return _result(problem, label, home=home, rules=rules, infeasible=infeasible, start=start)


def _scratch(
    problem: Problem, *, floor: int, ceiling: int, target: int | None, rng: np.random.Generator
) -> np.ndarray:
    tgt = float(target) if target is not None else (floor + ceiling) / 2
    label, locked = _isolate_infeasible(problem, problem_components(problem), floor, ceiling)
    totals = np.bincount(label, weights=problem.weights).astype(np.int64)
    specs = {
        r: SplitSpec(_pieces(int(totals[r]), floor, ceiling, tgt))
        for r in range(len(totals))
        if r not in locked
    }
    label, _ = split_regions(problem, label, specs, floor=floor, ceiling=ceiling, rng=rng)
    return _repair_rounds(
        problem,
        label,
        floor=floor,
        ceiling=ceiling,
        home=None,
        locked=locked,
        unlockable=set(),
        rng=rng,
        strict=True,
    )


def _warm(
    problem: Problem,
    home: np.ndarray,
    *,
    floor: int,
    ceiling: int,
    split_above: int,
    merge_below: int,
    strict: bool,
    rng: np.random.Generator,
) -> np.ndarray:
    """Start from today's regions: pieces that are contiguous and within one group; fix what breaks
    the rules."""
    pieces = components_of(home, problem.a, problem.b, problem.n)
    label, infeasible_locked = _isolate_infeasible(problem, pieces, floor, ceiling)
    w = problem.weights
    # A piece is unchanged when it is the whole of an old region.
    piece_home = np.full(int(label.max()) + 1, -1, dtype=np.int64)
    piece_home[label] = home
    valid = piece_home >= 0
    per_home = np.bincount(piece_home[valid], minlength=max(int(home.max()) + 1, 1))
    whole = valid & (per_home[np.maximum(piece_home, 0)] == 1)
    totals = np.bincount(label, weights=w).astype(np.int64)
    regions = [r for r in range(len(totals)) if r not in infeasible_locked]
    if strict:
        rule_lo = np.full(len(totals), floor)
        rule_hi = np.full(len(totals), ceiling)
    else:
        rule_lo = np.where(whole, merge_below, floor)
        rule_hi = np.where(whole, split_above, ceiling)
    keep = {r for r in regions if whole[r] and not strict}
    rep = Repairer(problem, label, floor=floor, ceiling=ceiling, home=home, locked=infeasible_locked | keep)
    rep.unlockable = keep
    specs: dict[int, SplitSpec] = {}
    changed: set[int] = {r for r in regions if not whole[r]}
    under = [r for r in regions if totals[r] < rule_lo[r]]
    for r in under:
        rep.locked.discard(r)
    _merge_undersized(rep, under, strict=strict, specs=specs, changed=changed)
    margin = 0.05 * (ceiling - floor)
    for r in sorted(rep.members):
        if r in rep.locked and r not in keep or r in specs:
            continue
        hi = ceiling if (strict or r in changed) else int(rule_hi[r])
        if rep.weight[r] <= hi:
            continue
        if strict and rep.weight[r] - ceiling + margin < floor / 2 and rep.shed(r):
            changed.add(r)
            continue
        rep.locked.discard(r)
        changed.add(r)
        specs[r] = _split_spec(rep.weight[r], ceiling)
    label = rep.array()
    if specs:
        label, origin = split_regions(problem, label, specs, floor=floor, ceiling=ceiling, rng=rng, home=home)
        changed |= set(origin)
    locked = infeasible_locked | (keep - changed)
    return _repair_rounds(
        problem,
        label,
        floor=floor,
        ceiling=ceiling,
        home=home,
        locked=locked,
        unlockable=keep - changed,
        rng=rng,
        strict=strict,
    )


def _result(
    problem: Problem,
    label: np.ndarray,
    *,
    home: np.ndarray | None,
    rules: dict[str, object],
    infeasible: list[Failure],
    start: float,
    parent_of: np.ndarray | None = None,
) -> Result:
    if len(label):
        label = canonical(label)
    floor, ceiling = int(rules["floor"]), int(rules["ceiling"])  # type: ignore[call-overload]
    w = problem.weights
    n_reg = int(label.max()) + 1 if len(label) else 0
    parent = None
    if parent_of is not None and n_reg:
        parent = np.zeros(n_reg, dtype=np.int64)
        parent[label] = parent_of
    regions, moved = region_table(label, home, w, parent)
    lo = np.full(n_reg, floor)
    hi = np.full(n_reg, ceiling)
    if rules["mode"] == "seed":
        for r in regions:
            if r.status == "unchanged":
                lo[r.id], hi[r.id] = rules["merge_below"], rules["split_above"]
    violations = check_coverage(problem, label) + check_contiguity(problem, label)
    violations += bounds_failures(label, w, lo, hi) + check_groups(problem, label)
    totals = np.bincount(label, weights=w, minlength=n_reg).astype(np.int64)
    totals.flags.writeable = False
    label = np.array(label, dtype=np.int64)
    label.flags.writeable = False
    fa, fb = edge_list(problem.full)
    counts: dict[str, int] = {}
    for r in regions:
        counts[r.status] = counts.get(r.status, 0) + 1
    known = int(w[home >= 0].sum()) if home is not None else 0
    report = Report(
        mode=str(rules["mode"]),
        floor=floor,
        ceiling=ceiling,
        regions=n_reg,
        households=int(w.sum()),
        households_moved=moved,
        moved_share=(moved / known if known else 0.0) if moved is not None else None,
        cut_edges=int((label[fa] != label[fb]).sum()),
        elapsed_seconds=time.perf_counter() - start,
        violations=tuple(violations),
        infeasible=tuple(infeasible),
        counts=tuple(sorted(counts.items())),
        parameters=tuple(rules.items()),
    )
    return Result(label, tuple(regions), totals, report)


def plan_grids(
    *,
    weights: object,
    adjacency: object,
    regions: object,
    coordinates: object | None = None,
    floor: int = 150,
    ceiling: int = 400,
    target: int = 190,
    rng: np.random.Generator | int | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Result:
    """Divide each region (community) into contiguous grids of [floor, ceiling] households, aiming
    at ``target`` households per grid; regions are handled independently and no grid crosses one.

    The default target reflects Hohhot: ~1.1 M households in ~5,900 grids. Each grid's ``parent``
    is its region.
    """
    start = time.perf_counter()
    _check_rules(floor, ceiling, ceiling, floor, "scratch", target)
    gen = _rng(rng)
    w = np.asarray(weights)
    parent_of = _labels(regions, len(w), "regions")
    if (parent_of < 0).any():
        raise InputError("每个单元都应属于一个区域 — every unit needs a region (no -1)")
    problem = Problem.build(weights=weights, adjacency=adjacency, groups=parent_of)
    if coordinates is not None and np.asarray(coordinates).shape != (problem.n, 2):
        raise InputError(f"坐标应为 ({problem.n}, 2) 数组 — coordinates must have shape ({problem.n}, 2)")
    infeasible = find_infeasibilities(problem, floor, ceiling)
    if progress:
        progress("solve", 0.1)
    label = (
        _scratch(problem, floor=floor, ceiling=ceiling, target=target, rng=gen) if problem.n else parent_of
    )
    rules = {"mode": "grids", "floor": floor, "ceiling": ceiling, "target": target}
    if progress:
        progress("report", 0.9)
    return _result(
        problem, label, home=None, rules=rules, infeasible=infeasible, start=start, parent_of=parent_of
    )
