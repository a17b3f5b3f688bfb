from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.core.models import Role
from jianfu.core.scope import can_edit, filter_in_scope, has_role, unit_in_scope_or_404
from jianfu.regions.models import Level, Unit

from . import selectors, services
from .forms import (
    FacilityFilterForm,
    FacilityForm,
    PolicyForm,
    RemovalForm,
    RoomForm,
    SignForm,
    TemplateForm,
    TemplateItemFormSet,
)
from .models import PlaceKind, SignStatus

PUBLISHED_FIGURES = {"signs": 6860, "boards": 2178, "source": "呼和浩特市基层减负赋能公开报道"}


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _visible_units(request: HttpRequest) -> QuerySet[Unit]:
    return filter_in_scope(Unit.objects.current(), request.user)


def home(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.DEPARTMENT:
        raise PermissionDenied("职能部门不使用标牌台账。")
    form = FacilityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    facilities = selectors.facilities_visible(user=request.user)
    all_facilities = list(facilities)
    # One pass over the signs of every visible facility serves both the overview and the table.
    compliance = selectors.compliance_for(all_facilities)
    overview = selectors.compliance_overview(facilities=all_facilities, results=compliance)
    shown = facilities
    if filters.get("q"):
        shown = shown.filter(name__contains=filters["q"]) | facilities.filter(
            unit__name__contains=filters["q"]
        )
    if filters.get("street"):
        shown = shown.filter(unit__parent_id=filters["street"])
    shown_list = list(shown.distinct())
    if filters.get("problems"):
        shown_list = [f for f in shown_list if not compliance[f.pk].is_compliant]
    for f in shown_list:
        f.compliance = compliance[f.pk]
    page = Paginator(shown_list, 30).get_page(request.GET.get("page"))
    cleanup = selectors.cleanup_figures(user=request.user)
    chart = {
        "labels": [r.unit.name for r in cleanup["districts"]],
        "signs": [r.removed_signs for r in cleanup["districts"]],
        "boards": [r.removed_boards for r in cleanup["districts"]],
    }
    own_units = (
        _visible_units(request).filter(level=Level.COMMUNITY).order_by("code")[:50]
        if services.may_edit_register(request.user)
        else []
    )
    context = {
        "form": form,
        "page": page,
        "overview": overview,
        "cleanup": cleanup,
        "chart": chart,
        "published": PUBLISHED_FIGURES,
        "synthetic": any(f.is_synthetic for f in all_facilities[:50]),
        "may_configure": has_role(request.user, Role.CITY_OFFICE),
        "own_units": own_units,
    }
    return render(request, "signage/home.html", context)


def facility_detail(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = selectors.facility_get(user=request.user, facility_id=facility_id)
    template = selectors.template_current(facility.place_kind)
    may_edit = services.may_edit_register(request.user)
    sign_form = SignForm(facility=facility, template=template)
    room_form = RoomForm()
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("您的角色不能修改标牌台账。")
        try:
            if request.POST.get("form") == "room":
                room_form = RoomForm(request.POST)
                if room_form.is_valid():
                    services.room_create(
                        actor=request.user, facility=facility, name=room_form.cleaned_data["name"]
                    )
                    messages.success(request, "已添加房间。")
                    return redirect("signage:facility", facility.pk)
            else:
                sign_form = SignForm(request.POST, request.FILES, facility=facility, template=template)
                if sign_form.is_valid():
                    services.sign_register(actor=request.user, facility=facility, **sign_form.cleaned_data)
                    messages.success(request, "已登记。")
                    return redirect("signage:facility", facility.pk)
        except ValidationError as exc:
            target = room_form if request.POST.get("form") == "room" else sign_form
            target.add_error(None, exc)
    compliance = selectors.facility_compliance(facility, template=template)
    signs = list(facility.signs.select_related("room").order_by("room__sort", "room_id", "status", "id"))
    items = {item.key: item for item in template.items.all()} if template else {}
    for sign in signs:
        sign.standard = items.get(sign.standard_key)
        sign.extra = sign.pk in compliance.extra_sign_ids
        sign.crowded = sign.room_id in compliance.crowded_room_ids
    context = {
        "facility": facility,
        "template": template,
        "compliance": compliance,
        "outside": [s for s in signs if s.room_id is None],
        "rooms": [(room, [s for s in signs if s.room_id == room.pk]) for room in facility.rooms.all()],
        "sign_form": sign_form,
        "room_form": room_form,
        "may_edit": may_edit,
    }
    return render(request, "signage/facility.html", context)


def facility_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_in_scope_or_404(request.user, get_object_or_404(Unit.objects.current(), pk=unit_id))
    if not services.may_edit_register(request.user):
        raise PermissionDenied("您的角色不能修改标牌台账。")
    form = FacilityForm(request.POST or None, initial={"name": f"{unit.name}党群服务中心"})
    if request.method == "POST" and form.is_valid():
        try:
            facility = services.facility_create(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已登记阵地。")
            return redirect("signage:facility", facility.pk)
    return render(request, "signage/facility_form.html", {"form": form, "unit": unit})


def sign_detail(request: HttpRequest, sign_id: int) -> HttpResponse:
    sign = selectors.sign_get(user=request.user, sign_id=sign_id)
    form = RemovalForm()
    if request.method == "POST":
        if not services.may_edit_register(request.user):
            raise PermissionDenied("您的角色不能修改标牌台账。")
        form = RemovalForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.sign_remove(
                    actor=request.user,
                    sign=sign,
                    removed_on=form.cleaned_data["removed_on"],
                    photo=form.cleaned_data.get("photo"),
                    note=form.cleaned_data.get("note", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"“{sign.text}”已登记为已清理。")
                return redirect("signage:facility", sign.facility_id)
    context = {
        "sign": sign,
        "form": form,
        "may_edit": services.may_edit_register(request.user),
        "facility": sign.facility,
        "max_mb": selectors.policy_current().max_photo_kb / 1024,
    }
    return render(request, "signage/sign.html", context)


@require_POST
def sign_status(request: HttpRequest, sign_id: int) -> HttpResponse:
    sign = selectors.sign_get(user=request.user, sign_id=sign_id)
    target = request.POST.get("status")
    try:
        if target == SignStatus.TO_REMOVE:
            services.sign_mark_to_remove(actor=request.user, sign=sign)
            messages.success(request, f"“{sign.text}”已标记为待清理。")
        elif target == SignStatus.KEPT:
            services.sign_keep(actor=request.user, sign=sign)
            messages.success(request, f"“{sign.text}”已改为保留。")
        else:
            messages.error(request, "不支持的状态。")
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("signage:facility", sign.facility_id)


def _template_forms(request: HttpRequest, kind: str, template):  # type: ignore[no-untyped-def]
    prefix = f"t-{kind}"
    if request.method == "POST" and request.POST.get("applies_to") == kind:
        return (
            TemplateForm(request.POST, prefix=prefix, initial={"applies_to": kind}),
            TemplateItemFormSet(request.POST, prefix=f"{prefix}-items"),
        )
    initial = {
        "applies_to": kind,
        "name": template.name if template else "4+2",
        "effective_from": timezone.localdate(),
        "service_guide_required": template.service_guide_required if template else True,
        "max_signs_per_room": template.max_signs_per_room if template else 1,
        "note": template.note if template else "",
    }
    items = [
        {"key": i.key, "kind": i.kind, "name": i.name, "text_pattern": i.text_pattern}
        for i in (template.items.all() if template else [])
    ]
    return TemplateForm(prefix=prefix, initial=initial), TemplateItemFormSet(
        prefix=f"{prefix}-items", initial=items
    )


def template_config(request: HttpRequest) -> HttpResponse:
    if not has_role(
        request.user, Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE, Role.COMMUNITY, Role.AUDITOR
    ):
        raise PermissionDenied("您的角色不能查看标牌标准。")
    may_edit = can_edit(request.user) and has_role(request.user, Role.CITY_OFFICE)
    templates = selectors.templates_current()
    policy_form = PolicyForm(initial={"max_photo_kb": selectors.policy_current().max_photo_kb})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("只有市级减负办可以修改标牌标准和照片设置。")
        if "max_photo_kb" in request.POST:
            policy_form = PolicyForm(request.POST)
            if policy_form.is_valid():
                try:
                    services.signage_policy_set(actor=request.user, **policy_form.cleaned_data)
                except ValidationError as exc:
                    policy_form.add_error(None, exc)
                else:
                    messages.success(request, "照片设置已更新。")
                    return redirect("signage:template")
    blocks = []
    for kind, label in PlaceKind.choices:
        form, formset = _template_forms(request, kind, templates[kind])
        if (
            request.method == "POST"
            and request.POST.get("applies_to") == kind
            and form.is_valid()
            and formset.is_valid()
        ):
            items = [
                services.TemplateItemSpec(
                    **{k: f.cleaned_data[k] for k in ("key", "kind", "name", "text_pattern")}
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            data = {k: v for k, v in form.cleaned_data.items() if k != "applies_to"}
            try:
                services.sign_template_publish(actor=request.user, applies_to=kind, items=items, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"{label}标牌标准已发布新版本。")
                return redirect("signage:template")
        blocks.append(
            {"kind": kind, "label": label, "template": templates[kind], "form": form, "formset": formset}
        )
    return render(
        request,
        "signage/template.html",
        {
            "blocks": blocks,
            "may_edit": may_edit,
            "policy_form": policy_form,
            "policy": selectors.policy_current(),
        },
    )
