"""Seed the "4+2" template for communities and villages, and the 5 MB photo limit (all configuration).

The published article calls the outside standard "4+2" but names three signs (party organisation,
residents'/villagers' committee, affairs-supervision committee) and two marks (party-and-people service
centre, new-era civilisation practice station). Villages commonly hang a fourth sign for the village
collective economic organisation, so the village template has it; the community template keeps the three
named signs and leaves the fourth slot to local configuration.
"""

import datetime as dt

from django.db import migrations

NOTE = (
    "公开报道称室外标准为“4+2”，点名标牌 3 块（党组织、居（村）民委员会、居（村）务监督委员会）"
    "和标识 2 个（党群服务中心、新时代文明实践站）。村模板按通行做法增补第 4 块标牌“村集体经济组织”；"
    "社区模板按报道原样配置，第 4 块标牌留待本地按需增补。室内：醒目位置设服务指南，一室一牌。"
)
COMMUNITY = [
    ("party", "sign", "社区党组织", "中国共产党{name}委员会"),
    ("committee", "sign", "社区居民委员会", "{name}居民委员会"),
    ("supervision", "sign", "居务监督委员会", "{name}居务监督委员会"),
    ("service_center", "mark", "党群服务中心", "{name}党群服务中心"),
    ("civilization", "mark", "新时代文明实践站", "{name}新时代文明实践站"),
]
VILLAGE = [
    ("party", "sign", "村党组织", "中国共产党{name}委员会"),
    ("committee", "sign", "村民委员会", "{name}村民委员会"),
    ("supervision", "sign", "村务监督委员会", "{name}村务监督委员会"),
    ("collective", "sign", "村集体经济组织", "{name}股份经济合作社"),
    ("service_center", "mark", "党群服务中心", "{name}党群服务中心"),
    ("civilization", "mark", "新时代文明实践站", "{name}新时代文明实践站"),
]


def seed(apps, schema_editor):
    SignTemplate = apps.get_model("signage", "SignTemplate")
    SignTemplateItem = apps.get_model("signage", "SignTemplateItem")
    SignagePolicy = apps.get_model("signage", "SignagePolicy")
    for applies_to, items in (("community", COMMUNITY), ("village", VILLAGE)):
        if SignTemplate.objects.filter(applies_to=applies_to).exists():
            continue
        template = SignTemplate.objects.create(
            applies_to=applies_to, name="4+2", effective_from=dt.date(2019, 1, 1), note=NOTE
        )
        SignTemplateItem.objects.bulk_create(
            SignTemplateItem(template=template, key=k, kind=kind, name=n, text_pattern=p, sort=i)
            for i, (k, kind, n, p) in enumerate(items, start=1)
        )
    if not SignagePolicy.objects.exists():
        SignagePolicy.objects.create(max_photo_kb=5 * 1024)


class Migration(migrations.Migration):
    dependencies = [("signage", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
