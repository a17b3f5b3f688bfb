from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jianfu.admission.services import request_submit
from jianfu.core.models import Role, User

from ..catalog.helpers import publish_lists
from ..conftest import PASSWORD

NEGATIVE = "请各社区完成招商引资任务，每个社区引进一个亿元项目"
ASSIST = "请社区配合做好低保申请家庭的入户调查，核实家庭收入"
DUTY = "请社区人民调解委员会及时调解楼上楼下的漏水纠纷"
NOVEL = "请社区协助开展辖区内古树名木资源调查登记"


@pytest.fixture
def lists(db):
    return publish_lists("community")


@pytest.fixture
def saihan_office(tree) -> User:
    user = User.objects.create_user(username="hank_saihan", password=PASSWORD, role=Role.DISTRICT_OFFICE)
    user.scope_units.set([tree["saihan"]])
    return user


@pytest.fixture
def submit(users, tree, lists):
    """submit(text, units=[...], **overrides) as the department user."""

    def do(tasks: str = ASSIST, *, units=None, title: str = "测试事项", actor=None, **kw):
        today = timezone.localdate()
        values = {
            "title": title,
            "tasks": tasks,
            "target_units": units if units is not None else [tree["xincheng"]],
            "start_date": today,
            "end_date": today + dt.timedelta(days=90),
            "hours_per_month": "4",
            "funding_attached": True,
        } | kw
        return request_submit(actor=actor or users["department"], **values)

    return do


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.7 s per user on the shared CI box; these tests do not test hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
