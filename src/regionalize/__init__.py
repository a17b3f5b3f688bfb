"""regionalize — contiguous partitioning with household floor/ceiling bounds.

A pure library (numpy/scipy); it never imports Django. See README.md in this folder.
"""

from .constraints import (
    Failure,
    check_bounds,
    check_contiguity,
    check_coverage,
    check_groups,
    validate_assignment,
)
from .engine import MODES, plan, plan_grids
from .graph import InputError, adjacency_from_points, adjacency_from_polygons, as_adjacency
from .result import STATUSES, Region, Report, Result

__all__ = [
    "MODES",
    "STATUSES",
    "Failure",
    "InputError",
    "Region",
    "Report",
    "Result",
    "adjacency_from_points",
    "adjacency_from_polygons",
    "as_adjacency",
    "check_bounds",
    "check_contiguity",
    "check_coverage",
    "check_groups",
    "plan",
    "plan_grids",
    "validate_assignment",
]
