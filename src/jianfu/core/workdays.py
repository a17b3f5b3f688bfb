"""Working-day arithmetic on the Chinese calendar: weekends off, public holidays off, make-up days on.

The exceptions are rows of CalendarDay (configuration, edited in the admin); a data migration seeds
the State Council's published 2025 and 2026 schedules.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db.models import Count, Max
from django.utils import timezone

from .models import CalendarDay, CalendarDayKind


@lru_cache(maxsize=1)
def _exceptions_cached(version: tuple) -> dict[dt.date, str]:
    return dict(CalendarDay.objects.values_list("date", "kind"))


def _exceptions() -> dict[dt.date, str]:
    # Cache key in one query: the row count and last id catch additions and deletions, the latest
    # update time catches a row edited in place (a holiday turned into a make-up day).
    key = CalendarDay.objects.aggregate(n=Count("id"), last=Max("id"), edited=Max("updated_at"))
    return _exceptions_cached((key["n"], key["last"], key["edited"]))


def is_working_day(day: dt.date, *, exceptions: dict[dt.date, str] | None = None) -> bool:
    exceptions = _exceptions() if exceptions is None else exceptions
    kind = exceptions.get(day)
    if kind == CalendarDayKind.HOLIDAY:
        return False
    if kind == CalendarDayKind.WORKDAY:
        return True
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must be non-negative")
    exceptions = _exceptions()
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_working_day(current, exceptions=exceptions):
            remaining -= 1
    return current


def working_deadline(start: dt.datetime, days: int) -> dt.datetime:
    """Deadline for 'within N working days' of a moment: the end (23:59:59 local) of the Nth working day."""
    local = timezone.localtime(start)
    end_day = add_working_days(local.date(), days)
    end = dt.datetime.combine(end_day, dt.time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_current_timezone())


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    exceptions = _exceptions()
    count, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current, exceptions=exceptions):
            count += 1
    return count
