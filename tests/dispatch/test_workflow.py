from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jianfu.core.models import AuditEvent, Role, User
from jianfu.dispatch.models import Assignment, AssignmentStatus, Rating, Whistle, WhistleStatus
from jianfu.dispatch.selectors import department_dispatch_scores, whistles_visible
from jianfu.dispatch.services import (
    assignment_contact,
    assignment_decline,
    assignment_rate,
    assignment_report,
    assignment_sign,
    whistle_authority_grant,
    whistle_blow,
)

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
T0 = timezone.make_aware(dt.datetime(2025, 6, 10, 9, 0))


def blow(actor, place, departments, **kw):
    return whistle_blow(
        actor=actor,
        title=kw.pop("title", "楼道堆物"),
        description="老旧小区楼道堆放杂物，存在火灾隐患",
        category=kw.pop("category", "safety"),
        urgency=kw.pop("urgency", "urgent"),
        place=place,
        departments=departments,
        at=kw.pop("at", T0),
        **kw,
    )


def finish(user, assignment, start=T0, hours=(0.5, 3, 30)):
    assignment_sign(actor=user, assignment=assignment, at=start + dt.timedelta(hours=hours[0]))
    assignment_contact(
        actor=user, assignment=assignment, note="已电话联系街道", at=start + dt.timedelta(hours=hours[1])
    )
    assignment_report(
        actor=user, assignment=assignment, result="已清理", at=start + dt.timedelta(hours=hours[2])
    )


def test_only_a_configured_leader_may_whistle(users, tree, department):
    with pytest.raises(PermissionDenied, match="街道领导"):
        blow(users["street"], tree["gongzhufu"], [department])
    with pytest.raises(PermissionDenied):
        blow(users["district"], tree["gongzhufu"], [department])
    assert not Whistle.objects.exists()


def test_whistle_outside_the_street_is_refused_and_changes_nothing(leader, tree, department):
    with pytest.raises(ValidationError, match="不在本街道（海拉尔东路街道）辖区内"):
        blow(leader, tree["chezhan"], [department])
    with pytest.raises(ValidationError, match="至少选择一个"):
        blow(leader, tree["gongzhufu"], [])
    assert not Whistle.objects.exists() and not Assignment.objects.exists()


def test_from_whistle_to_rating(leader, tree, department, other_department, users):
    whistle = blow(leader, tree["gongzhufu"], [department, other_department])
    assert whistle.number.startswith("CS20250610-")
    a, b = whistle.assignments.order_by("department__code")
    other_user = User.objects.create_user(
        "ivy", password=PASSWORD, role=Role.DEPARTMENT, department=other_department
    )
    with pytest.raises(PermissionDenied):
        assignment_sign(actor=users["department"], assignment=b)
    with pytest.raises(ValidationError, match="请先签收"):
        assignment_report(actor=users["department"], assignment=a, result="x")
    finish(users["department"], a)
    whistle.refresh_from_db()
    assert whistle.status == WhistleStatus.OPEN
    with pytest.raises(ValidationError, match="反馈办理结果后"):
        assignment_rate(actor=leader, assignment=b, score=5)
    finish(other_user, b)
    whistle.refresh_from_db()
    assert whistle.status == WhistleStatus.REPORTED
    assignment_rate(actor=users["community"], assignment=a, score=4, comment="较及时")
    assignment_rate(actor=leader, assignment=a, score=5)
    whistle.refresh_from_db()
    assert whistle.status == WhistleStatus.REPORTED
    assignment_rate(actor=leader, assignment=b, score=3)
    whistle.refresh_from_db()
    assert whistle.status == WhistleStatus.CLOSED and whistle.closed_at is not None
    with pytest.raises(ValidationError, match="已评价过"):
        assignment_rate(actor=leader, assignment=a, score=1)
    assert AuditEvent.objects.filter(action="assignment.rate").count() == 3


def test_rating_by_someone_not_involved_is_refused(leader, tree, department, users):
    a = blow(leader, tree["gongzhufu"], [department]).assignments.get()
    finish(users["department"], a)
    for outsider in (users["district"], users["city"], users["department"], users["auditor"]):
        with pytest.raises(ValidationError, match="只有吹哨街道和问题所在社区"):
            assignment_rate(actor=outsider, assignment=a, score=5)
    neighbour = User.objects.create_user("jack", password=PASSWORD, role=Role.COMMUNITY)
    neighbour.scope_units.set([tree["zhelimu"]])
    with pytest.raises(ValidationError):
        assignment_rate(actor=neighbour, assignment=a, score=5)
    with pytest.raises(ValidationError, match="1 到 5"):
        assignment_rate(actor=leader, assignment=a, score=6)
    assert not Rating.objects.exists()


def test_decline_needs_a_named_body_and_reroutes(leader, tree, department, other_department, users):
    a = blow(leader, tree["gongzhufu"], [department]).assignments.get()
    with pytest.raises(ValidationError, match="指明负责处理的责任单位"):
        assignment_decline(actor=users["department"], assignment=a, responsible=None, reason="不归我管")
    with pytest.raises(ValidationError, match="不能是本部门"):
        assignment_decline(actor=users["department"], assignment=a, responsible=department, reason="x")
    a.refresh_from_db()
    assert a.status == AssignmentStatus.WAITING and Assignment.objects.count() == 1
    later = T0 + dt.timedelta(minutes=30)
    assignment_decline(
        actor=users["department"],
        assignment=a,
        responsible=other_department,
        reason="属城管执法职责",
        at=later,
    )
    a.refresh_from_db()
    assert a.status == AssignmentStatus.DECLINED
    new = a.rerouted_to
    assert new.department == other_department and new.assigned_at == later
    assert new.sign_due == later + dt.timedelta(hours=1)
    assert not a.overdue_stages(now=later + dt.timedelta(days=30))


def test_departments_see_only_whistles_sent_to_them(leader, tree, department, other_department, users):
    blow(leader, tree["gongzhufu"], [department], title="A")
    blow(leader, tree["hailaer"], [other_department], title="B")
    assert [w.title for w in whistles_visible(user=users["department"])] == ["A"]
    # The community sees the whistle at its community, not the one at street level.
    assert [w.title for w in whistles_visible(user=users["community"])] == ["A"]
    assert whistles_visible(user=users["district"]).count() == 2


def test_scores_feed_the_assessment(leader, tree, department, other_department, users):
    other_user = User.objects.create_user(
        "ivy", password=PASSWORD, role=Role.DEPARTMENT, department=other_department
    )
    on_time = blow(leader, tree["gongzhufu"], [department]).assignments.get()
    finish(users["department"], on_time)
    late = blow(leader, tree["gongzhufu"], [department]).assignments.get()
    finish(users["department"], late, hours=(2, 3, 30))
    pending = blow(leader, tree["gongzhufu"], [other_department]).assignments.get()
    assignment_rate(actor=leader, assignment=on_time, score=5)
    assignment_rate(actor=leader, assignment=late, score=2)
    now = T0 + dt.timedelta(minutes=30)
    scores = {s.department_code: s for s in department_dispatch_scores(year=2025, now=now)}
    mine = scores["D04"]
    assert (mine.assigned, mine.reported, mine.overdue, mine.settled, mine.on_time) == (2, 2, 1, 2, 1)
    assert mine.on_time_rate == 0.5 and mine.average_rating == 3.5 and mine.rating_count == 2
    theirs = scores["D12"]
    assert theirs.settled == 0 and theirs.on_time_rate is None
    # Two hours later the unsigned whistle is overdue, and counts.
    theirs = {
        s.department_code: s for s in department_dispatch_scores(year=2025, now=T0 + dt.timedelta(hours=2))
    }["D12"]
    assert (theirs.overdue, theirs.settled, theirs.on_time_rate) == (1, 1, 0.0)
    assert department_dispatch_scores(year=2024) == []
    assert pending.pk and other_user.pk


def test_authority_grant_checks_role_and_area(users, tree):
    with pytest.raises(PermissionDenied):
        whistle_authority_grant(actor=users["street"], user=users["street"], street=tree["hailaer"])
    with pytest.raises(ValidationError, match="不是街道办事处用户"):
        whistle_authority_grant(actor=users["district"], user=users["community"], street=tree["hailaer"])
    with pytest.raises(ValidationError, match="管辖范围不含"):
        whistle_authority_grant(actor=users["district"], user=users["street"], street=tree["xilin"])
    granted = whistle_authority_grant(actor=users["district"], user=users["street"], street=tree["hailaer"])
    assert granted.is_active and granted.granted_by == users["district"]


def test_whistle_number_taken_by_a_concurrent_whistle_moves_on(leader, tree, department, monkeypatch):
    from jianfu.dispatch import services

    first = services.whistle_blow(
        actor=leader,
        title="甲",
        description="甲处问题",
        category="market",
        urgency="urgent",
        place=tree["gongzhufu"],
        departments=[department],
    )
    # Simulate a whistle blown at the same moment: the count still says "nothing taken yet".
    real = services._whistle_number
    monkeypatch.setattr(services, "_whistle_number", lambda at, skip=0: real(at, skip=skip - 1))
    second = services.whistle_blow(
        actor=leader,
        title="乙",
        description="乙处问题",
        category="market",
        urgency="urgent",
        place=tree["gongzhufu"],
        departments=[department],
    )
    assert first.number != second.number
    assert second.number.endswith("-002")
