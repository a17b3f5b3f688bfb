"""Item list API (/api/v1/catalog/...). Lists are public to every logged-in user."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from . import selectors

router = Router(tags=["事项清单"])


class VersionOut(Schema):
    id: int
    level: str
    name: str
    year: int
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    is_demo: bool


class ItemOut(Schema):
    code: str
    list_type: str
    name: str
    category: str
    legal_basis: str
    responsible_department: str
    keywords: str
    funds_follow_task: bool
    alternative_channel: str


@router.get("/versions", response=list[VersionOut], summary="清单版本")
def versions(request: HttpRequest, level: str | None = None) -> list:
    return list(selectors.versions(level=level))


@router.get("/versions/{version_id}/items", response=list[ItemOut], summary="版本内的事项")
def items(request: HttpRequest, version_id: int, list_type: str | None = None) -> list:
    qs = selectors.version_get(version_id=version_id).items.all()
    return list(qs.filter(list_type=list_type) if list_type else qs)
