"""Sign register API (/api/v1/signage/...), scoped like the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from . import selectors

router = Router(tags=["标牌台账"])


class ComplianceOut(Schema):
    compliant: bool
    missing: list[str]
    extra: int
    crowded_rooms: int
    guide_missing: bool
    pending_removal: int
    removed_signs: int
    removed_boards: int


class FacilityOut(Schema):
    id: int
    name: str
    unit: str
    unit_code: str
    is_synthetic: bool
    compliance: ComplianceOut


class SignOut(Schema):
    id: int
    kind: str
    text: str
    place: str
    standard_key: str
    belongs_to: str
    status: str
    removed_on: dt.date | None
    has_photo: bool
    has_removal_photo: bool


class FacilityDetailOut(FacilityOut):
    signs: list[SignOut]


class CleanupOut(Schema):
    code: str
    name: str
    level: str
    facilities: int
    removed_signs: int
    removed_boards: int
    pending: int


def _compliance(c: selectors.Compliance) -> dict:
    return {
        "compliant": c.is_compliant,
        "missing": [i.name for i in c.missing],
        "extra": c.extra,
        "crowded_rooms": c.crowded,
        "guide_missing": c.guide_missing,
        "pending_removal": c.pending_removal,
        "removed_signs": c.removed_signs,
        "removed_boards": c.removed_boards,
    }


def _facility(f, c) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": f.pk,
        "name": f.name,
        "unit": f.unit.name,
        "unit_code": f.unit.code,
        "is_synthetic": f.is_synthetic,
        "compliance": _compliance(c),
    }


@router.get("/facilities", response=list[FacilityOut], summary="可见阵地及其达标情况")
def facilities(request: HttpRequest, street_id: int | None = None, limit: int = 200) -> list[dict]:
    qs = selectors.facilities_visible(user=request.user)
    if street_id:
        qs = qs.filter(unit__parent_id=street_id)
    rows = list(qs[: min(max(limit, 1), 1000)])
    results = selectors.compliance_for(rows)
    return [_facility(f, results[f.pk]) for f in rows]


@router.get("/facilities/{facility_id}", response=FacilityDetailOut, summary="阵地台账")
def facility(request: HttpRequest, facility_id: int) -> dict:
    found = selectors.facility_get(user=request.user, facility_id=facility_id)
    signs = [
        {
            "id": s.pk,
            "kind": s.kind,
            "text": s.text,
            "place": s.place_label,
            "standard_key": s.standard_key,
            "belongs_to": s.belongs_to,
            "status": s.status,
            "removed_on": s.removed_on,
            "has_photo": bool(s.photo),
            "has_removal_photo": bool(s.removal_photo),
        }
        for s in found.signs.select_related("room")
    ]
    return {**_facility(found, selectors.facility_compliance(found)), "signs": signs}


@router.get("/cleanup", response=list[CleanupOut], summary="按区县、街道统计的清理数")
def cleanup(request: HttpRequest) -> list[dict]:
    figures = selectors.cleanup_figures(user=request.user)
    rows = []
    for level, items in (("district", figures["districts"]), ("street", figures["streets"])):
        for r in items:
            rows.append(
                {
                    "code": r.unit.code,
                    "name": r.unit.name,
                    "level": level,
                    "facilities": r.facilities,
                    "removed_signs": r.removed_signs,
                    "removed_boards": r.removed_boards,
                    "pending": r.pending,
                }
            )
    return rows
