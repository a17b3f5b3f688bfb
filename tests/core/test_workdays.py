from __future__ import annotations

import datetime as dt

import pytest

from jianfu.core.models import CalendarDay
from jianfu.core.workdays import add_working_days, is_working_day, working_days_between, working_deadline

pytestmark = pytest.mark.django_db


def test_weekend_is_skipped():
    friday = dt.date(2025, 3, 14)
    assert add_working_days(friday, 1) == dt.date(2025, 3, 17)
    assert working_days_between(friday, dt.date(2025, 3, 17)) == 1


def test_public_holiday_and_makeup_day():
    # National Day 2025: 10-01..10-08 off, Saturday 10-11 is a make-up working day.
    assert not is_working_day(dt.date(2025, 10, 1))
    assert is_working_day(dt.date(2025, 10, 11))
    assert add_working_days(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)
    assert add_working_days(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)


def test_calendar_is_configuration():
    day = dt.date(2025, 3, 17)
    assert is_working_day(day)
    CalendarDay.objects.create(date=day, kind="holiday", name="测试假日")
    assert not is_working_day(day)


def test_deadline_is_end_of_nth_working_day():
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime(2025, 3, 14, 16, 0))
    deadline = timezone.localtime(working_deadline(start, 3))
    assert deadline.date() == dt.date(2025, 3, 19) and deadline.hour == 23


def test_editing_a_calendar_row_in_place_takes_effect():
    # A row edited in the admin keeps its id and the row count: the cache must still notice.
    day = dt.date(2025, 3, 17)
    row = CalendarDay.objects.create(date=day, kind="holiday", name="测试假日")
    assert not is_working_day(day)
    row.kind = "workday"
    row.save()
    assert is_working_day(day)
    row.date = dt.date(2025, 3, 18)
    row.kind = "holiday"
    row.save()
    assert is_working_day(day) and not is_working_day(dt.date(2025, 3, 18))
