"""Synthetic residential units for the demo city, placed inside the real district boundaries.

How the geography is built (so that every current community is contiguous):

1. Each county-level unit gets a compact "built-up" blob of points inside its real boundary: a
   jittered square lattice (spacing `SPACING_M`) around a centre — the city centre for the four
   urban districts, the boundary's middle for the counties — keeping the points nearest the centre.
   One point per residential unit; a community gets about one unit per `AVG_HOUSEHOLDS` households.
2. The blob is cut by recursive coordinate bisection: first into streets (sized by their units),
   then each street into its communities. Every piece is a compact, roughly rectangular patch.
3. Where the real boundary is concave a patch can fall apart; the smaller pieces are handed to the
   neighbouring community (same district) they touch most, until every community is contiguous in
   the city-wide Delaunay adjacency with the automatic distance cap (`geo.adjacency`). A piece
   walled in by another district's points is dropped (its households go to the other units).
4. Each community's households (and population) are shared among its units with a random spread,
   summing exactly to the community's figures. About one community in ten gets a facility
   (school, hospital, park or market) with no households, which becomes a dedicated grid.

Everything is seeded: the same tree gives the same units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csgraph

from . import geo

SPACING_M = 210.0
AVG_HOUSEHOLDS = 80
CITY_CENTRE = (111.68, 40.815)
URBAN_DISTRICT_CODES = {"150102", "150103", "150104", "150105"}
NAME_STEMS = "锦绣 阳光 幸福 和平 康乐 丽苑 华庭 金桥 新华 民族 团结 光明 春华 秋实 青城 昭君 敕勒 草原 如意 祥和".split()
NAME_SUFFIXES = ["小区", "家园", "花园", "苑", "公寓", "新村", "佳苑", "嘉园"]
FACILITIES = [
    ("school", "第{n}中学"),
    ("school", "实验小学{n}校区"),
    ("hospital", "社区卫生服务中心{n}"),
    ("park", "文化产业园{n}"),
    ("market", "农贸市场{n}"),
]


@dataclass
class CommunitySpec:
    id: int
    street_id: int
    name: str
    households: int
    population: int


@dataclass
class SyntheticUnits:
    community_id: list[int] = field(default_factory=list)
    lnglat: list[tuple[float, float]] = field(default_factory=list)
    households: list[int] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)


def _centre(rings: list, urban: bool) -> tuple[float, float]:
    if urban:
        return CITY_CENTRE
    outer = np.asarray(max(rings, key=len), dtype=float)
    return float(outer[:, 0].mean()), float(outer[:, 1].mean())


def blob(rings: list, count: int, centre: tuple[float, float], rng: np.random.Generator) -> np.ndarray:
    """`count` jittered lattice points inside the rings, nearest the centre (lng/lat)."""
    lat0 = centre[1]
    c = geo.project(np.array([centre]), lat0=lat0)[0]
    radius = SPACING_M * math.sqrt(max(count, 1) / math.pi) * 2
    for _ in range(12):
        steps = np.arange(-radius, radius + SPACING_M, SPACING_M)
        gx, gy = np.meshgrid(steps, steps)
        xy = np.column_stack([gx.ravel(), gy.ravel()])
        xy = xy[np.hypot(xy[:, 0], xy[:, 1]) <= radius]
        xy = xy + rng.uniform(-0.3, 0.3, xy.shape) * SPACING_M + c
        lnglat = geo.unproject(xy, lat0=lat0)
        inside = geo.point_in_rings(lnglat, rings)
        if inside.sum() >= count:
            lnglat, xy = lnglat[inside], xy[inside]
            order = np.argsort(np.hypot(*(xy - c).T), kind="stable")[:count]
            return lnglat[order]
        radius *= 1.6
    raise ValueError("边界内无法放下所需数量的点位")


def bisect(
    points: np.ndarray, idx: np.ndarray, items: list[tuple[int, int]], out: dict[int, np.ndarray]
) -> None:
    """Recursive coordinate bisection: give each item (key, count) exactly `count` of `idx`."""
    if len(items) == 1:
        out[items[0][0]] = idx
        return
    counts = np.array([c for _, c in items])
    cum = np.cumsum(counts)
    cut = int(np.argmin(np.abs(cum[:-1] - cum[-1] / 2))) + 1
    pts = points[idx]
    axis = int(np.argmax(pts.max(0) - pts.min(0)))
    order = idx[np.argsort(pts[:, axis], kind="stable")]
    k = int(cum[cut - 1])
    bisect(points, order[:k], items[:cut], out)
    bisect(points, order[k:], items[cut:], out)


def make_contiguous(lnglat: np.ndarray, label: np.ndarray, block: np.ndarray, passes: int = 20) -> np.ndarray:
    """Hand every cut-off piece of a label to the neighbouring label (same block) it touches most."""
    adj, _ = geo.adjacency(lnglat)
    coo = adj.tocoo()
    label = label.copy()
    for _ in range(passes):
        same = label[coo.row] == label[coo.col]
        g = type(adj)((np.ones(int(same.sum())), (coo.row[same], coo.col[same])), shape=adj.shape)
        comp = csgraph.connected_components(g, directed=False)[1]
        moved = False
        for lab in np.unique(label[label >= 0]):
            members = np.flatnonzero(label == lab)
            pieces, sizes = np.unique(comp[members], return_counts=True)
            if len(pieces) < 2:
                continue
            keep = pieces[np.argmax(sizes)]
            for piece in pieces[pieces != keep]:
                units = np.flatnonzero(comp == piece)
                mask = np.isin(coo.row, units) & ~np.isin(coo.col, units)
                cand = coo.col[mask]
                cand = cand[block[cand] == block[units[0]]]
                if not len(cand):
                    label[units] = -1  # walled in by another district: dropped by the caller
                    moved = True
                    continue
                labs, hits = np.unique(label[cand], return_counts=True)
                label[units] = labs[np.argmax(hits)]
                moved = True
        if not moved:
            break
    return label


def share(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to `weights` summing exactly to `total` (largest remainder)."""
    if total <= 0 or not len(weights):
        return np.zeros(len(weights), dtype=np.int64)
    raw = total * weights / weights.sum()
    base = np.floor(raw).astype(np.int64)
    rest = total - int(base.sum())
    if rest:
        base[np.argsort(-(raw - base), kind="stable")[:rest]] += 1
    return base


def spread(total: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """`m` positive household counts summing to `total`, with the spread of real compounds."""
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    if total < m:
        out = np.zeros(m, dtype=np.int64)
        out[:total] = 1
        return out
    return share(total - m, rng.lognormal(0.0, 0.45, m)) + 1


def place_district(
    *, rings: list, urban: bool, streets: list[tuple[int, list[CommunitySpec]]], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Points (lng/lat) of a district's units and the community id of each."""
    counts = {c.id: max(3, round(c.households / AVG_HOUSEHOLDS)) for _, cs in streets for c in cs}
    total = sum(counts.values())
    points = blob(rings, total, _centre(rings, urban), rng)
    xy = geo.project(points)
    by_street: dict[int, np.ndarray] = {}
    bisect(xy, np.arange(total), [(sid, sum(counts[c.id] for c in cs)) for sid, cs in streets], by_street)
    label = np.zeros(total, dtype=np.int64)
    for sid, cs in streets:
        part: dict[int, np.ndarray] = {}
        bisect(xy, by_street[sid], [(c.id, counts[c.id]) for c in cs], part)
        for cid, members in part.items():
            label[members] = cid
    return points, label


def fill_units(
    *, points: np.ndarray, label: np.ndarray, specs: list[CommunitySpec], rng: np.random.Generator
) -> SyntheticUnits:
    """Share each community's households and population among its points; add a few facilities."""
    out = SyntheticUnits()
    for c in specs:
        members = np.flatnonzero(label == c.id)
        hh = spread(c.households, len(members), rng)
        pop = share(c.population, hh.astype(float)) if hh.sum() else np.zeros(len(members), dtype=np.int64)
        stem = NAME_STEMS[c.id % len(NAME_STEMS)]
        base = c.name.removesuffix("社区")
        for j, u in enumerate(members):
            out.community_id.append(c.id)
            out.lnglat.append((round(float(points[u, 0]), 6), round(float(points[u, 1]), 6)))
            out.households.append(int(hh[j]))
            out.population.append(int(pop[j]))
            out.kind.append("compound" if j % 4 else "building")
            suffix = NAME_SUFFIXES[(c.id + j) % len(NAME_SUFFIXES)]
            out.name.append(f"{base}{stem}{suffix}{j + 1}号" if j % 4 else f"{base}{j + 1}号楼")
        if rng.random() < 0.1 and len(members):
            kind, pattern = FACILITIES[int(rng.integers(len(FACILITIES)))]
            anchor = points[members[int(rng.integers(len(members)))]]
            # On its anchor's exact spot: the engine joins coincident points to each other and the
            # triangulation of the others is untouched, so every community stays contiguous.
            out.community_id.append(c.id)
            out.lnglat.append((round(float(anchor[0]), 6), round(float(anchor[1]), 6)))
            out.households.append(0)
            out.population.append(0)
            out.kind.append(kind)
            out.name.append(f"{base}{pattern.format(n=int(rng.integers(1, 40)))}")
    return out


def generate_city(
    districts: list[tuple[list, bool, list[tuple[int, list[CommunitySpec]]]]], seed: int = 0
) -> SyntheticUnits:
    """All districts at once, so that contiguity holds in the city-wide adjacency too."""
    rng = np.random.default_rng(seed)
    points, labels, blocks, specs = [], [], [], []
    for b, (rings, urban, streets) in enumerate(districts):
        pts, lab = place_district(rings=rings, urban=urban, streets=streets, rng=rng)
        points.append(pts)
        labels.append(lab)
        blocks.append(np.full(len(pts), b))
        specs.extend(c for _, cs in streets for c in cs)
    allpts, label, block = np.concatenate(points), np.concatenate(labels), np.concatenate(blocks)
    for _ in range(5):
        label = make_contiguous(allpts, label, block)
        keep = label >= 0
        if keep.all():
            break
        allpts, label, block = allpts[keep], label[keep], block[keep]
    return fill_units(points=allpts, label=label, specs=specs, rng=rng)
