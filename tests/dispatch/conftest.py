from __future__ import annotations

import pytest

from jianfu.core.models import Department, Role, User
from jianfu.dispatch.models import WhistleAuthority

from ..conftest import PASSWORD


@pytest.fixture
def leader(users, tree) -> User:
    WhistleAuthority.objects.create(user=users["street"], street=tree["hailaer"], title="街道党工委书记")
    return users["street"]


@pytest.fixture
def other_department(db) -> Department:
    return Department.objects.create(code="D12", name="市城市管理综合执法局")


@pytest.fixture
def other_department_user(other_department) -> User:
    return User.objects.create_user(
        username="henry_chengguan", password=PASSWORD, role=Role.DEPARTMENT, department=other_department
    )
