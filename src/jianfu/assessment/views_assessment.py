"""Department assessment pages: the year's ranking, the scheme, manual scores, publishing; notifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.core.models import Department, Role
from jianfu.core.scope import has_role

from . import selectors, services
from .indicators import MANUAL, provider_choices, provider_get
from .models import AssessmentScheme, Indicator, ViolationType
from .scoring import department_score, scheme_scores
from .views_reports import errors_text

OFFICE_ROLES = (Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE, Role.AUDITOR)


def _require_viewer(request: HttpRequest) -> None:
    if not has_role(request.user, *OFFICE_ROLES, Role.DEPARTMENT):
        raise PermissionDenied("部门考核只对减负办、审计员和职能部门开放。")


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year")
    if raw and raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    latest = AssessmentScheme.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def home(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    year = _year(request)
    scheme = AssessmentScheme.objects.filter(year=year).first()
    user = request.user
    scores = scheme_scores(scheme) if scheme else []
    if user.role == Role.DEPARTMENT:
        scores = [s for s in scores if s.department.pk == user.department_id]
    indicators = list(scheme.indicators.all()) if scheme else []
    return render(
        request,
        "assessment/home.html",
        {
            "year": year,
            "scheme": scheme,
            "scores": scores,
            "indicators": indicators,
            "rules": list(scheme.rules.all()) if scheme else [],
            "years": list(AssessmentScheme.objects.order_by("-year").values_list("year", flat=True)),
            "is_city": has_role(user, Role.CITY_OFFICE),
            "pending": services.schemes.scheme_pending_reports(year) if scheme else 0,
            "sources": dict(provider_choices()),
        },
    )


def department_detail(request: HttpRequest, year: int, department_id: int) -> HttpResponse:
    _require_viewer(request)
    user = request.user
    if user.role == Role.DEPARTMENT and user.department_id != department_id:
        raise Http404("只能查看本部门的考核")
    scheme = selectors.scheme_get(year=year)
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise Http404("没有这个部门")
    score = department_score(scheme, department_id)
    reports = selectors.reports_visible(user=user).filter(year=year, department_id=department_id)
    lines = {line.report_id: line for line in (score.lines if score else [])}
    rows = [
        selectors.report_row(user=user, report=r) | {"points": getattr(lines.get(r.pk), "points", None)}
        for r in reports
    ]
    return render(
        request,
        "assessment/department.html",
        {
            "scheme": scheme,
            "department": department,
            "score": score,
            "rows": rows,
            "indicators": list(scheme.indicators.all()),
        },
    )


@require_POST
def scheme_create(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    try:
        services.scheme_create(actor=request.user, year=year)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, f"已建立 {year} 年度考核方案。")
    return redirect(f"{_home_url()}?year={year}")


def _home_url() -> str:
    from django.urls import reverse

    return reverse("assessment:home")


def scheme_edit(request: HttpRequest, year: int) -> HttpResponse:
    if not has_role(request.user, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以配置考核方案。")
    scheme = selectors.scheme_get(year=year)
    errors: list[str] = []
    if request.method == "POST":
        post = request.POST
        rules = {
            t.value: (post.get(f"points_{t.value}", ""), post.get(f"cap_{t.value}", "0"))
            for t in ViolationType
        }
        indicators = [
            {
                "code": post.get(f"ind_code_{i}", ""),
                "name": post.get(f"ind_name_{i}", ""),
                "weight": post.get(f"ind_weight_{i}", ""),
                "source": post.get(f"ind_source_{i}", MANUAL),
                "default_score": post.get(f"ind_default_{i}", "100"),
                "description": post.get(f"ind_desc_{i}", ""),
            }
            for i in range(int(post.get("indicator_rows", "0") or 0))
        ]
        try:
            services.scheme_update(
                actor=request.user, scheme=scheme, values=post.dict(), rules=rules, indicators=indicators
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "考核方案已保存。")
            return redirect(f"{_home_url()}?year={year}")
    rules = {r.violation_type: r for r in scheme.rules.all()}
    indicators = list(scheme.indicators.all())
    return render(
        request,
        "assessment/scheme_form.html",
        {
            "scheme": scheme,
            "errors": errors,
            "rule_rows": [(t, rules.get(t.value)) for t in ViolationType],
            "indicator_rows": indicators + [None, None],
            "row_count": len(indicators) + 2,
            "sources": provider_choices(),
            "providers": [provider_get(k) for k, _ in provider_choices() if k != MANUAL],
        },
    )


def indicator_scores(request: HttpRequest, indicator_id: int) -> HttpResponse:
    if not has_role(request.user, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以录入指标得分。")
    indicator = Indicator.objects.select_related("scheme").filter(pk=indicator_id, source=MANUAL).first()
    if indicator is None:
        raise Http404("没有这个人工评分指标")
    departments = list(Department.objects.filter(is_active=True).order_by("code"))
    errors: list[str] = []
    if request.method == "POST":
        scores = {d.pk: request.POST.get(f"score_{d.pk}", "") for d in departments}
        try:
            services.indicator_scores_set(actor=request.user, indicator=indicator, scores=scores)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"“{indicator.name}”得分已保存。")
            return redirect(f"{_home_url()}?year={indicator.scheme.year}")
    current = dict(indicator.scores.values_list("department_id", "score"))
    rows = [(d, request.POST.get(f"score_{d.pk}") if errors else current.get(d.pk, "")) for d in departments]
    return render(
        request, "assessment/indicator_scores.html", {"indicator": indicator, "rows": rows, "errors": errors}
    )


@require_POST
def scheme_publish(request: HttpRequest, year: int) -> HttpResponse:
    scheme = selectors.scheme_get(year=year)
    try:
        services.scheme_publish(actor=request.user, scheme=scheme)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, f"{year}年度考核结果已发布，该年度结果已冻结。")
    return redirect(f"{_home_url()}?year={year}")


def notifications(request: HttpRequest) -> HttpResponse:
    qs = selectors.notifications_for(user=request.user)
    items = list(qs[:100])
    if request.method == "POST":
        qs.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("assessment:notifications")
    return render(request, "assessment/notifications.html", {"items": items})
