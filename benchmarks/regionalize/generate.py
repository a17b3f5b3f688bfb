"""Reproducible benchmark instances: rook lattices and a ~50k-unit city, each with a synthetic
current layout grown from random seeds.

Community targets are log-normal with median 2,052 and sigma 0.561: mean ~2,400 households, ~25%
above 3,000 and ~10% below 1,000, as the issue describes.

    python benchmarks/regionalize/generate.py --out var/bench   # writes units/edges CSVs
"""

from __future__ import annotations

import argparse
import csv
import heapq
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.spatial import Delaunay

LAYOUT_MEDIAN = 2052.0
LAYOUT_SIGMA = 0.5614


@dataclass
class Instance:
    name: str
    weights: np.ndarray
    edges: np.ndarray  # (m, 2), a < b
    coords: np.ndarray
    current: np.ndarray

    @property
    def n(self) -> int:
        return len(self.weights)

    def csr(self) -> sp.csr_array:
        a, b = self.edges[:, 0], self.edges[:, 1]
        data = np.ones(2 * len(a), dtype=np.int8)
        return sp.csr_array((data, (np.r_[a, b], np.r_[b, a])), shape=(self.n, self.n))


def lattice(side: int, seed: int = 0, low: int = 50, high: int = 400) -> Instance:
    rng = np.random.default_rng(seed)
    idx = np.arange(side * side).reshape(side, side)
    edges = np.concatenate(
        [
            np.stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()], 1),
            np.stack([idx[:-1].ravel(), idx[1:].ravel()], 1),
        ]
    )
    weights = rng.integers(low, high + 1, side * side)
    yy, xx = np.divmod(np.arange(side * side), side)
    coords = np.stack([xx, yy], 1).astype(float)
    inst = Instance(f"lattice-{side}x{side}", weights, edges.astype(np.int64), coords, np.zeros(0, np.int64))
    inst.current = grow_layout(inst, rng)
    return inst


def city(side: int = 224, seed: int = 0, low: int = 5, high: int = 40) -> Instance:
    """Delaunay graph on a jittered side×side lattice (224² ≈ 50k units), long edges dropped."""
    rng = np.random.default_rng(seed)
    yy, xx = np.divmod(np.arange(side * side), side)
    coords = np.stack([xx, yy], 1) + rng.uniform(-0.35, 0.35, (side * side, 2))
    tri = Delaunay(coords)
    s = tri.simplices
    pairs = np.sort(np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]]), axis=1)
    pairs = np.unique(pairs, axis=0)
    length = np.hypot(*(coords[pairs[:, 0]] - coords[pairs[:, 1]]).T)
    pairs = pairs[length <= 2.0]
    weights = rng.integers(low, high + 1, side * side)
    inst = Instance(
        f"city-{side * side // 1000}k", weights, pairs.astype(np.int64), coords, np.zeros(0, np.int64)
    )
    inst.current = grow_layout(inst, rng)
    return inst


def grow_layout(inst: Instance, rng: np.random.Generator, mean: float = 2400.0) -> np.ndarray:
    """Grow communities breadth-first from random seeds, the least-filled first, to log-normal
    household targets; leftovers join an adjacent community."""
    n, w = inst.n, inst.weights
    csr = inst.csr()
    ip, ix = csr.indptr.tolist(), csr.indices.tolist()
    wl = w.tolist()
    k = max(1, round(int(w.sum()) / mean))
    seeds = rng.choice(n, k, replace=False).tolist()
    targets = rng.lognormal(np.log(LAYOUT_MEDIAN), LAYOUT_SIGMA, k)
    targets *= w.sum() / targets.sum()
    label = [-1] * n
    fill = [0] * k
    frontier = [deque([s]) for s in seeds]
    heap = [(0.0, r) for r in range(k)]
    while heap:
        _, r = heapq.heappop(heap)
        q = frontier[r]
        while q and label[q[0]] != -1:
            q.popleft()
        if not q:
            continue
        u = q.popleft()
        label[u] = r
        fill[r] += wl[u]
        nb = ix[ip[u] : ip[u + 1]]
        order = rng.permutation(len(nb)).tolist()
        q.extend(nb[i] for i in order if label[nb[i]] == -1)
        if fill[r] < targets[r]:
            heapq.heappush(heap, (fill[r] / targets[r], r))
    queue = deque(u for u in range(n) if label[u] != -1)
    while queue:
        u = queue.popleft()
        for v in ix[ip[u] : ip[u + 1]]:
            if label[v] == -1:
                label[v] = label[u]
                queue.append(v)
    out = np.asarray(label, dtype=np.int64)
    # Units in components without a seed keep no community; give each such component one.
    if (out < 0).any():
        from scipy.sparse import csgraph

        comp = csgraph.connected_components(csr, directed=False)[1]
        out[out < 0] = k + comp[out < 0]
    return np.unique(out, return_inverse=True)[1].ravel().astype(np.int64)


def layout_stats(inst: Instance) -> dict[str, float]:
    tot = np.bincount(inst.current, weights=inst.weights)
    return {
        "communities": len(tot),
        "mean": float(tot.mean()),
        "share_above_3000": float((tot > 3000).mean()),
        "share_above_4000": float((tot > 4000).mean()),
        "share_below_1000": float((tot < 1000).mean()),
    }


def instances(quick: bool = False) -> list[Instance]:
    sides = [20, 40] if quick else [20, 40, 80, 160]
    out = [lattice(s, seed=s) for s in sides]
    if not quick:
        out.append(city())
    return out


def write_csv(inst: Instance, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{inst.name}-units.csv", "w", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["id", "households", "x", "y", "current"])
        for i in range(inst.n):
            x, y = inst.coords[i]
            wr.writerow([f"u{i}", int(inst.weights[i]), f"{x:.4f}", f"{y:.4f}", f"c{inst.current[i]}"])
    with open(folder / f"{inst.name}-edges.csv", "w", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["a", "b"])
        wr.writerows([f"u{a}", f"u{b}"] for a, b in inst.edges.tolist())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("var/bench"))
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    for inst in instances(args.quick):
        write_csv(inst, args.out)
        print(inst.name, inst.n, int(inst.weights.sum()), layout_stats(inst))


if __name__ == "__main__":
    main()
