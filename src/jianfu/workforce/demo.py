"""Synthetic roster for Hohhot's communities (模拟数据), generated from a fixed seed. Safe to run twice.

Shaped on the published figures: 5,285 serving community workers (18.2 per 10,000 of 2.909 million
urban residents), 4,000 graduates recruited 2020–2023, 378 high-level hires, 36 recruited as civil
servants, 13 promoted community secretaries, and one worker who went from grade 3 to 12
(3,738 → 5,267 yuan a month). Names, ID numbers, dates and grades are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction

from jianfu.core.audit import audit_record
from jianfu.regions.models import Level, Unit

from . import engine
from .idnumber import id_digest, id_encrypt, synthetic_id
from .models import (
    AdjustmentOrder,
    AdjustmentRules,
    AnnualAssessment,
    HousingFundContribution,
    PromotionKind,
    PromotionRecord,
    RecruitmentBatch,
    RecruitmentKind,
    StaffingNorm,
    Status,
    UrbanResidents,
    Worker,
)
from .selectors import TAIYUAN_TIERS, ScaleTables, scale_in_force, scale_tables
from .services.config import scale_create_default
from .services.housing import month_contributions

SEED = 20240701
SERVING = 5285
LEFT = 60
CIVIL_SERVANTS = 36
SECRETARIES = 13
REVIEW = dt.date(2024, 7, 1)
URBAN_RESIDENTS_2023 = 2_909_000
HOHHOT_AREAS = ["150102", "150103", "150104", "150105", "150121", "150122", "150123", "150124", "150125"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN_F = "秀丽娜敏静燕艳玲芳婷雪慧琳颖佳丹霞欣悦晶璐瑶蕾洁怡萍红梅兰英华莉倩楠月琪"
GIVEN_M = "伟强磊军勇杰涛斌超明辉鹏飞刚平东波宇浩凯健俊峰亮志文博鑫宏"
MONGOLIAN = [
    "乌兰",
    "其其格",
    "萨仁",
    "娜仁",
    "苏日娜",
    "塔娜",
    "高娃",
    "巴特尔",
    "额尔敦",
    "朝鲁",
    "苏和",
    "宝音",
    "图雅",
    "阿拉坦",
]


def _name(rng: random.Random, female: bool) -> str:
    if rng.random() < 0.05:
        return rng.choice(MONGOLIAN)
    given = GIVEN_F if female else GIVEN_M
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))


def _pick(rng: random.Random, table: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _config() -> ScaleTables:
    if not AdjustmentRules.objects.exists():
        AdjustmentRules.objects.create(effective_from=dt.date(2020, 1, 1), note="三岗十八级晋级规则（默认）")
    if not StaffingNorm.objects.exists():
        StaffingNorm.objects.create(
            effective_from=dt.date(2020, 1, 1), tiers=TAIYUAN_TIERS, note="参照太原市社区工作者配备标准"
        )
    scale = scale_in_force(on=dt.date(2023, 1, 1))
    if scale is None:
        scale = scale_create_default(effective_from=dt.date(2023, 1, 1), note="演示用默认标准（模拟）")
    return scale_tables(scale)


def _residents(city: Unit, communities: list[Unit]) -> None:
    UrbanResidents.objects.get_or_create(
        unit=city, year=2023,
        defaults={"residents": URBAN_RESIDENTS_2023, "source": "呼和浩特市2023年末城镇常住人口（公开报道）"},
    )  # fmt: skip
    by_district: dict[str, int] = defaultdict(int)
    for c in communities:
        by_district[c.code[:6]] += c.population or 0
    total = sum(by_district.values()) or 1
    for district in Unit.objects.current().filter(level=Level.DISTRICT, code__startswith=city.prefix):
        share = by_district.get(district.code[:6], 0) / total
        if share:
            UrbanResidents.objects.get_or_create(
                unit=district, year=2023,
                defaults={"residents": round(URBAN_RESIDENTS_2023 * share), "synthetic": True,
                          "source": "按所辖社区常住人口比例分摊（模拟）"},
            )  # fmt: skip


def _batches() -> dict[str, RecruitmentBatch]:
    specs = [
        (f"{y}年高校毕业生社区工作者招聘", y, RecruitmentKind.GRADUATE, 1000)
        for y in (2020, 2021, 2022, 2023)
    ] + [(f"{y}年高层次人才引进", y, RecruitmentKind.HIGH_LEVEL, 189) for y in (2022, 2023)]
    result = {}
    for name, year, kind, planned in specs:
        result[name], _ = RecruitmentBatch.objects.get_or_create(
            name=name, defaults={"year": year, "kind": kind, "planned": planned, "note": "模拟数据"}
        )
    return result


def _allocate(rng: random.Random, communities: list[Unit], total: int) -> list[Unit]:
    weights = [max(c.households or 1000, 300) ** 0.6 for c in communities]
    scale = total / sum(weights)
    slots = [max(int(w * scale), 4) for w in weights]
    while sum(slots) < total:
        slots[rng.randrange(len(slots))] += 1
    while sum(slots) > total:
        i = rng.randrange(len(slots))
        slots[i] -= slots[i] > 4
    return [c for c, n in zip(communities, slots, strict=True) for _ in range(n)]


class _Generator:
    def __init__(self, tables: ScaleTables, batches: dict[str, RecruitmentBatch]) -> None:
        self.rng = random.Random(SEED)
        self.tables = tables
        self.rules = AdjustmentRules.objects.order_by("effective_from").first()
        self.batches = batches
        self.used_ids: set[str] = set()

    def _id(self, area: str, birth: dt.date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            number = synthetic_id(area=area, birth=birth, sequence=seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def profile(self, index: int) -> dict:
        rng = self.rng
        if index < 4000:
            year = 2020 + index % 4
            hire = _date_between(rng, dt.date(year, 7, 1), dt.date(year, 9, 30))
            education = _pick(rng, [("bachelor", 78), ("college", 15), ("master", 7)])
            birth_age, batch = rng.randint(21, 26), self.batches[f"{year}年高校毕业生社区工作者招聘"]
            cert_rate = 0.3
        elif index < 4378:
            year = 2022 + index % 2
            hire = _date_between(rng, dt.date(year, 3, 1), dt.date(year, 10, 31))
            education = _pick(rng, [("master", 80), ("doctorate", 3), ("bachelor", 17)])
            birth_age, batch = rng.randint(25, 33), self.batches[f"{year}年高层次人才引进"]
            cert_rate = 0.45
        else:
            hire = _date_between(rng, dt.date(1998, 3, 1), dt.date(2019, 12, 31))
            education = _pick(
                rng,
                [("high_school", 10), ("secondary", 15), ("college", 45), ("bachelor", 28), ("master", 2)],
            )
            birth_age, batch, cert_rate = rng.randint(20, 35), None, 0.55
        birth = _date_between(
            rng, dt.date(hire.year - birth_age, 1, 1), dt.date(hire.year - birth_age, 12, 28)
        )
        certificate, cert_date = "", None
        if rng.random() < cert_rate:
            certificate = _pick(
                rng, [("assistant", 65), ("social_worker", 30), ("senior", 5 if batch is None else 0)]
            )
            cert_date = min(hire + dt.timedelta(days=rng.randint(200, 1800)), dt.date(2024, 6, 20))
        return {
            "hire": hire, "education": education, "birth": birth, "batch": batch,
            "certificate": certificate, "cert_date": cert_date, "female": rng.random() < 0.72,
        }  # fmt: skip

    def assessments(self, hire: dt.date) -> dict[int, str]:
        table = [("excellent", 12), ("pass", 84), ("basic", 3), ("fail", 1)]
        return {y: _pick(self.rng, table) for y in (2022, 2023) if y > hire.year}

    def worker(
        self, unit: Unit, post: str, index: int
    ) -> tuple[Worker, dict[int, str], list[AdjustmentOrder]]:
        p = self.profile(index)
        area = unit.code[:6] if self.rng.random() < 0.7 else self.rng.choice(HOHHOT_AREAS)
        number = self._id(area, p["birth"], male=not p["female"])
        results = self.assessments(p["hire"])
        low, high = self.tables.range_of(post)
        facts = engine.WorkerFacts(
            post=post, grade=low, hire_date=p["hire"], education=p["education"],
            certificates=((p["certificate"], p["cert_date"]),) if p["certificate"] else (), assessments=results,
        )  # fmt: skip
        due = engine.due_grade(facts, self.rules, post_range=(low, high), on=REVIEW)
        lag = _pick(self.rng, [("0", 70), ("1", 20), ("2", 10)])
        grade = max(due.grade - int(lag), low)
        initial = engine.clamp_to_post(
            low + engine.education_years(p["education"], self.rules) // 3, low, grade
        )
        pay = self.tables.pay(post, grade, p["certificate"])
        worker = Worker(
            name=_name(self.rng, p["female"]), id_hash=id_digest(number), id_encrypted=id_encrypt(number),
            id_last4=number[-4:], gender="F" if p["female"] else "M", birth_date=p["birth"],
            education=p["education"], certificate=p["certificate"], certificate_date=p["cert_date"], post=post,
            grade=grade, monthly_pay=pay, hire_date=p["hire"], unit=unit, recruitment_batch=p["batch"],
            phone=f"1{self.rng.choice('3578')}{self.rng.randrange(10**9):09d}", synthetic=True,
        )  # fmt: skip
        initial_pay = self.tables.pay(post, initial, "")
        orders = [AdjustmentOrder(worker=worker, effective_on=p["hire"], to_grade=initial, to_pay=initial_pay,
                                  reason="入职定级（模拟数据）")]  # fmt: skip
        if grade > initial:
            on = max(dt.date(self.rng.choice((2023, 2024)), 7, 1), p["hire"] + dt.timedelta(days=1))
            orders.append(
                AdjustmentOrder(worker=worker, effective_on=on, from_grade=initial, to_grade=grade,
                                from_pay=initial_pay, to_pay=pay, reason=f"按三岗十八级规则调级（模拟数据）：{due.reason}")
            )  # fmt: skip
        return worker, results, orders


def _top_worker(gen: _Generator, unit: Unit) -> tuple[Worker, list[AdjustmentOrder]]:
    """The published top case: grade 3 → 12, 3,738 → 5,267 yuan (bachelor, 社会工作师, hired 1999)."""
    number = gen._id("150102", dt.date(1976, 10, 12), male=False)
    hire, order_on = dt.date(1999, 7, 1), dt.date(2023, 7, 1)
    facts = engine.WorkerFacts(post="other", grade=3, hire_date=hire, education="bachelor",
                               certificates=(("social_worker", dt.date(2021, 6, 19)),))  # fmt: skip
    due = engine.due_grade(facts, gen.rules, post_range=gen.tables.range_of("other"), on=order_on)
    pay = gen.tables.pay("other", due.grade, "social_worker")
    worker = Worker(
        name="张秀兰", id_hash=id_digest(number), id_encrypted=id_encrypt(number), id_last4=number[-4:],
        gender="F", birth_date=dt.date(1976, 10, 12), education="bachelor", certificate="social_worker",
        certificate_date=dt.date(2021, 6, 19), post="other", grade=due.grade, monthly_pay=pay, hire_date=hire,
        unit=unit, synthetic=True, phone="13904710000",
    )  # fmt: skip
    start = gen.tables.pay("other", 3, "")
    return worker, [
        AdjustmentOrder(worker=worker, effective_on=hire, to_grade=3, to_pay=start, reason="入职定级（模拟数据）"),
        AdjustmentOrder(worker=worker, effective_on=order_on, from_grade=3, to_grade=due.grade, from_pay=start,
                        to_pay=pay, reason=f"按三岗十八级规则调级（模拟数据）：{due.reason}"),
    ]  # fmt: skip


@transaction.atomic
def workforce_load() -> dict[str, int]:
    if Worker.objects.filter(synthetic=True).exists():
        return {"workers_created": 0}
    city = Unit.objects.current().filter(level=Level.CITY, name="呼和浩特市").first()
    if city is None:
        return {"workers_created": 0}
    communities = list(
        Unit.objects.current()
        .filter(level=Level.COMMUNITY, kind="社区", code__startswith=city.prefix)
        .order_by("code")
    )
    if not communities:
        return {"workers_created": 0}
    tables = _config()
    _residents(city, communities)
    gen = _Generator(tables, _batches())
    extra = LEFT + CIVIL_SERVANTS
    places = _allocate(gen.rng, communities, SERVING - 1 + extra)
    order = list(range(len(places)))
    gen.rng.shuffle(order)
    seen_in: dict[int, int] = defaultdict(int)
    workers, orders, results_of = [], [], []
    top, top_orders = _top_worker(gen, communities[0])
    workers.append(top)
    orders.extend(top_orders)
    results_of.append({})
    for index, slot in enumerate(order):
        unit = places[slot]
        rank = seen_in[unit.id]
        seen_in[unit.id] += 1
        post = "head" if rank == 0 else "deputy" if rank in (1, 2) else "other"
        worker, results, worker_orders = gen.worker(unit, post, index if rank else 4378 + index % 907)
        workers.append(worker)
        orders.extend(worker_orders)
        results_of.append(results)
    Worker.objects.bulk_create(workers, batch_size=1000)
    for order_row in orders:
        order_row.worker_id = order_row.worker.id
    AdjustmentOrder.objects.bulk_create(orders, batch_size=2000)
    AnnualAssessment.objects.bulk_create(
        [AnnualAssessment(worker=w, year=y, result=r) for w, res in zip(workers, results_of, strict=True)
         for y, r in res.items()],
        batch_size=2000,
    )  # fmt: skip
    _departures(gen.rng, workers[1:])
    housing = 0
    for month in (dt.date(2024, 6, 1),):  # one month keeps loading fast; the page runs any other
        rows = month_contributions([w for w in workers if w.status == Status.SERVING], month, tables)
        housing += len(rows)
        HousingFundContribution.objects.bulk_create(rows, batch_size=2000)
    audit_record(
        actor=None, action="demo.load_workforce", target_type="workforce.Worker",
        target_repr="呼和浩特社区工作者（模拟数据）", after={"workers": len(workers), "orders": len(orders)},
    )  # fmt: skip
    return {"workers_created": len(workers), "orders_created": len(orders), "housing_rows": housing}


def _departures(rng: random.Random, workers: list[Worker]) -> None:
    """Civil-service recruits and leavers come from the others; secretaries are promoted heads."""
    others = [w for w in workers if w.post == "other" and w.hire_date.year <= 2022]
    rng.shuffle(others)
    records, changed = [], []
    for i, w in enumerate(others[:CIVIL_SERVANTS]):
        w.status, w.status_date = Status.TRANSFERRED, dt.date(2023 + i % 2, 8, 1)
        records.append(PromotionRecord(worker=w, kind=PromotionKind.CIVIL_SERVANT, date=w.status_date,
                                       note="考录为公务员（模拟数据）"))  # fmt: skip
        changed.append(w)
    for w in others[CIVIL_SERVANTS : CIVIL_SERVANTS + LEFT]:
        w.status, w.status_date = Status.LEFT, _date_between(rng, dt.date(2022, 1, 1), dt.date(2024, 6, 30))
        changed.append(w)
    heads = [w for w in workers if w.post == "head"]
    for i, w in enumerate(rng.sample(heads, SECRETARIES)):
        records.append(PromotionRecord(worker=w, kind=PromotionKind.SECRETARY, date=dt.date(2023 + i % 2, 3, 1),
                                       note="选拔为社区党组织书记（模拟数据）"))  # fmt: skip
    Worker.objects.bulk_update(changed, ["status", "status_date"], batch_size=500)
    PromotionRecord.objects.bulk_create(records)
