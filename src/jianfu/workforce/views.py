"""Pages of the workforce module: dashboard, roster, worker, import/export, adjustments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from jianfu.core.models import Role
from jianfu.core.scope import has_role

from . import figures, selectors
from .forms import (
    AssessmentForm,
    DecisionForm,
    IdLookupForm,
    ImportForm,
    OrderForm,
    PromotionForm,
    ProposeForm,
    RosterFilterForm,
    StatusForm,
    WorkerEditForm,
    WorkerForm,
)
from .idnumber import id_mask
from .models import BatchStatus
from .services import adjustments, excel, roster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MODULE_ROLES = (Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE, Role.COMMUNITY, Role.AUDITOR)


def _require_module(request: HttpRequest) -> None:
    if not has_role(request.user, *MODULE_ROLES):
        raise PermissionDenied("社区工作者信息只向减负办、街道和社区开放。")


def _may_edit_roster(request: HttpRequest) -> bool:
    try:
        roster.require_roster_editor(request.user)
    except PermissionDenied:
        return False
    return True


def _attempt(request: HttpRequest, form: Any, call: Callable[[], Any]) -> Any:
    """Run a service; a ValidationError lands on the form (or in messages) and returns None."""
    try:
        return call()
    except ValidationError as exc:
        if form is not None:
            form.add_error(None, exc)
        else:
            for message in exc.messages:
                messages.error(request, message)
        return None


def home(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    ratios = figures.ratio_rows(user=request.user)
    norm = selectors.norm_in_force()
    context = {
        "figures": figures.dashboard_figures(user=request.user),
        "ratios": ratios,
        "norm": norm,
        "ratio_chart": {
            "labels": [r.unit.name for r in ratios],
            "values": [r.ratio or 0 for r in ratios],
            "target": float(norm.ratio_target),
        },
    }
    return render(request, "workforce/home.html", context)


@sensitive_post_parameters("id_number")
def worker_list(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    form = RosterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if request.method == "POST":
        # A whole ID number comes by POST only; the result page is rendered, not redirected to.
        lookup = IdLookupForm(request.POST)
        if lookup.is_valid():
            number = lookup.cleaned_data["id_number"]
            workers = selectors.workers_by_id_number(user=request.user, number=number)
        else:
            workers = selectors.workers_visible(user=request.user).none()
            for message in lookup.errors.get("id_number", []):
                messages.error(request, f"身份证号：{message}")
    else:
        workers = selectors.workers_search(
            user=request.user,
            query=filters.get("q", ""),
            **{k: v for k, v in filters.items() if v and k != "q"},
        )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            excel.roster_export(workers.select_related("recruitment_batch")), content_type=XLSX
        )
        response["Content-Disposition"] = 'attachment; filename="roster.xlsx"'
        return response
    page = Paginator(workers, 50).get_page(request.GET.get("page"))
    for worker in page:
        worker.masked_id = id_mask(worker.id_encrypted, worker.id_last4)
    return render(
        request,
        "workforce/worker_list.html",
        {"form": form, "lookup": IdLookupForm(), "page": page, "may_edit": _may_edit_roster(request)},
    )


@sensitive_post_parameters("id_number")
def worker_add(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    if not _may_edit_roster(request):
        raise PermissionDenied("您的角色不能维护花名册。")
    form = WorkerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = roster.WorkerInput(**form.cleaned_data)
        worker = _attempt(request, form, lambda: roster.worker_create(actor=request.user, data=data))
        if worker is not None:
            messages.success(request, f"已登记 {worker.name}。")
            return redirect("workforce:worker", worker.id)
    return render(request, "workforce/worker_form.html", {"form": form, "title": "登记工作者"})


def worker_detail(request: HttpRequest, worker_id: int) -> HttpResponse:
    _require_module(request)
    worker = selectors.worker_get(user=request.user, worker_id=worker_id)
    may_edit = _may_edit_roster(request)
    forms = {
        "edit": WorkerEditForm(user=request.user, initial={**worker.__dict__, "unit": worker.unit_id}),
        "status": StatusForm(initial={"status": worker.status}),
        "assessment": AssessmentForm(),
        "promotion": PromotionForm(),
        "order": OrderForm(initial={"post": worker.post, "grade": worker.grade}),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        done = _worker_post(request, worker, action, forms)
        if done:
            return redirect("workforce:worker", worker.id)
    context = {
        "worker": worker,
        "masked_id": id_mask(worker.id_encrypted, worker.id_last4),
        "orders": worker.orders.select_related("approved_by", "batch").order_by("-effective_on", "-id"),
        "assessments": worker.assessments.order_by("-year"),
        "housing": worker.housing_fund.order_by("-month")[:24],
        "promotions": worker.promotions.all(),
        "may_edit": may_edit,
        "may_order": adjustments.may_approve(request.user),
        "forms": forms,
    }
    return render(request, "workforce/worker_detail.html", context)


def _worker_post(request: HttpRequest, worker: Any, action: str, forms: dict[str, Any]) -> bool:
    """Handle one of the worker page's forms; True when the service succeeded."""
    handlers: dict[str, tuple[type, Callable[[dict], Any]]] = {
        "edit": (WorkerEditForm, lambda d: roster.worker_update(actor=request.user, worker=worker, **d)),
        "status": (StatusForm, lambda d: roster.worker_status_set(actor=request.user, worker=worker, **d)),
        "assessment": (
            AssessmentForm,
            lambda d: roster.assessment_record(actor=request.user, worker=worker, **d),
        ),
        "promotion": (
            PromotionForm,
            lambda d: roster.promotion_record(actor=request.user, worker=worker, **d),
        ),
        "order": (OrderForm, lambda d: adjustments.order_create(actor=request.user, worker=worker, **d)),
    }
    if action not in handlers:
        return False
    form_class, call = handlers[action]
    kwargs = {"user": request.user} if form_class is WorkerEditForm else {}
    form = form_class(request.POST, **kwargs)
    forms[action] = form
    if not form.is_valid():
        return False
    if _attempt(request, form, lambda: call(form.cleaned_data)) is None:
        return False
    messages.success(request, "已保存。")
    return True


def roster_import(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    if not _may_edit_roster(request):
        raise PermissionDenied("您的角色不能维护花名册。")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > excel.MAX_UPLOAD_BYTES:
            form.add_error("file", "文件超过 5 MB。")
        else:
            report = excel.roster_import(actor=request.user, content=upload.read())
            if report.ok:
                messages.success(request, f"已导入 {report.created} 名工作者。")
                return redirect("workforce:roster")
    return render(request, "workforce/import.html", {"form": form, "report": report})


def roster_template(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    response = HttpResponse(excel.roster_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="roster-template.xlsx"'
    return response


def batch_list(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    may_propose = adjustments.may_propose(request.user)
    form = ProposeForm(request.POST or None, user=request.user) if may_propose else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有街道办事处、区县或市级减负办可以生成调级建议。")
        if form.is_valid():
            batch = _attempt(
                request, form, lambda: adjustments.batch_propose(actor=request.user, **form.cleaned_data)
            )
            if batch is not None:
                messages.success(request, f"已生成 {batch.proposals.count()} 条调级建议，待区县减负办审批。")
                return redirect("workforce:batch", batch.id)
    page = Paginator(selectors.batches_visible(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "workforce/batch_list.html", {"form": form, "page": page})


def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    _require_module(request)
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    proposals = batch.proposals.select_related("worker").order_by("worker__name")
    may_decide = batch.status == BatchStatus.PROPOSED and adjustments.may_approve(request.user)
    return render(
        request,
        "workforce/batch_detail.html",
        {"batch": batch, "proposals": proposals, "may_decide": may_decide, "form": DecisionForm()},
    )


@require_POST
def batch_decide(request: HttpRequest, batch_id: int) -> HttpResponse:
    _require_module(request)
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if request.POST.get("decision") == "reject":
        if _attempt(
            request, None, lambda: adjustments.batch_reject(actor=request.user, batch=batch, note=note)
        ):
            messages.success(request, "已退回该批次。")
    else:
        included = {int(v) for v in request.POST.getlist("include") if v.isdigit()}
        excluded = [p for p in batch.proposals.values_list("id", flat=True) if p not in included]
        orders = _attempt(
            request,
            None,
            lambda: adjustments.batch_approve(actor=request.user, batch=batch, excluded=excluded, note=note),
        )
        if orders is not None:
            messages.success(
                request, f"已批准，{len(orders)} 名工作者的等级和月薪自 {batch.effective_on} 起调整。"
            )
    return redirect("workforce:batch", batch.id)
