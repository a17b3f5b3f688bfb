"""The registry of admitted items (准入事项目录): entries start on admission, end on expiry or revocation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import has_role

from ..models import AdmissionRequest, RegistryEntry, RegistryStatus


def _number() -> str:
    head = f"ML{timezone.localdate().year}"
    last = (
        RegistryEntry.objects.filter(number__startswith=head)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{head}{(int(last[len(head) :]) + 1 if last else 1):05d}"


def registry_admit(*, actor: User, request: AdmissionRequest) -> RegistryEntry:
    """Called inside the admitting transition's transaction."""
    entry = RegistryEntry.objects.create(
        number=_number(),
        request=request,
        department=request.department,
        level=request.level,
        title=request.title,
        tasks=request.tasks,
        valid_from=request.start_date,
        valid_to=request.end_date,
        hours_per_month=request.hours_per_month,
        funding_attached=request.funding_attached,
        is_demo=request.is_demo,
    )
    entry.communities.set(request.target_communities.all())
    audit_record(actor=actor, action="admission.registry_admit", target=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def registry_revoke(*, actor: User, entry: RegistryEntry, reason: str) -> RegistryEntry:
    if not has_role(actor, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以撤销准入事项。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写撤销原因。")
    entry = RegistryEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == RegistryStatus.REVOKED:
        raise ValidationError(
            f"准入事项 {entry.number} 已于 {timezone.localtime(entry.revoked_at):%Y-%m-%d} 撤销。"
        )
    before = snapshot(entry)
    entry.status = RegistryStatus.REVOKED
    entry.revoked_at, entry.revoked_by, entry.revoke_reason = timezone.now(), actor, reason[:2000]
    entry.save()
    audit_record(
        actor=actor,
        action="admission.registry_revoke",
        target=entry,
        before=before,
        after=snapshot(entry),
        note=reason,
    )
    return entry
