import numpy as np
import pytest
from rz_helpers import lattice_edges

from regionalize import InputError, check_bounds, check_contiguity, validate_assignment

# A 4×2 lattice: units 0-3 on the top row, 4-7 below.
EDGES = lattice_edges(4, 2)
W = np.array([10, 10, 10, 10, 10, 10, 10, 10])


def kinds(failures):
    return sorted(f.kind for f in failures)


def test_valid_assignment_has_no_failures():
    labels = np.array([0, 0, 1, 1, 0, 0, 1, 1])
    assert validate_assignment(labels, weights=W, adjacency=EDGES, floor=30, ceiling=50) == []


def test_coverage_names_the_units():
    labels = np.array([0, 0, 1, -1, 0, 0, 1, 1])
    (f,) = validate_assignment(labels, weights=W, adjacency=EDGES, floor=0, ceiling=100)
    assert f.kind == "coverage" and f.units == (3,) and "未分配" in f.message


def test_coverage_wrong_length():
    (f,) = validate_assignment(np.array([0, 0]), weights=W, adjacency=EDGES, floor=0, ceiling=100)
    assert f.kind == "coverage"


def test_contiguity_names_the_stray_units():
    labels = np.array([0, 1, 1, 0, 1, 1, 1, 1])  # unit 3 is cut off from 0
    failures = validate_assignment(labels, weights=W, adjacency=EDGES, floor=0, ceiling=100)
    assert kinds(failures) == ["contiguity"]
    assert failures[0].region == 0 and failures[0].units in {(0,), (3,)}


def test_bounds_floor_and_ceiling():
    labels = np.array([0, 1, 1, 1, 1, 1, 1, 1])
    failures = validate_assignment(labels, weights=W, adjacency=EDGES, floor=20, ceiling=60)
    assert kinds(failures) == ["ceiling", "floor"]
    floor = next(f for f in failures if f.kind == "floor")
    assert floor.region == 0 and floor.households == 10 and "低于下限" in floor.message


def test_groups_crossed():
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    groups = np.array([0, 0, 1, 1, 0, 0, 1, 1])
    failures = validate_assignment(labels, weights=W, adjacency=EDGES, floor=0, ceiling=100, groups=groups)
    assert kinds(failures) == ["group", "group"]
    assert (
        validate_assignment(
            labels, weights=W, adjacency=EDGES, floor=0, ceiling=100, groups=groups, allow_cross_groups=True
        )
        == []
    )


def test_custom_constraint_list():
    labels = np.array([0, 1, 1, 0, 1, 1, 1, 1])
    only_bounds = [check_bounds(0, 100)]
    assert (
        validate_assignment(labels, weights=W, adjacency=EDGES, floor=0, ceiling=100, constraints=only_bounds)
        == []
    )
    assert validate_assignment(
        labels, weights=W, adjacency=EDGES, floor=0, ceiling=100, constraints=[check_contiguity]
    )


def test_bad_weights_rejected():
    with pytest.raises(InputError):
        validate_assignment(np.zeros(8, int), weights=-W, adjacency=EDGES, floor=0, ceiling=100)
    with pytest.raises(InputError):
        validate_assignment(np.zeros(8, int), weights=W + 0.5, adjacency=EDGES, floor=0, ceiling=100)
