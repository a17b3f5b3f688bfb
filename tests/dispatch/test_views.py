from __future__ import annotations

import pytest

from jianfu.dispatch.models import Assignment, AssignmentStatus, Rating, Whistle
from jianfu.dispatch.services import assignment_contact, assignment_report, assignment_sign, whistle_blow

pytestmark = pytest.mark.django_db


@pytest.fixture
def whistle(leader, tree, department):
    return whistle_blow(
        actor=leader,
        title="占道经营",
        description="菜市场门口占道经营",
        category="market",
        urgency="normal",
        place=tree["gongzhufu"],
        departments=[department],
    )


def form_data(tree, department, place="gongzhufu"):
    return {
        "title": "井盖缺失",
        "description": "人行道井盖缺失，夜间有坠落风险",
        "category": "municipal",
        "urgency": "urgent",
        "place": tree[place].pk,
        "departments": [department.pk],
    }


def test_leader_whistles_through_the_form(client_for, leader, tree, department):
    client = client_for(leader)
    page = client.get("/dispatch/new/").content.decode()
    assert "公主府社区" in page and "车站西街社区" not in page
    response = client.post("/dispatch/new/", form_data(tree, department))
    whistle = Whistle.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dispatch/{whistle.pk}/"
    assert whistle.assignments.get().department == department


def test_whistle_outside_the_street_shows_a_chinese_error(client_for, leader, tree, department):
    response = client_for(leader).post("/dispatch/new/", form_data(tree, department, place="chezhan"))
    assert response.status_code == 200
    assert "不在本街道（海拉尔东路街道）辖区内" in response.content.decode()
    assert not Whistle.objects.exists()


def test_street_user_without_authority_cannot_whistle(client_for, users, tree, department):
    assert client_for(users["street"]).get("/dispatch/new/").status_code == 403
    assert client_for(users["street"]).post("/dispatch/new/", form_data(tree, department)).status_code == 403
    assert not Whistle.objects.exists()


def test_scope_404_for_pages_and_api(client_for, users, whistle, tree):
    from jianfu.core.models import Role, User

    outsider = User.objects.create_user("kim", password="x", role=Role.STREET_OFFICE)
    outsider.scope_units.set([tree["renmin"]])
    neighbour = User.objects.create_user("lee", password="x", role=Role.COMMUNITY)
    neighbour.scope_units.set([tree["zhelimu"]])
    assignment = whistle.assignments.get()
    for user in (outsider, neighbour):
        client = client_for(user)
        assert client.get(f"/dispatch/{whistle.pk}/").status_code == 404
        assert client.post(f"/dispatch/assignments/{assignment.pk}/rate/", {"score": 5}).status_code == 404
        assert client.get(f"/api/v1/dispatch/whistles/{whistle.pk}").status_code == 404
        assert client.get("/api/v1/dispatch/whistles").json() == []
    for role in ("community", "street", "district", "department", "auditor"):
        assert client_for(users[role]).get(f"/dispatch/{whistle.pk}/").status_code == 200


def test_other_department_sees_nothing(client_for, other_department_user, whistle):
    client = client_for(other_department_user)
    assert client.get(f"/dispatch/{whistle.pk}/").status_code == 404
    assert client.get("/api/v1/dispatch/whistles").json() == []


def test_decline_without_a_body_shows_an_error(client_for, users, whistle):
    assignment = whistle.assignments.get()
    client = client_for(users["department"])
    response = client.post(
        f"/dispatch/assignments/{assignment.pk}/decline/", {"reason": "不归我们管"}, follow=True
    )
    assert "退回必须指明负责处理的责任单位" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.WAITING and Assignment.objects.count() == 1


def test_rating_by_district_office_is_refused(client_for, users, whistle):
    a = whistle.assignments.get()
    assignment_sign(actor=users["department"], assignment=a)
    assignment_contact(actor=users["department"], assignment=a, note="已联系")
    assignment_report(actor=users["department"], assignment=a, result="已处理")
    response = client_for(users["district"]).post(
        f"/dispatch/assignments/{a.pk}/rate/", {"score": 5}, follow=True
    )
    assert "只有吹哨街道和问题所在社区" in response.content.decode()
    assert not Rating.objects.exists()
    response = client_for(users["community"]).post(
        f"/dispatch/assignments/{a.pk}/rate/", {"score": 4}, follow=True
    )
    assert Rating.objects.get().rater_role == "community"


def test_dashboard_and_scores_api(client_for, users, whistle):
    year = whistle.whistled_at.year
    page = client_for(users["city"]).get(f"/dispatch/dashboard/?year={year}").content.decode()
    assert "市市场监督管理局" in page and 'data-testid="department-chart"' in page
    rows = client_for(users["city"]).get(f"/api/v1/dispatch/scores?year={year}").json()
    assert rows[0]["department_code"] == "D04" and rows[0]["assigned"] == 1
    assert client_for(users["street"]).get(f"/api/v1/dispatch/scores?year={year}").status_code == 403
    assert (
        client_for(users["department"]).get(f"/api/v1/dispatch/scores?year={year}").json()[0]["assigned"] == 1
    )


def test_settings_limits_only_city(client_for, users):
    data = {
        "limit-urgency": "urgent",
        "limit-sign_hours": "2",
        "limit-contact_hours": "1",
        "limit-report_working_days": "3",
        "limit-effective_from": "2025-01-01",
    }
    response = client_for(users["city"]).post("/dispatch/settings/", data)
    assert "联系时限不能短于签收时限" in response.content.decode()
    data["limit-contact_hours"] = "12"
    assert client_for(users["city"]).post("/dispatch/settings/", data).status_code == 302
    assert client_for(users["district"]).post("/dispatch/settings/", data).status_code == 403
    assert client_for(users["street"]).get("/dispatch/settings/").status_code == 403
