from django.db import migrations

RULES = [
    ("refuse_negative", "负面清单事项一律不予准入"),
    ("refuse_certificate", "证明事项清单内的证明不由社区出具，告知替代渠道"),
    ("not_required", "依法履职事项是社区自身工作，无需准入"),
    ("fast_track", "协助事项走快速通道（较短审核时限）"),
]


def seed(apps, schema_editor):
    PrecheckRule = apps.get_model("admission", "PrecheckRule")
    for decision, note in RULES:
        PrecheckRule.objects.get_or_create(decision=decision, defaults={"mode": "enforce", "note": note})


class Migration(migrations.Migration):
    dependencies = [("admission", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
