from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from jianfu.core.models import Role
from jianfu.core.scope import has_role, scope_roots

from . import selectors
from .forms import AsOfForm, SizeBoundsForm
from .models import Level, SizeBounds
from .services import size_bounds_set


def browse(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = (
        list(selectors.units_search(user=request.user, query=query).select_related("parent")) if query else []
    )
    roots = list(scope_roots(request.user))
    return render(request, "regions/browse.html", {"query": query, "results": results, "roots": roots})


def detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(user=request.user, unit_id=unit_id)
    form = AsOfForm(request.GET or None)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    bounds = selectors.size_bounds_current()
    children = list(selectors.unit_children(user=request.user, unit=unit, on=on))
    for child in children:
        child.flag = selectors.unit_size_flag(child, bounds)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit),
        "children": children,
        "on": on,
        "form": form,
        "bounds": bounds,
        "flag": selectors.unit_size_flag(unit, bounds),
        "flag_labels": selectors.FLAG_LABELS,
        "lineage": selectors.unit_lineage(unit=unit),
        "history": selectors.unit_history(unit=unit),
        "counts": selectors.level_counts(user=request.user, root=unit)
        if unit.level < Level.COMMUNITY
        else None,
    }
    return render(request, "regions/detail.html", context)


def bounds_edit(request: HttpRequest) -> HttpResponse:
    current = selectors.size_bounds_current()
    may_edit = has_role(request.user, Role.CITY_OFFICE)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("只有市级减负办可以修改社区规模标准。")
        form = SizeBoundsForm(request.POST)
        if form.is_valid():
            try:
                size_bounds_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "社区规模标准已更新。")
                return redirect("regions:bounds")
    else:
        form = SizeBoundsForm(instance=current)
    history = SizeBounds.objects.select_related("created_by")[:20]
    return render(
        request,
        "regions/bounds.html",
        {"form": form, "current": current, "may_edit": may_edit, "history": history},
    )


def district_boundaries(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the visible county-level units that have a boundary."""
    units = selectors.units_visible(user=request.user).filter(level=Level.DISTRICT, geometry__isnull=False)
    features = [
        {
            "type": "Feature",
            "geometry": u.geometry,
            "properties": {"id": u.id, "name": u.name, "code": u.code, "households": u.households},
        }
        for u in units.only("id", "name", "code", "households", "geometry")
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})
