from __future__ import annotations

import datetime as dt

from jianfu.catalog.demo_lists import before_rows, demo_rows
from jianfu.catalog.models import CatalogVersion
from jianfu.catalog.services import version_import, version_publish


def publish_lists(level: str = "community", *, on: dt.date = dt.date(2024, 7, 1)) -> CatalogVersion:
    version = version_import(actor=None, rows=demo_rows(level), level=level, name="2024年版", year=2024)
    return version_publish(actor=None, version=version, effective_from=on)


def publish_before_and_current() -> tuple[CatalogVersion, CatalogVersion]:
    before = version_import(actor=None, rows=before_rows(), level="community", name="2023年版", year=2023)
    version_publish(actor=None, version=before, effective_from=dt.date(2023, 1, 1))
    return before, publish_lists("community")
