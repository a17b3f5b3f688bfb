"""The navigation: every module of the platform, live or not yet built.

A module whose URL name does not resolve yet links to a page that says so plainly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .models import Role


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every role


OFFICES = frozenset({Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE, Role.AUDITOR, Role.ADMIN})

MODULES: list[NavItem] = [
    NavItem("dashboard", "仪表盘", "dashboard:home"),
    NavItem("regions", "区划管理", "regions:browse", OFFICES | {Role.COMMUNITY}),
    NavItem("layout", "布局优化", "layout:plan_list", OFFICES),
    NavItem("catalog", "事项清单", "catalog:list_index"),
    NavItem("admission", "准入管理", "admission:request_list"),
    NavItem("registry", "准入事项目录", "admission:registry"),
    NavItem("reports", "直报与违规", "assessment:report_list"),
    NavItem("assessment", "部门考核与通报", "assessment:home", OFFICES | {Role.DEPARTMENT}),
    NavItem("certificates", "证明事项查询", "assessment:certificate_check"),
    NavItem("workforce", "社区工作者", "workforce:home", OFFICES | {Role.COMMUNITY}),
    NavItem("signage", "标牌台账", "signage:home", OFFICES | {Role.COMMUNITY}),
    NavItem("dispatch", "吹哨报到", "dispatch:home"),
    NavItem("audit", "审计日志", "core:audit", frozenset({Role.AUDITOR, Role.ADMIN, Role.CITY_OFFICE})),
]


def module_url(item: NavItem) -> tuple[str, bool]:
    try:
        return reverse(item.url_name), True
    except NoReverseMatch:
        return reverse("core:coming_soon", args=[item.key]), False


def nav_for(user) -> list[dict]:  # type: ignore[no-untyped-def]
    items = []
    for item in MODULES:
        if item.roles is not None and not (user.is_superuser or user.role in item.roles):
            continue
        url, built = module_url(item)
        items.append({"key": item.key, "label": item.label, "url": url, "built": built})
    return items


def module_by_key(key: str) -> NavItem | None:
    return next((m for m in MODULES if m.key == key), None)
