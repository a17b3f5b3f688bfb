from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.core.models import AuditEvent
from jianfu.workforce.idnumber import id_mask, synthetic_id
from jianfu.workforce.models import AdjustmentOrder, Status, Worker
from jianfu.workforce.services.roster import WorkerInput, promotion_record, worker_create, worker_update

pytestmark = pytest.mark.django_db


def test_register_derives_gender_and_birth_and_hides_the_number(make_worker, users):
    number = synthetic_id(area="150102", birth=dt.date(1990, 5, 17), sequence=124)
    worker = make_worker(id_number=number, actor=users["street"], name="王芳")
    worker.refresh_from_db()
    assert worker.birth_date == dt.date(1990, 5, 17) and worker.gender == "F"
    assert worker.id_last4 == number[-4:]
    assert number not in worker.id_hash and number not in worker.id_encrypted
    assert id_mask(worker.id_encrypted, worker.id_last4) == number[:6] + "********" + number[-4:]
    assert worker.monthly_pay == Decimal(3476)
    assert AdjustmentOrder.objects.get(worker=worker).reason == "入职定级"
    event = AuditEvent.objects.get(action="worker.create")
    assert event.after["name"] == "王芳"
    dumped = str(event.after) + str(event.before)
    assert number not in dumped and worker.id_hash not in dumped and "id_encrypted" not in dumped


def test_duplicate_id_refused_and_nothing_written(make_worker):
    number = synthetic_id(area="150102", birth=dt.date(1990, 5, 17), sequence=5)
    make_worker(id_number=number)
    with pytest.raises(ValidationError) as exc:
        make_worker(id_number=number.lower() if number[-1] == "X" else number, name="另一人")
    assert "已登记在册" in exc.value.messages[0] and number not in exc.value.messages[0]
    assert Worker.objects.count() == 1 and AdjustmentOrder.objects.count() == 1


def test_invalid_id_refused(make_worker):
    number = synthetic_id(area="150102", birth=dt.date(1990, 5, 17), sequence=5)
    bad = number[:17] + ("1" if number[17] == "0" else "0")
    with pytest.raises(ValidationError, match="校验位"):
        make_worker(id_number=bad)
    assert not Worker.objects.exists()


def test_grade_outside_post_range_refused(make_worker):
    with pytest.raises(ValidationError) as exc:
        make_worker(post="head", grade=5)
    assert "超出“正职”岗位的等级范围 7–18 级" in exc.value.messages[0]
    with pytest.raises(ValidationError, match="4–15"):
        make_worker(post="deputy", grade=16)
    assert not Worker.objects.exists()


def test_several_errors_reported_together(make_worker):
    with pytest.raises(ValidationError) as exc:
        make_worker(name="", post="other", grade=13, certificate="assistant")
    text = "".join(exc.value.messages)
    assert "姓名不能为空" in text and "1–12" in text and "取得日期" in text


def test_community_worker_not_on_a_street_and_out_of_scope_refused(make_worker, tree, users):
    with pytest.raises(ValidationError, match="社区（村）或网格"):
        make_worker(unit=tree["hailaer"])
    with pytest.raises(ValidationError, match="管辖范围"):
        make_worker(unit=tree["jiankang"], actor=users["street"])


def test_department_and_auditor_cannot_register(make_worker, users):
    for role in ("department", "auditor"):
        with pytest.raises(PermissionDenied):
            make_worker(actor=users[role])


def test_hire_before_sixteen_refused(make_worker):
    with pytest.raises(ValidationError, match="16 周岁"):
        make_worker(birth=dt.date(2005, 1, 1), hire_date=dt.date(2019, 1, 1))


def test_grid_worker_without_grids_sits_on_the_community(make_worker, tree):
    worker = make_worker(kind="grid")
    assert worker.unit == tree["gongzhufu"] and worker.get_kind_display() == "专职网格员"


def test_update_and_civil_service_promotion(make_worker, users):
    worker = make_worker()
    worker_update(
        actor=users["community"], worker=worker, certificate="assistant", certificate_date=dt.date(2022, 6, 1)
    )
    with pytest.raises(ValidationError):
        worker_update(actor=users["community"], worker=worker, grade=9)
    promotion_record(actor=users["street"], worker=worker, kind="civil_servant", on=dt.date(2024, 3, 1))
    worker.refresh_from_db()
    assert worker.status == Status.TRANSFERRED and worker.status_date == dt.date(2024, 3, 1)
    assert worker.certificate == "assistant"


def test_no_scale_configured_gives_clear_error(tree):
    data = WorkerInput(
        name="张三",
        id_number=synthetic_id(area="150102", birth=dt.date(1990, 1, 1), sequence=1),
        education="bachelor",
        post="other",
        grade=1,
        hire_date=dt.date(2020, 1, 1),
        unit=tree["gongzhufu"],
    )
    with pytest.raises(ValidationError, match="薪酬标准"):
        worker_create(actor=None, data=data)
