"""The certificate checker (public), the community's log and its monthly counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from jianfu.assessment.models import AllowedCertificate, CertificateLog
from jianfu.assessment.selectors import certificate_monthly
from jianfu.assessment.services import certificate_check, certificate_log

pytestmark = pytest.mark.django_db


def test_negative_list_certificate_is_refused_with_basis_and_alternative(lists):
    answer = certificate_check(text="无犯罪记录")
    assert answer.verdict == "no" and answer.name == "无犯罪记录证明"
    assert "指导意见" in answer.legal_basis
    assert "公安" in answer.alternative and answer.department == "市公安局"


def test_written_commitment_is_offered_where_the_list_allows_it(lists):
    answer = certificate_check(text="开个婚姻状况证明")
    assert answer.verdict == "no" and "承诺" in answer.alternative


def test_allowed_certificate_is_answered_yes(lists):
    answer = certificate_check(text="居住证明")
    assert answer.verdict == "yes" and answer.name == "居住证明" and "组织法" in answer.legal_basis


def test_an_edited_allowed_list_answers_at_once(lists):
    # The checker's index is cached; switching a certificate off must still change the answer.
    assert certificate_check(text="居住证明").verdict == "yes"
    AllowedCertificate.objects.filter(name="居住证明").update(is_active=False)
    assert certificate_check(text="居住证明").verdict != "yes"
    AllowedCertificate.objects.filter(name="居住证明").update(is_active=True, name="居住情况证明")
    answer = certificate_check(text="居住证明")
    assert answer.verdict == "yes" and answer.name == "居住情况证明"


def test_unknown_and_bad_questions(lists):
    assert certificate_check(text="火星旅行许可").verdict == "unknown"
    with pytest.raises(ValidationError, match="请输入"):
        certificate_check(text="  ")
    with pytest.raises(ValidationError, match="过长"):
        certificate_check(text="证" * 101)


def test_the_public_page_needs_no_login(client, lists):
    page = client.get(reverse("assessment:certificate_check"), {"q": "无犯罪记录"})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-verdict="no"' in text and "公安" in text and "工作人员登录" in text
    api = client.post(
        "/api/v1/assessment/certificates/check", {"text": "居住证明"}, content_type="application/json"
    )
    assert api.status_code == 200 and api.json()["verdict"] == "yes"
    # The rest of the module still needs a login.
    assert client.get(reverse("assessment:report_list")).status_code == 302
    assert client.get("/api/v1/assessment/reports").status_code == 401


def test_community_logs_refusals_and_monthly_counts_follow(users, tree, client_for):
    today = timezone.localdate()
    for outcome in ("refused", "refused", "issued"):
        certificate_log(
            actor=users["community"],
            community=tree["gongzhufu"],
            outcome=outcome,
            certificate="无犯罪记录证明",
        )
    certificate_log(
        actor=users["street"],
        community=tree["zhelimu"],
        outcome="refused",
        certificate="健在证明",
        recorded_on=today.replace(day=1) - dt.timedelta(days=1) if today.month > 1 else today,
    )
    table = {row["name"]: row for row in certificate_monthly(user=users["street"], year=today.year)}
    assert table["公主府社区"]["refused"][today.month - 1] == 2
    assert table["公主府社区"]["issued_total"] == 1
    # The community sees only its own community.
    assert [r["name"] for r in certificate_monthly(user=users["community"], year=today.year)] == [
        "公主府社区"
    ]
    page = client_for(users["community"]).get(reverse("assessment:certificate_stats")).content.decode()
    assert "公主府社区" in page and "哲里木路社区" not in page


def test_bad_log_entries_are_refused(users, tree):
    with pytest.raises(ValidationError) as exc:
        certificate_log(actor=users["community"], community=tree["jiankang"], outcome="maybe", certificate="")
    assert {"“健康社区”不在您的管辖范围内。", "请选择“拒绝出具”或“已出具”。", "请填写证明事项名称。"} <= set(
        exc.value.messages
    )
    with pytest.raises(PermissionDenied):
        certificate_log(
            actor=users["department"], community=tree["gongzhufu"], outcome="refused", certificate="x"
        )
    assert not CertificateLog.objects.exists()


def test_logging_through_the_page(users, tree, client_for, lists):
    client = client_for(users["community"])
    client.post(
        reverse("assessment:certificate_log"),
        {
            "community": tree["gongzhufu"].pk,
            "outcome": "refused",
            "certificate": "无犯罪记录证明",
            "requested_by": "某银行",
        },
    )
    row = CertificateLog.objects.get()
    assert (row.community, row.requested_by, row.recorded_by) == (
        tree["gongzhufu"],
        "某银行",
        users["community"],
    )
