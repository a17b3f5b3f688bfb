"""Small instances for the tests."""

from __future__ import annotations

import numpy as np


def lattice_edges(width: int, height: int) -> np.ndarray:
    idx = np.arange(width * height).reshape(height, width)
    return np.concatenate(
        [
            np.stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()], 1),
            np.stack([idx[:-1].ravel(), idx[1:].ravel()], 1),
        ]
    ).astype(np.int64)


def stripes(width: int, height: int, per: int) -> np.ndarray:
    """A current layout of vertical stripes ``per`` columns wide (contiguous by construction)."""
    cols = np.arange(width * height) % width
    return (cols // per).astype(np.int64)
