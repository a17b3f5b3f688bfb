"""Who may plan, approve and apply layout changes for a scope. Visibility itself is core.scope's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from jianfu.core.models import Role, User
from jianfu.core.scope import code_in_scope, has_role
from jianfu.regions.models import Level, Unit

PLAN_SCOPE_LEVELS = (Level.CITY, Level.DISTRICT, Level.STREET)


def owns_scope(user: User, scope: Unit) -> bool:
    """The office that owns a scope: the city office for the city; the district (or city) office for a
    district or a street in it."""
    if not code_in_scope(user, scope.code):
        return False
    if scope.level == Level.CITY:
        return has_role(user, Role.CITY_OFFICE)
    return has_role(user, Role.CITY_OFFICE, Role.DISTRICT_OFFICE)


def require_owner(user: User, scope: Unit, what: str) -> None:
    if not owns_scope(user, scope):
        level = "市级减负办" if scope.level == Level.CITY else "市级或本区县减负办"
        raise PermissionDenied(f"只有{level}可以{what}“{scope.name}”的布局优化方案。")
