"""Adjacency: normalising caller input to CSR, and building it from polygons or points."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.spatial import Delaunay

__all__ = [
    "InputError",
    "adjacency_from_points",
    "adjacency_from_polygons",
    "as_adjacency",
    "edge_list",
]


class InputError(ValueError):
    """Input the library cannot work with. The message is Chinese first, English detail after."""


def _fail(zh: str, en: str) -> InputError:
    return InputError(f"{zh} — {en}")


def as_adjacency(adjacency: Any, n: int) -> sp.csr_array:
    """Return a symmetric 0/1 CSR array (int8) without self loops.

    ``adjacency`` is a scipy sparse matrix/array of shape (n, n), a dense (m, 2) integer array of
    edges, or any iterable of (a, b) pairs of unit positions.
    """
    if sp.issparse(adjacency):
        if adjacency.shape != (n, n):
            raise _fail(
                f"邻接矩阵的形状应为 ({n}, {n})",
                f"adjacency shape {adjacency.shape} does not match {n} units",
            )
        coo = sp.coo_array(adjacency)
        a, b = coo.row.astype(np.int64), coo.col.astype(np.int64)
        keep = coo.data != 0
        a, b = a[keep], b[keep]
    else:
        edges = np.asarray(list(adjacency) if not isinstance(adjacency, np.ndarray) else adjacency)
        if edges.size == 0:
            edges = np.zeros((0, 2), dtype=np.int64)
        if edges.ndim != 2 or edges.shape[1] != 2:
            raise _fail(
                "边表应为 (a, b) 二元组的列表", f"edge list must have shape (m, 2), got {edges.shape}"
            )
        if not np.issubdtype(edges.dtype, np.integer):
            raise _fail(
                "边表中的端点应为单元序号（整数）", f"edge endpoints must be integers, got {edges.dtype}"
            )
        a, b = edges[:, 0].astype(np.int64), edges[:, 1].astype(np.int64)
    if a.size and (min(a.min(), b.min()) < 0 or max(a.max(), b.max()) >= n):
        raise _fail("边表引用了不存在的单元", f"edge endpoint outside 0..{n - 1}")
    off = a != b
    a, b = a[off], b[off]
    data = np.ones(2 * a.size, dtype=np.int8)
    mat = sp.csr_array((data, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n))
    mat.sum_duplicates()
    mat.data[:] = 1
    mat.sort_indices()
    return mat


def edge_list(mat: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Each undirected edge once, as arrays (a, b) with a < b."""
    coo = sp.triu(mat, k=1, format="coo")
    return coo.row.astype(np.int64), coo.col.astype(np.int64)


def unique_pairs(x: np.ndarray, y: np.ndarray, return_inverse: bool = False):
    """``np.unique`` of (x, y) rows for integer arrays (y may hold -1), through one int64 key: far
    faster than ``np.unique(..., axis=0)``. Returns an (k, 2) array, and the inverse if asked."""
    x = np.asarray(x, dtype=np.int64)
    y = np.asarray(y, dtype=np.int64)
    if not len(x):
        empty = np.zeros((0, 2), dtype=np.int64)
        return (empty, np.zeros(0, dtype=np.int64)) if return_inverse else empty
    lo = int(y.min())
    span = int(y.max()) - lo + 1
    key = (x - int(x.min())) * span + (y - lo)
    if return_inverse:
        keys, inverse = np.unique(key, return_inverse=True)
    else:
        keys, inverse = np.unique(key), None
    pairs = np.stack([keys // span + int(x.min()), keys % span + lo], axis=1)
    return (pairs, inverse.ravel()) if inverse is not None else pairs


def components_of(
    labels: np.ndarray, a: np.ndarray, b: np.ndarray, n: int, mask: np.ndarray | None = None
) -> np.ndarray:
    """Connected components of the graph that keeps only edges whose ends share a label (and, with a
    unit mask, only edges between masked units)."""
    same = labels[a] == labels[b]
    if mask is not None:
        same &= mask[a]
    # Directed edges a→b suffice for weak components; float64 data avoids a conversion in scipy.
    g = sp.csr_array((np.ones(int(same.sum())), (a[same], b[same])), shape=(n, n))
    return csgraph.connected_components(g, directed=False)[1]


def adjacency_from_points(
    coordinates: np.ndarray | Sequence[Sequence[float]], *, max_distance: float | None = None
) -> sp.csr_array:
    """Delaunay adjacency for units known only by a point, dropping edges longer than ``max_distance``.

    Coincident points are joined to the point they coincide with, so none is left isolated by the
    triangulation.
    """
    pts = np.asarray(coordinates, dtype=float)
    n = len(pts)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise _fail("坐标应为 (n, 2) 数组", f"coordinates must have shape (n, 2), got {pts.shape}")
    if not np.isfinite(pts).all():
        raise _fail("坐标中有缺失或非有限值", "coordinates contain NaN or infinity")
    if n < 3:
        pairs = np.array([(i, j) for i in range(n) for j in range(i + 1, n)], dtype=np.int64).reshape(-1, 2)
    else:
        tri = Delaunay(pts)
        s = tri.simplices
        pairs = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
        if len(tri.coplanar):
            pairs = np.concatenate([pairs, tri.coplanar[:, [0, 2]]])
    if max_distance is not None and len(pairs):
        length = np.hypot(*(pts[pairs[:, 0]] - pts[pairs[:, 1]]).T)
        pairs = pairs[length <= max_distance]
    return as_adjacency(pairs.astype(np.int64), n)


def _rings_of(polygon: object) -> list[np.ndarray]:
    # A single ring is a sequence of (x, y) pairs; anything deeper is a list of rings.
    try:
        ring = np.asarray(polygon, dtype=float)
        if ring.ndim == 2 and ring.shape[1] == 2:
            return [ring]
    except (TypeError, ValueError):
        pass
    rings: list[np.ndarray] = []
    for part in polygon:  # type: ignore[attr-defined]
        rings.extend(_rings_of(part))
    return rings


def adjacency_from_polygons(polygons: Iterable[object], *, tolerance: float = 1e-7) -> sp.csr_array:
    """Rook adjacency: two units are neighbours when their boundaries share a stretch of border.

    Each polygon is a ring ``[(x, y), ...]`` (closed or not) or a list of rings (holes, multi-part).
    Borders match when segments lie on the same line and overlap by more than ``tolerance``, so a
    border split at different vertices on each side (a T-junction) still counts. Touching at a
    single point does not.
    """
    seg_owner: list[np.ndarray] = []
    seg_p: list[np.ndarray] = []
    seg_q: list[np.ndarray] = []
    polys = list(polygons)
    for idx, poly in enumerate(polys):
        for ring in _rings_of(poly):
            if len(ring) < 2:
                continue
            closed = ring if np.allclose(ring[0], ring[-1]) else np.vstack([ring, ring[:1]])
            seg_p.append(closed[:-1])
            seg_q.append(closed[1:])
            seg_owner.append(np.full(len(closed) - 1, idx, dtype=np.int64))
    n = len(polys)
    if not seg_owner:
        return as_adjacency(np.zeros((0, 2), dtype=np.int64), n)
    p, q, owner = np.concatenate(seg_p), np.concatenate(seg_q), np.concatenate(seg_owner)
    d = q - p
    length = np.hypot(d[:, 0], d[:, 1])
    ok = length > tolerance
    p, q, d, owner, length = p[ok], q[ok], d[ok], owner[ok], length[ok]
    u = d / length[:, None]
    # One orientation per line, so both sides of a shared border get the same key.
    flip = (u[:, 0] < -1e-12) | ((np.abs(u[:, 0]) <= 1e-12) & (u[:, 1] < 0))
    u[flip] *= -1
    offset = u[:, 0] * p[:, 1] - u[:, 1] * p[:, 0]
    t0, t1 = (u * p).sum(1), (u * q).sum(1)
    lo, hi = np.minimum(t0, t1), np.maximum(t0, t1)
    ang = np.round(np.arctan2(u[:, 1], u[:, 0]) / 1e-9).astype(np.int64)
    off = np.round(offset / max(tolerance, 1e-12)).astype(np.int64)
    order = np.lexsort((lo, off, ang))
    key_change = np.flatnonzero(np.diff(ang[order]) | np.diff(off[order])) + 1
    pairs: list[tuple[int, int]] = []
    for block in np.split(order, key_change):
        if len(block) < 2 or len(np.unique(owner[block])) < 2:
            continue
        bl, bh, bo = lo[block], hi[block], owner[block]
        for i in range(len(block)):
            j = i + 1
            while j < len(block) and bl[j] < bh[i] - tolerance:
                if bo[j] != bo[i] and min(bh[i], bh[j]) - bl[j] > tolerance:
                    pairs.append((int(bo[i]), int(bo[j])))
                j += 1
    return as_adjacency(np.array(pairs, dtype=np.int64).reshape(-1, 2), n)
