"""Deadlines on the working-day calendar: clock hours for signing and contact, working days for the report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jianfu.dispatch.models import Urgency
from jianfu.dispatch.selectors import time_limit_current
from jianfu.dispatch.services import assignment_sign, time_limit_set, whistle_blow

pytestmark = pytest.mark.django_db


def local(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def blow(leader, tree, department, at, urgency=Urgency.URGENT):
    return whistle_blow(
        actor=leader,
        title="占道经营",
        description="菜市场门口占道经营，堵塞消防通道",
        category="market",
        urgency=urgency,
        place=tree["gongzhufu"],
        departments=[department],
        at=at,
    )


def test_defaults_are_seeded_as_configuration():
    urgent, normal = time_limit_current(Urgency.URGENT), time_limit_current(Urgency.NORMAL)
    assert urgent.pk and normal.pk
    assert (urgent.sign_hours, urgent.contact_hours, urgent.report_working_days) == (1, 24, 3)
    assert normal.report_working_days == 5


def test_urgent_whistle_before_national_day_lands_on_the_makeup_saturday(leader, tree, department):
    whistle = blow(leader, tree, department, local(2025, 9, 30, 10, 0))
    a = whistle.assignments.get()
    assert timezone.localtime(a.sign_due) == local(2025, 9, 30, 11, 0)
    # Hour limits are clock hours, so contact is due during the holiday.
    assert timezone.localtime(a.contact_due) == local(2025, 10, 1, 10, 0)
    # 3 working days: 10-01..10-08 are off, 10-09 Thu, 10-10 Fri, 10-11 the make-up Saturday.
    due = timezone.localtime(a.report_due)
    assert due.date() == dt.date(2025, 10, 11) and (due.hour, due.minute) == (23, 59)


def test_normal_whistle_on_a_friday_skips_the_weekend(leader, tree, department):
    whistle = blow(leader, tree, department, local(2025, 3, 14, 16, 30), urgency=Urgency.NORMAL)
    due = timezone.localtime(whistle.assignments.get().report_due)
    # Friday + 5 working days: Mon 17 .. Fri 21.
    assert due.date() == dt.date(2025, 3, 21)


def test_friday_whistle_3_days_crosses_weekend(leader, tree, department):
    whistle = blow(leader, tree, department, local(2025, 3, 14, 9, 0))
    assert timezone.localtime(whistle.assignments.get().report_due).date() == dt.date(2025, 3, 19)


def test_sign_after_one_hour_is_overdue_and_on_time_is_not(leader, tree, department, users):
    at = local(2025, 3, 14, 9, 0)
    late = blow(leader, tree, department, at).assignments.get()
    assignment_sign(actor=users["department"], assignment=late, at=at + dt.timedelta(minutes=61))
    assert late.overdue_stages(now=at + dt.timedelta(hours=2)) == ["sign"]
    prompt = blow(leader, tree, department, at).assignments.get()
    assignment_sign(actor=users["department"], assignment=prompt, at=at + dt.timedelta(minutes=59))
    assert prompt.overdue_stages(now=at + dt.timedelta(hours=2)) == []
    # Not contacted within 24 hours: the contact stage turns overdue while it is still open.
    assert prompt.overdue_stages(now=at + dt.timedelta(hours=25)) == ["contact"]


def test_changed_limits_apply_to_new_whistles_only(leader, tree, department, users):
    at = local(2025, 3, 14, 9, 0)
    before = blow(leader, tree, department, at).assignments.get()
    time_limit_set(
        actor=users["city"],
        urgency=Urgency.URGENT,
        sign_hours=2,
        contact_hours=12,
        report_working_days=2,
        effective_from=dt.date(2025, 3, 1),
    )
    after = blow(leader, tree, department, at).assignments.get()
    before.refresh_from_db()
    assert before.sign_due == at + dt.timedelta(hours=1)
    assert after.sign_due == at + dt.timedelta(hours=2)
    assert timezone.localtime(after.report_due).date() == dt.date(2025, 3, 18)


def test_only_the_city_office_sets_limits(users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        time_limit_set(
            actor=users["district"],
            urgency=Urgency.URGENT,
            sign_hours=2,
            contact_hours=12,
            report_working_days=2,
            effective_from=dt.date(2025, 3, 1),
        )


def test_overdue_in_sql_agrees_with_overdue_stages(leader, tree, department, users, other_department):
    from jianfu.dispatch.models import Assignment
    from jianfu.dispatch.selectors import overdue_q
    from jianfu.dispatch.services import assignment_decline

    at = local(2025, 3, 14, 9, 0)
    late_sign = blow(leader, tree, department, at).assignments.get()
    assignment_sign(actor=users["department"], assignment=late_sign, at=at + dt.timedelta(minutes=90))
    prompt = blow(leader, tree, department, at).assignments.get()
    assignment_sign(actor=users["department"], assignment=prompt, at=at + dt.timedelta(minutes=10))
    waiting = blow(leader, tree, department, at).assignments.get()
    declined = blow(leader, tree, department, at).assignments.get()
    assignment_decline(
        actor=users["department"], assignment=declined, responsible=other_department, reason="属于城管职责",
        at=at + dt.timedelta(minutes=20),
    )  # fmt: skip
    for now in (at + dt.timedelta(minutes=30), at + dt.timedelta(hours=2), at + dt.timedelta(hours=30)):
        in_python = {a.pk for a in Assignment.objects.all() if a.overdue_stages(now)}
        in_sql = set(Assignment.objects.filter(overdue_q(now)).values_list("pk", flat=True))
        assert in_sql == in_python, now
    # At 30 hours every open assignment is late (contact missed); the prompt decline is not.
    late = set(Assignment.objects.filter(overdue_q(at + dt.timedelta(hours=30))).values_list("pk", flat=True))
    assert {late_sign.pk, prompt.pk, waiting.pk} <= late and declined.pk not in late
