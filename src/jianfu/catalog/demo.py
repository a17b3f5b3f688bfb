"""Demo item lists: the current community and village editions and a community 'before' edition.

Demo content (marked is_demo, shown with the 模拟数据 badge). Safe to run twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .demo_lists import before_rows, demo_rows
from .models import CatalogVersion, ListLevel
from .services import version_import, version_publish

BEFORE_FROM = dt.date(2023, 1, 1)
CURRENT_FROM = dt.date(2024, 7, 1)


@transaction.atomic
def catalog_load() -> dict[str, int]:
    created = 0
    if not CatalogVersion.objects.filter(level=ListLevel.COMMUNITY, is_demo=True).exists():
        before = version_import(
            actor=None,
            rows=before_rows(),
            level=ListLevel.COMMUNITY,
            name="2023年版（精简前）",
            year=2023,
            note="演示内容：精简前社区工作事项 140 项",
            is_demo=True,
        )
        version_publish(actor=None, version=before, effective_from=BEFORE_FROM)
        current = version_import(
            actor=None,
            rows=demo_rows(ListLevel.COMMUNITY),
            level=ListLevel.COMMUNITY,
            name="2024年版",
            year=2024,
            note="演示内容：依法履职 18 项、协助 61 项、负面 24 项、证明 20 项",
            is_demo=True,
        )
        version_publish(actor=None, version=current, effective_from=CURRENT_FROM)
        created += 2
    if not CatalogVersion.objects.filter(level=ListLevel.VILLAGE, is_demo=True).exists():
        village = version_import(
            actor=None,
            rows=demo_rows(ListLevel.VILLAGE),
            level=ListLevel.VILLAGE,
            name="2024年版",
            year=2024,
            note="演示内容：依法履职 51 项、协助 21 项、证明 20 项、负面 9 项",
            is_demo=True,
        )
        version_publish(actor=None, version=village, effective_from=CURRENT_FROM)
        created += 1
    return {"versions_created": created}
