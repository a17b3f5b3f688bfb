"""Reads of the sign register: scoped facilities, compliance against the template, clean-up figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jianfu.core.models import User
from jianfu.core.scope import filter_in_scope
from jianfu.regions.models import Unit

from .models import (
    HANGING,
    SIGN_KINDS,
    Facility,
    PlaceKind,
    Room,
    Sign,
    SignagePolicy,
    SignKind,
    SignStatus,
    SignTemplate,
    SignTemplateItem,
)


def template_current(place_kind: str, *, on: dt.date | None = None) -> SignTemplate | None:
    on = on or timezone.localdate()
    return (
        SignTemplate.objects.filter(applies_to=place_kind, effective_from__lte=on)
        .prefetch_related("items")
        .order_by("-effective_from", "-id")
        .first()
    )


def templates_current() -> dict[str, SignTemplate | None]:
    return {kind: template_current(kind) for kind in PlaceKind.values}


def policy_current() -> SignagePolicy:
    return SignagePolicy.objects.order_by("-id").first() or SignagePolicy()


def facilities_visible(*, user: User) -> QuerySet[Facility]:
    qs = Facility.objects.select_related("unit", "unit__parent", "unit__parent__parent")
    return filter_in_scope(qs, user, "unit__code")


def facility_get(*, user: User, facility_id: int) -> Facility:
    """A facility by id, or 404 when missing or outside the user's area."""
    facility = facilities_visible(user=user).filter(pk=facility_id).first()
    if facility is None:
        raise Http404("阵地不存在或不在您的管辖范围内")
    return facility


def sign_get(*, user: User, sign_id: int) -> Sign:
    """A sign by id, or 404 when missing or at a facility outside the user's area."""
    signs = filter_in_scope(
        Sign.objects.select_related("facility__unit", "room"), user, "facility__unit__code"
    )
    sign = signs.filter(pk=sign_id).first()
    if sign is None:
        raise Http404("标牌不存在或不在您的管辖范围内")
    return sign


def facility_rooms(facility: Facility) -> list[Room]:
    signs = Sign.objects.order_by("status", "id")
    return list(facility.rooms.prefetch_related(Prefetch("signs", queryset=signs)).order_by("sort", "id"))


@dataclass
class Compliance:
    """How one facility stands against its template. Only hanging signs (kept or to remove) count."""

    missing: list[SignTemplateItem] = field(default_factory=list)
    extra_sign_ids: list[int] = field(default_factory=list)
    crowded_room_ids: dict[int, int] = field(default_factory=dict)
    guide_missing: bool = False
    pending_removal: int = 0
    removed_signs: int = 0
    removed_boards: int = 0
    has_template: bool = True

    @property
    def extra(self) -> int:
        return len(self.extra_sign_ids)

    @property
    def crowded(self) -> int:
        return len(self.crowded_room_ids)

    @property
    def problems(self) -> int:
        return len(self.missing) + self.extra + self.crowded + int(self.guide_missing) + self.pending_removal

    @property
    def is_compliant(self) -> bool:
        return self.has_template and self.problems == 0


@dataclass(frozen=True)
class SignRow:
    id: int
    room_id: int | None
    kind: str
    standard_key: str
    status: str


def compliance_compute(rows: Iterable[SignRow], template: SignTemplate | None) -> Compliance:
    """Pure check of a facility's signs against a template (no queries beyond the prefetched items)."""
    result = Compliance(has_template=template is not None)
    items = list(template.items.all()) if template else []
    standard_keys = {item.key for item in items}
    seen_keys: set[str] = set()
    per_room: Counter[int] = Counter()
    has_guide = False
    for row in sorted(rows, key=lambda r: r.id):
        if row.status == SignStatus.REMOVED:
            if row.kind == SignKind.BOARD:
                result.removed_boards += 1
            else:
                result.removed_signs += 1
            continue
        if row.status == SignStatus.TO_REMOVE:
            result.pending_removal += 1
        if row.kind == SignKind.GUIDE:
            has_guide = True
        if row.room_id is None and row.kind in (SignKind.SIGN, SignKind.MARK):
            # The first hanging sign for a standard item fulfils it; any other outside sign is extra.
            if row.standard_key in standard_keys and row.standard_key not in seen_keys:
                seen_keys.add(row.standard_key)
            else:
                result.extra_sign_ids.append(row.id)
        elif row.room_id is not None and row.kind in (SignKind.SIGN, SignKind.MARK):
            per_room[row.room_id] += 1
    result.missing = [item for item in items if item.key not in seen_keys]
    limit = template.max_signs_per_room if template else 1
    result.crowded_room_ids = {room: n for room, n in per_room.items() if n > limit}
    result.guide_missing = bool(template and template.service_guide_required and not has_guide)
    return result


def _rows(qs: QuerySet[Sign]) -> Iterable[tuple[int, SignRow]]:
    for values in qs.values_list("facility_id", "id", "room_id", "kind", "standard_key", "status"):
        yield values[0], SignRow(*values[1:])


def facility_compliance(facility: Facility, *, template: SignTemplate | None = None) -> Compliance:
    template = template or template_current(facility.place_kind)
    rows = [row for _, row in _rows(Sign.objects.filter(facility=facility))]
    return compliance_compute(rows, template)


def compliance_for(facilities: list[Facility]) -> dict[int, Compliance]:
    """Compliance of many facilities with one query for their signs."""
    templates = templates_current()
    by_facility: dict[int, list[SignRow]] = defaultdict(list)
    for facility_id, row in _rows(Sign.objects.filter(facility__in=[f.pk for f in facilities])):
        by_facility[facility_id].append(row)
    return {f.pk: compliance_compute(by_facility[f.pk], templates[f.place_kind]) for f in facilities}


@dataclass
class CleanupRow:
    unit: Unit
    removed_signs: int = 0
    removed_boards: int = 0
    pending: int = 0
    hanging_boards: int = 0
    facilities: int = 0


_CLEANUP_COUNTS = {
    "removed_signs": Count("id", filter=Q(status=SignStatus.REMOVED, kind__in=SIGN_KINDS)),
    "removed_boards": Count("id", filter=Q(status=SignStatus.REMOVED, kind=SignKind.BOARD)),
    "pending": Count("id", filter=Q(status=SignStatus.TO_REMOVE)),
    "hanging_boards": Count("id", filter=Q(status__in=HANGING, kind=SignKind.BOARD)),
}


def cleanup_figures(*, user: User, removed_from: dt.date | None = None) -> dict:
    """Signs and boards removed, by street and by district, computed from the register."""
    signs = filter_in_scope(Sign.objects.all(), user, "facility__unit__code")
    if removed_from:
        signs = signs.filter(Q(removed_on__gte=removed_from) | ~Q(status=SignStatus.REMOVED))
    per_street = list(signs.values("facility__unit__parent_id").annotate(**_CLEANUP_COUNTS))
    facility_counts = dict(
        facilities_visible(user=user)
        .values("unit__parent_id")
        .annotate(n=Count("id"))
        .values_list("unit__parent_id", "n")
    )
    street_ids = {row["facility__unit__parent_id"] for row in per_street} | set(facility_counts)
    streets = {u.pk: u for u in Unit.objects.filter(pk__in=street_ids).select_related("parent")}
    street_rows: list[CleanupRow] = []
    districts: dict[int, CleanupRow] = {}
    total = CleanupRow(unit=Unit(name="合计"))
    counted = {row["facility__unit__parent_id"]: row for row in per_street}
    for street_id, street in streets.items():
        row = CleanupRow(unit=street, facilities=facility_counts.get(street_id, 0))
        for name in _CLEANUP_COUNTS:
            setattr(row, name, counted.get(street_id, {}).get(name, 0))
        street_rows.append(row)
        district = districts.setdefault(street.parent_id, CleanupRow(unit=street.parent))
        for target in (district, total):
            for name in (*_CLEANUP_COUNTS, "facilities"):
                setattr(target, name, getattr(target, name) + getattr(row, name))
    street_rows.sort(key=lambda r: r.unit.code)
    return {
        "streets": street_rows,
        "districts": sorted(districts.values(), key=lambda r: r.unit.code),
        "total": total,
    }


def compliance_overview(*, facilities: list[Facility], results: dict[int, Compliance]) -> dict[str, int]:
    """Totals over `compliance_for(facilities)`, computed once by the caller."""
    return {
        "facilities": len(facilities),
        "compliant": sum(c.is_compliant for c in results.values()),
        "missing": sum(len(c.missing) for c in results.values()),
        "extra": sum(c.extra for c in results.values()),
        "crowded": sum(c.crowded for c in results.values()),
        "guide_missing": sum(c.guide_missing for c in results.values()),
        "pending": sum(c.pending_removal for c in results.values()),
    }
