"""Assessment API (/api/v1/assessment/...): direct reports (scoped, reporter masked), scores, certificates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from jianfu.core.models import Role

from . import selectors
from .models import AssessmentScheme
from .scoring import scheme_scores
from .services import certificate_check

router = Router(tags=["直报与考核"])


class ReportOut(Schema):
    id: int
    number: str
    department: str
    channel: str
    occurred_on: dt.date
    content: str
    year: int
    status: str
    suggestion: str
    violation_type: str
    reporter_unit: str | None
    reporter: str | None
    identity_withheld: bool
    appeal_deadline: dt.datetime | None
    merged_into: str | None


class ScoreOut(Schema):
    department: str
    department_code: str
    weighted: float
    violations: int
    deductions: float
    final: float
    rank: int


class CertificateIn(Schema):
    text: str


@router.get(
    "/reports",
    response=list[ReportOut],
    summary="直报（仅管辖范围内；部门只见本部门，隐去身份的不含报告单位）",
)
def reports(request: HttpRequest, year: int | None = None, status: str | None = None) -> list:
    qs = selectors.reports_visible(user=request.user)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return [selectors.report_row(user=request.user, report=r) for r in qs[:500]]


@router.get("/reports/{report_id}", response=ReportOut, summary="直报详情")
def report(request: HttpRequest, report_id: int) -> dict:
    return selectors.report_row(
        user=request.user, report=selectors.report_get(user=request.user, report_id=report_id)
    )


@router.get("/scores/{year}", response=list[ScoreOut], summary="年度部门考核得分与排名（部门只见本部门）")
def scores(request: HttpRequest, year: int) -> list:
    user = request.user
    if user.role not in (
        Role.CITY_OFFICE,
        Role.DISTRICT_OFFICE,
        Role.STREET_OFFICE,
        Role.AUDITOR,
        Role.ADMIN,
        Role.DEPARTMENT,
    ):
        raise HttpError(403, "部门考核只对减负办、审计员和职能部门开放。")
    scheme = AssessmentScheme.objects.filter(year=year).first()
    if scheme is None:
        raise HttpError(404, f"没有 {year} 年度的考核方案")
    rows = scheme_scores(scheme)
    if user.role == Role.DEPARTMENT:
        rows = [s for s in rows if s.department.pk == user.department_id]
    return [
        {
            "department": s.department.name,
            "department_code": s.department.code,
            "weighted": float(s.weighted),
            "violations": s.violations,
            "deductions": float(s.deductions),
            "final": float(s.final),
            "rank": s.rank,
        }
        for s in rows
    ]


@router.post("/certificates/check", auth=None, summary="证明事项查询：社区能否出具（公开，无需登录）")
def certificates_check(request: HttpRequest, payload: CertificateIn) -> dict:
    try:
        return certificate_check(text=payload.text).as_dict()
    except ValidationError as exc:
        raise HttpError(400, "；".join(exc.messages)) from exc
