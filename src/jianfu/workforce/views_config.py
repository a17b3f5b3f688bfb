"""Pages for configuration and figures: salary scale, rules, staffing norm, ratio, recruitment, housing fund."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jianfu.core.models import Role
from jianfu.core.scope import can_edit, filter_in_scope, has_role

from . import figures, selectors
from .forms import HousingRunForm, NormForm, RecruitmentBatchForm, RulesForm, ScaleHeaderForm
from .models import AdjustmentRules, HousingFundContribution, Post, PromotionKind, SalaryScale, StaffingNorm
from .services import config, housing, roster
from .views import _attempt, _require_module

GRADES = range(1, config.MAX_GRADE + 1)


def _may_configure(request: HttpRequest) -> bool:
    return can_edit(request.user) and has_role(request.user, Role.CITY_OFFICE)


def _require_configure(request: HttpRequest) -> None:
    if request.method == "POST" and not _may_configure(request):
        raise PermissionDenied("只有市级减负办可以修改薪酬标准、晋级规则和配备标准。")


def _scale_grid(
    post_data: Any,
) -> tuple[dict[str, tuple[int, int]], dict[tuple[str, int], Decimal], list[str]]:
    ranges: dict[str, tuple[int, int]] = {}
    pays: dict[tuple[str, int], Decimal] = {}
    errors: list[str] = []
    for post in Post:
        low, high = post_data.get(f"min-{post.value}", ""), post_data.get(f"max-{post.value}", "")
        if low.isdigit() and high.isdigit():
            ranges[post.value] = (int(low), int(high))
        for grade in GRADES:
            raw = (post_data.get(f"pay-{post.value}-{grade}") or "").strip()
            if not raw:
                continue
            try:
                pays[(post.value, grade)] = Decimal(raw)
            except InvalidOperation:
                errors.append(f"“{post.label}”第 {grade} 级工资“{raw}”不是数字。")
    return ranges, pays, errors


def scale_view(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    _require_configure(request)
    current = selectors.scale_in_force()
    tables = selectors.scale_tables(current) if current else None
    header = ScaleHeaderForm(request.POST or None, initial=_scale_initial(current))
    grid_values = request.POST if request.method == "POST" else _grid_initial(tables)
    if request.method == "POST" and header.is_valid():
        ranges, pays, errors = _scale_grid(request.POST)
        for error in errors:
            header.add_error(None, error)
        if not errors:
            data = dict(header.cleaned_data)
            certificates = {
                level: data.pop(f"certificate_allowance_{level}")
                for level in ("assistant", "social_worker", "senior")
            }
            scale = _attempt(
                request,
                header,
                lambda: config.scale_create(
                    actor=request.user, ranges=ranges, pays=pays, certificate_allowances=certificates, **data
                ),
            )
            if scale is not None:
                messages.success(request, f"新的薪酬标准自 {scale.effective_from} 起生效。")
                return redirect("workforce:scale")
    context = {
        "current": current,
        "tables": tables,
        "header": header,
        "posts": list(Post),
        "grid_rows": [
            (g, [(f"pay-{p.value}-{g}", grid_values.get(f"pay-{p.value}-{g}", "")) for p in Post])
            for g in GRADES
        ],
        "range_rows": [
            (
                p.label,
                f"min-{p.value}",
                grid_values.get(f"min-{p.value}", ""),
                f"max-{p.value}",
                grid_values.get(f"max-{p.value}", ""),
            )
            for p in Post
        ],  # fmt: skip
        "history": SalaryScale.objects.select_related("created_by")[:20],
        "may_configure": _may_configure(request),
    }
    return render(request, "workforce/scale.html", context)


def _scale_initial(scale: SalaryScale | None) -> dict[str, Any]:
    if scale is None:
        return {}
    return {
        f: getattr(scale, f)
        for f in ScaleHeaderForm.base_fields
        if f not in ("effective_from", "note") and hasattr(scale, f)
    }


def _grid_initial(tables: selectors.ScaleTables | None) -> dict[str, str]:
    if tables is None:
        ranges = {p.value: r for p, r in config.DEFAULT_RANGES.items()}
        pays = {(p.value, g): v for (p, g), v in config.default_pays().items()}
    else:
        ranges, pays = tables.ranges, tables.grade_pay
    grid = {f"pay-{p}-{g}": f"{v:.0f}" for (p, g), v in pays.items()}
    for post, (low, high) in ranges.items():
        grid[f"min-{post}"], grid[f"max-{post}"] = str(low), str(high)
    return grid


def rules_view(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    _require_configure(request)
    current = selectors.rules_in_force()
    rules_form = RulesForm(request.POST or None, instance=None, initial=_model_initial(current))
    norm = selectors.norm_in_force()
    norm_form = NormForm(
        request.POST or None,
        initial={**_model_initial(norm), "tiers": "\n".join(f"{a}:{b}" for a, b in norm.tiers)},
        prefix="norm",
    )
    if request.method == "POST":
        which, form = ("norm", norm_form) if "norm-tiers" in request.POST else ("rules", rules_form)
        if form.is_valid():
            data = dict(form.cleaned_data)
            call = config.norm_create if which == "norm" else config.rules_create
            if _attempt(request, form, lambda: call(actor=request.user, **data)) is not None:
                messages.success(request, "新版本已保存。")
                return redirect("workforce:rules")
        if which == "norm":
            rules_form = RulesForm(initial=_model_initial(current))
        else:
            norm_form = NormForm(
                initial={"tiers": "\n".join(f"{a}:{b}" for a, b in norm.tiers)}, prefix="norm"
            )
    context = {
        "rules": current,
        "rules_form": rules_form,
        "norm": norm,
        "norm_form": norm_form,
        "rules_history": AdjustmentRules.objects.select_related("created_by")[:10],
        "norm_history": StaffingNorm.objects.select_related("created_by")[:10],
        "may_configure": _may_configure(request),
    }
    return render(request, "workforce/rules.html", context)


def _model_initial(instance: Any) -> dict[str, Any]:
    return {f.name: getattr(instance, f.name) for f in instance._meta.concrete_fields if f.name != "id"}


def staffing_view(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    rows = figures.staffing_rows(user=request.user)
    only_short = request.GET.get("short") == "1"
    shown = [r for r in rows if r.shortfall] if only_short else rows
    context = {
        "ratios": figures.ratio_rows(user=request.user),
        "norm": selectors.norm_in_force(),
        "page": Paginator(shown, 50).get_page(request.GET.get("page")),
        "short_total": sum(r.shortfall for r in rows),
        "short_count": sum(1 for r in rows if r.shortfall),
        "community_count": len(rows),
        "only_short": only_short,
    }
    return render(request, "workforce/staffing.html", context)


def recruitment_view(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    may_add = can_edit(request.user) and has_role(request.user, Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
    form = RecruitmentBatchForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有市、区县减负办可以登记招聘批次。")
        if form.is_valid():
            call = lambda: roster.recruitment_batch_create(actor=request.user, **form.cleaned_data)  # noqa: E731
            if _attempt(request, form, call) is not None:
                messages.success(request, "招聘批次已登记。")
                return redirect("workforce:recruitment")
    context = {
        "batches": figures.recruitment_summary(user=request.user),
        "promotions": figures.promotions_by_year(user=request.user),
        "kinds": PromotionKind.choices,
        "form": form,
    }
    return render(request, "workforce/recruitment.html", context)


def housing_view(request: HttpRequest) -> HttpResponse:
    _require_module(request)
    may_run = can_edit(request.user) and has_role(request.user, Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
    form = HousingRunForm(request.POST or None)
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied("只有市、区县减负办可以核算公积金。")
        if form.is_valid():
            month = form.cleaned_data["month"]
            count = _attempt(
                request, form, lambda: housing.housing_fund_month_run(actor=request.user, month=month)
            )
            if count is not None:
                messages.success(request, f"{month:%Y年%m月}新核算 {count} 人。")
                return redirect("workforce:housing")
    rows = filter_in_scope(HousingFundContribution.objects.all(), request.user, "worker__unit__code")
    months = (
        rows.values("month")
        .annotate(people=Count("id"), employer=Sum("employer_amount"), personal=Sum("personal_amount"))
        .order_by("-month")[:36]
    )
    context = {"months": months, "form": form, "may_run": may_run, "scale": selectors.scale_in_force()}
    return render(request, "workforce/housing.html", context)
