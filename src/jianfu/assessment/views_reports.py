"""Direct-report pages: file a report, the list, the detail with triage, appeal and timeline."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.core.models import Role
from jianfu.core.scope import can_edit, has_role

from . import selectors, services
from .forms import (
    AppealDecideForm,
    AppealForm,
    ConfirmForm,
    MergeForm,
    NoteForm,
    ReportFilterForm,
    ReportForm,
)
from .models import ReportStatus, Suggestion
from .services.reports import TRIAGE_ROLES

ACTION_LABELS = {
    "report_submit": "直报",
    "report_confirm": "认定违规",
    "report_dismiss": "不予认定",
    "report_merge": "合并重复直报",
    "report_appeal": "部门申诉",
    "appeal_reject": "申诉不成立",
    "appeal_accept": "申诉成立",
}


def errors_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ReportFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.reports_visible(user=user)
    if data.get("year"):
        qs = qs.filter(year=data["year"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("department"):
        qs = qs.filter(department=data["department"])
    if data.get("q"):
        qs = qs.filter(Q(number__icontains=data["q"]) | Q(content__icontains=data["q"]))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [selectors.report_row(user=user, report=r) | {"is_demo": r.is_demo} for r in page.object_list]
    return render(
        request,
        "assessment/report_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "may_report": has_role(user, Role.COMMUNITY, Role.STREET_OFFICE),
            "pending": selectors.reports_visible(user=user).filter(status=ReportStatus.SUBMITTED).count(),
            "any_demo": any(r["is_demo"] for r in rows),
        },
    )


def report_new(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.COMMUNITY, Role.STREET_OFFICE):
        raise PermissionDenied("只有社区（村）和街道（乡镇）可以直报。")
    units = selectors.reporter_units(user=request.user)
    form = ReportForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = services.report_submit(
                actor=request.user,
                reporter_unit=d["reporter_unit"],
                department=d["department"],
                channel=d["channel"],
                occurred_on=d["occurred_on"],
                content=d["content"],
                withhold_identity=d["withhold_identity"],
                evidence=request.FILES.getlist("evidence"),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, f"直报 {report.number} 已提交。系统建议：{report.get_suggestion_display()}。"
            )
            return redirect("assessment:report_detail", report.pk)
    return render(request, "assessment/report_form.html", {"form": form})


def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    report = selectors.report_get(user=user, report_id=report_id)
    hidden = selectors.reporter_hidden(user=user, report=report)
    may_triage = can_edit(user) and has_role(user, *TRIAGE_ROLES)
    events = selectors.report_events(user=user, report=report)
    for e in events:
        e["label"] = ACTION_LABELS.get(e["action"], e["action"])
    return render(
        request,
        "assessment/report_detail.html",
        {
            "report": report,
            "row": selectors.report_row(user=user, report=report),
            "hidden": hidden,
            "evidence": [] if hidden else list(report.evidence.all()),
            "evidence_count": report.evidence.count(),
            "events": events,
            "check": report.check_result,
            "is_violation_suggested": report.suggestion == Suggestion.VIOLATION,
            "may_triage": may_triage and report.status == ReportStatus.SUBMITTED,
            "may_decide_appeal": may_triage and report.status == ReportStatus.APPEALED,
            "may_appeal": user.role == Role.DEPARTMENT and report.status == ReportStatus.CONFIRMED,
            "appeal_open": report.may_appeal_now,
            "confirm_form": ConfirmForm(initial={"violation_type": report.suggested_type or "unadmitted"}),
            "note_form": NoteForm(),
            "merge_form": MergeForm(),
            "merge_targets": selectors.merge_targets(user=user, report=report)[:50] if may_triage else [],
            "appeal_form": AppealForm(),
            "appeal_decide_form": AppealDecideForm(),
            "now": timezone.now(),
        },
    )


def _act(request: HttpRequest, report_id: int, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    report = selectors.report_get(user=request.user, report_id=report_id)
    if not can_edit(request.user):
        raise PermissionDenied("审计员只能查看。")
    try:
        message = action(report)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, message)
    return redirect("assessment:report_detail", report.pk)


@require_POST
def report_confirm(request: HttpRequest, report_id: int) -> HttpResponse:
    form = ConfirmForm(request.POST)

    def do(report):  # type: ignore[no-untyped-def]
        if not form.is_valid():
            raise ValidationError("请选择违规类型。")
        services.report_confirm(
            actor=request.user,
            report=report,
            violation_type=form.cleaned_data["violation_type"],
            note=form.cleaned_data["note"],
        )
        return f"已认定直报 {report.number} 为违规摊派，已通知{report.department}。"

    return _act(request, report_id, do)


@require_POST
def report_dismiss(request: HttpRequest, report_id: int) -> HttpResponse:
    def do(report):  # type: ignore[no-untyped-def]
        services.report_dismiss(actor=request.user, report=report, note=request.POST.get("note", ""))
        return f"直报 {report.number} 不予认定。"

    return _act(request, report_id, do)


@require_POST
def report_merge(request: HttpRequest, report_id: int) -> HttpResponse:
    form = MergeForm(request.POST)

    def do(report):  # type: ignore[no-untyped-def]
        if not form.is_valid():
            raise ValidationError("请选择要合并到的直报。")
        target = selectors.reports_visible(user=request.user).filter(pk=form.cleaned_data["into"]).first()
        if target is None:
            raise ValidationError("要合并到的直报不存在，或不在您的管辖范围内。")
        services.report_merge(actor=request.user, report=report, into=target, note=form.cleaned_data["note"])
        return f"直报 {report.number} 已并入 {target.number}。"

    return _act(request, report_id, do)


@require_POST
def report_appeal(request: HttpRequest, report_id: int) -> HttpResponse:
    def do(report):  # type: ignore[no-untyped-def]
        services.report_appeal(actor=request.user, report=report, text=request.POST.get("text", ""))
        return f"已对直报 {report.number} 提出申诉，等待减负办处理。"

    return _act(request, report_id, do)


@require_POST
def appeal_decide(request: HttpRequest, report_id: int) -> HttpResponse:
    form = AppealDecideForm(request.POST)

    def do(report):  # type: ignore[no-untyped-def]
        if not form.is_valid():
            raise ValidationError("请选择处理结果。")
        uphold = form.cleaned_data["decision"] == "reject"
        services.appeal_decide(
            actor=request.user, report=report, uphold=uphold, note=form.cleaned_data["note"]
        )
        return "已维持违规认定。" if uphold else "已撤销违规认定。"

    return _act(request, report_id, do)


def evidence_download(request: HttpRequest, report_id: int, evidence_id: int) -> FileResponse:
    report = selectors.report_get(user=request.user, report_id=report_id)
    if selectors.reporter_hidden(user=request.user, report=report):
        raise Http404("报告单位已隐去身份，证据文件不向被报告部门提供")
    evidence = report.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("没有这个证据文件")
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
