"""Batched recursive bisection: every region that needs splitting is cut in the same few array passes.

One level cuts each active region in two (A, B) along a breadth-first order grown from a start unit:
every prefix of such an order is connected, so A is contiguous; B is checked and any part of it cut
off by A is folded into A. The start units are pseudo-peripheral (the last unit reached from a
random unit, and the last unit reached from that one), or a given start set, e.g. the units of an
undersized community so that a merged pair re-splits along its old border. For each start the best
prefix is picked per region by cut edges, distance to the target weight and households moved.

A breadth-first search from a virtual source joined to one start per region walks all regions at
once, which is what keeps this to a handful of scipy calls per level however many regions there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from .constraints import Problem
from .graph import components_of, unique_pairs

__all__ = ["SplitSpec", "split_regions"]

_OUTSIDE = 1e12


@dataclass(frozen=True)
class SplitSpec:
    """How to split one region: into ``pieces`` parts; ``peel`` cuts off one part at a time at the
    smallest size allowed (least disruption); otherwise parts are balanced. ``start`` optionally
    names units the first part grows from."""

    pieces: int
    peel: bool = False
    start: np.ndarray | None = None


def _window(total: np.ndarray, k_a: np.ndarray, k_b: np.ndarray, lo: int, hi: int):
    w_lo = np.maximum(k_a * lo, total - k_b * hi)
    w_hi = np.minimum(k_a * hi, total - k_b * lo)
    return w_lo, w_hi


class _Level:
    """The arrays one bisection level shares between its candidate start orders."""

    def __init__(self, problem: Problem, label: np.ndarray, active: np.ndarray):
        n = problem.n
        self.n = n
        self.label = label
        a, b = problem.a, problem.b
        same = (label[a] == label[b]) & active[label[a]]
        self.ea, self.eb = a[same], b[same]
        self.units = np.flatnonzero(active[label])
        self.deg = np.bincount(self.ea, minlength=n) + np.bincount(self.eb, minlength=n)
        g = sp.csr_array(
            (np.ones(2 * len(self.ea), dtype=np.int8), (np.r_[self.ea, self.eb], np.r_[self.eb, self.ea])),
            shape=(n, n),
        )
        self.indptr, self.indices = g.indptr.astype(np.int32), g.indices.astype(np.int32)

    def order_from(self, starts: np.ndarray) -> np.ndarray:
        """Units of active regions grouped by region, each region in BFS order from its start(s)."""
        n = self.n
        # The virtual source is row n, pointing at the starts; built directly, no sparse addition.
        indptr = np.r_[self.indptr, self.indptr[-1] + len(starts)].astype(np.int32)
        indices = np.r_[self.indices, starts].astype(np.int32)
        # float64 data: scipy's graph routines then use the array as is instead of converting it.
        graph = sp.csr_array((np.ones(len(indices)), indices, indptr), shape=(n + 1, n + 1))
        order = csgraph.breadth_first_order(graph, n, directed=True, return_predecessors=False)
        pos = np.full(n + 1, n + 1, dtype=np.int64)
        pos[order] = np.arange(len(order))
        units = self.units
        return units[np.lexsort((pos[units], self.label[units]))]


def _last_per_region(seq: np.ndarray, label: np.ndarray) -> np.ndarray:
    lab = label[seq]
    ends = np.flatnonzero(np.r_[lab[1:] != lab[:-1], True])
    return seq[ends]


def _evaluate(lv: _Level, seq: np.ndarray, weights: np.ndarray, p: dict[str, Any]):
    """Best prefix per region for one start order: returns (score, prefix length) per region."""
    n_seq = len(seq)
    rank = np.empty(lv.n, dtype=np.int64)
    rank[seq] = np.arange(n_seq)
    later = np.maximum(rank[lv.ea], rank[lv.eb])
    internal = np.cumsum(np.bincount(later, minlength=n_seq))
    degc = np.cumsum(lv.deg[seq])
    cumw = np.cumsum(weights[seq])
    lab = lv.label[seq]
    reg = p["index"][lab]  # region index 0..R-1, regions appear in ascending label order
    starts = p["offset"][reg]

    def local(arr: np.ndarray) -> np.ndarray:
        before = np.where(starts > 0, arr[np.maximum(starts - 1, 0)], 0)
        return arr - before

    cut = local(degc) - 2 * local(internal)
    wa = local(cumw)
    score = cut * p["edge_cost"][reg] + p["lam"][reg] * np.abs(wa - p["target"][reg])
    if p["moved_weight"] is not None:
        h1 = local(np.cumsum(p["h1"][seq]))
        h2 = local(np.cumsum(p["h2"][seq]))
        tot, t1, t2 = p["total"][reg], p["t1"][reg], p["t2"][reg]
        moved = np.minimum((wa - h2) + (tot - wa - (t1 - h1)), (wa - h1) + (tot - wa - (t2 - h2)))
        score = score + p["moved_weight"][reg] * moved
    w_lo, w_hi = p["w_lo"][reg], p["w_hi"][reg]
    gap = np.maximum(w_lo - wa, 0) + np.maximum(wa - w_hi, 0)
    score = np.where(gap > 0, _OUTSIDE + gap * 1e3, score)
    # The whole region is never a valid A.
    is_last = np.r_[lab[1:] != lab[:-1], True]
    score = np.where(is_last, np.inf, score)
    pick = np.lexsort((score, reg))
    first = np.r_[True, reg[pick][1:] != reg[pick][:-1]]
    best = pick[first]
    return score[best], best - starts[best]


def split_regions(
    problem: Problem,
    label: np.ndarray,
    specs: dict[int, SplitSpec],
    *,
    floor: int,
    ceiling: int,
    rng: np.random.Generator,
    home: np.ndarray | None = None,
    next_label: int | None = None,
) -> tuple[np.ndarray, dict[int, int]]:
    """Split the regions named in ``specs``; return the new labels and, for each new label, the
    label it was cut from. Regions not in ``specs`` keep their units."""
    label = label.copy()
    w = problem.weights
    nxt = int(label.max()) + 1 if next_label is None else next_label
    origin: dict[int, int] = {}
    todo = {r: s for r, s in specs.items() if s.pieces >= 2}
    while todo:
        regs = np.array(sorted(todo), dtype=np.int64)
        size = max(int(label.max()), int(regs.max())) + 1
        active = np.zeros(size, dtype=bool)
        active[regs] = True
        lv = _Level(problem, label, active)
        units = lv.units
        k = np.array([todo[r].pieces for r in regs])
        peel = np.array([todo[r].peel for r in regs])
        k_a = np.where(peel, 1, k // 2)
        k_b = k - k_a
        total = np.bincount(label[units], weights=w[units], minlength=size)[regs].astype(np.int64)
        count = np.bincount(label[units], minlength=size)[regs]
        w_lo, w_hi = _window(total, k_a, k_b, floor, ceiling)
        margin = np.minimum(0.05 * (ceiling - floor), np.maximum(w_hi - w_lo, 0) / 2)
        target = np.where(peel, w_lo + margin, total * k_a / k)
        index = np.full(size, -1, dtype=np.int64)
        index[regs] = np.arange(len(regs))
        offset = np.r_[0, np.cumsum(count)[:-1]]
        params: dict[str, Any] = {
            "index": index,
            "offset": offset,
            "edge_cost": total / np.maximum(count, 1),
            "lam": np.where(peel, 0.5, 1.0),
            "target": target,
            "w_lo": w_lo,
            "w_hi": w_hi,
            "moved_weight": None,
        }
        if home is not None and peel.any():
            h1, h2, t1, t2 = _dominant_homes(label, units, regs, index, home, w)
            params.update(h1=h1, h2=h2, t1=t1, t2=t2, total=total, moved_weight=np.where(peel, 1.0, 0.0))
        # Pseudo-peripheral starts: farthest from a random unit, then farthest from that one.
        pick = rng.random(problem.n)
        seq0 = units[np.lexsort((pick[units], label[units]))]
        first = seq0[np.r_[True, label[seq0][1:] != label[seq0][:-1]]]
        s1 = _last_per_region(lv.order_from(first), label)
        seq1 = lv.order_from(s1)
        s2 = _last_per_region(seq1, label)
        candidates = [seq1, lv.order_from(s2)]
        given = [r for r in regs if todo[int(r)].start is not None]
        if given:
            starts = [np.asarray(todo[int(r)].start, dtype=np.int64) for r in given]
            start = np.concatenate([*starts, s1[~np.isin(label[s1], given)]])
            candidates.append(lv.order_from(start.astype(np.int64)))
        results = [_evaluate(lv, seq, w, params) for seq in candidates]
        scores = np.stack([s for s, _ in results])
        prefix = np.stack([p for _, p in results])
        choice = np.argmin(scores, axis=0)
        plen = prefix[choice, np.arange(len(regs))]
        # A region that cannot be cut (a single unit) is left whole.
        plen = np.where(np.isfinite(scores.min(axis=0)), plen, -1)
        new_labels = np.arange(nxt, nxt + len(regs))
        nxt += len(regs)
        before = label.copy()
        for c, seq in enumerate(candidates):
            lab = before[seq]
            reg = index[lab]
            within = np.arange(len(seq)) - offset[reg]
            take = (choice[reg] == c) & (within <= plen[reg])
            label[seq[take]] = new_labels[reg[take]]
        label = _fold_stray(problem, label, regs, new_labels)
        prev, todo = todo, {}
        for r, nl, ka, kb, p in zip(regs.tolist(), new_labels.tolist(), k_a, k_b, plen, strict=True):
            if p < 0:
                continue
            origin[nl] = r
            if kb >= 2:
                todo[r] = SplitSpec(int(kb), prev[r].peel)
            if ka >= 2:
                todo[nl] = SplitSpec(int(ka), prev[r].peel)
    return label, origin


def _dominant_homes(label, units, regs, index, home, w):
    """Per region, the two old labels holding most households, as per-unit household indicators."""
    n = len(label)
    lab_u, home_u = label[units], home[units]
    pairs, inv = unique_pairs(lab_u, home_u, return_inverse=True)
    hh = np.bincount(inv.ravel(), weights=w[units])
    hh = np.where(pairs[:, 1] < 0, -1.0, hh)  # units with no old community never count as staying
    order = np.lexsort((-hh, pairs[:, 0]))
    rank = np.zeros(len(order), dtype=np.int64)
    grp = pairs[order, 0]
    starts = np.r_[True, grp[1:] != grp[:-1]]
    first_pos = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
    rank[order] = np.arange(len(order)) - first_pos
    top1 = np.full(len(regs), -(10**12), dtype=np.int64)
    top2 = np.full(len(regs), -(10**12), dtype=np.int64)
    sel1 = (rank == 0) & (pairs[:, 1] >= 0)
    sel2 = (rank == 1) & (pairs[:, 1] >= 0)
    top1[index[pairs[sel1, 0]]] = pairs[sel1, 1]
    top2[index[pairs[sel2, 0]]] = pairs[sel2, 1]
    reg_of = np.full(n, -1, dtype=np.int64)
    reg_of[units] = index[lab_u]
    h1 = np.zeros(n)
    h2 = np.zeros(n)
    h1[units] = np.where(home_u == top1[reg_of[units]], w[units], 0)
    h2[units] = np.where(home_u == top2[reg_of[units]], w[units], 0)
    size = len(index)
    t1 = np.bincount(label[units], weights=h1[units], minlength=size)[regs]
    t2 = np.bincount(label[units], weights=h2[units], minlength=size)[regs]
    return h1, h2, t1, t2


def _fold_stray(problem: Problem, label: np.ndarray, regs: np.ndarray, new_labels: np.ndarray) -> np.ndarray:
    """Make both halves of each cut contiguous: stray parts of A go to B, then stray parts of B to A.

    Only edges among the units just cut are looked at; a part is stray when it is not the heaviest
    component of its label."""
    size = max(int(label.max()), int(new_labels.max())) + 1
    partner = np.full(size, -1, dtype=np.int64)
    partner[new_labels] = regs
    partner[regs] = new_labels
    touched = partner[label] >= 0
    w = problem.weights + 1e-6
    for side in (new_labels, regs):
        in_side = np.zeros(size, dtype=bool)
        in_side[side] = True
        comp = components_of(label, problem.a, problem.b, problem.n, mask=touched)
        units = np.flatnonzero(in_side[label])
        if not len(units):
            continue
        cw = np.bincount(comp[units], weights=w[units], minlength=problem.n)
        lab, cu = label[units], comp[units]
        best = np.zeros(size)
        np.maximum.at(best, lab, cw[cu])
        top = cw[cu] >= best[lab]
        main = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(main, lab[top], cu[top])  # ties: the lowest component id is the main one
        stray = cu != main[lab]
        if stray.any():
            label[units[stray]] = partner[label[units[stray]]]
    return label
