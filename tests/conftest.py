"""Shared fixtures: a small division tree and one named user per role (healthchecks style).

The tree (codes follow DESIGN.md):
  呼和浩特市 150100000000
    新城区 150102000000
      海拉尔东路街道 150102001000
        公主府社区 150102001001 (2,000 households)
        哲里木路社区 150102001002 (4,500 households: above the split line)
      锡林路街道 150102002000
        车站西街社区 150102002001 (800 households: below the merge line)
    赛罕区 150105000000
      人民路街道 150105001000
        健康社区 150105001001
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from jianfu.core.models import Department, Role, User
from jianfu.regions.models import Area, Level, SizeBounds, Unit

PASSWORD = "Test@Passw0rd!"
START = dt.date(2019, 12, 31)


def make_unit(code: str, name: str, level: int, parent: Unit | None = None, kind: str = "", **kw) -> Unit:
    return Unit.objects.create(
        code=code,
        name=name,
        official_name=name,
        level=level,
        parent=parent,
        kind=kind,
        valid_from=kw.pop("valid_from", START),
        **kw,
    )


@pytest.fixture
def tree(db) -> dict[str, Unit]:
    SizeBounds.objects.create(effective_from=START)
    city = make_unit("150100000000", "呼和浩特市", Level.CITY, kind="市")
    xincheng = make_unit("150102000000", "新城区", Level.DISTRICT, city, "区")
    saihan = make_unit("150105000000", "赛罕区", Level.DISTRICT, city, "区")
    hailaer = make_unit("150102001000", "海拉尔东路街道", Level.STREET, xincheng, "街道")
    xilin = make_unit("150102002000", "锡林路街道", Level.STREET, xincheng, "街道")
    renmin = make_unit("150105001000", "人民路街道", Level.STREET, saihan, "街道")
    return {
        "city": city,
        "xincheng": xincheng,
        "saihan": saihan,
        "hailaer": hailaer,
        "xilin": xilin,
        "renmin": renmin,
        "gongzhufu": make_unit(
            "150102001001", "公主府社区", Level.COMMUNITY, hailaer, "社区", households=2000, population=5200
        ),
        "zhelimu": make_unit(
            "150102001002",
            "哲里木路社区",
            Level.COMMUNITY,
            hailaer,
            "社区",
            households=4500,
            population=11000,
        ),
        "chezhan": make_unit(
            "150102002001", "车站西街社区", Level.COMMUNITY, xilin, "社区", households=800, population=2000
        ),
        "jiankang": make_unit(
            "150105001001",
            "健康社区",
            Level.COMMUNITY,
            renmin,
            "社区",
            households=2500,
            population=6000,
            area=Area.URBAN,
        ),
    }


def _user(username: str, role: str, scope: list[Unit], **kw) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, display_name=kw.pop("display_name", username), **kw
    )
    user.scope_units.set(scope)
    return user


@pytest.fixture
def department(db) -> Department:
    return Department.objects.create(code="D04", name="市市场监督管理局")


@pytest.fixture
def users(tree, department) -> dict[str, User]:
    return {
        "city": _user("alice_city", Role.CITY_OFFICE, [tree["city"]]),
        "district": _user("bob_district", Role.DISTRICT_OFFICE, [tree["xincheng"]]),
        "street": _user("carol_street", Role.STREET_OFFICE, [tree["hailaer"]]),
        "community": _user("dave_community", Role.COMMUNITY, [tree["gongzhufu"]]),
        "department": _user("erin_department", Role.DEPARTMENT, [], department=department),
        "auditor": _user("frank_auditor", Role.AUDITOR, [tree["city"]]),
        "admin": _user("grace_admin", Role.ADMIN, [], is_superuser=True, is_staff=True),
    }


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


def pytest_collection_modifyitems(config, items):
    # Browser tests drive Chromium from a thread with an event loop; Django must allow sync DB use there.
    if any(item.get_closest_marker("browser") for item in items):
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # PBKDF2 costs ~0.7 s per user on this machine; tests don't need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (JIANFU_REQUIRE_BROWSER=1) a skipped browser test is a failure, whatever skipped it."""
    outcome = yield
    report = outcome.get_result()
    if (
        os.environ.get("JIANFU_REQUIRE_BROWSER") == "1"
        and report.skipped
        and item.get_closest_marker("browser") is not None
    ):
        report.outcome = "failed"
        report.longrepr = f"browser test skipped in CI: {report.longrepr}"
