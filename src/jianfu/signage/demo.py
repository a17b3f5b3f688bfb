"""Synthetic sign register for the demo: every community of the four urban districts and some villages.

Facilities, rooms and signs are invented (labelled 模拟数据 in the UI); most old signs and wall boards
are already removed so the clean-up figures are non-trivial, and some facilities still fall short.
Safe to run twice; bulk inserts keep it to a couple of seconds.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from jianfu.core.audit import audit_record
from jianfu.regions.models import Unit

from .models import Facility, Room, Sign, SignKind, SignStatus, place_kind_of
from .selectors import templates_current

URBAN_DISTRICT_PREFIXES = ("150102", "150103", "150104", "150105")
DEMO_VILLAGES = 40
ROOMS = ["便民服务大厅", "党员活动室", "多功能活动室", "图书阅览室", "日间照料室", "人民调解室", "网格工作站"]
# Typical signs that piled up outside service centres before the clean-up.
OLD_OUTSIDE = [
    "{name}创建全国文明城市工作站",
    "{name}老年人协会",
    "{name}禁毒工作站",
    "{name}科普e站",
    "{name}关心下一代工作委员会",
    "{name}食品安全宣传站",
    "{name}统计工作站",
    "{name}残疾人协会",
    "{name}计划生育协会",
    "{name}消防安全工作站",
    "{name}综治维稳工作站",
    "{name}妇女之家",
]
OLD_ROOM = ["党风廉政建设室", "档案室", "心理咨询室", "普法宣传室", "志愿者服务站"]
BOARDS = [
    "工作职责",
    "工作制度",
    "岗位职责",
    "考核细则",
    "值班制度",
    "议事规则",
    "组织架构图",
    "目标责任书",
    "应急预案流程图",
]
BODIES = ["社区居委会", "街道办事处", "区民政局", "区卫生健康委", "区司法局", "区应急管理局", "区统计局"]


def _removed_on(rng: random.Random) -> dt.date:
    return dt.date(2024, 3, 1) + dt.timedelta(days=rng.randrange(0, 540))


def _demo_units() -> list[Unit]:
    current = Unit.objects.current()
    communities = [
        u for u in current.filter(kind="社区").order_by("code") if u.code[:6] in URBAN_DISTRICT_PREFIXES
    ]
    villages = [
        u for u in current.filter(kind="村").order_by("code") if u.code[:6] in URBAN_DISTRICT_PREFIXES
    ]
    return communities + villages[:DEMO_VILLAGES]


def _signs_for(facility: Facility, rooms: list[Room], rng: random.Random, templates: dict) -> list[Sign]:
    unit = facility.unit
    template = templates[place_kind_of(unit.kind)]
    signs: list[Sign] = []

    def add(kind: str, text: str, *, room: Room | None = None, status: str = SignStatus.KEPT, **kw) -> None:
        removed_on = _removed_on(rng) if status == SignStatus.REMOVED else None
        signs.append(
            Sign(
                facility=facility,
                room=room,
                kind=kind,
                text=text,
                status=status,
                removed_on=removed_on,
                is_synthetic=True,
                **kw,
            )
        )

    for item in template.items.all() if template else []:
        if rng.random() < 0.06:
            continue  # a few facilities still miss a standard sign
        add(item.kind, item.text_for(unit.name), standard_key=item.key, belongs_to=item.name)
    for pattern in rng.sample(OLD_OUTSIDE, rng.randint(4, 9)):
        roll = rng.random()
        status = (
            SignStatus.REMOVED if roll < 0.85 else SignStatus.TO_REMOVE if roll < 0.95 else SignStatus.KEPT
        )
        add(SignKind.SIGN, pattern.format(name=unit.name), status=status, belongs_to=rng.choice(BODIES))
    for room in rooms:
        add(SignKind.SIGN, room.name, room=room, belongs_to="阵地功能室")
        if rng.random() < 0.5:
            status = SignStatus.REMOVED if rng.random() < 0.85 else SignStatus.KEPT
            add(SignKind.SIGN, rng.choice(OLD_ROOM), room=room, status=status, belongs_to=rng.choice(BODIES))
        for board in rng.sample(BOARDS, rng.randint(0, 3)):
            status = SignStatus.REMOVED if rng.random() < 0.8 else SignStatus.KEPT
            add(SignKind.BOARD, f"{rng.choice(BODIES)}{board}", room=room, status=status)
    if rooms and rng.random() < 0.9:
        add(SignKind.GUIDE, f"{unit.name}便民服务指南", room=rooms[0], belongs_to="社区居委会")
    return signs


@transaction.atomic
def signage_load() -> dict[str, int]:
    if Facility.objects.filter(is_synthetic=True).exists():
        return {"facilities_created": 0}
    rng = random.Random(20250108)
    templates = templates_current()
    units = _demo_units()
    facilities = Facility.objects.bulk_create(
        Facility(
            unit=unit,
            name=f"{unit.name}党群服务中心",
            address=f"{unit.parent.name if unit.parent_id else ''}{unit.name}（模拟地址）",
            is_synthetic=True,
        )
        for unit in Unit.objects.filter(pk__in=[u.pk for u in units])
        .select_related("parent")
        .order_by("code")
    )
    room_rows = [
        Room(facility=f, name=name, sort=i)
        for f in facilities
        for i, name in enumerate(rng.sample(ROOMS, rng.randint(2, 4)), start=1)
    ]
    Room.objects.bulk_create(room_rows, batch_size=1000)
    rooms_by_facility: dict[int, list[Room]] = {}
    for room in Room.objects.filter(facility__in=facilities).order_by("facility_id", "sort"):
        rooms_by_facility.setdefault(room.facility_id, []).append(room)
    signs: list[Sign] = []
    for facility in facilities:
        signs.extend(_signs_for(facility, rooms_by_facility.get(facility.pk, []), rng, templates))
    Sign.objects.bulk_create(signs, batch_size=1000)
    audit_record(
        actor=None,
        action="demo.load_signage",
        target_type="signage.Facility",
        target_repr="标牌台账模拟数据",
        after={"facilities": len(facilities), "rooms": len(room_rows), "signs": len(signs)},
    )
    return {"facilities_created": len(facilities), "signs_created": len(signs)}
