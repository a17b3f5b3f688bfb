from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import AuditEvent, User
from .scope import scope_q


def audit_events(
    *,
    user: User,
    q: str = "",
    action: str = "",
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events the user may see: their subtree's events, plus events not tied to a unit."""
    qs = AuditEvent.objects.all()
    scope = scope_q(user, "scope_code")
    if scope:
        qs = qs.filter(scope | Q(scope_code=""))
    if q:
        qs = qs.filter(Q(target_repr__contains=q) | Q(note__contains=q) | Q(target_type__contains=q))
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_name__contains=actor)
    if date_from:
        qs = qs.filter(occurred_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_at__date__lte=date_to)
    return qs.order_by("-occurred_at", "-id")
