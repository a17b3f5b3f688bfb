"""Demo whistles: the demo `street` user is a whistle leader; synthetic histories for a few streets.

Every whistle here is synthetic (labelled in the UI). Deadlines come from the same time limits and
working-day calendar as real ones. Safe to run twice.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from jianfu.core.audit import audit_record
from jianfu.core.models import Department, Role, User
from jianfu.regions.models import Level, Unit

from .models import Assignment, AssignmentStatus, RaterRole, Rating, Whistle, WhistleAuthority, WhistleStatus
from .selectors import deadlines_compute, time_limit_current

DEMO_STREETS = ["海拉尔东路街道", "锡林路街道", "东街街道", "西街街道", "中山东路街道", "成吉思汗大街街道"]
PROBLEMS = [
    ("market", "农贸市场周边占道经营", ["D04", "D12"]),
    ("market", "无证小餐饮油烟扰民", ["D04", "D13"]),
    ("environment", "小区垃圾清运不及时", ["D12", "D06"]),
    ("environment", "背街小巷污水外溢", ["D28", "D12"]),
    ("building", "楼顶违法搭建", ["D12", "D17"]),
    ("safety", "老旧小区电动车楼道充电", ["D07", "D05"]),
    ("safety", "燃气管道老化隐患", ["D06", "D07"]),
    ("municipal", "路灯损坏夜间照明不足", ["D12"]),
    ("municipal", "人行道井盖缺失", ["D12", "D06"]),
    ("property", "弃管小区无物业服务", ["D06"]),
    ("dispute", "商铺与居民噪声纠纷", ["D15", "D05"]),
    ("other", "校园周边交通拥堵", ["D05", "D14"]),
]
LEADER_TITLE = "街道党工委书记"
REROUTE_TO = ("D12", "D06", "D05", "D13")


def _leaders(streets: list[Unit]) -> dict[int, User]:
    leaders: dict[int, User] = {}
    demo_street_user = User.objects.filter(username="street").first()
    for i, street in enumerate(streets, start=1):
        user = demo_street_user if demo_street_user and street.name == "海拉尔东路街道" else None
        if user is None:
            user, created = User.objects.get_or_create(
                username=f"leader{i:02d}_demo",
                defaults={"role": Role.STREET_OFFICE, "display_name": f"{street.name} 街道领导（模拟）"},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.scope_units.set([street])
        WhistleAuthority.objects.get_or_create(user=user, defaults={"street": street, "title": LEADER_TITLE})
        leaders[street.pk] = user
    return leaders


def _progress(a: Assignment, rng: random.Random, now: dt.datetime) -> None:
    """Replay a department's handling: mostly on time, some late, some still open."""
    start = a.assigned_at

    def at(hours: float) -> dt.datetime | None:
        moment = start + dt.timedelta(hours=hours)
        return moment if moment < now else None

    late = rng.random() < 0.22
    a.signed_at = at(rng.uniform(0.1, 0.9) if not late or rng.random() < 0.5 else rng.uniform(1.2, 5))
    if a.signed_at:
        a.status = AssignmentStatus.SIGNED
        a.contacted_at = at(rng.uniform(2, 20) if not late else rng.uniform(20, 40))
    if a.contacted_at:
        a.status, a.contact_note = AssignmentStatus.CONTACTED, "已与街道、社区联系，约定现场核查"
        days = (a.report_due - start).total_seconds() / 3600
        a.reported_at = at(rng.uniform(24, days * 0.9) if not late else days + rng.uniform(5, 60))
    if a.reported_at:
        a.status, a.result = AssignmentStatus.REPORTED, "已现场处置，问题已解决（模拟）"


def _assignment(whistle: Whistle, department: Department, at: dt.datetime, limit, rng, now) -> Assignment:  # type: ignore[no-untyped-def]
    due = deadlines_compute(at, limit)
    a = Assignment(
        whistle=whistle,
        department=department,
        assigned_at=at,
        sign_due=due[0],
        contact_due=due[1],
        report_due=due[2],
        limit=limit if limit.pk else None,
    )
    if at < now - dt.timedelta(days=1) or rng.random() < 0.5:
        _progress(a, rng, now)
    a.save()
    return a


def _assignments(whistle, chosen, limit, rng, now, departments) -> list[Assignment]:  # type: ignore[no-untyped-def]
    """Assign, replay, and now and then decline to a named body, which re-routes the whistle."""
    result = []
    for department in chosen:
        a = _assignment(whistle, department, whistle.whistled_at, limit, rng, now)
        declined_at = a.signed_at + dt.timedelta(minutes=40) if a.signed_at else None
        others = [d for code, d in departments.items() if code in REROUTE_TO and d not in chosen]
        if declined_at and declined_at < now and others and rng.random() < 0.1:
            new = _assignment(whistle, rng.choice(others), declined_at, limit, rng, now)
            a.status, a.declined_at, a.rerouted_to = AssignmentStatus.DECLINED, declined_at, new
            a.contacted_at = a.reported_at = None
            a.contact_note = a.result = ""
            a.decline_reason = f"该事项属{new.department.name}法定职责（模拟）"
            a.save()
            result.append(new)
        else:
            result.append(a)
    return result


@transaction.atomic
def dispatch_load() -> dict[str, int]:
    streets = list(Unit.objects.current().filter(level=Level.STREET, name__in=DEMO_STREETS).order_by("code"))
    leaders = _leaders(streets)
    if Whistle.objects.filter(is_synthetic=True).exists():
        return {"whistles_created": 0}
    departments = {d.code: d for d in Department.objects.all()}
    if not streets or not departments:
        return {"whistles_created": 0}
    rng = random.Random(20250918)
    now = timezone.now()
    communities = {
        s.pk: list(Unit.objects.current().filter(parent=s, level=Level.COMMUNITY).order_by("code"))
        for s in streets
    }
    # Community-side ratings come from the demo community account, for whistles at its community.
    community_user = User.objects.filter(username="community", role=Role.COMMUNITY).first()
    community_unit = community_user.scope_units.first() if community_user else None
    community_prefix = community_unit.prefix if community_unit else "X"
    created = 0
    for n in range(72):
        street = streets[0] if n % 3 == 0 else rng.choice(streets)
        category, title, codes = rng.choice(PROBLEMS)
        codes = [c for c in codes if c in departments] or [next(iter(departments))]
        place = rng.choice(communities[street.pk] or [street])
        whistled_at = now - dt.timedelta(days=rng.uniform(0.02, 200))
        if n < 5:
            # A few fresh whistles for the demo market-supervision account, still waiting for it.
            street, codes = streets[0], sorted({"D04", *codes} & set(departments))
            place = rng.choice(communities[street.pk] or [street])
            whistled_at = now - dt.timedelta(hours=rng.uniform(0.2, 20))
        urgency = "urgent" if rng.random() < 0.35 else "normal"
        whistle = Whistle.objects.create(
            number=f"CS{timezone.localtime(whistled_at):%Y%m%d}-{900 + n:03d}",
            title=title,
            description=f"{place.name}居民反映：{title}，社区多次协调未果，需要相关部门到场处置。（模拟）",
            category=category,
            urgency=urgency,
            street=street,
            place=place,
            address=f"{place.name}辖区（模拟位置）",
            whistled_by=leaders[street.pk],
            whistled_at=whistled_at,
            is_synthetic=True,
        )
        limit = time_limit_current(urgency, on=timezone.localtime(whistled_at).date())
        for a in _assignments(whistle, [departments[c] for c in codes], limit, rng, now, departments):
            if a.status == AssignmentStatus.REPORTED:
                raters = {RaterRole.STREET: leaders[street.pk]}
                if community_user is not None and place.code.startswith(community_prefix):
                    raters[RaterRole.COMMUNITY] = community_user
                for side, rater in raters.items():
                    if rng.random() < 0.85:
                        on_time = a.reported_at <= a.report_due
                        score = rng.choice([5, 5, 4, 4, 4, 3] if on_time else [3, 2, 2, 1])
                        Rating.objects.create(assignment=a, rater_role=side, rater=rater, score=score)
        active = list(whistle.assignments.exclude(status=AssignmentStatus.DECLINED))
        if all(a.status == AssignmentStatus.REPORTED for a in active):
            rated = all(a.ratings.filter(rater_role=RaterRole.STREET).exists() for a in active)
            whistle.status = WhistleStatus.CLOSED if rated else WhistleStatus.REPORTED
            whistle.closed_at = max(a.reported_at for a in active) if rated else None
            whistle.save(update_fields=["status", "closed_at"])
        created += 1
    audit_record(
        actor=None, action="demo.load_dispatch", target_type="dispatch.Whistle", after={"whistles": created}
    )
    return {"whistles_created": created, "leaders": len(leaders)}
