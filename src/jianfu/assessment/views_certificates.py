"""The certificate checker (public: residents need no login), the community's log, and the module dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.core.models import Role
from jianfu.core.scope import has_role, scope_q
from jianfu.regions.models import Level, Unit

from . import selectors, services
from .forms import CertificateLogForm, CertificateQueryForm
from .models import AllowedCertificate, ReportStatus
from .scoring import scheme_scores

MONTHS = [f"{m}月" for m in range(1, 13)]


def _log_units(request: HttpRequest):  # type: ignore[no-untyped-def]
    return Unit.objects.current().filter(level=Level.COMMUNITY).filter(scope_q(request.user)).order_by("code")


def _may_log(request: HttpRequest) -> bool:
    return request.user.is_authenticated and has_role(request.user, Role.COMMUNITY, Role.STREET_OFFICE)


@login_not_required
def certificate_check(request: HttpRequest) -> HttpResponse:
    form = CertificateQueryForm(request.GET or None)
    answer, error = None, ""
    if request.GET.get("q") is not None and form.is_valid():
        try:
            answer = services.certificate_check(text=form.cleaned_data["q"])
        except ValidationError as exc:
            error = "；".join(exc.messages)
    elif form.errors:
        error = "查询内容过长，请只写证明名称。"
    context = {
        "form": form,
        "answer": answer,
        "error": error,
        "allowed": AllowedCertificate.objects.filter(is_active=True),
        "may_log": _may_log(request),
    }
    if context["may_log"]:
        context["log_form"] = CertificateLogForm(
            units=_log_units(request),
            initial={
                "certificate": answer.name if answer and answer.name else form.data.get("q", ""),
                "item_code": answer.code if answer else "",
                "outcome": "refused" if answer and answer.verdict == "no" else "issued",
            },
        )
    return render(request, "assessment/certificate_check.html", context)


@require_POST
def certificate_log(request: HttpRequest) -> HttpResponse:
    if not _may_log(request):
        raise PermissionDenied("只有社区（村）工作人员可以登记证明出具情况。")
    form = CertificateLogForm(request.POST, units=_log_units(request))
    if not form.is_valid():
        messages.error(
            request, "登记内容有误：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect("assessment:certificate_check")
    d = form.cleaned_data
    try:
        row = services.certificate_log(
            actor=request.user,
            community=d["community"],
            outcome=d["outcome"],
            certificate=d["certificate"],
            item_code=d["item_code"],
            requested_by=d["requested_by"],
            note=d["note"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("assessment:certificate_check")
    messages.success(
        request, f"已登记：{row.community.name} {row.get_outcome_display()}“{row.certificate}”。"
    )
    return redirect("assessment:certificate_stats")


def _year(request: HttpRequest) -> int:
    """The ?year= of the page; anything that is not a plausible year means this year (never a 500)."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def certificate_stats(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.DEPARTMENT:
        raise PermissionDenied("证明出具登记只对社区、街道和减负办开放。")
    year = _year(request)
    logs = selectors.certificate_logs_visible(user=request.user).filter(recorded_on__year=year)
    page = Paginator(logs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/certificate_stats.html",
        {
            "year": year,
            "table": selectors.certificate_monthly(user=request.user, year=year),
            "months": MONTHS,
            "page": page,
            "any_demo": logs.filter(is_demo=True).exists(),
        },
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.DEPARTMENT:
        raise PermissionDenied("直报与考核概览只对减负办、街道、社区和审计员开放。")
    user = request.user
    year = _year(request)
    scheme = selectors.schemes().filter(year=year).first()
    scores = scheme_scores(scheme) if scheme else []
    by_status = selectors.reports_by_status(user=user, year=year)
    return render(
        request,
        "assessment/dashboard.html",
        {
            "year": year,
            "years": sorted({year, *selectors.schemes().values_list("year", flat=True)}, reverse=True),
            "scheme": scheme,
            "by_status": [(ReportStatus(k).label, v) for k, v in by_status.items()],
            "total": sum(by_status.values()),
            "charts": {
                "by_department": selectors.violations_by_department(user=user, year=year)[:20],
                "by_month": {"labels": MONTHS, "values": selectors.violations_by_month(user=user, year=year)},
                "deductions": [
                    {"name": s.department.name, "value": float(s.deductions)}
                    for s in scores
                    if s.deductions > 0
                ][:20],
                "ranking": [{"name": s.department.name, "value": float(s.final)} for s in scores][:30],
                "refusals": {
                    "labels": MONTHS,
                    "values": selectors.certificate_refusals_by_month(user=user, year=year),
                },
                "top_refused": selectors.certificate_top_refused(user=user, year=year),
            },
            "synthetic": selectors.reports_visible(user=user).filter(year=year, is_demo=True).exists(),
        },
    )
