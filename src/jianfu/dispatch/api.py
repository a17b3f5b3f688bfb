"""吹哨报到 API (/api/v1/dispatch/...), scoped like the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from jianfu.core.models import Role
from jianfu.core.scope import has_role

from . import selectors

router = Router(tags=["吹哨报到"])


class AssignmentOut(Schema):
    id: int
    department: str
    department_code: str
    status: str
    assigned_at: dt.datetime
    sign_due: dt.datetime
    contact_due: dt.datetime
    report_due: dt.datetime
    signed_at: dt.datetime | None
    contacted_at: dt.datetime | None
    reported_at: dt.datetime | None
    overdue: list[str]
    ratings: dict[str, int]


class WhistleOut(Schema):
    id: int
    number: str
    title: str
    category: str
    urgency: str
    street: str
    place: str
    place_code: str
    status: str
    whistled_at: dt.datetime
    is_synthetic: bool


class WhistleDetailOut(WhistleOut):
    description: str
    assignments: list[AssignmentOut]


class ScoreOut(Schema):
    department_id: int
    department_code: str
    department_name: str
    assigned: int
    reported: int
    declined: int
    overdue: int
    settled: int
    on_time: int
    on_time_rate: float | None
    average_rating: float | None
    rating_count: int


def _whistle(w) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": w.pk,
        "number": w.number,
        "title": w.title,
        "category": w.category,
        "urgency": w.urgency,
        "street": w.street.name,
        "place": w.place.name,
        "place_code": w.place.code,
        "status": w.status,
        "whistled_at": w.whistled_at,
        "is_synthetic": w.is_synthetic,
    }


@router.get("/whistles", response=list[WhistleOut], summary="可见的吹哨事项")
def whistles(
    request: HttpRequest, status: str = "", category: str = "", overdue: bool = False, limit: int = 100
) -> list[dict]:
    qs = selectors.whistles_filtered(user=request.user, status=status, category=category, overdue=overdue)
    return [_whistle(w) for w in qs[: min(max(limit, 1), 500)]]


@router.get("/whistles/{whistle_id}", response=WhistleDetailOut, summary="吹哨事项详情与各部门报到")
def whistle(request: HttpRequest, whistle_id: int) -> dict:
    found = selectors.whistle_get(user=request.user, whistle_id=whistle_id)
    assignments = [
        {
            "id": a.pk,
            "department": a.department.name,
            "department_code": a.department.code,
            "status": a.status,
            "assigned_at": a.assigned_at,
            "sign_due": a.sign_due,
            "contact_due": a.contact_due,
            "report_due": a.report_due,
            "signed_at": a.signed_at,
            "contacted_at": a.contacted_at,
            "reported_at": a.reported_at,
            "overdue": a.overdue_stages(),
            "ratings": {r.rater_role: r.score for r in a.ratings.all()},
        }
        for a in selectors.whistle_assignments(found)
    ]
    return {**_whistle(found), "description": found.description, "assignments": assignments}


@router.get("/scores", response=list[ScoreOut], summary="部门报到考核数据（按时率、平均评分、超时数）")
def scores(request: HttpRequest, year: int) -> list[dict]:
    user = request.user
    if has_role(user, Role.CITY_OFFICE, Role.AUDITOR):
        rows = selectors.department_dispatch_scores(year=year)
    elif user.role == Role.DEPARTMENT:
        rows = [
            s
            for s in selectors.department_dispatch_scores(year=year)
            if s.department_id == user.department_id
        ]
    else:
        raise HttpError(403, "只有市级减负办、审计员和部门本身可以查看部门考核数据。")
    return [{**s.__dict__, "on_time_rate": s.on_time_rate} for s in rows]
