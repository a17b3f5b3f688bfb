"""Workforce figures API (/api/v1/workforce/...), scoped to the caller like every page."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from jianfu.core.models import Role
from jianfu.core.scope import has_role

from . import figures

router = Router(tags=["社区工作者"])
ROLES = (Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.STREET_OFFICE, Role.COMMUNITY, Role.AUDITOR)


class RatioOut(Schema):
    unit_id: int
    unit_name: str
    code: str
    workers: int
    residents: int | None
    residents_synthetic: bool
    ratio: float | None
    target: float
    gap: int | None


class StaffingOut(Schema):
    unit_id: int
    unit_name: str
    households: int | None
    norm: int | None
    counted: int
    total: int
    shortfall: int


def _require(request: HttpRequest) -> None:
    if not has_role(request.user, *ROLES):
        raise PermissionError("社区工作者数据只向减负办、街道和社区开放。")


@router.get("/headcount", summary="在岗人数、学历、年龄、月薪与调级统计")
def headcount(request: HttpRequest) -> dict:
    _require(request)
    return figures.dashboard_figures(user=request.user)


@router.get("/ratio", response=list[RatioOut], summary="每万城镇常住人口社区工作者数（市、区县）")
def ratio(request: HttpRequest) -> list[dict]:
    _require(request)
    return [
        {"unit_id": r.unit.id, "unit_name": r.unit.name, "code": r.unit.code, "workers": r.workers,
         "residents": r.residents, "residents_synthetic": r.residents_synthetic, "ratio": r.ratio,
         "target": float(r.target), "gap": r.gap}
        for r in figures.ratio_rows(user=request.user)
    ]  # fmt: skip


@router.get("/staffing", response=list[StaffingOut], summary="各社区配备标准与缺口")
def staffing(request: HttpRequest) -> list[dict]:
    _require(request)
    return [
        {"unit_id": r.unit.id, "unit_name": r.unit.name, "households": r.households, "norm": r.norm,
         "counted": r.counted, "total": r.total, "shortfall": r.shortfall}
        for r in figures.staffing_rows(user=request.user)
    ]  # fmt: skip
