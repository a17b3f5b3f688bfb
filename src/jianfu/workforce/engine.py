"""The adjustment engine's rules as pure functions: no database, each testable on its own.

Due grade = the post's lowest grade
          + one grade per `years_per_grade` of counted years (service + education equivalent)
          + the highest certificate's bonus (only one counts)
          + a bonus per year assessed 优秀,
clamped to the post's range. A year assessed 不合格 (and, if configured, 基本合格) does not count
as service, and when it is the year just before the review the worker does not advance at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

EDUCATION_LABELS = {
    "high_school": "高中及以下",
    "secondary": "中专",
    "college": "大专",
    "bachelor": "本科",
    "master": "硕士研究生",
    "doctorate": "博士研究生",
}
CERTIFICATE_LABELS = {
    "assistant": "助理社会工作师",
    "social_worker": "社会工作师",
    "senior": "高级社会工作师",
}
RESULT_LABELS = {"excellent": "优秀", "pass": "合格", "basic": "基本合格", "fail": "不合格"}
POST_LABELS = {"head": "正职", "deputy": "副职", "other": "其他"}


class Rules(Protocol):
    """What the engine reads from an AdjustmentRules row (any object with these attributes will do)."""

    years_per_grade: int
    college_years: int
    bachelor_years: int
    master_years: int
    doctorate_years: int
    assistant_bonus: int
    social_worker_bonus: int
    senior_bonus: int
    excellent_bonus: int
    fail_holds: bool
    basic_holds: bool


@dataclass(frozen=True)
class WorkerFacts:
    post: str
    grade: int
    hire_date: dt.date
    education: str
    certificates: tuple[tuple[str, dt.date | None], ...] = ()
    assessments: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DueGrade:
    grade: int
    advance: bool
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "；".join(self.reasons) + "。"


def full_years_between(start: dt.date, end: dt.date) -> int:
    if end < start:
        return 0
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def education_years(education: str, rules: Rules) -> int:
    return {
        "college": rules.college_years,
        "bachelor": rules.bachelor_years,
        "master": rules.master_years,
        "doctorate": rules.doctorate_years,
    }.get(education, 0)


def held_years(assessments: Mapping[int, str], rules: Rules, *, hire_date: dt.date, on: dt.date) -> list[int]:
    """Assessed years, within service and before the review, that do not count toward tenure."""
    holding = {"fail"} if rules.fail_holds else set()
    if rules.basic_holds:
        holding.add("basic")
    return sorted(y for y, r in assessments.items() if r in holding and hire_date.year <= y < on.year)


def excellent_years(assessments: Mapping[int, str], *, hire_date: dt.date, on: dt.date) -> list[int]:
    return sorted(y for y, r in assessments.items() if r == "excellent" and hire_date.year <= y < on.year)


def tenure_steps(counted_years: int, years_per_grade: int) -> int:
    if years_per_grade <= 0:
        raise ValueError("years_per_grade must be positive")
    return max(counted_years, 0) // years_per_grade


def certificate_bonus(
    certificates: Iterable[tuple[str, dt.date | None]], rules: Rules, *, on: dt.date
) -> tuple[int, str]:
    """The bonus of the highest certificate held on `on` (only one counts) and its level."""
    bonus_of = {
        "assistant": rules.assistant_bonus,
        "social_worker": rules.social_worker_bonus,
        "senior": rules.senior_bonus,
    }
    best, best_level = 0, ""
    for level, obtained in certificates:
        if level not in bonus_of or (obtained is not None and obtained > on):
            continue
        if bonus_of[level] > best or not best_level:
            best, best_level = bonus_of[level], level
    return best, best_level


def clamp_to_post(grade: int, low: int, high: int) -> int:
    return min(max(grade, low), high)


def due_grade(facts: WorkerFacts, rules: Rules, *, post_range: tuple[int, int], on: dt.date) -> DueGrade:
    low, high = post_range
    post = POST_LABELS.get(facts.post, facts.post)
    reasons: list[str] = []
    service = full_years_between(facts.hire_date, on)
    held = held_years(facts.assessments, rules, hire_date=facts.hire_date, on=on)
    edu = education_years(facts.education, rules)
    counted = max(service - len(held), 0) + edu
    steps = tenure_steps(counted, rules.years_per_grade)
    part = f"{facts.hire_date:%Y年%m月}入职，截至{on:%Y年%m月%d日}任职满{service}年"
    if held:
        part += f"（{'、'.join(str(y) for y in held)}年度考核未达标不计，计{service - len(held)}年）"
    if edu:
        part += f"，{EDUCATION_LABELS.get(facts.education, facts.education)}学历折算{edu}年"
    reasons.append(f"{part}，合计{counted}年，按每{rules.years_per_grade}年晋一级计{steps}级")
    bonus, level = certificate_bonus(facts.certificates, rules, on=on)
    if bonus:
        reasons.append(f"持{CERTIFICATE_LABELS[level]}职业资格加{bonus}级")
    excellent = excellent_years(facts.assessments, hire_date=facts.hire_date, on=on)
    merit = len(excellent) * rules.excellent_bonus
    if merit:
        reasons.append(f"{'、'.join(str(y) for y in excellent)}年度考核优秀加{merit}级")
    raw = low + steps + bonus + merit
    grade = clamp_to_post(raw, low, high)
    if raw != grade:
        reasons.append(f"按{post}岗位等级范围{low}–{high}级，计算结果{raw}级调整为{grade}级")
    last_year = on.year - 1
    if last_year in held:
        result = RESULT_LABELS.get(facts.assessments[last_year], "")
        reasons.append(f"{last_year}年度考核{result}，本年度不予晋级")
        return DueGrade(grade=facts.grade, advance=False, reasons=tuple(reasons))
    if grade > facts.grade:
        reasons.append(f"应由第{facts.grade}级调整为第{grade}级")
        return DueGrade(grade=grade, advance=True, reasons=tuple(reasons))
    reasons.append(f"应得等级{grade}级，现为第{facts.grade}级，无需调整")
    return DueGrade(grade=facts.grade, advance=False, reasons=tuple(reasons))


def pay_for(
    *,
    grade_pay: Mapping[tuple[str, int], Decimal],
    certificate_allowance: Mapping[str, Decimal],
    post_allowances: Iterable[tuple[str, Decimal]],
    post: str,
    grade: int,
    certificate: str,
) -> Decimal:
    """Monthly pay: grade pay + the certificate's allowance + allowances for everyone or for this post."""
    total = grade_pay[(post, grade)] + certificate_allowance.get(certificate, Decimal(0))
    for allowance_post, amount in post_allowances:
        if not allowance_post or allowance_post == post:
            total += amount
    return total


def staffing_norm(
    households: int | None,
    *,
    tiers: list[list[int]],
    step_households: int,
    step_workers: int,
    max_workers: int,
) -> int | None:
    """Workers a community of `households` should have (Taiyuan: 3 to 2,000 households … +1 per 500, max 17)."""
    if households is None:
        return None
    ordered = sorted((int(limit), int(n)) for limit, n in tiers)
    if not ordered:
        return None
    for limit, n in ordered:
        if households <= limit:
            return min(n, max_workers)
    top_limit, top_n = ordered[-1]
    extra = -(-(households - top_limit) // step_households) if step_households else 0
    return min(top_n + extra * step_workers, max_workers)
