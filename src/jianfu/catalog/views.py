from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jianfu.core.models import Role
from jianfu.core.scope import has_role

from . import selectors, services
from .excel import COLUMNS, export_workbook, template_workbook, workbook_read
from .forms import ItemForm, PublishForm, VersionCreateForm, VersionImportForm
from .models import LIST_TITLES, CatalogItem, ListLevel, ListType

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_edit(request: HttpRequest) -> bool:
    return has_role(request.user, Role.CITY_OFFICE)


def _require_editor(request: HttpRequest) -> None:
    if not _may_edit(request):
        raise PermissionDenied("只有市级减负办可以编辑事项清单。")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def list_index(request: HttpRequest) -> HttpResponse:
    levels = []
    for level in ListLevel:
        current = selectors.version_in_force(level=level)
        previous = selectors.version_previous(version=current) if current else None
        levels.append(
            {
                "level": level,
                "current": current,
                "counts": selectors.type_counts(version=current) if current else {},
                "titles": {t.value: LIST_TITLES[(level.value, t.value)] for t in ListType},
                "reduction": selectors.reduction(before=previous, after=current) if previous else None,
                "previous": previous,
                "versions": list(selectors.versions(level=level)),
            }
        )
    return render(request, "catalog/index.html", {"levels": levels, "may_edit": _may_edit(request)})


def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_get(version_id=version_id)
    query = request.GET.get("q", "").strip()[:50]
    grouped = selectors.items_by_type(version=version, query=query)
    sections = [
        {"type": t, "title": LIST_TITLES[(version.level, t.value)], "items": grouped[t.value]}
        for t in ListType
    ]
    return render(
        request,
        "catalog/version_detail.html",
        {
            "version": version,
            "sections": sections,
            "query": query,
            "total": sum(len(s["items"]) for s in sections),
            "may_edit": _may_edit(request),
            "publish_form": PublishForm(),
            "copy_form": VersionCreateForm(initial={"name": f"{version.name}（修订）", "year": version.year}),
            "previous": selectors.version_previous(version=version),
        },
    )


def version_diff_view(request: HttpRequest) -> HttpResponse:
    old = selectors.version_get(version_id=_int(request.GET.get("old")))
    new = selectors.version_get(version_id=_int(request.GET.get("new")))
    if old.level != new.level:
        messages.error(request, "只能比较同一层级的两个版本。")
        return redirect("catalog:list_index")
    return render(
        request,
        "catalog/diff.html",
        {
            "old": old,
            "new": new,
            "diff": selectors.version_diff(old=old, new=new),
            "reduction": selectors.reduction(before=old, after=new),
        },
    )


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0


def template_download(request: HttpRequest) -> HttpResponse:
    return _xlsx(template_workbook(), "%E4%BA%8B%E9%A1%B9%E6%B8%85%E5%8D%95%E6%A8%A1%E6%9D%BF.xlsx")


def version_export(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_get(version_id=version_id)
    return _xlsx(export_workbook(version), f"catalog-{version.level}-{version.pk}.xlsx")


def version_import_view(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = VersionImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = workbook_read(form.cleaned_data["file"])
        errors = result.errors
        if not errors:
            try:
                version = services.version_import(
                    actor=request.user,
                    rows=result.rows,
                    level=form.cleaned_data["level"],
                    name=form.cleaned_data["name"],
                    year=form.cleaned_data["year"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"已导入 {len(result.rows)} 个事项，生成草稿“{version.name}”。")
                return redirect("catalog:version_detail", version.pk)
    return render(request, "catalog/import.html", {"form": form, "errors": errors, "columns": COLUMNS})


@require_POST
def version_copy(request: HttpRequest, version_id: int) -> HttpResponse:
    _require_editor(request)
    source = selectors.version_get(version_id=version_id)
    form = VersionCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写新版本名称和年度。")
        return redirect("catalog:version_detail", source.pk)
    version = services.version_create(
        actor=request.user, level=source.level, based_on=source, **form.cleaned_data
    )
    messages.success(request, f"已复制为草稿“{version.name}”。")
    return redirect("catalog:version_detail", version.pk)


@require_POST
def version_publish_view(request: HttpRequest, version_id: int) -> HttpResponse:
    _require_editor(request)
    version = selectors.version_get(version_id=version_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的生效日期。")
    else:
        try:
            services.version_publish(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request, f"“{version.name}”已发布，自 {form.cleaned_data['effective_from']} 起生效。"
            )
    return redirect("catalog:version_detail", version.pk)


@require_POST
def version_delete_view(request: HttpRequest, version_id: int) -> HttpResponse:
    _require_editor(request)
    version = selectors.version_get(version_id=version_id)
    try:
        services.version_delete(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("catalog:version_detail", version.pk)
    messages.success(request, "草稿已删除。")
    return redirect("catalog:list_index")


def item_edit(
    request: HttpRequest, version_id: int | None = None, item_id: int | None = None
) -> HttpResponse:
    _require_editor(request)
    item = get_object_or_404(CatalogItem, pk=item_id) if item_id else None
    version = item.version if item else selectors.version_get(version_id=version_id or 0)
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            fresh = (
                CatalogItem.objects.get(pk=item.pk) if item else None
            )  # the form has changed `item` in memory
            services.item_save(actor=request.user, version=version, item=fresh, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "事项已保存。")
            return redirect("catalog:version_detail", version.pk)
    return render(request, "catalog/item_form.html", {"form": form, "version": version, "item": item})


@require_POST
def item_delete_view(request: HttpRequest, item_id: int) -> HttpResponse:
    _require_editor(request)
    item = get_object_or_404(CatalogItem, pk=item_id)
    version = item.version
    try:
        services.item_delete(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已删除事项 {item.code}。")
    return redirect("catalog:version_detail", version.pk)
