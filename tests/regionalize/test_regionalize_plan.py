"""Property tests of the planner on random planar graphs."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rz_helpers import lattice_edges, stripes

from regionalize import adjacency_from_points, plan, plan_grids, validate_assignment

BOUNDS_100_300 = {"floor": 100, "ceiling": 300, "rng": 0}
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def lattices(draw, min_side=3, max_side=14):
    """A lattice with small random weights and bounds that always admit a valid answer: a lattice has
    a Hamiltonian path, and with ceiling >= 2 * floor + heaviest unit it can be cut into pieces."""
    width = draw(st.integers(min_side, max_side))
    height = draw(st.integers(min_side, max_side))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    weights = rng.integers(1, draw(st.integers(2, 30)), width * height)
    floor = draw(st.integers(20, 120))
    ceiling = 2 * floor + int(weights.max()) + draw(st.integers(0, 200))
    return width, height, weights, floor, ceiling, seed


def failures_of(res, weights, edges, floor, ceiling, groups=None):
    return validate_assignment(
        res.assignment, weights=weights, adjacency=edges, floor=floor, ceiling=ceiling, groups=groups
    )


def plan_case(case, mode, current=None, **extra):
    """Plan a drawn lattice with its own bounds; returns the result and what to validate it with."""
    width, height, weights, floor, ceiling, seed = case
    edges = lattice_edges(width, height)
    kw = {"split_above": ceiling, "merge_below": floor, "rng": seed, **extra}
    res = plan(
        weights=weights, adjacency=edges, current=current, mode=mode, floor=floor, ceiling=ceiling, **kw
    )
    return res, failures_of(res, weights, edges, floor, ceiling)


@FAST
@given(lattices())
def test_scratch_is_contiguous_and_within_bounds(case):
    if case[2].sum() < case[3]:
        return
    res, failures = plan_case(case, "scratch")
    assert failures == []
    assert res.report.violations == () and res.report.infeasible == ()


@FAST
@given(lattices(), st.integers(1, 5))
def test_strict_from_a_current_layout_is_valid(case, per):
    if case[2].sum() < case[3]:
        return
    res, failures = plan_case(case, "strict", stripes(case[0], case[1], per))
    assert failures == []
    assert 0.0 <= res.report.moved_share <= 1.0


@FAST
@given(lattices(), st.integers(1, 4))
def test_seed_mode_leaves_rule_abiding_regions_alone(case, per):
    width, height, weights, floor, ceiling, seed = case
    if weights.sum() < floor:
        return
    current = stripes(width, height, per)
    split_above = ceiling + floor // 2
    res, _ = plan_case(case, "seed", current, split_above=split_above)
    assert res.report.violations == ()
    totals = np.bincount(current, weights=weights)
    neighbours_touched = {r.continues for r in res.regions if r.status != "unchanged"}
    for old, total in enumerate(totals):
        if floor <= total <= split_above and old not in neighbours_touched:
            # a rule-abiding region that nobody merged into is carried over exactly
            (match,) = [r for r in res.regions if r.continues == old]
            assert match.status == "unchanged"
    for r in res.regions:
        if r.status != "unchanged":
            assert floor <= r.households <= ceiling


@FAST
@given(st.integers(12, 60), st.integers(0, 2**31 - 1))
def test_delaunay_graphs_are_covered_and_contiguous(n, seed):
    rng = np.random.default_rng(seed)
    pts = rng.random((n, 2))
    adj = adjacency_from_points(pts)
    weights = rng.integers(1, 30, n)
    res = plan(weights=weights, adjacency=adj, mode="scratch", floor=60, ceiling=200, rng=seed)
    failures = failures_of(res, weights, adj, 60, 200)
    assert not [f for f in failures if f.kind in ("coverage", "contiguity")]
    # bounds failures, if any, are reported by the planner too
    assert {f.region for f in failures} == {f.region for f in res.report.violations}


@settings(max_examples=10, deadline=None)
@given(lattices(min_side=4, max_side=10), st.sampled_from(["seed", "strict", "scratch"]))
def test_same_seed_same_result(case, mode):
    current = stripes(case[0], case[1], 2)
    first, _ = plan_case(case, mode, current)
    again, _ = plan_case(case, mode, current, rng=np.random.default_rng(case[5]))
    assert np.array_equal(first.assignment, again.assignment)
    assert first.regions == again.regions


def test_unit_above_ceiling_is_named_and_best_answer_returned():
    edges = lattice_edges(6, 6)
    weights = np.full(36, 10)
    weights[14] = 500
    res = plan(weights=weights, adjacency=edges, mode="scratch", floor=50, ceiling=150, rng=1)
    (bad,) = res.report.infeasible
    assert bad.kind == "unit_above_ceiling" and bad.units == (14,)
    assert [f.kind for f in res.report.violations] == ["ceiling"]
    assert res.report.violations[0].units == (14,)
    assert res.assignment.shape == (36,) and (res.assignment >= 0).all()


def test_island_below_floor_is_named():
    edges = np.concatenate([lattice_edges(5, 5), [[25, 26]]])  # units 25, 26: a separate pair
    weights = np.r_[np.full(25, 20), [5, 5]]
    current = np.r_[np.zeros(25, int), [1, 1]]
    res = plan(weights=weights, adjacency=edges, current=current, mode="strict", **BOUNDS_100_300)
    (island,) = res.report.infeasible
    assert island.kind == "island_below_floor" and island.units == (25, 26)
    assert {f.kind for f in res.report.violations} == {"floor"}


def test_group_too_small_and_groups_never_crossed():
    edges = lattice_edges(6, 4)
    weights = np.full(24, 10)
    groups = (np.arange(24) % 6 >= 5).astype(int)  # the last column (40 households) is its own group
    res = plan(weights=weights, adjacency=edges, groups=groups, mode="scratch", floor=50, ceiling=120, rng=3)
    (small,) = res.report.infeasible
    assert small.kind == "group_too_small" and small.region == 1
    assert set(small.units) == {5, 11, 17, 23}
    for r in np.unique(res.assignment):
        assert len(np.unique(groups[res.assignment == r])) == 1


def test_merge_below_and_mapping_statuses():
    # Three stripes of a 9×4 lattice: 40, 40 and 8 units of weight 10 → 120, 120 and 80 households
    # with floor 100: the small one merges into a neighbour.
    edges = lattice_edges(9, 4)
    weights = np.full(36, 10)
    current = np.minimum(np.arange(36) % 9 // 3, 2)
    current[np.arange(36) % 9 == 8] = 2
    res = plan(
        weights=weights, adjacency=edges, current=current, mode="seed", split_above=400, **BOUNDS_100_300
    )
    assert res.report.violations == ()
    statuses = sorted(r.status for r in res.regions)
    assert "unchanged" in statuses
    assert res.totals.sum() == weights.sum()
    with pytest.raises(ValueError):
        res.assignment[0] = 5  # the result is immutable


def test_split_keeps_the_largest_piece_continuing():
    edges = lattice_edges(10, 10)
    weights = np.full(100, 50)  # one community of 5,000 households
    res = plan(weights=weights, adjacency=edges, current=np.zeros(100, int), mode="seed", rng=0)
    assert res.report.violations == ()
    cont = [r for r in res.regions if r.continues == 0]
    assert len(cont) == 1 and cont[0].status == "split"
    assert cont[0].households == max(res.totals)
    assert res.report.households_moved == 5000 - cont[0].households


@FAST
@given(lattices(min_side=6, max_side=14), st.integers(1, 3))
def test_grids_stay_inside_their_region(case, per):
    width, height, weights, floor, ceiling, seed = case
    edges = lattice_edges(width, height)
    regions = stripes(width, height, per * 3)
    res = plan_grids(
        weights=weights,
        adjacency=edges,
        regions=regions,
        floor=floor // 2,
        ceiling=ceiling // 2,
        target=(floor // 2 + ceiling // 2) // 2,
        rng=seed,
    )
    for g in np.unique(res.assignment):
        assert len(np.unique(regions[res.assignment == g])) == 1
    assert all(r.parent is not None for r in res.regions)
    failures = validate_assignment(res.assignment, weights=weights, adjacency=edges, floor=0, ceiling=10**9)
    assert failures == []


def test_strict_splits_a_community_that_crosses_groups():
    edges = lattice_edges(8, 4)
    weights = np.full(32, 25)
    groups = (np.arange(32) % 8 >= 4).astype(int)  # two streets of 400 households
    current = np.zeros(32, int)  # one community of 800 across both
    bounds = {"floor": 150, "ceiling": 300}
    res = plan(
        weights=weights, adjacency=edges, current=current, groups=groups, mode="strict", rng=2, **bounds
    )
    assert res.report.violations == ()
    assert (
        validate_assignment(res.assignment, weights=weights, adjacency=edges, groups=groups, **bounds) == []
    )
    assert [r.continues for r in res.regions].count(0) == 1


def test_total_that_fits_no_number_of_regions_is_named():
    edges = lattice_edges(5, 5)
    weights = np.full(25, 10)  # 250 households: one region is too big, two are too small
    res = plan(weights=weights, adjacency=edges, mode="scratch", floor=130, ceiling=200, rng=0)
    (bad,) = res.report.infeasible
    assert bad.kind == "no_region_count" and len(bad.units) == 25
    assert res.report.violations  # the best answer is returned, its violations named


def test_progress_is_reported():
    seen = []
    plan_grids(
        weights=np.full(16, 50),
        adjacency=lattice_edges(4, 4),
        regions=np.zeros(16, int),
        floor=100,
        ceiling=300,
        target=200,
        progress=lambda stage, done: seen.append((stage, done)),
    )
    assert [s for s, _ in seen] == ["solve", "report"] and all(0 <= d <= 1 for _, d in seen)


@FAST
@given(lattices(min_side=4, max_side=10), st.data())
def test_infeasible_units_are_named_exactly(case, data):
    width, height, weights, floor, ceiling, seed = case
    n = width * height
    heavy = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=3)))
    weights = weights.copy()
    weights[heavy] = ceiling + 1
    edges = lattice_edges(width, height)
    res = plan(weights=weights, adjacency=edges, mode="scratch", floor=floor, ceiling=ceiling, rng=seed)
    named = sorted(u for f in res.report.infeasible if f.kind == "unit_above_ceiling" for u in f.units)
    assert named == heavy
    for u in heavy:  # each heavy unit is a region on its own, reported as above the ceiling
        assert (res.assignment == res.assignment[u]).sum() == 1
    assert {f.units for f in res.report.violations if f.kind == "ceiling"} == {(u,) for u in heavy}
