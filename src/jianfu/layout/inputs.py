"""Gathering and checking the input of a plan: residential units of the communities in a scope."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Sum

import regionalize as rz
from jianfu.regions.models import Level, Unit

from . import geo
from .models import ResidentialUnit

LIST_LIMIT = 8


class PlanInputError(Exception):
    """Input a plan cannot run on; `messages` are Chinese, one per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class PlanInput:
    unit_ids: list[int]
    names: list[str]
    lnglat: np.ndarray
    households: np.ndarray
    population: np.ndarray
    old: np.ndarray  # index into communities
    street: np.ndarray  # index into streets
    communities: list[Unit]
    streets: list[Unit]
    adjacency: object = None
    edge_m: float = 0.0
    problems: list[str] = field(default_factory=list)


def _names(items: list[str]) -> str:
    shown = "、".join(items[:LIST_LIMIT])
    return shown + (f" 等 {len(items)} 个" if len(items) > LIST_LIMIT else "")


def communities_in(scope: Unit) -> list[Unit]:
    qs = Unit.objects.current().filter(level=Level.COMMUNITY, kind="社区", code__startswith=scope.prefix)
    return list(qs.select_related("parent").order_by("code"))


def plan_input_load(*, scope: Unit, max_edge_m: float | None = None) -> PlanInput:
    """Load and check everything a plan needs; raise PlanInputError listing every problem found."""
    communities = communities_in(scope)
    if not communities:
        raise PlanInputError([f"“{scope.name}”范围内没有现行社区，无法制定方案。"])
    index = {c.id: i for i, c in enumerate(communities)}
    rows = list(
        ResidentialUnit.objects.filter(community_id__in=index)
        .order_by("community_id", "id")
        .values_list("id", "name", "lng", "lat", "households", "population", "community_id")
    )
    problems: list[str] = []
    no_location = [f"{r[1]}（#{r[0]}）" for r in rows if r[2] is None or r[3] is None]
    if no_location:
        problems.append(
            f"{len(no_location)} 个小区（楼栋）没有坐标：{_names(no_location)}。请补全经纬度后再计算。"
        )
    sums = dict(
        ResidentialUnit.objects.filter(community_id__in=index)
        .values("community_id")
        .annotate(h=Sum("households"))
        .values_list("community_id", "h")
    )
    mismatch = [
        f"{c.name}（登记 {c.households if c.households is not None else '未填'} 户，小区合计 {sums.get(c.id, 0)} 户）"
        for c in communities
        if (c.households or 0) != (sums.get(c.id) or 0) or not sums.get(c.id)
    ]
    if mismatch:
        problems.append(f"{len(mismatch)} 个社区的户数与所辖小区（楼栋）合计不符：{_names(mismatch)}。")
    if problems:
        raise PlanInputError(problems)
    streets = sorted({c.parent for c in communities}, key=lambda s: s.code)
    street_index = {s.id: i for i, s in enumerate(streets)}
    old = np.array([index[r[6]] for r in rows], dtype=np.int64)
    data = PlanInput(
        unit_ids=[r[0] for r in rows],
        names=[r[1] for r in rows],
        lnglat=np.array([(r[2], r[3]) for r in rows], dtype=float).reshape(-1, 2),
        households=np.array([r[4] for r in rows], dtype=np.int64),
        population=np.array([r[5] or 0 for r in rows], dtype=np.int64),
        old=old,
        street=np.array([street_index[communities[o].parent_id] for o in old], dtype=np.int64),
        communities=communities,
        streets=streets,
    )
    data.adjacency, data.edge_m = geo.adjacency(data.lnglat, max_edge_m=max_edge_m)
    broken = rz.validate_assignment(
        data.old,
        weights=data.households,
        adjacency=data.adjacency,
        floor=0,
        ceiling=0,
        constraints=[rz.check_contiguity],
    )
    if broken:
        names = [f"{communities[f.region].name}（{len(f.units)} 个小区与主体不相邻）" for f in broken]
        raise PlanInputError(
            [
                f"{len(names)} 个现行社区的小区在邻接关系（距离上限 {data.edge_m:.0f} 米）下不连通：{_names(names)}。"
                "请核对这些小区的坐标，或调大邻接距离上限。"
            ]
        )
    return data
