from __future__ import annotations

import numpy as np
import pytest
from django.db.models import Sum

import regionalize as rz
from jianfu.layout import geo
from jianfu.layout.demo import residential_load
from jianfu.layout.models import GridAssignment, ResidentialUnit
from jianfu.regions.demo import hohhot_load
from jianfu.regions.models import Level, Unit

pytestmark = pytest.mark.django_db


def test_demo_units_add_up_are_contiguous_and_load_once():
    hohhot_load()
    result = residential_load()
    assert 3000 <= result["residential_units_created"] <= 15000
    communities = Unit.objects.current().filter(level=Level.COMMUNITY, kind="社区")
    sums = dict(
        ResidentialUnit.objects.values("community_id")
        .annotate(h=Sum("households"))
        .values_list("community_id", "h")
    )
    assert all(sums.get(c.id) == c.households for c in communities)
    rows = list(ResidentialUnit.objects.values_list("lng", "lat", "community_id", "households"))
    xy = np.array([(r[0], r[1]) for r in rows])
    label = np.unique([r[2] for r in rows], return_inverse=True)[1]
    adj, _ = geo.adjacency(xy)
    assert (
        rz.validate_assignment(
            label,
            weights=[r[3] for r in rows],
            adjacency=adj,
            floor=0,
            ceiling=0,
            constraints=[rz.check_contiguity],
        )
        == []
    )
    assert Unit.objects.current().filter(level=Level.GRID).count() == result["grids_created"] > 0
    assert GridAssignment.objects.count() == result["grid_workers"]
    assert residential_load() == {"residential_units_created": 0}
