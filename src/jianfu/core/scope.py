"""Who may see what — decided here and nowhere else.

A user's scope is a set of subtrees of the division tree. Membership is a code-prefix
test: a unit is in scope when its code starts with the prefix of one of the user's
scope units. City offices, auditors and admins without scope units see the whole
city tree; departments see no units of the tree by scope, only their own records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Role, User

if TYPE_CHECKING:
    from jianfu.regions.models import Unit

M = TypeVar("M", bound=Model)

# Roles that see everything when no scope unit narrows them.
_UNRESTRICTED_ROLES = {Role.ADMIN, Role.CITY_OFFICE, Role.AUDITOR}
# An impossible prefix: no code starts with it.
_NOTHING = "X"


def scope_prefixes(user: User) -> list[str] | None:
    """The code prefixes a user may see; None means unrestricted, [] means nothing."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_scope_prefixes_cache", Any)
    if cached is not Any:
        return cached
    prefixes = sorted({unit.prefix for unit in user.scope_units.all()})
    result: list[str] | None
    if user.is_superuser or (user.role in _UNRESTRICTED_ROLES and not prefixes):
        result = None
    elif user.role == Role.DEPARTMENT:
        result = []
    else:
        result = _collapse(prefixes)
    user._scope_prefixes_cache = result  # type: ignore[attr-defined]
    return result


def _collapse(prefixes: list[str]) -> list[str]:
    """Drop prefixes already covered by a shorter one."""
    kept: list[str] = []
    for prefix in sorted(prefixes, key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return sorted(kept)


def code_in_scope(user: User, code: str) -> bool:
    prefixes = scope_prefixes(user)
    if prefixes is None:
        return True
    return any(code.startswith(p) for p in prefixes)


def scope_q(user: User, code_field: str = "code") -> Q:
    """A filter for any queryset whose rows carry a division code at `code_field`."""
    prefixes = scope_prefixes(user)
    if prefixes is None:
        return Q()
    if not prefixes:
        return Q(**{f"{code_field}__startswith": _NOTHING}) & Q(pk__isnull=True)
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{code_field}__startswith": prefix})
    return q


def filter_in_scope(queryset: QuerySet[M], user: User, code_field: str = "code") -> QuerySet[M]:
    return queryset.filter(scope_q(user, code_field))


def unit_in_scope(user: User, unit: Unit) -> bool:
    return code_in_scope(user, unit.code)


def unit_in_scope_or_404(user: User, unit: Unit) -> Unit:
    if not unit_in_scope(user, unit):
        raise Http404("不在您的管辖范围内")
    return unit


def department_q(user: User, department_field: str = "department") -> Q:
    """Department users see only their own department's records; offices see all in their area."""
    if user.role == Role.DEPARTMENT:
        if user.department_id is None:
            return Q(pk__isnull=True) & Q(pk__isnull=False)
        return Q(**{f"{department_field}_id": user.department_id})
    return Q()


def scope_roots(user: User) -> QuerySet[Unit]:
    """The top units a user sees: their scope units, or the top of the tree when unrestricted
    (the provinces once the national list is imported, the cities before that)."""
    from jianfu.regions.models import Unit

    prefixes = scope_prefixes(user)
    if prefixes is None:
        return Unit.objects.current().filter(parent__isnull=True).order_by("code")
    return user.scope_units.filter(valid_to__isnull=True).order_by("code")


def can_edit(user: User) -> bool:
    """Auditors are read-only everywhere."""
    return user.is_authenticated and user.role != Role.AUDITOR


def has_role(user: User, *roles: str) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN or user.role in roles)
