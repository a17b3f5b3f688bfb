"""Writing audit events. Every service that changes data calls `audit_record`."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import AuditEvent, User


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(instance: models.Model, *, fields: list[str] | None = None) -> dict[str, Any]:
    """Plain-data copy of a model instance's concrete fields, for `before`/`after`."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = getattr(instance, field.attname)
    return _jsonable(data)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    scope_code: str = "",
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEvent:
    if target is not None:
        target_type = target_type or target._meta.label
        target_id = target_id or str(target.pk)
        target_repr = target_repr or str(target)[:255]
        scope_code = scope_code or getattr(target, "code", "") or ""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(str(actor) if actor is not None else "系统")[:150],
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr[:255],
        scope_code=scope_code[:15],
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )
