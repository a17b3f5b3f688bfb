"""Direct reports: the automatic suggestion, every triage transition, bad input, appeals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianfu.admission.models import AdmissionRequest, RegistryEntry
from jianfu.assessment.models import DirectReport, Notification, ReportEvidence, ReportStatus, Suggestion
from jianfu.assessment.services import (
    appeal_decide,
    report_appeal,
    report_confirm,
    report_dismiss,
    report_merge,
    scheme_publish,
)
from jianfu.core.models import AuditEvent, User
from jianfu.core.workdays import working_deadline

from .conftest import UNLISTED, pdf_file

pytestmark = pytest.mark.django_db


def test_negative_list_work_is_suggested_as_a_violation(file_report):
    report = file_report(evidence=[pdf_file()])
    assert report.status == ReportStatus.SUBMITTED
    assert report.suggestion == Suggestion.VIOLATION
    assert report.suggested_type == "negative_work"
    assert report.check_result["precheck"]["decision"] == "refuse_negative"
    assert report.number.startswith(f"ZB{report.year}")
    evidence = ReportEvidence.objects.get(report=report)
    assert evidence.kind == "pdf" and evidence.size == len(pdf_file().read())
    assert AuditEvent.objects.filter(action="assessment.report_submit", target_id=str(report.pk)).exists()


def test_duty_work_and_unlisted_work_get_their_suggestions(file_report):
    duty = file_report(content="请社区人民调解委员会及时调解楼上楼下的漏水纠纷")
    assert duty.suggestion == Suggestion.DUTY
    unlisted = file_report(content=UNLISTED)
    assert (unlisted.suggestion, unlisted.suggested_type) == (Suggestion.VIOLATION, "unadmitted")


def _registry_entry(department, tree, text: str) -> RegistryEntry:
    """An admitted item in force for 公主府社区 (rows as admission's services leave them)."""
    today = timezone.localdate()
    request = AdmissionRequest.objects.create(
        number="ZR20260001",
        department=department,
        created_by=User.objects.filter(role="department").first(),
        title="古树名木资源调查登记",
        tasks=text,
        start_date=today,
        end_date=today + dt.timedelta(days=90),
        hours_per_month=2,
        status="admitted",
        content_hash="x",
    )
    entry = RegistryEntry.objects.create(
        number="ML202600001",
        request=request,
        department=department,
        level="community",
        title="古树名木资源调查登记",
        tasks=text,
        valid_from=today,
        valid_to=today + dt.timedelta(days=90),
        hours_per_month=2,
    )
    entry.communities.set([tree["gongzhufu"]])
    return entry


def test_work_admitted_only_for_the_department_that_was_admitted(file_report, other_department, tree, users):
    text = "请社区组织辖区居民开展古树名木资源调查登记，填写古树名木信息采集表"
    entry = _registry_entry(other_department, tree, text)
    admitted = file_report(content=text, department=other_department)
    assert admitted.suggestion == Suggestion.ADMITTED and admitted.registry_entry == entry
    # The same work pushed by a department that has no admission is not covered by another's entry.
    pushed = file_report(content=text)
    assert pushed.suggestion != Suggestion.ADMITTED and pushed.registry_entry is None


def test_report_without_department_or_content_is_refused_with_every_error(file_report):
    with pytest.raises(ValidationError) as exc:
        file_report(department=None, content="  ", evidence=[pdf_file()])
    assert "请选择派单部门。" in exc.value.messages
    assert "请填写部门要求社区做什么。" in exc.value.messages
    assert not DirectReport.objects.exists() and not ReportEvidence.objects.exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("截图.png", b"just text pretending", content_type="image/png"), "类型不受支持"),
        (
            SimpleUploadedFile("通知.exe", b"MZ\x90\x00binary", content_type="application/octet-stream"),
            "类型不受支持",
        ),
        (pdf_file("大文件.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1)), "超过 10 MB"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_saved(file_report, upload, message):
    with pytest.raises(ValidationError) as exc:
        file_report(evidence=[pdf_file(), upload])
    assert any(message in m and "证据文件" in m for m in exc.value.messages)
    assert not DirectReport.objects.exists() and not ReportEvidence.objects.exists()


def test_future_date_unit_out_of_scope_and_wrong_role_are_refused(file_report, tree, users):
    with pytest.raises(ValidationError, match="晚于今天"):
        file_report(occurred_on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        file_report(reporter_unit=tree["jiankang"])
    with pytest.raises(PermissionDenied):
        file_report(actor=users["department"])
    assert not DirectReport.objects.exists()


def test_confirm_notifies_the_department_on_commit_and_sets_a_working_day_deadline(
    file_report, users, scheme, department, django_capture_on_commit_callbacks
):
    report = file_report(withhold_identity=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirmed = report_confirm(actor=users["district"], report=report, violation_type="negative_work")
        assert not Notification.objects.exists()  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert confirmed.status == ReportStatus.CONFIRMED
    assert confirmed.violation_type == "negative_work"
    expected = working_deadline(confirmed.triaged_at, scheme.appeal_working_days)
    assert confirmed.appeal_deadline == expected
    note = Notification.objects.get(department=department)
    assert confirmed.number in note.title
    assert "公主府社区" not in note.body and "报告单位已隐去" in note.body
    assert Notification.objects.filter(user=users["community"]).exists()
    event = AuditEvent.objects.get(action="assessment.report_confirm")
    assert event.before["status"] == "submitted" and event.after["status"] == "confirmed"


def test_only_offices_in_scope_triage(file_report, users, saihan_office, scheme):
    report = file_report()
    for actor in (users["community"], users["department"], users["street"], saihan_office):
        with pytest.raises(PermissionDenied):
            report_confirm(actor=actor, report=report, violation_type="negative_work")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_dismiss_needs_a_reason_and_is_final(file_report, users, scheme):
    report = file_report()
    with pytest.raises(ValidationError, match="理由"):
        report_dismiss(actor=users["district"], report=report, note=" ")
    dismissed = report_dismiss(actor=users["district"], report=report, note="属协助事项")
    assert dismissed.status == ReportStatus.DISMISSED
    with pytest.raises(ValidationError, match="不能变为"):
        report_confirm(actor=users["city"], report=dismissed, violation_type="negative_work")


def test_merge_joins_a_duplicate_of_the_same_department_only(file_report, users, other_department, scheme):
    primary = file_report()
    duplicate = file_report()
    stranger = file_report(department=other_department)
    with pytest.raises(ValidationError, match="同一部门"):
        report_merge(actor=users["district"], report=stranger, into=primary)
    with pytest.raises(ValidationError, match="自己"):
        report_merge(actor=users["district"], report=duplicate, into=duplicate)
    merged = report_merge(actor=users["district"], report=duplicate, into=primary)
    assert merged.status == ReportStatus.MERGED and merged.merged_into == primary
    with pytest.raises(ValidationError, match="不能作为合并目标"):
        report_merge(actor=users["district"], report=file_report(), into=merged)


def test_department_appeals_once_and_the_office_decides(confirmed, users, other_department_user):
    report = confirmed()
    with pytest.raises(PermissionDenied):
        report_appeal(actor=other_department_user, report=report, text="不是我们")
    with pytest.raises(ValidationError, match="申诉理由"):
        report_appeal(actor=users["department"], report=report, text="")
    appealed = report_appeal(actor=users["department"], report=report, text="该检查系区级部门所派")
    assert appealed.status == ReportStatus.APPEALED and appealed.appealed_at is not None
    with pytest.raises(ValidationError, match="处理意见"):
        appeal_decide(actor=users["district"], report=appealed, uphold=True, note="")
    upheld = appeal_decide(actor=users["district"], report=appealed, uphold=True, note="文件落款为市局")
    assert upheld.status == ReportStatus.CONFIRMED
    with pytest.raises(ValidationError, match="已申诉过一次"):
        report_appeal(actor=users["department"], report=upheld, text="再申诉")


def test_successful_appeal_withdraws_the_violation(confirmed, users):
    report = report_appeal(actor=users["department"], report=confirmed(), text="已补办准入")
    overturned = appeal_decide(actor=users["city"], report=report, uphold=False, note="核实已准入")
    assert overturned.status == ReportStatus.OVERTURNED
    assert not overturned.counts_as_violation


def test_appeal_after_the_deadline_is_refused(confirmed, users):
    report = confirmed()
    DirectReport.objects.filter(pk=report.pk).update(appeal_deadline=timezone.now() - dt.timedelta(minutes=1))
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="申诉期限已过"):
        report_appeal(actor=users["department"], report=report, text="迟到的申诉")
    report.refresh_from_db()
    assert report.status == ReportStatus.CONFIRMED and report.appealed_at is None


def test_a_published_year_is_frozen_for_confirmation_and_overturn(file_report, confirmed, users, scheme):
    appealed = report_appeal(actor=users["department"], report=confirmed(), text="异议")
    pending = file_report()
    report_dismiss(actor=users["district"], report=pending, note="重复")
    appeal_decide(actor=users["district"], report=appealed, uphold=True, note="维持")
    scheme_publish(actor=users["city"], scheme=scheme)
    late = file_report()
    with pytest.raises(ValidationError, match="已发布并冻结"):
        report_confirm(actor=users["district"], report=late, violation_type="negative_work")
    late.refresh_from_db()
    assert late.status == ReportStatus.SUBMITTED
