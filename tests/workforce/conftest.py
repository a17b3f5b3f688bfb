from __future__ import annotations

import datetime as dt

import pytest

from jianfu.workforce.idnumber import synthetic_id
from jianfu.workforce.services.config import scale_create_default
from jianfu.workforce.services.roster import WorkerInput, worker_create

SCALE_FROM = dt.date(2019, 1, 1)


@pytest.fixture
def scale(db):
    return scale_create_default(effective_from=SCALE_FROM)


@pytest.fixture
def make_worker(scale, tree):
    """make_worker(**overrides) registers a worker through the service (actor None: the system)."""
    counter = iter(range(1, 1000))

    def make(**kw):
        n = next(counter)
        actor = kw.pop("actor", None)
        data = dict(
            name=kw.pop("name", f"测试{n}"),
            id_number=kw.pop("id_number", None)
            or synthetic_id(area="150102", birth=kw.pop("birth", dt.date(1985, 1, 1)), sequence=n),
            education="college",
            post="other",
            grade=1,
            hire_date=dt.date(2015, 7, 1),
            unit=tree["gongzhufu"],
        )
        data.update(kw)
        return worker_create(actor=actor, data=WorkerInput(**data))

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The shared `users` fixture creates seven accounts per test; the default hasher makes that slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
