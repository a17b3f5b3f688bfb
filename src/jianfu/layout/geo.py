"""Plane geometry for the layout app: projection, adjacency, convex hulls, grid numbering order.

No GIS library: a local equirectangular projection is accurate to well under 1% over a city.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.spatial import ConvexHull, QhullError, cKDTree

import regionalize as rz

METRES_PER_DEGREE_LAT = 110_540.0
METRES_PER_DEGREE_LNG_EQUATOR = 111_320.0
# The automatic adjacency cap is this many times the median nearest-neighbour distance.
AUTO_EDGE_FACTOR = 2.5


def project(lnglat: np.ndarray, *, lat0: float | None = None) -> np.ndarray:
    """(n, 2) longitude/latitude → (n, 2) metres east/north of (0, lat0)."""
    pts = np.asarray(lnglat, dtype=float).reshape(-1, 2)
    if lat0 is None:
        lat0 = float(pts[:, 1].mean()) if len(pts) else 0.0
    kx = METRES_PER_DEGREE_LNG_EQUATOR * math.cos(math.radians(lat0))
    return np.column_stack([pts[:, 0] * kx, pts[:, 1] * METRES_PER_DEGREE_LAT])


def unproject(xy: np.ndarray, *, lat0: float) -> np.ndarray:
    kx = METRES_PER_DEGREE_LNG_EQUATOR * math.cos(math.radians(lat0))
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    return np.column_stack([xy[:, 0] / kx, xy[:, 1] / METRES_PER_DEGREE_LAT])


def auto_edge_cap(xy: np.ndarray) -> float:
    """A distance cap that joins a point to its natural neighbours but not across empty land."""
    if len(xy) < 2:
        return 1.0
    dist, _ = cKDTree(xy).query(xy, k=2)
    return float(AUTO_EDGE_FACTOR * np.median(dist[:, 1]))


def adjacency(lnglat: np.ndarray, *, max_edge_m: float | None = None):
    """Delaunay adjacency of unit points with long edges dropped; returns (csr, cap used)."""
    xy = project(lnglat)
    cap = float(max_edge_m) if max_edge_m else auto_edge_cap(xy)
    return rz.adjacency_from_points(xy, max_distance=cap), cap


def point_in_rings(points: np.ndarray, rings: Sequence[Sequence[Sequence[float]]]) -> np.ndarray:
    """Even-odd rule over all rings (outer rings and holes alike), vectorised over points."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    inside = np.zeros(len(pts), dtype=bool)
    x, y = pts[:, 0], pts[:, 1]
    for ring in rings:
        r = np.asarray(ring, dtype=float)
        x1, y1 = r[:, 0], r[:, 1]
        x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
        for ax, ay, bx, by in zip(x1, y1, x2, y2, strict=True):
            if ay == by:
                continue
            crosses = (ay > y) != (by > y)
            xcross = ax + (y - ay) * (bx - ax) / (by - ay)
            inside ^= crosses & (x < xcross)
    return inside


def geometry_rings(geometry: dict) -> list[list[list[float]]]:
    """All rings of a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    return []


def hull_polygon(lnglat: np.ndarray, *, pad_m: float = 60.0) -> dict | None:
    """GeoJSON Polygon: convex hull of the points, padded so one or two points still show an area."""
    pts = np.asarray(lnglat, dtype=float).reshape(-1, 2)
    if not len(pts):
        return None
    lat0 = float(pts[:, 1].mean())
    xy = project(pts, lat0=lat0)
    # A small ring around every point makes the hull well defined for 1–2 points or a straight line.
    angles = np.linspace(0, 2 * math.pi, 8, endpoint=False)
    ring = np.column_stack([np.cos(angles), np.sin(angles)]) * pad_m
    cloud = (xy[:, None, :] + ring[None, :, :]).reshape(-1, 2)
    try:
        hull = ConvexHull(cloud)
    except QhullError:
        return None
    outline = unproject(cloud[hull.vertices], lat0=lat0)
    coords = [[round(float(a), 6), round(float(b), 6)] for a, b in outline]
    coords.append(coords[0])
    return {"type": "Polygon", "coordinates": [coords]}


def reading_order(lnglat: np.ndarray) -> np.ndarray:
    """Order for numbering grids west→east, then north→south (DB11/T 2157-2023 style).

    Rule: with k centroids, the latitude span is cut into round(√k) equal bands (rows), the
    northernmost first; within a row, centroids go west to east (ties: north first, then input
    order). Returns the positions in numbering order.
    """
    pts = np.asarray(lnglat, dtype=float).reshape(-1, 2)
    k = len(pts)
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    rows = max(1, round(math.sqrt(k)))
    top, bottom = pts[:, 1].max(), pts[:, 1].min()
    height = (top - bottom) / rows
    if height > 0:
        row = np.minimum(rows - 1, np.floor((top - pts[:, 1]) / height)).astype(np.int64)
    else:
        row = np.zeros(k, dtype=np.int64)
    return np.lexsort((np.arange(k), -pts[:, 1], pts[:, 0], row))
