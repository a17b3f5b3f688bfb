from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.core.models import AuditEvent
from jianfu.layout import geo
from jianfu.layout.models import GridAssignment, PlanStatus, ResidentialUnit
from jianfu.layout.services.apply import plan_apply
from jianfu.layout.services.edits import plan_approve, plan_unit_move
from jianfu.layout.services.grids import build_grids
from jianfu.regions.models import Level, Lineage, LineageKind, Unit

from .helpers import run_plan

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 3, 2)


def test_street_plan_splits_the_oversized_community_and_summarises_in_the_seeds_words(
    users, tree, layout_units
):
    plan = run_plan(users["district"], tree["hailaer"])
    assert plan.status == PlanStatus.READY, plan.error
    statuses = sorted(plan.regions.values_list("status", flat=True))
    assert statuses == ["new", "split", "unchanged"]
    assert plan.summary["before"] == 2 and plan.summary["after"] == 3
    assert plan.summary["new"] == 1 and plan.summary["merged_away"] == 0 and plan.summary["regrouped"] == 1
    assert plan.violations == [] and plan.infeasible == []
    assert all(1000 <= r.households <= 3000 for r in plan.regions.exclude(status="unchanged"))
    moved = plan.summary["households_moved"]
    assert 1000 <= moved <= 3000
    from jianfu.layout.planning import summary_sentence

    assert summary_sentence(plan.summary) == "新增 1 个、撤并 0 个、调整重组 1 个，社区总数由 2 个调整为 3 个"


def _setup_grids_and_people(tree, users):
    build_grids(
        [tree["zhelimu"], tree["gongzhufu"]], floor=300, ceiling=500, target=400, on=dt.date(2020, 1, 1)
    )
    grid = Unit.objects.current().filter(level=Level.GRID, parent=tree["zhelimu"]).order_by("code").first()
    GridAssignment.objects.create(grid=grid, worker_name="网格员甲", worker_phone="13900000000")
    users["street"].scope_units.add(tree["zhelimu"])
    return grid


def test_apply_ends_starts_links_repoints_and_lists_what_pointed_at_ended_units(users, tree, layout_units):
    _setup_grids_and_people(tree, users)
    plan = run_plan(users["district"], tree["hailaer"])
    plan_approve(actor=users["district"], plan=plan)
    plan = plan_apply(actor=users["district"], plan=plan, effective_on=ON)
    assert plan.status == PlanStatus.APPLIED
    old = Unit.objects.get(pk=tree["zhelimu"].pk)
    assert old.valid_to == ON
    # The unchanged community is untouched.
    assert Unit.objects.get(pk=tree["gongzhufu"].pk).valid_to is None
    succ = {
        link.successor.code: link
        for link in Lineage.objects.filter(predecessor=old).select_related("successor")
    }
    assert len(succ) == 2
    kinds = sorted(link.kind for link in succ.values())
    assert kinds == [LineageKind.CONTINUE, LineageKind.SPLIT]
    # The continuing community keeps its code; the new one takes the next never-used number.
    assert "150102001002" in succ and "150102001003" in succ
    cont = succ["150102001002"].successor
    assert cont.valid_from == ON and cont.is_current and cont.parent_id == tree["hailaer"].pk
    assert sum(link.households_moved for link in succ.values()) == 4500
    # Residential units now point at current communities, households add up.
    for unit in (link.successor for link in succ.values()):
        assert ResidentialUnit.objects.filter(community=unit).count() > 0
        total = sum(ResidentialUnit.objects.filter(community=unit).values_list("households", flat=True))
        assert total == unit.households
    assert not ResidentialUnit.objects.filter(community=old).exists()
    # No current grid hangs under an ended community; every unit's grid is current or empty.
    assert not Unit.objects.current().filter(parent=old).exists()
    assert not ResidentialUnit.objects.filter(grid__valid_to__isnull=False).exists()
    labels = {r["label"] for r in plan.reassignment["references"]}
    assert "core.User" in labels  # the account scoped to the ended community is listed
    moved_or_listed = len(plan.reassignment["grids_moved"]) + len(plan.reassignment["grids_ended"])
    assert moved_or_listed == Unit.objects.filter(level=Level.GRID, parent=old).count()
    worker = GridAssignment.objects.get(worker_name="网格员甲")
    listed = any(r["label"] == "layout.GridAssignment" for r in plan.reassignment["references"])
    assert worker.grid.is_current or listed
    assert AuditEvent.objects.filter(action="layout_plan.apply", target_id=str(plan.pk)).exists()


def test_applying_twice_is_refused_and_changes_nothing(users, tree, layout_units):
    plan = run_plan(users["district"], tree["hailaer"])
    plan_approve(actor=users["district"], plan=plan)
    plan_apply(actor=users["district"], plan=plan, effective_on=ON)
    count = Unit.objects.count()
    with pytest.raises(ValidationError, match="不能重复实施"):
        plan_apply(actor=users["district"], plan=plan, effective_on=ON)
    assert Unit.objects.count() == count


def test_approval_is_blocked_by_violations_unless_waived_in_writing(users, tree, layout_units):
    plan = run_plan(users["district"], tree["xincheng"])
    assert plan.status == PlanStatus.READY
    kinds = {v["kind"] for v in plan.violations}
    assert "floor" in kinds  # 车站西街 (800) cannot merge across streets
    assert any("车站西街社区" in v["message"] for v in plan.violations)
    assert any(v["kind"] == "group_too_small" and "锡林路街道" in v["message"] for v in plan.infeasible)
    with pytest.raises(ValidationError, match="不能批准"):
        plan_approve(actor=users["district"], plan=plan)
    with pytest.raises(ValidationError, match="不能重复实施|须先经批准"):
        plan_apply(actor=users["district"], plan=plan, effective_on=ON)
    plan_approve(
        actor=users["district"], plan=plan, waiver_reason="锡林路街道只有一个社区，待街道调整后一并处理。"
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.waiver_reason
    event = AuditEvent.objects.get(action="layout_plan.approve", target_id=str(plan.pk))
    assert "锡林路街道" in event.note


def test_crossing_streets_lets_the_small_community_merge(users, tree, layout_units):
    plan = run_plan(users["district"], tree["xincheng"], allow_cross_streets=True)
    assert plan.violations == [], plan.violations
    assert plan.summary["merged_away"] + plan.summary["regrouped"] >= 1


def test_moving_a_unit_revalidates_at_once(users, tree, layout_units):
    plan = run_plan(users["district"], tree["hailaer"])
    new_region = plan.regions.get(status="new")
    far = layout_units["gongzhufu"][0]  # column 0: nowhere near the new community
    plan = plan_unit_move(actor=users["district"], plan=plan, unit_id=far.pk, region_index=new_region.index)
    assert any(v["kind"] == "contiguity" and v["region"] == new_region.index for v in plan.violations)
    assert far.pk in next(v["units"] for v in plan.violations if v["kind"] == "contiguity")
    new_region.refresh_from_db()
    assert new_region.unit_count == plan.assignment.count(new_region.index)
    with pytest.raises(ValidationError, match="不能批准"):
        plan_approve(actor=users["district"], plan=plan)


def test_bad_input_fails_the_plan_with_chinese_messages_and_changes_nothing(users, tree, layout_units):
    u = layout_units["zhelimu"][3]
    ResidentialUnit.objects.filter(pk=u.pk).update(lng=None, lat=None)
    ResidentialUnit.objects.filter(pk=layout_units["gongzhufu"][0].pk).update(households=150)
    before = Unit.objects.count()
    plan = run_plan(users["district"], tree["hailaer"])
    assert plan.status == PlanStatus.FAILED
    assert "没有坐标" in plan.error and u.name in plan.error
    assert "户数与所辖小区（楼栋）合计不符" in plan.error and "公主府社区" in plan.error
    assert plan.regions.count() == 0 and Unit.objects.count() == before


def test_non_contiguous_input_is_refused(users, tree, layout_units):
    far = layout_units["gongzhufu"][0]
    ResidentialUnit.objects.filter(pk=far.pk).update(lng=112.5, lat=41.5)
    plan = run_plan(users["district"], tree["hailaer"])
    assert plan.status == PlanStatus.FAILED
    assert "不连通" in plan.error and "公主府社区" in plan.error


def test_bounds_that_contradict_each_other_are_refused(users, tree, layout_units):
    with pytest.raises(ValidationError, match="下限"):
        run_plan(users["district"], tree["hailaer"], floor=3000, ceiling=2000)
    with pytest.raises(ValidationError, match="拆分线"):
        run_plan(users["district"], tree["hailaer"], split_above=2500)


def test_only_the_owning_office_may_plan_approve_and_apply(users, tree, layout_units):
    with pytest.raises(PermissionDenied):
        run_plan(users["street"], tree["hailaer"])
    with pytest.raises(PermissionDenied):
        run_plan(users["district"], tree["saihan"])
    with pytest.raises(PermissionDenied):
        run_plan(users["district"], tree["city"])
    plan = run_plan(users["city"], tree["city"])
    with pytest.raises(PermissionDenied):
        plan_approve(actor=users["district"], plan=plan, waiver_reason="理由理由理由理由理由理由")


def test_stale_plan_is_not_applied(users, tree, layout_units):
    plan = run_plan(users["district"], tree["hailaer"])
    plan_approve(actor=users["district"], plan=plan)
    ResidentialUnit.objects.filter(pk=layout_units["zhelimu"][0].pk).update(households=99)
    with pytest.raises(ValidationError, match="重新计算"):
        plan_apply(actor=users["district"], plan=plan, effective_on=ON)
    assert Unit.objects.get(pk=tree["zhelimu"].pk).valid_to is None


def test_grid_numbering_runs_west_to_east_then_north_to_south():
    # Three rows of three; shuffled input; a slight tilt within a row must not change the order.
    pts = []
    for row, lat in enumerate([40.83, 40.82, 40.81]):
        for col, lng in enumerate([111.60, 111.61, 111.62]):
            pts.append((lng, lat + 0.0005 * col - 0.0002 * row))
    order = np.random.default_rng(1).permutation(len(pts))
    shuffled = np.array(pts)[order]
    ranked = geo.reading_order(shuffled)
    assert [pts.index(tuple(shuffled[i])) for i in ranked] == list(range(9))
