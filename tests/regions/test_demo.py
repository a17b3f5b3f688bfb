from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from jianfu.regions.demo import hohhot_load
from jianfu.regions.models import Level, ReferenceDivision, Unit

pytestmark = pytest.mark.django_db


def test_hohhot_demo_has_the_real_shape_and_loads_twice():
    hohhot_load()
    current = Unit.objects.current()
    assert current.filter(level=Level.DISTRICT).count() == 9
    assert current.filter(kind="街道").count() == 31
    assert current.filter(kind="社区").count() == 292
    assert current.filter(kind="村").count() == 953
    assert current.get(name="新城区").code == "150102000000"
    assert current.get(name="海拉尔东路街道").code == "150102001000"
    assert current.get(name="海拉尔东路街道").code_provisional is False
    assert current.filter(kind="社区", code_provisional=True).count() == 292
    assert all(c.figures_synthetic for c in current.filter(kind="社区")[:20])
    assert ReferenceDivision.objects.filter(dataset="现行街道", name="丁香北路街道").exists()
    assert current.filter(level=Level.DISTRICT, geometry__isnull=False).count() == 9
    households = list(current.filter(kind="社区").values_list("households", flat=True))
    in_band = sum(1000 <= h <= 3000 for h in households)
    assert in_band > len(households) * 0.5
    assert any(h > 4000 for h in households) and any(h < 1000 for h in households)
    assert hohhot_load() == {"units_created": 0}
    assert Unit.objects.count() == 1331


def test_every_code_fits_its_parent():
    hohhot_load()
    for unit in Unit.objects.select_related("parent").exclude(parent=None):
        assert unit.code.startswith(unit.parent.prefix), unit.name
        assert len(unit.code) == 12


def test_stats_command_json(capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("stats", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["levels"]["community"] == 1245
    assert data["kinds"]["街道"] == 31
    # The division units of the fixture, plus the synthetic grids the layout demo draws.
    assert data["levels"]["grid"] > 0
    assert data["total"] - data["levels"]["grid"] == 1331
