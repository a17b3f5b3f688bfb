"""Division tree API (/api/v1/regions/...), scoped to the caller like every page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from . import selectors

router = Router(tags=["区划"])


class UnitOut(Schema):
    id: int
    name: str
    code: str
    level: int
    kind: str
    area: str
    parent_id: int | None
    households: int | None
    population: int | None
    figures_synthetic: bool
    code_provisional: bool
    valid_from: dt.date
    valid_to: dt.date | None


class UnitDetailOut(UnitOut):
    centroid_lng: float | None
    centroid_lat: float | None
    size_flag: str


@router.get("/units", response=list[UnitOut], summary="可见的顶层单元")
def roots(request: HttpRequest) -> list:
    from jianfu.core.scope import scope_roots

    return list(scope_roots(request.user))


@router.get("/units/search", response=list[UnitOut], summary="按名称或代码搜索")
def search(request: HttpRequest, q: str, limit: int = 50) -> list:
    return list(selectors.units_search(user=request.user, query=q, limit=min(max(limit, 1), 200)))


@router.get("/units/{unit_id}", response=UnitDetailOut, summary="单元详情")
def unit(request: HttpRequest, unit_id: int) -> dict:
    found = selectors.unit_get(user=request.user, unit_id=unit_id)
    bounds = selectors.size_bounds_current()
    data = UnitOut.from_orm(found).dict()
    data.update(
        centroid_lng=found.centroid_lng,
        centroid_lat=found.centroid_lat,
        size_flag=selectors.unit_size_flag(found, bounds),
    )
    return data


@router.get("/units/{unit_id}/children", response=list[UnitOut], summary="下级单元")
def children(request: HttpRequest, unit_id: int, on: dt.date | None = None) -> list:
    found = selectors.unit_get(user=request.user, unit_id=unit_id)
    return list(selectors.unit_children(user=request.user, unit=found, on=on))


@router.get("/tree", summary="某日的区划树")
def tree(request: HttpRequest, on: dt.date, root_id: int | None = None) -> list:
    root = selectors.unit_get(user=request.user, unit_id=root_id) if root_id else None
    return selectors.tree_as_of(user=request.user, on=on, root=root)
