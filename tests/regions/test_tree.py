from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.core.models import AuditEvent
from jianfu.regions import selectors
from jianfu.regions.models import Level, Lineage, LineageKind, Unit
from jianfu.regions.services import (
    NewUnit,
    size_bounds_set,
    unit_create,
    unit_update_figures,
    units_restructure,
)

pytestmark = pytest.mark.django_db
SPLIT_DAY = dt.date(2024, 6, 1)


def split_zhelimu(users, tree):
    return units_restructure(
        actor=users["district"],
        olds=[tree["zhelimu"]],
        kind=LineageKind.SPLIT,
        on=SPLIT_DAY,
        news=[
            NewUnit(name="哲里木路东社区", code="150102001003", households=2300),
            NewUnit(name="哲里木路西社区", code="150102001004", households=2200),
        ],
        note="超过4000户拆分",
    )


def test_split_ends_old_starts_new_with_lineage(users, tree):
    east, west = split_zhelimu(users, tree)
    old = Unit.objects.get(pk=tree["zhelimu"].pk)
    assert old.valid_to == SPLIT_DAY
    assert {east.parent_id, west.parent_id} == {tree["hailaer"].id}
    assert set(Lineage.objects.filter(predecessor=old).values_list("successor__code", flat=True)) == {
        "150102001003",
        "150102001004",
    }
    view = selectors.unit_lineage(unit=east)
    assert [link.predecessor.code for link in view.predecessors] == ["150102001002"]
    assert AuditEvent.objects.filter(action="unit.split").count() == 1


def test_tree_as_of_a_date(users, tree):
    split_zhelimu(users, tree)
    before = {u.code for u in Unit.objects.as_of(dt.date(2024, 5, 31)).filter(level=Level.COMMUNITY)}
    on_day = {u.code for u in Unit.objects.as_of(SPLIT_DAY).filter(level=Level.COMMUNITY)}
    assert "150102001002" in before and "150102001003" not in before
    assert "150102001002" not in on_day and {"150102001003", "150102001004"} <= on_day
    assert not Unit.objects.as_of(dt.date(2010, 1, 1)).exists()
    nested = selectors.tree_as_of(user=users["street"], on=dt.date(2024, 5, 31))
    assert {c["code"] for c in nested[0]["children"]} == {"150102001001", "150102001002"}
    nested = selectors.tree_as_of(user=users["street"], on=SPLIT_DAY)
    assert {c["code"] for c in nested[0]["children"]} == {"150102001001", "150102001003", "150102001004"}


def test_merge_and_rename_keep_history(users, tree):
    merged = units_restructure(
        actor=users["district"],
        olds=[tree["gongzhufu"], tree["zhelimu"]],
        kind=LineageKind.MERGE,
        on=SPLIT_DAY,
        news=[NewUnit(name="公主府哲里木社区", code="150102001005")],
    )[0]
    assert Lineage.objects.filter(successor=merged, kind="merge").count() == 2
    renamed = units_restructure(
        actor=users["district"],
        olds=[merged],
        kind=LineageKind.RENAME,
        on=dt.date(2025, 1, 1),
        news=[NewUnit(name="公主府社区", code="150102001005")],
    )[0]
    assert renamed.code == merged.code and renamed.pk != merged.pk
    assert list(selectors.unit_history(unit=renamed)) == [Unit.objects.get(pk=merged.pk)]


def test_restructure_refuses_bad_requests(users, tree):
    with pytest.raises(ValidationError, match="已被现行单元使用"):
        units_restructure(
            actor=users["district"],
            olds=[tree["zhelimu"]],
            kind=LineageKind.SPLIT,
            on=SPLIT_DAY,
            news=[NewUnit(name="甲", code="150102001001"), NewUnit(name="乙", code="150102001009")],
        )
    # nothing half-written: the old unit is still current
    assert Unit.objects.get(pk=tree["zhelimu"].pk).valid_to is None
    with pytest.raises(ValidationError, match="拆分"):
        units_restructure(
            actor=users["district"],
            olds=[tree["zhelimu"]],
            kind=LineageKind.SPLIT,
            on=SPLIT_DAY,
            news=[NewUnit(name="甲", code="150102001009")],
        )
    with pytest.raises(PermissionDenied):
        split_zhelimu({"district": users["community"]}, tree)
    split_zhelimu(users, tree)
    with pytest.raises(ValidationError, match="已于"):
        split_zhelimu(users, tree)


@pytest.mark.parametrize(
    ("code", "level", "parent_key", "message"),
    [
        ("15010200100A", Level.COMMUNITY, "hailaer", "只能由数字组成"),
        ("15010200100", Level.COMMUNITY, "hailaer", "应为 12 位"),
        ("150105001009", Level.COMMUNITY, "hailaer", "不以上级"),
        ("150102001001", Level.COMMUNITY, "hailaer", "已被现行单元使用"),
        ("150102001009", Level.COMMUNITY, "xincheng", "不能直接隶属于"),
        ("150102001009", Level.STREET, "hailaer", "不能直接隶属于"),
        ("150102001001001", Level.GRID, "hailaer", "不能直接隶属于"),
        ("150102003001", Level.STREET, "xincheng", "之后的位数应为 0"),
    ],
)
def test_unit_create_rejects_bad_input(users, tree, code, level, parent_key, message):
    count = Unit.objects.count()
    with pytest.raises(ValidationError, match=message):
        unit_create(
            actor=users["city"],
            name="测试",
            level=level,
            code=code,
            parent=tree[parent_key],
            valid_from=SPLIT_DAY,
        )
    assert Unit.objects.count() == count


def test_unit_create_rejects_negative_households(users, tree):
    with pytest.raises(ValidationError, match="不能为负数"):
        unit_create(
            actor=users["city"],
            name="测试",
            level=Level.COMMUNITY,
            code="150102001009",
            parent=tree["hailaer"],
            households=-5,
            valid_from=SPLIT_DAY,
        )


def test_grid_code_has_15_digits(users, tree):
    grid = unit_create(
        actor=users["city"],
        name="公主府社区第1网格",
        level=Level.GRID,
        code="150102001001001",
        parent=tree["gongzhufu"],
        valid_from=SPLIT_DAY,
    )
    assert grid.prefix == "150102001001001"
    assert AuditEvent.objects.filter(action="unit.create", target_id=str(grid.pk)).exists()


def test_size_flags_follow_configured_bounds(users, tree):
    bounds = selectors.size_bounds_current()
    assert selectors.size_flag(4500, bounds) == "above_split"
    assert selectors.size_flag(3500, bounds) == "above_ceiling"
    assert selectors.size_flag(800, bounds) == "below_merge"
    assert selectors.size_flag(2000, bounds) == "ok"
    size_bounds_set(
        actor=users["city"],
        floor=1500,
        ceiling=3000,
        split_above=4000,
        merge_below=1000,
        grid_floor=300,
        grid_ceiling=500,
        effective_from=dt.date(2020, 1, 1),
    )
    assert selectors.size_flag(1200, selectors.size_bounds_current()) == "below_floor"


def test_size_bounds_rejects_inconsistent_values(users, tree):
    with pytest.raises(ValidationError, match="必须小于上限"):
        size_bounds_set(
            actor=users["city"],
            floor=3000,
            ceiling=1000,
            split_above=4000,
            merge_below=900,
            grid_floor=300,
            grid_ceiling=500,
            effective_from=dt.date(2020, 1, 1),
        )


def test_restructure_and_figures_refused_outside_the_offices_scope(users, tree):
    # The 新城区 office may not split a 赛罕区 community, nor edit its figures.
    with pytest.raises(PermissionDenied, match="不在您的管辖范围内"):
        units_restructure(
            actor=users["district"],
            olds=[tree["jiankang"]],
            kind=LineageKind.SPLIT,
            on=SPLIT_DAY,
            news=[NewUnit(name="甲", code="150105001003"), NewUnit(name="乙", code="150105001004")],
        )
    with pytest.raises(PermissionDenied, match="不在您的管辖范围内"):
        unit_update_figures(actor=users["district"], unit=tree["jiankang"], households=10, population=20)
    with pytest.raises(PermissionDenied):
        unit_update_figures(actor=users["community"], unit=tree["gongzhufu"], households=10, population=20)
    assert Unit.objects.get(pk=tree["jiankang"].pk).valid_to is None
    assert Unit.objects.get(pk=tree["jiankang"].pk).households == 2500
    unit_update_figures(actor=users["district"], unit=tree["gongzhufu"], households=2100, population=5300)
    assert Unit.objects.get(pk=tree["gongzhufu"].pk).households == 2100
