from django.db import migrations

BASIS = (
    "《中华人民共和国城市居民委员会组织法》第三条；民政部等六部门《关于改进和规范基层群众性自治组织"
    "出具证明工作的指导意见》（2020）：对居民委员会掌握的情况，可以出具证明"
)
ALLOWED = [
    ("YX-01", "居住证明", "居住、住址、在本社区居住、实际居住", "申请人身份证件；社区掌握的居住情况（入户走访、网格台账）"),
    ("YX-02", "参加社区活动证明", "社区活动、参加活动、社区服务", "社区组织的活动记录"),
    ("YX-03", "在职党员到社区报到情况反馈", "在职党员、党员报到、双报到", "社区党组织掌握的报到和服务记录"),
    ("YX-04", "社区志愿服务证明", "志愿服务、志愿者、服务时长", "社区志愿服务记录（时长以登记为准）"),
]


def seed(apps, schema_editor):
    AllowedCertificate = apps.get_model("assessment", "AllowedCertificate")
    NoticeSettings = apps.get_model("assessment", "NoticeSettings")
    for order, (code, name, keywords, conditions) in enumerate(ALLOWED, start=1):
        AllowedCertificate.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "keywords": keywords,
                "legal_basis": BASIS,
                "conditions": conditions,
                "sort_order": order,
            },
        )
    if not NoticeSettings.objects.exists():
        NoticeSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
