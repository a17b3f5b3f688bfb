"""Grid division as pure arrays: which grid each residential unit falls in, its type, its number.

Facilities (school, hospital, park, market) become dedicated grids of their own; the rest of each
community is divided by the engine into contiguous grids within the household bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import regionalize as rz

from . import geo


@dataclass(frozen=True)
class GridLayout:
    grid_of_unit: np.ndarray  # (n,) grid position 0..G-1
    community_of_grid: np.ndarray  # (G,) community label
    type_of_grid: list[str]  # "basic" or a dedicated GridType value
    number_of_grid: np.ndarray  # (G,) 1-based number within its community, reading order
    households_of_grid: np.ndarray
    failures: list[rz.Failure]  # violations and infeasibilities reported by the engine (unit positions)


def grid_layout(
    *,
    lnglat: np.ndarray,
    households: np.ndarray,
    community: np.ndarray,
    dedicated: list[str],
    floor: int,
    ceiling: int,
    target: int,
    seed: int = 0,
    max_edge_m: float | None = None,
) -> GridLayout:
    """`dedicated[i]` is "" for an ordinary unit or the GridType of a facility."""
    n = len(households)
    lnglat = np.asarray(lnglat, dtype=float).reshape(-1, 2)
    households = np.asarray(households, dtype=np.int64)
    community = np.asarray(community, dtype=np.int64)
    grid_of_unit = np.full(n, -1, dtype=np.int64)
    types: list[str] = []
    owners: list[int] = []
    failures: list[rz.Failure] = []
    ordinary = np.array([not d for d in dedicated], dtype=bool)
    idx = np.flatnonzero(ordinary)
    if len(idx):
        adj, _ = geo.adjacency(lnglat[idx], max_edge_m=max_edge_m)
        res = rz.plan_grids(
            weights=households[idx],
            adjacency=adj,
            regions=community[idx],
            floor=floor,
            ceiling=ceiling,
            target=target,
            rng=seed,
        )
        grid_of_unit[idx] = np.asarray(res.assignment)
        for region in res.regions:
            types.append("basic")
            owners.append(int(region.parent))
        # Positions in failures refer to the ordinary subset; map them back to all units.
        for f in (*res.report.infeasible, *res.report.violations):
            failures.append(
                rz.Failure(f.kind, f.message, f.region, tuple(int(idx[u]) for u in f.units), f.households)
            )
    for u in np.flatnonzero(~ordinary):
        grid_of_unit[u] = len(types)
        types.append(dedicated[u])
        owners.append(int(community[u]))
    g = len(types)
    owner = np.asarray(owners, dtype=np.int64)
    weights = np.bincount(grid_of_unit, weights=households, minlength=g).astype(np.int64)
    counts = np.bincount(grid_of_unit, minlength=g).astype(float)
    centroid = np.zeros((g, 2))
    for axis in (0, 1):
        centroid[:, axis] = np.bincount(grid_of_unit, weights=lnglat[:, axis], minlength=g) / np.maximum(
            counts, 1
        )
    number = np.zeros(g, dtype=np.int64)
    for c in np.unique(owner):
        members = np.flatnonzero(owner == c)
        order = geo.reading_order(centroid[members])
        number[members[order]] = np.arange(1, len(members) + 1)
    return GridLayout(grid_of_unit, owner, types, number, weights, failures)
