"""One grid, one worker: grid workers come from the workforce roster when both apps are in place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jianfu.layout.models import GridAssignment
from jianfu.layout.services.grids import grid_assign
from jianfu.regions.models import Level
from jianfu.regions.services import unit_create

from ..workforce.conftest import make_worker, scale  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def grids(users, tree):
    return [
        unit_create(
            actor=users["city"],
            name=f"公主府社区第{i}网格",
            level=Level.GRID,
            code=f"150102001001{i:03d}",
            parent=tree["gongzhufu"],
            valid_from=dt.date(2024, 1, 1),
        )
        for i in (1, 2)
    ]


def test_roster_grid_worker_is_assigned_by_reference(users, tree, grids, make_worker):  # noqa: F811
    worker = make_worker(name="网格员甲", kind="grid", phone="13900001111")
    assignment = grid_assign(actor=users["street"], grid=grids[0], worker_name="", worker_ref=str(worker.pk))
    assert (assignment.worker_name, assignment.worker_phone, assignment.worker_ref) == (
        "网格员甲",
        "13900001111",
        str(worker.pk),
    )
    page = reverse("layout:grids", args=[tree["gongzhufu"].pk])
    from django.test import Client

    client = Client()
    client.force_login(users["street"])
    html = client.get(page).content.decode()
    # An assigned roster worker is no longer offered for another grid.
    assert f'<option value="{worker.pk}">' not in html
    other = make_worker(name="网格员乙", kind="grid")
    assert f'<option value="{other.pk}">' in client.get(page).content.decode()


def test_roster_reference_must_be_a_serving_grid_worker_of_the_community(
    users, tree, grids, make_worker  # noqa: F811
):
    community_worker = make_worker(name="社工丙")
    elsewhere = make_worker(name="网格员丁", kind="grid", unit=tree["jiankang"])
    for ref, message in (
        (str(community_worker.pk), "不是专职网格员"),
        (str(elsewhere.pk), "不属于"),
        ("999999", "没有编号"),
    ):
        with pytest.raises(ValidationError, match=message):
            grid_assign(actor=users["street"], grid=grids[1], worker_name="", worker_ref=ref)
    assert not GridAssignment.objects.exists()
