"""The registry, the paste-a-task check, the burden meter, scope on pages and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jianfu.admission import selectors
from jianfu.admission.models import RegistryEntry, RegistryStatus
from jianfu.admission.services import admission_settings_set, district_decide, registry_revoke
from jianfu.admission.services.task_check import task_check

from .conftest import ASSIST, NEGATIVE


@pytest.fixture
def admitted(submit, users):
    request, _ = submit(ASSIST, title="低保入户调查", hours_per_month="6")
    district_decide(actor=users["district"], request=request, decision="approve")
    request.refresh_from_db()
    return request.registry_entry


def test_community_sees_its_registry_and_others_do_not(admitted, users, tree, saihan_office):
    assert list(selectors.registry_visible(user=users["community"])) == [admitted]
    assert list(selectors.registry_visible(user=saihan_office)) == []
    assert list(selectors.registry_visible(user=users["department"])) == [admitted]


def test_pasted_task_found_in_the_registry(admitted, users):
    check = task_check(actor=users["community"], text="街道转来通知：请配合做好低保家庭入户调查和收入核实")
    assert check.verdict == "admitted" and check.registry_match == admitted
    negative = task_check(actor=users["community"], text=NEGATIVE)
    assert negative.verdict == "refuse_negative" and negative.registry_match is None


def test_task_check_follows_a_changed_entry(admitted, users):
    # The task check's index is cached; an entry whose content changed must be matched as it is now.
    text = "街道转来通知：请配合做好低保家庭入户调查和收入核实"
    assert task_check(actor=users["community"], text=text).verdict == "admitted"
    RegistryEntry.objects.filter(pk=admitted.pk).update(title="城市书房图书整理", tasks="整理图书并登记借阅")
    after = task_check(actor=users["community"], text=text)
    assert after.verdict != "admitted" and after.registry_match is None


def test_pasted_task_not_admitted(lists, users):
    check = task_check(actor=users["community"], text="请社区配合做好低保入户调查")
    assert check.verdict == "fast_track" and "未在本社区的准入事项目录中" in check.message


def test_revocation(admitted, users):
    with pytest.raises(ValidationError, match="撤销原因"):
        registry_revoke(actor=users["city"], entry=admitted, reason="")
    registry_revoke(actor=users["city"], entry=admitted, reason="任务已由部门自行承担")
    admitted.refresh_from_db()
    assert admitted.status == RegistryStatus.REVOKED and admitted.state_label == "已撤销"
    assert not selectors.registry_in_force(selectors.registry_visible(user=users["community"])).exists()
    with pytest.raises(ValidationError, match="已于"):
        registry_revoke(actor=users["city"], entry=admitted, reason="再撤一次")


def test_burden_meter_warns_above_the_configured_load(admitted, users, tree):
    table = selectors.burden_table(user=users["district"])
    assert {r["name"] for r in table} == {"公主府社区", "哲里木路社区", "车站西街社区"}
    assert all(float(r["hours"]) == 6.0 and not r["over"] for r in table)
    admission_settings_set(actor=users["city"], burden_warning_hours="5", effective_from="2020-01-01")
    assert all(r["over"] for r in selectors.burden_table(user=users["district"]))
    months = selectors.month_starts(months_back=1, months_ahead=0)
    series = selectors.burden_series(community=tree["gongzhufu"], months=months)
    assert series[-1] == {"month": months[-1].strftime("%Y-%m"), "items": 1, "hours": 6.0}
    assert series[0]["items"] == 0


def test_pages_respect_scope(admitted, users, client_for, saihan_office, tree):
    request = admitted.request
    client = client_for(saihan_office)
    assert client.get(f"/admission/{request.pk}/").status_code == 404
    assert client.get(f"/admission/registry/{admitted.pk}/").status_code == 404
    assert client.get(f"/admission/burden/{tree['gongzhufu'].pk}/").status_code == 404
    client = client_for(users["community"])
    assert client.get(f"/admission/registry/{admitted.pk}/").status_code == 200
    page = client.get("/admission/registry/").content.decode()
    assert admitted.number in page
    assert client.post(f"/admission/registry/{admitted.pk}/revoke/", {"reason": "x"}).status_code == 403


def test_api_scope(admitted, users, client_for, saihan_office, tree):
    client = client_for(saihan_office)
    assert client.get("/api/v1/admission/registry").json() == []
    assert client.get(f"/api/v1/admission/registry/{admitted.pk}").status_code == 404
    assert client.get(f"/api/v1/admission/registry?community_id={tree['gongzhufu'].pk}").status_code == 404
    client = client_for(users["community"])
    assert [e["number"] for e in client.get("/api/v1/admission/registry").json()] == [admitted.number]
    response = client.post("/api/v1/admission/precheck", {"text": NEGATIVE}, content_type="application/json")
    assert response.json()["decision"] == "refuse_negative"
    response = client.post("/api/v1/admission/precheck", {"text": ""}, content_type="application/json")
    assert response.status_code == 400 and "请输入" in response.json()["detail"]
    check = client.post(
        "/api/v1/admission/check", {"text": "请配合做好低保家庭入户调查"}, content_type="application/json"
    )
    assert check.json()["verdict"] == "admitted"


def test_review_through_the_pages(submit, users, client_for):
    request, _ = submit(ASSIST)
    client = client_for(users["district"])
    page = client.get(f"/admission/{request.pk}/").content.decode()
    assert 'data-testid="decide-form"' in page
    client.post(f"/admission/{request.pk}/decide/", {"decision": "approve", "comment": "同意"})
    request.refresh_from_db()
    assert request.status == "admitted"
    client = client_for(users["street"])
    assert 'data-testid="decide-form"' not in client.get(f"/admission/{request.pk}/").content.decode()
    response = client.post(f"/admission/{request.pk}/decide/", {"decision": "approve"}, follow=True)
    assert "不能进行区县审核" in response.content.decode() or response.status_code == 403
