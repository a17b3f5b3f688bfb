"""Plan pages: list, create, progress, detail with map and changes, edit, approve, apply, export."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.core.scope import can_edit
from jianfu.regions.selectors import size_bounds_current

from . import exports, planning, selectors
from .access import owns_scope
from .context import plan_context
from .forms import ApplyForm, ApproveForm, MoveForm, PlanForm
from .models import PlanStatus, RegionStatus
from .services.apply import plan_apply
from .services.edits import plan_approve, plan_region_rename, plan_unit_move
from .services.plans import plan_create


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_visible(user=request.user)
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    may_create = can_edit(request.user) and bool(selectors.plan_scopes(user=request.user))
    return render(request, "layout/plan_list.html", {"page": page, "may_create": may_create})


def plan_new(request: HttpRequest) -> HttpResponse:
    scopes = selectors.plan_scopes(user=request.user)
    if not scopes or not can_edit(request.user):
        raise PermissionDenied("只有市、区县减负办可以制定布局优化方案。")
    bounds = size_bounds_current()
    initial = {
        "floor": bounds.floor,
        "ceiling": bounds.ceiling,
        "split_above": bounds.split_above,
        "merge_below": bounds.merge_below,
        "seed": 0,
    }
    form = PlanForm(request.POST or None, scopes=scopes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = next(u for u in scopes if u.id == data.pop("scope"))
        try:
            plan = plan_create(actor=request.user, scope=scope, **data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "方案已提交计算。")
            return redirect("layout:plan_detail", plan_id=plan.pk)
    return render(request, "layout/plan_form.html", {"form": form, "bounds": bounds})


def plan_progress(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    response = render(request, "layout/_progress.html", {"plan": plan})
    if not plan.is_running:
        response["HX-Refresh"] = "true"
    return response


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    context: dict = {
        "plan": plan,
        "owner": owns_scope(request.user, plan.scope) and can_edit(request.user),
        "tile_url": settings.MAP_TILE_URL,
        "sentence": planning.summary_sentence(plan.summary),
        "approve_form": ApproveForm(),
        "apply_form": ApplyForm(initial={"effective_on": timezone.localdate()}),
        "status_labels": dict(RegionStatus.choices),
    }
    if plan.status in (PlanStatus.READY, PlanStatus.APPROVED, PlanStatus.APPLIED):
        try:
            ctx = plan_context(plan)
        except ValidationError as exc:
            context["stale"] = _errors(exc)
        else:
            names = {c.id: c.name for c in ctx.communities}
            regions = sorted(ctx.regions.values(), key=lambda r: (r.street.code, r.index))
            for r in regions:
                r.source_text = "、".join(f"{names.get(o, o)} {h} 户" for o, h in r.sources)
            continued = {r.continues_id for r in regions if r.continues_id}
            context.update(
                regions=regions,
                gone=[c for c in ctx.communities if c.id not in continued],
                streets=selectors.street_sizes(ctx),
            )
    return render(request, "layout/plan_detail.html", context)


def plan_map(request: HttpRequest, plan_id: int) -> JsonResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    try:
        ctx = plan_context(plan)
    except ValidationError as exc:
        return JsonResponse({"error": _errors(exc)}, status=409)
    return JsonResponse(selectors.map_data(ctx))


def plan_region(request: HttpRequest, plan_id: int, index: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    if request.method == "POST":
        if not can_edit(request.user):
            raise PermissionDenied("审计员为只读角色。")
        try:
            if "name" in request.POST:
                plan_region_rename(
                    actor=request.user, plan=plan, region_index=index, name=request.POST["name"]
                )
                messages.success(request, "名称已修改。")
            else:
                form = MoveForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("请选择要移入的方案社区。")
                plan = plan_unit_move(
                    actor=request.user,
                    plan=plan,
                    unit_id=form.cleaned_data["unit"],
                    region_index=form.cleaned_data["region"],
                )
                messages.success(request, f"已移动，方案重新校验：{len(plan.violations)} 处违反规则。")
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        if not plan.regions.filter(index=index).exists():
            return redirect("layout:plan_detail", plan_id=plan.pk)
        return redirect("layout:plan_region", plan_id=plan.pk, index=index)
    try:
        ctx = plan_context(plan)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("layout:plan_detail", plan_id=plan.pk)
    region = ctx.regions.get(index)
    if region is None:
        raise Http404("方案中没有这个社区")
    units = selectors.region_members(ctx, index)
    violations = [v for v in plan.violations if v.get("region") == index]
    return render(
        request,
        "layout/plan_region.html",
        {
            "plan": plan,
            "region": region,
            "units": units,
            "violations": violations,
            "owner": owns_scope(request.user, plan.scope) and can_edit(request.user),
            "all_regions": sorted(ctx.regions.values(), key=lambda r: r.index),
        },
    )


@require_POST
def plan_approve_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    form = ApproveForm(request.POST)
    form.is_valid()
    try:
        plan_approve(actor=request.user, plan=plan, waiver_reason=form.cleaned_data.get("waiver_reason", ""))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "方案已批准。")
    return redirect("layout:plan_detail", plan_id=plan.pk)


@require_POST
def plan_apply_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的生效日期。")
        return redirect("layout:plan_detail", plan_id=plan.pk)
    try:
        plan_apply(actor=request.user, plan=plan, effective_on=form.cleaned_data["effective_on"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "方案已实施，区划树已更新。")
    return redirect("layout:plan_detail", plan_id=plan.pk)


def _ready_context(request: HttpRequest, plan_id: int):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    if plan.status not in (PlanStatus.READY, PlanStatus.APPROVED, PlanStatus.APPLIED):
        raise Http404("方案尚未计算完成")
    try:
        return plan_context(plan)
    except ValidationError as exc:
        raise Http404(_errors(exc)) from exc


def plan_export_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    ctx = _ready_context(request, plan_id)
    response = HttpResponse(
        exports.plan_xlsx(ctx),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="layout-plan-{plan_id}.xlsx"'
    return response


def plan_export_geojson(request: HttpRequest, plan_id: int) -> HttpResponse:
    ctx = _ready_context(request, plan_id)
    response = HttpResponse(
        json.dumps(exports.plan_geojson(ctx), ensure_ascii=False), content_type="application/geo+json"
    )
    response["Content-Disposition"] = f'attachment; filename="layout-plan-{plan_id}.geojson"'
    return response
