"""Changes to the sign register and its template. Each service validates fully, then writes and audits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import can_edit, code_in_scope, has_role
from jianfu.regions.models import Level, Unit

from .models import (
    Facility,
    PlaceKind,
    Room,
    Sign,
    SignagePolicy,
    SignKind,
    SignStatus,
    SignTemplate,
    SignTemplateItem,
)
from .photos import photo_validate
from .selectors import policy_current, template_current

REGISTER_ROLES = (Role.COMMUNITY, Role.STREET_OFFICE, Role.DISTRICT_OFFICE, Role.CITY_OFFICE)


def may_edit_register(user: User) -> bool:
    return can_edit(user) and has_role(user, *REGISTER_ROLES)


def _require_register(actor: User, code: str) -> None:
    if not may_edit_register(actor):
        raise PermissionDenied("您的角色不能修改标牌台账。")
    if not code_in_scope(actor, code):
        raise PermissionDenied("该阵地不在您的管辖范围内。")


_SIGN_FIELDS = ["facility", "room", "kind", "text", "standard_key", "belongs_to", "status", "removed_on"]


def _sign_snapshot(sign: Sign) -> dict:
    # File fields are recorded by their stored name; snapshot() cannot serialise FieldFile objects.
    return {
        **snapshot(sign, fields=_SIGN_FIELDS),
        "photo": sign.photo.name or "",
        "removal_photo": sign.removal_photo.name or "",
    }


def _photo(upload: UploadedFile | None, *, label: str, required: bool) -> None:
    if upload is None:
        if required:
            raise ValidationError(f"请上传{label}。")
        return
    photo_validate(upload, max_kb=policy_current().max_photo_kb, label=label)


@transaction.atomic
def facility_create(*, actor: User, unit: Unit, name: str, address: str = "") -> Facility:
    _require_register(actor, unit.code)
    name = (name or "").strip()
    if not name:
        raise ValidationError("阵地名称不能为空。")
    if unit.level != Level.COMMUNITY or unit.valid_to is not None:
        raise ValidationError(f"“{unit.name}”不是现行的社区或村，不能登记阵地。")
    facility = Facility.objects.create(unit=unit, name=name, address=(address or "").strip())
    audit_record(actor=actor, action="facility.create", target=facility, after=snapshot(facility))
    return facility


@transaction.atomic
def room_create(*, actor: User, facility: Facility, name: str) -> Room:
    _require_register(actor, facility.code)
    name = (name or "").strip()
    if not name:
        raise ValidationError("房间名称不能为空。")
    if facility.rooms.filter(name=name).exists():
        raise ValidationError(f"“{facility.name}”已有名为“{name}”的房间。")
    sort = facility.rooms.count() + 1
    room = Room.objects.create(facility=facility, name=name, sort=sort)
    audit_record(
        actor=actor, action="room.create", target=room, scope_code=facility.code, after=snapshot(room)
    )
    return room


@transaction.atomic
def sign_register(
    *,
    actor: User,
    facility: Facility,
    kind: str,
    text: str,
    room: Room | None = None,
    standard_key: str = "",
    belongs_to: str = "",
    admitted_item_ref: str = "",
    status: str = SignStatus.KEPT,
    photo: UploadedFile | None = None,
) -> Sign:
    _require_register(actor, facility.code)
    text = (text or "").strip()
    if not text:
        raise ValidationError("牌面文字不能为空。")
    if kind not in SignKind.values:
        raise ValidationError("请选择标牌类型。")
    if status not in (SignStatus.KEPT, SignStatus.TO_REMOVE):
        raise ValidationError("新登记的标牌只能是“保留”或“待清理”；已清理请先登记再标记清理。")
    if room is not None and room.facility_id != facility.pk:
        raise ValidationError("所选房间不属于该阵地。")
    if standard_key:
        template = template_current(facility.place_kind)
        keys = {item.key for item in template.items.all()} if template else set()
        if standard_key not in keys:
            raise ValidationError("所选标准项不在现行模板中。")
        if room is not None:
            raise ValidationError("标准标牌标识应挂在室外，请不要选择房间。")
    _photo(photo, label="照片", required=False)
    sign = Sign(
        facility=facility,
        room=room,
        kind=kind,
        text=text[:200],
        standard_key=standard_key,
        belongs_to=(belongs_to or "").strip()[:120],
        admitted_item_ref=(admitted_item_ref or "").strip()[:40],
        status=status,
        created_by=actor,
    )
    if photo is not None:
        sign.photo.save(photo.name or "photo.jpg", photo, save=False)
    sign.save()
    audit_record(
        actor=actor, action="sign.register", target=sign, scope_code=facility.code, after=_sign_snapshot(sign)
    )
    return sign


def _status_change(actor: User, sign: Sign, action: str, note: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        target=sign,
        scope_code=sign.code,
        before={"status": sign.status},
        after=_sign_snapshot(sign),
        note=note,
    )


@transaction.atomic
def sign_mark_to_remove(*, actor: User, sign: Sign, note: str = "") -> Sign:
    _require_register(actor, sign.code)
    if sign.status == SignStatus.REMOVED:
        raise ValidationError("该标牌已清理，不能再标记为待清理。")
    sign.status = SignStatus.TO_REMOVE
    sign.save(update_fields=["status", "updated_at"])
    _status_change(actor, sign, "sign.mark_to_remove", note)
    return sign


@transaction.atomic
def sign_keep(*, actor: User, sign: Sign, note: str = "") -> Sign:
    _require_register(actor, sign.code)
    if sign.status == SignStatus.REMOVED:
        raise ValidationError("该标牌已清理，不能改回保留；如重新悬挂请重新登记。")
    sign.status = SignStatus.KEPT
    sign.save(update_fields=["status", "updated_at"])
    _status_change(actor, sign, "sign.keep", note)
    return sign


@transaction.atomic
def sign_remove(
    *, actor: User, sign: Sign, removed_on: dt.date | None, photo: UploadedFile | None, note: str = ""
) -> Sign:
    """Record a sign as taken down: the date and a photo of the wall without it are both required."""
    _require_register(actor, sign.code)
    if sign.status == SignStatus.REMOVED:
        raise ValidationError("该标牌已登记为已清理。")
    if removed_on is None:
        raise ValidationError("请填写清理日期。")
    if removed_on > timezone.localdate():
        raise ValidationError("清理日期不能晚于今天。")
    _photo(photo, label="清理后照片", required=True)
    sign.status = SignStatus.REMOVED
    sign.removed_on = removed_on
    sign.removal_photo.save(photo.name or "removed.jpg", photo, save=False)  # type: ignore[union-attr]
    sign.save(update_fields=["status", "removed_on", "removal_photo", "updated_at"])
    _status_change(actor, sign, "sign.remove", note)
    return sign


@dataclass(frozen=True)
class TemplateItemSpec:
    key: str
    kind: str
    name: str
    text_pattern: str = ""


def _require_city(actor: User) -> None:
    if not (can_edit(actor) and has_role(actor, Role.CITY_OFFICE)):
        raise PermissionDenied("只有市级减负办可以修改标牌标准和照片设置。")


@transaction.atomic
def sign_template_publish(
    *,
    actor: User,
    applies_to: str,
    items: list[TemplateItemSpec],
    effective_from: dt.date,
    service_guide_required: bool = True,
    max_signs_per_room: int = 1,
    name: str = "4+2",
    note: str = "",
) -> SignTemplate:
    """A new version of the template for communities or villages; earlier versions stay as history."""
    _require_city(actor)
    if applies_to not in PlaceKind.values:
        raise ValidationError("请选择适用对象（社区或村）。")
    if not items:
        raise ValidationError("模板至少要有一个标准项。")
    if max_signs_per_room < 1:
        raise ValidationError("每个房间最多标牌数至少为 1。")
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValidationError("标准项代码不能重复。")
    for item in items:
        if not item.key or not item.name.strip():
            raise ValidationError("每个标准项都要有代码和名称。")
        if item.kind not in (SignKind.SIGN, SignKind.MARK):
            raise ValidationError(f"标准项“{item.name}”的类型只能是标牌或标识。")
    template = SignTemplate.objects.create(
        applies_to=applies_to,
        name=(name or "4+2").strip()[:60],
        effective_from=effective_from,
        service_guide_required=service_guide_required,
        max_signs_per_room=max_signs_per_room,
        note=note,
        created_by=actor,
    )
    SignTemplateItem.objects.bulk_create(
        SignTemplateItem(
            template=template,
            key=item.key,
            kind=item.kind,
            name=item.name.strip(),
            text_pattern=item.text_pattern.strip(),
            sort=i,
        )
        for i, item in enumerate(items, start=1)
    )
    audit_record(
        actor=actor,
        action="sign_template.publish",
        target=template,
        after={**snapshot(template), "items": [item.__dict__ for item in items]},
    )
    return template


@transaction.atomic
def signage_policy_set(*, actor: User, max_photo_kb: int) -> SignagePolicy:
    _require_city(actor)
    if not 100 <= max_photo_kb <= 20 * 1024:
        raise ValidationError("照片大小上限应在 100 KB 到 20 MB 之间。")
    before = snapshot(policy_current())
    policy = SignagePolicy.objects.create(max_photo_kb=max_photo_kb, created_by=actor)
    audit_record(
        actor=actor, action="signage_policy.set", target=policy, before=before, after=snapshot(policy)
    )
    return policy
