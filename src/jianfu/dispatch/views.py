from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.core.models import Role, User
from jianfu.core.scope import can_edit, filter_in_scope, has_role
from jianfu.regions.models import Level, Unit

from . import selectors, services
from .forms import (
    AuthorityForm,
    ContactForm,
    DeclineForm,
    FilterForm,
    RatingForm,
    ReportForm,
    TimeLimitForm,
    WhistleForm,
)
from .models import STAGE_LABELS, AssignmentStatus, TimeLimit, WhistleAuthority, WhistleStatus


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def home(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    whistles = selectors.whistles_filtered(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(whistles, 20).get_page(request.GET.get("page"))
    now = timezone.now()
    for whistle in page:
        active = [a for a in whistle.assignments.all()]
        whistle.late_departments = [a.department.name for a in active if a.overdue_stages(now)]
        whistle.department_names = [
            a.department.name for a in active if a.status != AssignmentStatus.DECLINED
        ]
    context = {
        "form": form,
        "page": page,
        "authority": selectors.authority_for(request.user),
        "statuses": WhistleStatus,
    }
    return render(request, "dispatch/home.html", context)


def create(request: HttpRequest) -> HttpResponse:
    authority = selectors.authority_for(request.user)
    if authority is None or not can_edit(request.user):
        raise PermissionDenied("只有经授权的街道领导可以吹哨。")
    form = WhistleForm(request.POST or None, street=authority.street)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            whistle = services.whistle_blow(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                category=data["category"],
                urgency=data["urgency"],
                place=data["place"],
                address=data["address"],
                departments=list(data["departments"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"已吹哨（{whistle.number}），已通知 {len(data['departments'])} 个部门报到。"
            )
            return redirect("dispatch:detail", whistle.pk)
    return render(request, "dispatch/create.html", {"form": form, "authority": authority})


def detail(request: HttpRequest, whistle_id: int) -> HttpResponse:
    whistle = selectors.whistle_get(user=request.user, whistle_id=whistle_id)
    assignments = selectors.whistle_assignments(whistle)
    user: User = request.user
    now = timezone.now()
    side = services.rater_role_for(user, whistle)
    for a in assignments:
        a.late = [STAGE_LABELS[s] for s in a.overdue_stages(now)]
        a.mine = can_edit(user) and user.role == Role.DEPARTMENT and user.department_id == a.department_id
        a.rated_sides = {r.rater_role for r in a.ratings.all()}
        a.may_rate = side is not None and a.status == AssignmentStatus.REPORTED and side not in a.rated_sides
    context = {
        "whistle": whistle,
        "assignments": assignments,
        "contact_form": ContactForm(),
        "report_form": ReportForm(),
        "decline_form": DeclineForm(),
        "rating_form": RatingForm(),
        "rater_side": side,
    }
    return render(request, "dispatch/detail.html", context)


def _act_sign(request: HttpRequest, assignment, user) -> str:  # type: ignore[no-untyped-def]
    services.assignment_sign(actor=user, assignment=assignment)
    return "已签收。"


def _act_contact(request: HttpRequest, assignment, user) -> str:  # type: ignore[no-untyped-def]
    form = ContactForm(request.POST)
    form.is_valid()
    services.assignment_contact(actor=user, assignment=assignment, note=form.cleaned_data.get("note", ""))
    return "已登记联系情况。"


def _act_report(request: HttpRequest, assignment, user) -> str:  # type: ignore[no-untyped-def]
    form = ReportForm(request.POST)
    form.is_valid()
    services.assignment_report(actor=user, assignment=assignment, result=form.cleaned_data.get("result", ""))
    return "已反馈办理结果。"


def _act_decline(request: HttpRequest, assignment, user) -> str:  # type: ignore[no-untyped-def]
    form = DeclineForm(request.POST)
    if not form.is_valid():
        raise ValidationError("所选责任单位不存在或已停用。")
    responsible = form.cleaned_data.get("responsible")
    services.assignment_decline(
        actor=user, assignment=assignment, responsible=responsible, reason=form.cleaned_data.get("reason", "")
    )
    return f"已退回，并转办至{responsible}。"


def _act_rate(request: HttpRequest, assignment, user) -> str:  # type: ignore[no-untyped-def]
    form = RatingForm(request.POST)
    if not form.is_valid():
        raise ValidationError("评分应为 1 到 5 分。")
    services.assignment_rate(
        actor=user,
        assignment=assignment,
        score=form.cleaned_data.get("score"),
        comment=form.cleaned_data["comment"],
    )
    return "评价已提交。"


ACTIONS: dict[str, Callable[..., str]] = {
    "sign": _act_sign,
    "contact": _act_contact,
    "report": _act_report,
    "decline": _act_decline,
    "rate": _act_rate,
}


@require_POST
def assignment_act(request: HttpRequest, assignment_id: int, action: str) -> HttpResponse:
    handler = ACTIONS.get(action)
    assignment = selectors.assignment_get(user=request.user, assignment_id=assignment_id)
    if handler is None:
        raise PermissionDenied("不支持的操作。")
    try:
        messages.success(request, handler(request, assignment, request.user))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("dispatch:detail", assignment.whistle_id)


def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    figures = selectors.dashboard_figures(user=request.user, year=year)
    charts = {
        "categories": figures["by_category"],
        "streets": figures["by_street"],
        "departments": {
            "labels": [s.department_name for s in figures["scores"]],
            "values": [
                round(s.on_time_rate * 100, 1) if s.on_time_rate is not None else None
                for s in figures["scores"]
            ],
        },
    }
    years = list(range(today.year, today.year - 3, -1))
    return render(
        request,
        "dispatch/dashboard.html",
        {"year": year, "years": years, "figures": figures, "charts": charts},
    )


def _streets_for(user: User):  # type: ignore[no-untyped-def]
    return filter_in_scope(Unit.objects.current().filter(level=Level.STREET), user).order_by("code")


def settings_view(request: HttpRequest) -> HttpResponse:
    """Time limits (city office) and whistle authorities (city and district offices)."""
    if not has_role(request.user, Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.AUDITOR):
        raise PermissionDenied("只有市、区县减负办可以查看吹哨报到设置。")
    may_set_limits = can_edit(request.user) and has_role(request.user, Role.CITY_OFFICE)
    may_grant = can_edit(request.user) and has_role(request.user, Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
    limit_form = TimeLimitForm(prefix="limit")
    authority_form = AuthorityForm(prefix="auth", streets=_streets_for(request.user))
    if request.method == "POST":
        try:
            if "limit-urgency" in request.POST and may_set_limits:
                limit_form = TimeLimitForm(request.POST, prefix="limit")
                if limit_form.is_valid():
                    services.time_limit_set(actor=request.user, **limit_form.cleaned_data)
                    messages.success(request, "报到时限已更新，新派单按新时限计算。")
                    return redirect("dispatch:settings")
            elif "auth-username" in request.POST and may_grant:
                authority_form = AuthorityForm(
                    request.POST, prefix="auth", streets=_streets_for(request.user)
                )
                if authority_form.is_valid():
                    data = authority_form.cleaned_data
                    target = User.objects.filter(username=data["username"].strip()).first()
                    if target is None:
                        raise ValidationError(f"找不到登录名为“{data['username']}”的用户。")
                    services.whistle_authority_grant(
                        actor=request.user, user=target, street=data["street"], title=data["title"]
                    )
                    messages.success(request, f"已授予{target}吹哨权限。")
                    return redirect("dispatch:settings")
            elif "revoke" in request.POST and may_grant:
                authority = (
                    filter_in_scope(WhistleAuthority.objects.all(), request.user, "street__code")
                    .filter(pk=request.POST.get("revoke"))
                    .first()
                )
                if authority is not None:
                    services.whistle_authority_revoke(actor=request.user, authority=authority)
                    messages.success(request, f"已撤销{authority.user}的吹哨权限。")
                return redirect("dispatch:settings")
            else:
                raise PermissionDenied("您的角色不能修改这项设置。")
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    authorities = filter_in_scope(
        WhistleAuthority.objects.select_related("user", "street", "granted_by"), request.user, "street__code"
    )
    context = {
        "limits": selectors.time_limits_current(),
        "history": TimeLimit.objects.select_related("created_by")[:20],
        "limit_form": limit_form,
        "authority_form": authority_form,
        "authorities": authorities,
        "may_set_limits": may_set_limits,
        "may_grant": may_grant,
    }
    return render(request, "dispatch/settings.html", context)
