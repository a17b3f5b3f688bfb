"""Admission pages: requests and review, the pre-check preview, configuration. Registry pages: views_registry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jianfu.core.models import Department, Role
from jianfu.core.scope import can_edit, code_in_scope, has_role

from . import selectors, services
from .config import rule_modes, settings_current
from .forms import (
    CommentForm,
    DecideForm,
    PrecheckForm,
    RequestFilterForm,
    RequestForm,
    RulesForm,
    SettingsForm,
)
from .models import AdmissionRequest, DistrictDecision, PrecheckDecision, RequestStatus

ACTION_LABELS = {
    "request_submit": "提交申请",
    "request_resubmit": "修改后重新提交",
    "district_approve": "区县同意",
    "district_approve_partial": "区县同意（待其他区县）",
    "district_refuse": "区县不同意",
    "district_return": "区县退回修改",
    "city_approve": "市级同意",
    "city_refuse": "市级不同意",
    "city_return": "市级退回修改",
    "request_withdraw": "撤回",
    "comment": "留言",
}


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def request_list(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = (
        selectors.requests_awaiting(user=request.user)
        if data.get("mine")
        else selectors.requests_visible(user=request.user)
    )
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("q"):
        qs = qs.filter(Q(title__icontains=data["q"]) | Q(number__icontains=data["q"]))
    page = Paginator(qs.select_related("department"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "admission/request_list.html",
        {
            "form": form,
            "page": page,
            "awaiting": selectors.requests_awaiting(user=request.user).count(),
            "may_submit": request.user.role == Role.DEPARTMENT,
        },
    )


def _request_kwargs(form: RequestForm) -> dict:
    d = form.cleaned_data
    return {
        "title": d["title"],
        "tasks": d["tasks"],
        "target_units": d["units"],
        "start_date": d["start_date"],
        "end_date": d["end_date"],
        "hours_per_month": d["hours_per_month"],
        "funding_attached": d["funding_attached"],
        "funding_note": d["funding_note"],
        "legal_basis": d["legal_basis"],
    }


def _announce(request: HttpRequest, obj: AdmissionRequest, outcome: services.PrecheckOutcome) -> None:
    if obj.status == RequestStatus.PRECHECK_REFUSED:
        messages.error(request, f"预审结论：{outcome.decision_label}。申请 {obj.number} 不予准入。")
    elif obj.status == RequestStatus.NOT_REQUIRED:
        messages.warning(request, f"预审结论：{outcome.decision_label}。申请 {obj.number} 已办结。")
    else:
        messages.success(request, f"申请 {obj.number} 已提交，预审结论：{outcome.decision_label}。")


def request_new(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.DEPARTMENT:
        raise PermissionDenied("只有职能部门的用户可以提交准入申请。")
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj, outcome = services.request_submit(
                actor=request.user,
                level=form.cleaned_data["level"],
                attachments=request.FILES.getlist("attachments"),
                **_request_kwargs(form),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            _announce(request, obj, outcome)
            return redirect("admission:request_detail", obj.pk)
    return render(request, "admission/request_form.html", {"form": form, "obj": None})


def request_edit(request: HttpRequest, request_id: int) -> HttpResponse:
    obj = selectors.request_get(user=request.user, request_id=request_id)
    if request.user.role != Role.DEPARTMENT or obj.status != RequestStatus.RETURNED:
        raise PermissionDenied("只有申请部门可以修改退回的申请。")
    initial = {
        "title": obj.title,
        "tasks": obj.tasks,
        "level": obj.level,
        "target_units": obj.target_units.all(),
        "start_date": obj.start_date,
        "end_date": obj.end_date,
        "hours_per_month": obj.hours_per_month,
        "funding_attached": obj.funding_attached,
        "funding_note": obj.funding_note,
        "legal_basis": obj.legal_basis,
    }
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            obj, outcome = services.request_resubmit(
                actor=request.user,
                request=obj,
                attachments=request.FILES.getlist("attachments"),
                **_request_kwargs(form),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            _announce(request, obj, outcome)
            return redirect("admission:request_detail", obj.pk)
    return render(request, "admission/request_form.html", {"form": form, "obj": obj})


def precheck_preview(request: HttpRequest) -> HttpResponse:
    """htmx: the pre-check on the text typed so far (logged as a preview)."""
    form = PrecheckForm(request.POST or None)
    outcome, error = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.precheck_run(
                actor=request.user,
                text=form.cleaned_data["text"],
                level=form.cleaned_data["level"],
                source="preview",
            )
        except ValidationError as exc:
            error = _errors(exc)
    elif request.method == "POST":
        error = "请先填写事项名称和工作内容。"
    return render(request, "admission/partials/precheck_result.html", {"outcome": outcome, "error": error})


def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    obj = selectors.request_get(user=request.user, request_id=request_id)
    user = request.user
    reviews = list(obj.district_reviews.select_related("district", "reviewer"))
    may_district = (
        obj.status == RequestStatus.DISTRICT_REVIEW
        and has_role(user, Role.DISTRICT_OFFICE)
        and any(
            r.decision == DistrictDecision.PENDING and code_in_scope(user, r.district.code) for r in reviews
        )
    )
    may_city = obj.status == RequestStatus.CITY_REVIEW and has_role(user, Role.CITY_OFFICE)
    own = user.role == Role.DEPARTMENT and obj.department_id == user.department_id
    entry = getattr(obj, "registry_entry", None) if obj.status == RequestStatus.ADMITTED else None
    return render(
        request,
        "admission/request_detail.html",
        {
            "obj": obj,
            "reviews": reviews,
            "events": obj.events.select_related("actor"),
            "attachments": obj.attachments.all(),
            "communities": obj.target_communities.select_related("parent")[:200],
            "community_count": obj.target_communities.count(),
            "precheck": obj.precheck,
            "may_district": may_district,
            "may_city": may_city,
            "may_withdraw": own and obj.is_open,
            "may_edit": own and obj.status == RequestStatus.RETURNED,
            "may_comment": can_edit(user),
            "entry": entry,
            "decide_form": DecideForm(),
            "comment_form": CommentForm(),
            "status_labels": dict(RequestStatus.choices),
            "action_labels": ACTION_LABELS,
        },
    )


@require_POST
def request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    obj = selectors.request_get(user=request.user, request_id=request_id)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择审核意见。")
        return redirect("admission:request_detail", obj.pk)
    service = services.city_decide if obj.status == RequestStatus.CITY_REVIEW else services.district_decide
    try:
        obj = service(actor=request.user, request=obj, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"已提交审核意见。申请当前状态：{obj.get_status_display()}。")
    return redirect("admission:request_detail", obj.pk)


@require_POST
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    obj = selectors.request_get(user=request.user, request_id=request_id)
    try:
        services.request_withdraw(actor=request.user, request=obj, comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "申请已撤回。")
    return redirect("admission:request_detail", obj.pk)


@require_POST
def request_comment(request: HttpRequest, request_id: int) -> HttpResponse:
    obj = selectors.request_get(user=request.user, request_id=request_id)
    try:
        services.request_comment(actor=request.user, request=obj, comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "留言已发布。")
    return redirect("admission:request_detail", obj.pk)


def settings_view(request: HttpRequest) -> HttpResponse:
    may_edit = has_role(request.user, Role.CITY_OFFICE)
    if not may_edit and not has_role(request.user, Role.DISTRICT_OFFICE, Role.AUDITOR):
        raise PermissionDenied("只有减负办和审计员可以查看准入配置。")
    current = settings_current()
    settings_form = SettingsForm(instance=current)
    rules_form = RulesForm(modes=rule_modes())
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("只有市级减负办可以修改准入配置。")
        if "rules" in request.POST:
            rules_form = RulesForm(request.POST, modes=rule_modes())
            if rules_form.is_valid():
                for decision, mode in rules_form.cleaned_data.items():
                    services.precheck_rule_set(actor=request.user, decision=decision, mode=mode)
                messages.success(request, "预审规则已更新。")
                return redirect("admission:settings")
        else:
            settings_form = SettingsForm(request.POST)
            if settings_form.is_valid():
                values = {k: v for k, v in settings_form.cleaned_data.items()}
                try:
                    services.admission_settings_set(actor=request.user, **values)
                except ValidationError as exc:
                    settings_form.add_error(None, exc)
                else:
                    messages.success(request, "准入配置已保存为新版本。")
                    return redirect("admission:settings")
    return render(
        request,
        "admission/settings.html",
        {
            "settings_form": settings_form,
            "rules_form": rules_form,
            "may_edit": may_edit,
            "current": current,
            "history": type(current).objects.select_related("created_by")[:10],
        },
    )


def precheck_logs(request: HttpRequest) -> HttpResponse:
    qs = selectors.precheck_logs(user=request.user)
    decision = request.GET.get("decision", "")
    if decision in PrecheckDecision.values:
        qs = qs.filter(decision=decision)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "admission/precheck_logs.html",
        {"page": page, "decision": decision, "decisions": PrecheckDecision.choices},
    )


def departments(request: HttpRequest) -> HttpResponse:
    rows = Department.objects.select_related("level_unit").prefetch_related("user_set").order_by("code")
    return render(request, "admission/departments.html", {"departments": rows})
