"""Residential units (list, import), grids with their workers, and street sizes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from jianfu.core.scope import can_edit
from jianfu.regions.models import Level
from jianfu.regions.selectors import size_bounds_current, unit_get, units_visible

from . import selectors
from .forms import AssignForm, GridRedrawForm, ImportForm
from .models import GridAssignment
from .services.grids import grid_assign, grid_unassign, grids_redraw
from .services.units import residential_units_import, template_xlsx


def unit_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.residential_units_visible(user=request.user)
    community = None
    if cid := request.GET.get("community", "").strip():
        if not cid.isdigit():
            raise Http404("社区不存在")
        community = unit_get(user=request.user, unit_id=int(cid))
        qs = qs.filter(community=community)
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(name__contains=q)
    page = Paginator(qs.order_by("community__code", "name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "layout/unit_list.html",
        {
            "page": page,
            "community": community,
            "q": q,
            "form": ImportForm(),
            "may_import": can_edit(request.user),
        },
    )


def unit_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="residential-units-template.xlsx"'
    return response


def unit_import(request: HttpRequest) -> HttpResponse:
    if not can_edit(request.user):
        raise PermissionDenied("审计员为只读角色。")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = residential_units_import(actor=request.user, data=upload.read(), filename=upload.name)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            if not report.errors:
                messages.success(request, f"已导入 {report.created} 个小区（楼栋）。")
                return redirect("layout:unit_list")
    return render(request, "layout/unit_import.html", {"form": form, "report": report})


def grids(request: HttpRequest, community_id: int) -> HttpResponse:
    community = unit_get(user=request.user, unit_id=community_id)
    if community.level != Level.COMMUNITY:
        raise Http404("请选择一个社区")
    bounds = size_bounds_current()
    redraw_form = GridRedrawForm(
        initial={
            "floor": bounds.grid_floor,
            "ceiling": bounds.grid_ceiling,
            "target": (bounds.grid_floor + bounds.grid_ceiling) // 2,
            "effective_on": timezone.localdate(),
        }
    )
    assign_form = AssignForm()
    if request.method == "POST":
        if not can_edit(request.user):
            raise PermissionDenied("审计员为只读角色。")
        action = request.POST.get("action")
        try:
            if action == "redraw":
                redraw_form = GridRedrawForm(request.POST)
                if not redraw_form.is_valid():
                    raise ValidationError("请填写有效的网格户数与生效日期。")
                result = grids_redraw(
                    actor=request.user,
                    communities=[community],
                    **{k: redraw_form.cleaned_data[k] for k in ("floor", "ceiling", "target")},
                    on=redraw_form.cleaned_data["effective_on"],
                )
                messages.success(
                    request, f"已划分 {result['grids']} 个网格，{result['followed']} 名网格员随网格转入。"
                )
                for f in result["failures"]:
                    messages.warning(request, f["message"])
                for u in result["unassigned"]:
                    messages.warning(request, f"网格员 {u['worker']}（原 {u['grid']}）需重新分配网格。")
            elif action == "assign":
                assign_form = AssignForm(request.POST)
                if not assign_form.is_valid() or not (
                    assign_form.cleaned_data["worker_name"] or assign_form.cleaned_data["worker_ref"]
                ):
                    raise ValidationError("请从花名册选择网格员，或填写网格员姓名。")
                data = assign_form.cleaned_data
                grid = unit_get(user=request.user, unit_id=data.pop("grid"))
                grid_assign(actor=request.user, grid=grid, **data)
                messages.success(request, "网格员已配置。")
            elif action == "unassign":
                assignment = GridAssignment.objects.filter(
                    pk=request.POST.get("assignment") or 0, grid__parent=community
                ).first()
                if assignment is None:
                    raise Http404("没有这条配置")
                grid_unassign(actor=request.user, assignment=assignment)
                messages.success(request, "已解除。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("layout:grids", community_id=community.pk)
    overview = selectors.grid_overview(community=community)
    return render(
        request,
        "layout/grids.html",
        {
            "community": community,
            "overview": overview,
            "several": selectors.workers_on_several_grids(user=request.user, root=community.parent),
            "roster": selectors.roster_grid_workers(community=community),
            "redraw_form": redraw_form,
            "may_edit": can_edit(request.user),
        },
    )


def streets(request: HttpRequest) -> HttpResponse:
    root = None
    if rid := request.GET.get("root", "").strip():
        if not rid.isdigit():
            raise Http404("单元不存在")
        root = unit_get(user=request.user, unit_id=int(rid))
    comparison = selectors.street_comparison(user=request.user, root=root)
    districts = units_visible(user=request.user).filter(level=Level.DISTRICT, kind="区").order_by("code")
    return render(request, "layout/streets.html", {"c": comparison, "root": root, "districts": districts})
