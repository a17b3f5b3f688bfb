"""Bad input: clear Chinese errors and nothing saved half-way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianfu.admission.models import AdmissionRequest, PrecheckLog, RequestAttachment
from jianfu.admission.services import precheck_run
from jianfu.core.models import Department, Role, User

from ..conftest import PASSWORD
from .conftest import ASSIST


def _nothing_saved():
    assert not AdmissionRequest.objects.exists()
    assert not PrecheckLog.objects.exists()
    assert not RequestAttachment.objects.exists()


def test_empty_and_absurdly_long_text(submit):
    with pytest.raises(ValidationError) as exc:
        submit("   ", title="")
    assert "事项名称不能为空。" in exc.value.messages and "请填写需要社区做什么。" in exc.value.messages
    with pytest.raises(ValidationError, match="申请内容过长"):
        submit("很长的任务" * 2000)
    _nothing_saved()


def test_end_before_start_and_bad_hours(submit):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        submit(start_date=today, end_date=today - dt.timedelta(days=1), hours_per_month="-3")
    text = "".join(exc.value.messages)
    assert "早于开始日期" in text and "工时应大于 0" in text
    with pytest.raises(ValidationError, match="应为数字"):
        submit(hours_per_month="很多")
    _nothing_saved()


def test_scope_outside_the_department_remit(submit, tree):
    district_department = Department.objects.create(
        code="X01", name="新城区民政局", level_unit=tree["xincheng"]
    )
    actor = User.objects.create_user(
        username="xc_dept", password=PASSWORD, role=Role.DEPARTMENT, department=district_department
    )
    with pytest.raises(ValidationError, match="超出本部门职责范围：赛罕区 不在新城区内"):
        submit(units=[tree["saihan"]], actor=actor)
    request, _ = submit(units=[tree["hailaer"]], actor=actor)
    assert request.target_communities.count() == 2


def test_no_scope_or_no_communities_of_that_level(submit, tree):
    with pytest.raises(ValidationError, match="请选择实施范围"):
        submit(units=[])
    with pytest.raises(ValidationError, match="所选范围内没有村"):
        submit(level="village")
    _nothing_saved()


def test_duplicate_submission(submit):
    first, _ = submit(ASSIST)
    with pytest.raises(ValidationError, match=f"重复提交：本部门已有相同内容的申请 {first.number}"):
        submit(ASSIST + "  ")
    assert AdmissionRequest.objects.count() == 1


def test_attachments_checked_by_content(submit):
    fake_pdf = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="类型不受支持"):
        submit(attachments=[fake_pdf])
    _nothing_saved()
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    request, _ = submit(attachments=[pdf])
    assert request.attachments.get().original_name == "通知.pdf"


def test_only_departments_submit(submit, users):
    with pytest.raises(PermissionDenied):
        submit(actor=users["city"])


def test_precheck_text_errors(lists):
    with pytest.raises(ValidationError, match="请输入要核验的工作内容"):
        precheck_run(actor=None, text="", source="cli")
    with pytest.raises(ValidationError, match="不能超过 5000 字"):
        precheck_run(actor=None, text="字" * 5001, source="cli")
    with pytest.raises(ValidationError, match="层级"):
        precheck_run(actor=None, text="低保", level="town", source="cli")
    assert not PrecheckLog.objects.exists()


def test_form_shows_errors_and_keeps_nothing(client_for, users, tree, lists):
    client = client_for(users["department"])
    today = timezone.localdate()
    response = client.post(
        "/admission/new/",
        {
            "title": "测试",
            "tasks": ASSIST,
            "level": "community",
            "target_units": [tree["xincheng"].pk],
            "start_date": today,
            "end_date": today - dt.timedelta(days=3),
            "hours_per_month": "2",
        },
    )
    assert response.status_code == 200
    assert "早于开始日期" in response.content.decode()
    response = client.post(
        "/admission/new/",
        {
            "title": "测试",
            "tasks": ASSIST,
            "level": "community",
            "community_names": "不存在社区",
            "start_date": today,
            "end_date": today,
            "hours_per_month": "2",
        },
    )
    assert "找不到这些社区（村）：不存在社区" in response.content.decode()
    _nothing_saved()
