"""Demo: synthetic residential units inside the real district boundaries, grids and grid workers.

Idempotent: does nothing when residential units already exist. Runs after the regions and
accounts loaders. See synthetic.py for how the geography is built.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
from django.db import transaction

from jianfu.core.audit import audit_record
from jianfu.regions.models import Level, Unit
from jianfu.regions.selectors import size_bounds_current

from . import geo, synthetic
from .models import GridAssignment, ResidentialUnit
from .services.grids import build_grids

SOURCE = "模拟生成（演示数据）"
GRID_START = dt.date(2020, 6, 30)
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = "丽敏静芳娜秀英华慧巧美娟霞玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽峰强军平东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"


def _worker_name(rng: np.random.Generator) -> str:
    return SURNAMES[int(rng.integers(len(SURNAMES)))] + "".join(
        GIVEN[int(rng.integers(len(GIVEN)))] for _ in range(int(rng.integers(1, 3)))
    )


@transaction.atomic
def residential_load() -> dict[str, int]:
    if ResidentialUnit.objects.exists():
        return {"residential_units_created": 0}
    communities = list(
        Unit.objects.current()
        .filter(level=Level.COMMUNITY, kind="社区", households__gt=0)
        .select_related("parent")
    )
    districts = Unit.objects.current().filter(level=Level.DISTRICT, geometry__isnull=False).order_by("code")
    by_district: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for c in communities:
        spec = synthetic.CommunitySpec(c.id, c.parent_id, c.name, c.households, c.population or 0)
        by_district[c.code[:6]][c.parent_id].append(spec)
    plan_input = []
    for district in districts:
        streets = by_district.get(district.code[:6])
        if streets:
            plan_input.append(
                (
                    geo.geometry_rings(district.geometry),
                    district.code[:6] in synthetic.URBAN_DISTRICT_CODES,
                    sorted((sid, sorted(cs, key=lambda c: c.id)) for sid, cs in streets.items()),
                )
            )
    out = synthetic.generate_city(plan_input, seed=150100)
    by_id = {c.id: c for c in communities}
    rows = [
        ResidentialUnit(
            name=out.name[i],
            kind=out.kind[i],
            address=f"{by_id[out.community_id[i]].parent.name}{out.name[i]}",
            households=out.households[i],
            population=out.population[i],
            lng=out.lnglat[i][0],
            lat=out.lnglat[i][1],
            community_id=out.community_id[i],
            synthetic=True,
            source=SOURCE,
        )
        for i in range(len(out.name))
    ]
    ResidentialUnit.objects.bulk_create(rows, batch_size=1000)
    bounds = size_bounds_current()
    with_units = [c for c in communities if c.households]
    grids = build_grids(
        with_units,
        floor=bounds.grid_floor,
        ceiling=bounds.grid_ceiling,
        target=(bounds.grid_floor + bounds.grid_ceiling) // 2,
        on=GRID_START,
        synthetic=True,
    )
    workers = _workers_load(grids["created"])
    audit_record(
        actor=None,
        action="demo.load_residential",
        target_type="layout.ResidentialUnit",
        target_repr="模拟小区（楼栋）与网格",
        after={"residential_units": len(rows), "grids": grids["grids"], "grid_workers": workers},
    )
    return {"residential_units_created": len(rows), "grids_created": grids["grids"], "grid_workers": workers}


def _workers_load(grids: list[Unit]) -> int:
    """About 96% of grids get a worker; a few workers cover a second, neighbouring grid."""
    rng = np.random.default_rng(2024)
    rows = []
    last: GridAssignment | None = None
    for grid in grids:
        draw = rng.random()
        if draw < 0.04:
            continue
        if draw > 0.99 and last is not None and last.grid.parent_id == grid.parent_id:
            rows.append(
                GridAssignment(
                    grid=grid,
                    worker_name=last.worker_name,
                    worker_phone=last.worker_phone,
                    worker_ref=last.worker_ref,
                    synthetic=True,
                )
            )
            continue
        phone = f"1{int(rng.integers(30, 99))}{int(rng.integers(10**7, 10**8)):08d}"
        last = GridAssignment(
            grid=grid,
            worker_name=_worker_name(rng),
            worker_phone=phone,
            worker_ref=f"W{grid.code}",
            synthetic=True,
        )
        rows.append(last)
    GridAssignment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def plan_demo_load() -> dict[str, int]:
    """A computed (not approved) seed-rule plan for 新城区, so the layout pages show a real proposal."""
    from jianfu.core.models import User
    from jianfu.regions.selectors import size_bounds_current

    from .models import LayoutPlan
    from .services.plans import plan_create, plan_run

    district = Unit.objects.current().filter(level=Level.DISTRICT, name="新城区").first()
    officer = User.objects.filter(username="district").first()
    if LayoutPlan.objects.exists() or district is None or officer is None:
        return {"plans_created": 0}
    bounds = size_bounds_current()
    plan = plan_create(
        actor=officer,
        scope=district,
        title="新城区社区布局优化方案（演示）",
        floor=bounds.floor,
        ceiling=bounds.ceiling,
        split_above=bounds.split_above,
        merge_below=bounds.merge_below,
        start_job=False,
    )
    plan_run(plan_id=plan.pk)
    return {"plans_created": 1}
