"""Changes to the item lists. Only the city office edits lists; published versions are frozen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import has_role

from .models import AlternativeKind, CatalogItem, CatalogVersion, ListLevel, ListType, VersionStatus

ITEM_FIELDS = (
    "list_type",
    "code",
    "name",
    "category",
    "description",
    "legal_basis",
    "responsible_department",
    "keywords",
    "funds_follow_task",
    "alternative_kind",
    "alternative_channel",
    "sort_order",
)


def require_list_editor(actor: User | None) -> None:
    if actor is not None and not has_role(actor, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以编辑事项清单。")


def _require_draft(version: CatalogVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(f"“{version}”已发布，不能修改；请复制为新草稿后再改。")


def item_validate(data: dict[str, Any]) -> dict[str, Any]:
    """Clean one item's fields; raise ValidationError with every problem found, in Chinese."""
    errors = []
    clean = {f: data.get(f, "") for f in ITEM_FIELDS}
    for key in (
        "code",
        "name",
        "category",
        "description",
        "legal_basis",
        "responsible_department",
        "keywords",
    ):
        clean[key] = str(clean[key] or "").strip()
    clean["alternative_channel"] = str(clean["alternative_channel"] or "").strip()
    if clean["list_type"] not in ListType.values:
        errors.append(f"清单类型“{clean['list_type']}”无效。")
    if not clean["code"]:
        errors.append("编码不能为空。")
    elif len(clean["code"]) > 32:
        errors.append("编码不能超过 32 个字符。")
    if not clean["name"]:
        errors.append("事项名称不能为空。")
    elif len(clean["name"]) > 200:
        errors.append("事项名称不能超过 200 个字符。")
    if len(clean["keywords"]) > 500:
        errors.append("关键词不能超过 500 个字符。")
    if clean["alternative_kind"] not in AlternativeKind.values:
        errors.append(f"替代方式“{clean['alternative_kind']}”无效。")
    if clean["list_type"] == ListType.NEGATIVE_CERT and not clean["alternative_channel"]:
        errors.append("证明事项必须填写替代渠道（掌握信息的部门，或告知承诺）。")
    clean["funds_follow_task"] = bool(clean["funds_follow_task"])
    clean["sort_order"] = int(clean["sort_order"] or 0)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def version_create(
    *,
    actor: User | None,
    level: str,
    name: str,
    year: int,
    based_on: CatalogVersion | None = None,
    note: str = "",
    document_number: str = "",
    is_demo: bool = False,
) -> CatalogVersion:
    require_list_editor(actor)
    if level not in ListLevel.values:
        raise ValidationError(f"清单层级“{level}”无效，应为 community（社区）或 village（村）。")
    if not name.strip():
        raise ValidationError("版本名称不能为空。")
    if based_on is not None and based_on.level != level:
        raise ValidationError("只能基于同一层级的版本复制。")
    version = CatalogVersion.objects.create(
        level=level,
        name=name.strip(),
        year=year,
        note=note,
        document_number=document_number,
        is_demo=is_demo,
        based_on=based_on,
        created_by=actor if actor and actor.pk else None,
    )
    if based_on is not None:
        CatalogItem.objects.bulk_create(
            CatalogItem(version=version, **{f: getattr(i, f) for f in ITEM_FIELDS})
            for i in based_on.items.all()
        )
    audit_record(actor=actor, action="catalog.version_create", target=version, after=snapshot(version))
    return version


def _touch(version: CatalogVersion) -> None:
    version.save(update_fields=["updated_at"])


@transaction.atomic
def item_save(
    *, actor: User | None, version: CatalogVersion, item: CatalogItem | None = None, **data: Any
) -> CatalogItem:
    require_list_editor(actor)
    _require_draft(version)
    clean = item_validate(data)
    duplicate = version.items.filter(code=clean["code"])
    if item is not None:
        duplicate = duplicate.exclude(pk=item.pk)
    if duplicate.exists():
        raise ValidationError(f"编码“{clean['code']}”在本版本中已存在。")
    before = snapshot(item) if item is not None else None
    if item is None:
        item = CatalogItem(version=version)
    for key, value in clean.items():
        setattr(item, key, value)
    item.save()
    _touch(version)
    audit_record(
        actor=actor,
        action="catalog.item_update" if before else "catalog.item_create",
        target=item,
        before=before,
        after=snapshot(item),
    )
    return item


@transaction.atomic
def item_delete(*, actor: User | None, item: CatalogItem) -> None:
    require_list_editor(actor)
    _require_draft(item.version)
    before = snapshot(item)
    audit_record(actor=actor, action="catalog.item_delete", target=item, before=before)
    version = item.version
    item.delete()
    _touch(version)


@transaction.atomic
def version_publish(
    *, actor: User | None, version: CatalogVersion, effective_from: dt.date
) -> CatalogVersion:
    """Publish a draft from a date; the version in force until then ends the day this one starts."""
    require_list_editor(actor)
    version = CatalogVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    if not version.items.exists():
        raise ValidationError("空版本不能发布。")
    latest = (
        CatalogVersion.objects.select_for_update()
        .filter(level=version.level, status=VersionStatus.PUBLISHED, effective_to__isnull=True)
        .order_by("-effective_from")
        .first()
    )
    if latest is not None and latest.effective_from is not None and effective_from <= latest.effective_from:
        raise ValidationError(
            f"生效日期 {effective_from} 必须晚于现行版本“{latest.name}”的生效日期 {latest.effective_from}。"
        )
    before = snapshot(version)
    if latest is not None:
        latest_before = snapshot(latest)
        latest.effective_to = effective_from
        latest.save(update_fields=["effective_to", "updated_at"])
        audit_record(
            actor=actor,
            action="catalog.version_supersede",
            target=latest,
            before=latest_before,
            after=snapshot(latest),
            note=f"由“{version.name}”接替",
        )
    version.status = VersionStatus.PUBLISHED
    version.effective_from = effective_from
    version.published_by = actor if actor and actor.pk else None
    version.published_at = timezone.now()
    version.save()
    audit_record(
        actor=actor, action="catalog.version_publish", target=version, before=before, after=snapshot(version)
    )
    return version


@transaction.atomic
def version_delete(*, actor: User | None, version: CatalogVersion) -> None:
    require_list_editor(actor)
    _require_draft(version)
    audit_record(actor=actor, action="catalog.version_delete", target=version, before=snapshot(version))
    version.delete()


@transaction.atomic
def version_import(
    *,
    actor: User | None,
    rows: list[dict[str, Any]],
    level: str,
    name: str,
    year: int,
    note: str = "",
    is_demo: bool = False,
) -> CatalogVersion:
    """A new draft from already-validated rows (see excel.workbook_read); all or nothing."""
    version = version_create(actor=actor, level=level, name=name, year=year, note=note, is_demo=is_demo)
    items = [CatalogItem(version=version, **item_validate(row)) for row in rows]
    codes = [i.code for i in items]
    if len(codes) != len(set(codes)):
        raise ValidationError("文件中有重复的编码。")
    CatalogItem.objects.bulk_create(items)
    audit_record(
        actor=actor, action="catalog.version_import", target=version, after={"items": len(items)}, note=note
    )
    return version
