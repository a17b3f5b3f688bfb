"""Registry (准入事项目录), the paste-a-task check, the burden meter and the module dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.core.models import Role
from jianfu.core.scope import has_role, unit_in_scope_or_404
from jianfu.regions.models import Level, Unit

from . import selectors, services
from .config import settings_current
from .forms import PrecheckForm, RevokeForm
from .models import PrecheckDecision, RegistryStatus, RequestStatus
from .services.task_check import task_check


def registry(request: HttpRequest) -> HttpResponse:
    qs = selectors.registry_visible(user=request.user)
    state = request.GET.get("state", "in_force")
    if state == "in_force":
        qs = selectors.registry_in_force(qs)
    elif state == "revoked":
        qs = qs.filter(status=RegistryStatus.REVOKED)
    elif state == "expired":
        qs = qs.filter(status=RegistryStatus.IN_FORCE, valid_to__lt=timezone.localdate())
    query = request.GET.get("q", "").strip()[:50]
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(number__icontains=query) | Q(tasks__icontains=query))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "admission/registry.html", {"page": page, "state": state, "query": query})


def registry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.registry_entry_get(user=request.user, entry_id=entry_id)
    communities = selectors.communities_visible(user=request.user).filter(registry_entries=entry)
    return render(
        request,
        "admission/registry_detail.html",
        {
            "entry": entry,
            "communities": communities.select_related("parent")[:300],
            "community_count": communities.count(),
            "may_revoke": has_role(request.user, Role.CITY_OFFICE)
            and entry.status == RegistryStatus.IN_FORCE,
            "form": RevokeForm(),
        },
    )


@require_POST
def registry_revoke(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.registry_entry_get(user=request.user, entry_id=entry_id)
    try:
        services.registry_revoke(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"准入事项 {entry.number} 已撤销。")
    return redirect("admission:registry_detail", entry.pk)


def task_check_view(request: HttpRequest) -> HttpResponse:
    form = PrecheckForm(request.POST or None)
    result, error = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            result = task_check(
                actor=request.user, text=form.cleaned_data["text"], level=form.cleaned_data["level"]
            )
        except ValidationError as exc:
            error = "；".join(exc.messages)
    elif request.method == "POST":
        error = "请粘贴收到的任务内容（不超过规定字数）。"
    return render(request, "admission/task_check.html", {"form": form, "result": result, "error": error})


def burden(request: HttpRequest) -> HttpResponse:
    table = selectors.burden_table(user=request.user)
    config = settings_current()
    top = table[:20]
    return render(
        request,
        "admission/burden.html",
        {
            "table": table,
            "warn": config.burden_warning_hours,
            "over": sum(1 for r in table if r["over"]),
            "chart": {"labels": [r["name"] for r in top], "values": [float(r["hours"]) for r in top]},
        },
    )


def burden_community(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = Unit.objects.filter(pk=unit_id, level=Level.COMMUNITY).select_related("parent").first()
    if unit is None:
        from django.http import Http404

        raise Http404("没有这个社区")
    unit_in_scope_or_404(request.user, unit)
    series = selectors.burden_series(community=unit, months=selectors.month_starts())
    entries = selectors.registry_in_force(unit.registry_entries.select_related("department"))
    config = settings_current()
    return render(
        request,
        "admission/burden_community.html",
        {
            "unit": unit,
            "series": {
                "labels": [s["month"] for s in series],
                "hours": [s["hours"] for s in series],
                "items": [s["items"] for s in series],
                "warn": [float(config.burden_warning_hours)] * len(series),
            },
            "entries": entries,
            "warn": config.burden_warning_hours,
            "hours_now": sum(e.hours_per_month for e in entries),
        },
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    counts = selectors.status_counts(user=request.user)
    prechecks = selectors.precheck_counts(user=request.user)
    burden_rows = selectors.burden_table(user=request.user, limit=15)
    return render(
        request,
        "admission/dashboard.html",
        {
            "counts": counts,
            "labels": dict(RequestStatus.choices),
            "overdue": selectors.overdue(user=request.user).select_related("department")[:20],
            "prechecks": [{"name": PrecheckDecision(k).label, "value": v} for k, v in prechecks.items()],
            "status_chart": {
                "labels": [RequestStatus(k).label for k in counts],
                "values": list(counts.values()),
            },
            "burden": burden_rows,
            "burden_chart": {
                "labels": [r["name"] for r in burden_rows],
                "values": [float(r["hours"]) for r in burden_rows],
            },
            "warn": settings_current().burden_warning_hours,
            "in_force": selectors.registry_in_force(selectors.registry_visible(user=request.user)).count(),
        },
    )
