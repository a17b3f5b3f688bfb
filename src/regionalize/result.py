"""The immutable result: assignment, new-to-old mapping, totals and report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csgraph

from .constraints import Failure
from .graph import unique_pairs

__all__ = ["Region", "Report", "Result", "STATUSES"]

STATUSES = ("unchanged", "split", "merged", "regrouped", "new")


@dataclass(frozen=True)
class Region:
    """One region of the result.

    ``continues`` is the old region it carries on (best matching of new to old by households), or
    ``None`` for a new one. ``sources`` lists (old region, households) it draws from, largest first.
    ``status``: unchanged (same units), split (lost units only), merged (kept its units and absorbed
    whole old regions), regrouped (any other change), new (continues nothing). ``parent`` is the
    enclosing region for grids, else ``None``.
    """

    id: int
    households: int
    units: int
    status: str
    continues: int | None
    sources: tuple[tuple[int, int], ...]
    parent: int | None = None


@dataclass(frozen=True)
class Report:
    mode: str
    floor: int
    ceiling: int
    regions: int
    households: int
    households_moved: int | None
    moved_share: float | None
    cut_edges: int
    elapsed_seconds: float
    violations: tuple[Failure, ...]
    infeasible: tuple[Failure, ...]
    counts: tuple[tuple[str, int], ...]
    parameters: tuple[tuple[str, object], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class Result:
    """``assignment[i]`` is the region (0..R-1) of unit i; ``totals[r]`` its households."""

    assignment: np.ndarray
    regions: tuple[Region, ...]
    totals: np.ndarray
    report: Report

    def to_dict(
        self, unit_ids: Sequence[object] | None = None, old_names: Sequence[object] | None = None
    ) -> dict[str, object]:
        """JSON-ready report; ``old_names`` maps old region labels (and parents) to names."""

        def name(x: int | None) -> object:
            return x if x is None or old_names is None else old_names[x]

        rep = self.report
        return {
            "mode": rep.mode,
            "parameters": dict(rep.parameters),
            "floor": rep.floor,
            "ceiling": rep.ceiling,
            "regions": rep.regions,
            "households": rep.households,
            "households_moved": rep.households_moved,
            "moved_share": rep.moved_share,
            "cut_edges": rep.cut_edges,
            "elapsed_seconds": rep.elapsed_seconds,
            "counts": dict(rep.counts),
            "violations": [f.to_dict(unit_ids) for f in rep.violations],
            "infeasible": [f.to_dict(unit_ids) for f in rep.infeasible],
            "mapping": [
                {
                    "region": r.id,
                    "households": r.households,
                    "units": r.units,
                    "status": r.status,
                    "continues": name(r.continues),
                    "sources": [[name(o), h] for o, h in r.sources],
                    "parent": name(r.parent),
                }
                for r in self.regions
            ],
        }


def canonical(label: np.ndarray) -> np.ndarray:
    """Relabel to 0..R-1 in order of each region's lowest unit."""
    _, first, inv = np.unique(label, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inv.ravel()]


def match_new_to_old(new: np.ndarray, old: np.ndarray, weights: np.ndarray):
    """Best one-to-one matching of new to old regions by shared households (Hungarian per block).

    Returns (matched old per new region or -1, overlap triples (new, old, households, units)).
    """
    keep = old >= 0
    n_new = int(new.max()) + 1 if len(new) else 0
    if not keep.any():
        return np.full(n_new, -1, dtype=np.int64), np.zeros((0, 4), dtype=np.int64)
    pairs, inv = unique_pairs(new[keep], old[keep], return_inverse=True)
    hh = np.bincount(inv, weights=weights[keep]).astype(np.int64)
    cnt = np.bincount(inv).astype(np.int64)
    n_old = int(old.max()) + 1
    graph = sp.csr_array(
        (np.ones(len(pairs)), (pairs[:, 0], n_new + pairs[:, 1])), shape=(n_new + n_old, n_new + n_old)
    )
    comp = csgraph.connected_components(graph, directed=False)[1]
    matched = np.full(n_new, -1, dtype=np.int64)
    block_of = comp[pairs[:, 0]]
    order = np.argsort(block_of, kind="stable")
    cuts = np.flatnonzero(np.diff(block_of[order])) + 1
    for idx in np.split(order, cuts):
        if len(idx) == 1:
            i = idx[0]
            matched[pairs[i, 0]] = pairs[i, 1]
            continue
        rows, r_inv = np.unique(pairs[idx, 0], return_inverse=True)
        cols, c_inv = np.unique(pairs[idx, 1], return_inverse=True)
        block = np.zeros((len(rows), len(cols)))
        block[r_inv.ravel(), c_inv.ravel()] = hh[idx] + cnt[idx] * 1e-6
        ri, ci = linear_sum_assignment(block, maximize=True)
        good = block[ri, ci] > 0
        matched[rows[ri[good]]] = cols[ci[good]]
    return matched, np.column_stack([pairs, hh, cnt])


def region_table(
    label: np.ndarray,
    home: np.ndarray | None,
    weights: np.ndarray,
    parent: np.ndarray | None = None,
) -> tuple[list[Region], int | None]:
    """Regions with their mapping to old ones; and households moved (None without old regions)."""
    n_new = int(label.max()) + 1 if len(label) else 0
    totals = np.bincount(label, weights=weights, minlength=n_new).astype(np.int64)
    units = np.bincount(label, minlength=n_new)
    parents: list[int | None] = [None] * n_new if parent is None else [int(p) for p in parent]
    if home is None or not (home >= 0).any():
        regions = [
            Region(r, int(totals[r]), int(units[r]), "new", None, (), parents[r]) for r in range(n_new)
        ]
        return regions, None
    matched, ov = match_new_to_old(label, home, weights)
    old_units = np.bincount(home[home >= 0])
    new_known_units = np.bincount(label[home >= 0], minlength=n_new)
    by_new: dict[int, list[tuple[int, int, int]]] = {}
    for nr, o, h, c in ov.tolist():
        by_new.setdefault(nr, []).append((o, h, c))
    moved = int(weights[home >= 0].sum())
    regions = []
    for r in range(n_new):
        src = sorted(by_new.get(r, []), key=lambda t: (-t[1], t[0]))
        o = int(matched[r])
        own = next((c for s, _, c in src if s == o), 0)
        if o >= 0:
            moved -= next(h for s, h, _ in src if s == o)
        if o < 0:
            status = "new"
        elif own == old_units[o] == units[r]:
            status = "unchanged"
        elif len(src) == 1 and new_known_units[r] == units[r]:
            status = "split"
        elif own == old_units[o] and all(c == old_units[s] for s, _, c in src if s != o):
            status = "merged"
        else:
            status = "regrouped"
        regions.append(
            Region(
                r,
                int(totals[r]),
                int(units[r]),
                status,
                o if o >= 0 else None,
                tuple((s, h) for s, h, _ in src),
                parents[r],
            )
        )
    return regions, moved
