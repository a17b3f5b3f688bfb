"""Validation of an admission request, all at the edge, before anything is written."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q

from jianfu.catalog.matcher import normalize
from jianfu.catalog.models import ListLevel
from jianfu.core.files import file_kind
from jianfu.core.models import Department
from jianfu.regions.models import Level, Unit

from ..models import OPEN_STATUSES, AdmissionRequest, AdmissionSettings, RegistryStatus

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
MAX_HOURS = Decimal("200")
# Accepted attachment kinds (by content, jianfu.core.files) → (kind stored with the file, allowed
# suffixes). Direct-report evidence uses the same check.
ACCEPTED = {
    "pdf": ("pdf", {".pdf"}),
    "jpeg": ("jpeg", {".jpg", ".jpeg"}),
    "png": ("png", {".png"}),
    "zip": ("office", {".docx", ".xlsx"}),
}
COMMUNITY_KIND = {ListLevel.COMMUNITY: "社区", ListLevel.VILLAGE: "村"}


def content_hash(*, level: str, title: str, tasks: str) -> str:
    key = "|".join([level, "".join(normalize(title).split()), "".join(normalize(tasks).split())])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def attachment_validate(upload: UploadedFile, *, label: str = "附件") -> str:
    """Raise a Chinese ValidationError unless the file is an accepted type within the size; return its kind."""
    name = upload.name or ""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"{label}“{name}”超过 10 MB。")
    head = upload.read(16)
    upload.seek(0)
    kind, allowed = ACCEPTED.get(file_kind(head) or "", ("", set[str]()))
    if suffix not in allowed:
        raise ValidationError(
            f"{label}“{name}”的类型不受支持：只接受 PDF、Word（.docx）、Excel（.xlsx）、JPEG、PNG。"
        )
    return kind


def target_communities(*, level: str, units: list[Unit]) -> list[Unit]:
    """Current communities (or villages) in the chosen units' subtrees."""
    q = Q()
    for unit in units:
        q |= Q(code__startswith=unit.prefix)
    return list(
        Unit.objects.current()
        .filter(q, level=Level.COMMUNITY, kind=COMMUNITY_KIND[ListLevel(level)])
        .order_by("code")
    )


def remit_check(*, department: Department, units: list[Unit]) -> None:
    """A department may only target units inside its own area (a district department, its district)."""
    home = department.level_unit
    if home is None or home.level <= Level.CITY:
        return
    outside = [u.name for u in units if not u.code.startswith(home.prefix)]
    if outside:
        raise ValidationError(f"实施范围超出本部门职责范围：{'、'.join(outside)} 不在{home.name}内。")


def request_validate(
    *,
    department: Department,
    config: AdmissionSettings,
    title: str,
    tasks: str,
    level: str,
    target_units: list[Unit],
    start_date: dt.date | None,
    end_date: dt.date | None,
    hours_per_month: Any,
    attachments: list[UploadedFile],
    today: dt.date,
    exclude: AdmissionRequest | None = None,
) -> tuple[dict[str, Any], list[Unit]]:
    """Every problem at once (ValidationError with a list); on success the cleaned values and communities."""
    errors: list[str] = []
    title, tasks = (title or "").strip(), (tasks or "").strip()
    if not title:
        errors.append("事项名称不能为空。")
    elif len(title) > 200:
        errors.append("事项名称不能超过 200 字。")
    if not tasks:
        errors.append("请填写需要社区做什么。")
    if len(title) + len(tasks) > config.max_text_chars:
        errors.append(f"申请内容过长（{len(title) + len(tasks)} 字），不能超过 {config.max_text_chars} 字。")
    if level not in ListLevel.values:
        errors.append("对象层级应为社区或村。")
    if start_date is None or end_date is None:
        errors.append("请填写开始日期和结束日期。")
    elif end_date < start_date:
        errors.append(f"结束日期 {end_date} 早于开始日期 {start_date}。")
    elif end_date < today:
        errors.append(f"结束日期 {end_date} 已过，不能申请。")
    try:
        hours = Decimal(str(hours_per_month)).quantize(Decimal("0.1"))
        if hours <= 0 or hours > MAX_HOURS:
            errors.append(f"每社区每月预计工时应大于 0 且不超过 {MAX_HOURS} 小时。")
    except (InvalidOperation, ValueError):
        hours = Decimal("0")
        errors.append("每社区每月预计工时应为数字。")
    if len(attachments) > MAX_ATTACHMENTS:
        errors.append(f"附件不能超过 {MAX_ATTACHMENTS} 个。")
    for upload in attachments:
        try:
            attachment_validate(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    communities: list[Unit] = []
    if not target_units:
        errors.append("请选择实施范围。")
    else:
        stale = [u.name for u in target_units if u.valid_to is not None]
        if stale:
            errors.append(f"所选单元已撤销：{'、'.join(stale)}。")
        try:
            remit_check(department=department, units=target_units)
        except ValidationError as exc:
            errors.extend(exc.messages)
        if level in ListLevel.values:
            communities = target_communities(level=level, units=target_units)
            if not communities:
                errors.append(f"所选范围内没有{COMMUNITY_KIND[ListLevel(level)]}。")
    if title and tasks and level in ListLevel.values:
        duplicate = _duplicate(department=department, level=level, title=title, tasks=tasks, exclude=exclude)
        if duplicate is not None:
            errors.append(
                f"重复提交：本部门已有相同内容的申请 {duplicate.number}（{duplicate.get_status_display()}）。"
            )
    if errors:
        raise ValidationError(errors)
    return {"title": title, "tasks": tasks, "hours_per_month": hours}, communities


def _duplicate(
    *, department: Department, level: str, title: str, tasks: str, exclude: AdmissionRequest | None
) -> AdmissionRequest | None:
    qs = AdmissionRequest.objects.filter(
        department=department, content_hash=content_hash(level=level, title=title, tasks=tasks)
    ).filter(Q(status__in=OPEN_STATUSES) | Q(registry_entry__status=RegistryStatus.IN_FORCE))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()
