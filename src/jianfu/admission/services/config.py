"""Changes to the gate's configuration (city office only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jianfu.core.audit import audit_record, snapshot
from jianfu.core.models import Role, User
from jianfu.core.scope import has_role

from ..config import settings_current
from ..models import AdmissionSettings, PrecheckRule, RuleMode


def _require_city(actor: User) -> None:
    if not has_role(actor, Role.CITY_OFFICE):
        raise PermissionDenied("只有市级减负办可以修改准入配置。")


@transaction.atomic
def admission_settings_set(*, actor: User, **values: Any) -> AdmissionSettings:
    """A new configuration version; earlier rows stay as history."""
    _require_city(actor)
    before = snapshot(settings_current())
    row = AdmissionSettings(created_by=actor, **values)
    row.full_clean()
    row.save()
    audit_record(actor=actor, action="admission.settings_set", target=row, before=before, after=snapshot(row))
    return row


@transaction.atomic
def precheck_rule_set(*, actor: User, decision: str, mode: str) -> PrecheckRule:
    _require_city(actor)
    if mode not in RuleMode.values:
        raise ValidationError(f"模式“{mode}”无效。")
    rule, _ = PrecheckRule.objects.get_or_create(decision=decision)
    before = snapshot(rule)
    rule.mode, rule.updated_by = mode, actor
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="admission.rule_set", target=rule, before=before, after=snapshot(rule))
    return rule
