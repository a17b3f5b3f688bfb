"""Admission API (/api/v1/admission/...): the pre-check, the task check and the registry, scoped to the caller."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from . import selectors
from .models import PrecheckSource, RegistryStatus
from .services import precheck_run
from .services.task_check import task_check

router = Router(tags=["准入"])


class TextIn(Schema):
    text: str
    level: str = "community"


class RegistryOut(Schema):
    id: int
    number: str
    title: str
    tasks: str
    department: str
    level: str
    valid_from: dt.date
    valid_to: dt.date
    hours_per_month: float
    funding_attached: bool
    status: str
    state: str


def _entry(e) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": e.pk,
        "number": e.number,
        "title": e.title,
        "tasks": e.tasks,
        "department": e.department.name,
        "level": e.level,
        "valid_from": e.valid_from,
        "valid_to": e.valid_to,
        "hours_per_month": float(e.hours_per_month),
        "funding_attached": e.funding_attached,
        "status": e.status,
        "state": e.state_label,
    }


@router.post("/precheck", summary="准入预审：匹配清单并给出结论（记录日志）")
def precheck(request: HttpRequest, payload: TextIn) -> dict:
    try:
        outcome = precheck_run(
            actor=request.user, text=payload.text, level=payload.level, source=PrecheckSource.API
        )
    except ValidationError as exc:
        raise HttpError(400, "；".join(exc.messages)) from exc
    return outcome.as_dict()


@router.post("/check", summary="社区核验收到的任务：比对准入事项目录和清单")
def check(request: HttpRequest, payload: TextIn) -> dict:
    try:
        return task_check(actor=request.user, text=payload.text, level=payload.level).as_dict()
    except ValidationError as exc:
        raise HttpError(400, "；".join(exc.messages)) from exc


@router.get("/registry", response=list[RegistryOut], summary="准入事项目录（仅管辖范围内）")
def registry(request: HttpRequest, state: str = "in_force", community_id: int | None = None) -> list:
    qs = selectors.registry_visible(user=request.user)
    if state == "in_force":
        qs = selectors.registry_in_force(qs)
    elif state == "revoked":
        qs = qs.filter(status=RegistryStatus.REVOKED)
    if community_id is not None:
        community = selectors.communities_visible(user=request.user).filter(pk=community_id).first()
        if community is None:
            raise HttpError(404, "没有这个社区，或不在您的管辖范围内")
        qs = qs.filter(communities=community)
    return [_entry(e) for e in qs[:500]]


@router.get("/registry/{entry_id}", response=RegistryOut, summary="准入事项详情")
def registry_entry(request: HttpRequest, entry_id: int) -> dict:
    return _entry(selectors.registry_entry_get(user=request.user, entry_id=entry_id))
