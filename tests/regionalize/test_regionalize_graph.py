import numpy as np
import pytest
import scipy.sparse as sp

from regionalize import InputError, adjacency_from_points, adjacency_from_polygons, as_adjacency


def edges_of(mat):
    coo = sp.triu(mat, k=1, format="coo")
    return sorted(zip(coo.row.tolist(), coo.col.tolist(), strict=True))


def test_edge_list_is_symmetrised_and_deduplicated():
    mat = as_adjacency(np.array([[0, 1], [1, 0], [1, 2], [2, 2]]), 3)
    assert edges_of(mat) == [(0, 1), (1, 2)]
    assert (mat != mat.T).nnz == 0


def test_sparse_input_and_bad_shapes():
    mat = as_adjacency(sp.csr_array(np.array([[0, 1], [0, 0]])), 2)
    assert edges_of(mat) == [(0, 1)]
    with pytest.raises(InputError, match="邻接矩阵"):
        as_adjacency(sp.eye(3), 2)
    with pytest.raises(InputError, match="不存在的单元"):
        as_adjacency([(0, 5)], 3)


def test_points_delaunay_with_distance_cap():
    pts = [(0, 0), (1, 0), (0, 1), (1, 1), (10, 10)]
    capped = adjacency_from_points(pts, max_distance=1.0)
    assert edges_of(capped) == [(0, 1), (0, 2), (1, 3), (2, 3)]
    uncapped = adjacency_from_points(pts)
    assert any(4 in e for e in edges_of(uncapped))


def test_points_duplicates_are_joined():
    mat = adjacency_from_points([(0, 0), (1, 0), (0, 1), (0, 0)])
    assert mat[[3]].nnz >= 1


def square(x, y, s=1.0):
    return [(x, y), (x + s, y), (x + s, y + s), (x, y + s)]


def test_polygons_share_borders_not_corners():
    polys = [square(0, 0), square(1, 0), square(0, 1), square(1, 1)]
    assert edges_of(adjacency_from_polygons(polys)) == [(0, 1), (0, 2), (1, 3), (2, 3)]


def test_polygons_t_junction_and_multipart():
    big = [(0, 0), (2, 0), (2, 1), (0, 1)]  # its top border is one segment
    left, right = square(0, 1), square(1, 1)  # each shares half of it
    far = [square(5, 5), [(9, 9), (10, 9), (10, 10)]]  # a multi-part unit touching nothing
    mat = adjacency_from_polygons([big, left, right, far])
    assert edges_of(mat) == [(0, 1), (0, 2), (1, 2)]
