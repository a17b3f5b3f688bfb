"""Seed the default report limits (Nanjing Gulou practice, DOMAIN.md): sign 1 h, contact 24 h, report 3/5 working days."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    TimeLimit = apps.get_model("dispatch", "TimeLimit")
    if TimeLimit.objects.exists():
        return
    for urgency, days in (("urgent", 3), ("normal", 5)):
        TimeLimit.objects.create(
            urgency=urgency,
            sign_hours=1,
            contact_hours=24,
            report_working_days=days,
            effective_from=dt.date(2019, 1, 1),
            note="默认：1 小时签收、24 小时联系、紧急 3 个工作日 / 一般 5 个工作日反馈",
        )


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
