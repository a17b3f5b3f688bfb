"""Seed the published holiday schedules (国务院办公厅通知). Later years are added in the admin."""

import datetime as dt

from django.db import migrations


def _span(start, end):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


HOLIDAYS = [
    ("元旦", dt.date(2025, 1, 1), dt.date(2025, 1, 1)),
    ("春节", dt.date(2025, 1, 28), dt.date(2025, 2, 4)),
    ("清明节", dt.date(2025, 4, 4), dt.date(2025, 4, 6)),
    ("劳动节", dt.date(2025, 5, 1), dt.date(2025, 5, 5)),
    ("端午节", dt.date(2025, 5, 31), dt.date(2025, 6, 2)),
    ("国庆节、中秋节", dt.date(2025, 10, 1), dt.date(2025, 10, 8)),
    ("元旦", dt.date(2026, 1, 1), dt.date(2026, 1, 3)),
    ("春节", dt.date(2026, 2, 15), dt.date(2026, 2, 23)),
    ("清明节", dt.date(2026, 4, 4), dt.date(2026, 4, 6)),
    ("劳动节", dt.date(2026, 5, 1), dt.date(2026, 5, 5)),
    ("端午节", dt.date(2026, 6, 19), dt.date(2026, 6, 21)),
    ("中秋节", dt.date(2026, 9, 25), dt.date(2026, 9, 27)),
    ("国庆节", dt.date(2026, 10, 1), dt.date(2026, 10, 7)),
]
MAKEUP_WORKDAYS = [
    ("春节调休", dt.date(2025, 1, 26)), ("春节调休", dt.date(2025, 2, 8)),
    ("劳动节调休", dt.date(2025, 4, 27)), ("国庆节调休", dt.date(2025, 9, 28)),
    ("国庆节调休", dt.date(2025, 10, 11)),
    ("元旦调休", dt.date(2026, 1, 4)), ("春节调休", dt.date(2026, 2, 14)), ("春节调休", dt.date(2026, 2, 28)),
    ("劳动节调休", dt.date(2026, 5, 9)), ("国庆节调休", dt.date(2026, 9, 20)),
    ("国庆节调休", dt.date(2026, 10, 10)),
]


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    rows = [CalendarDay(date=d, kind="holiday", name=name) for name, a, b in HOLIDAYS for d in _span(a, b)]
    rows += [CalendarDay(date=d, kind="workday", name=name) for name, d in MAKEUP_WORKDAYS]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarDay").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendar_day")]
    operations = [migrations.RunPython(seed, unseed)]
