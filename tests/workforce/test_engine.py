"""Each engine rule on its own, then the composition (pure functions, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from jianfu.workforce import engine
from jianfu.workforce.selectors import TAIYUAN_TIERS


def rules(**overrides):
    values = dict(
        years_per_grade=3,
        college_years=0,
        bachelor_years=3,
        master_years=5,
        doctorate_years=7,
        assistant_bonus=1,
        social_worker_bonus=2,
        senior_bonus=3,
        excellent_bonus=1,
        fail_holds=True,
        basic_holds=False,
    )
    values.update(overrides)
    return SimpleNamespace(**values)


ON = dt.date(2024, 7, 1)


def facts(**overrides):
    values = dict(post="other", grade=1, hire_date=dt.date(2015, 7, 1), education="college")
    values.update(overrides)
    return engine.WorkerFacts(**values)


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (dt.date(2015, 7, 1), dt.date(2024, 7, 1), 9),
        (dt.date(2015, 7, 2), dt.date(2024, 7, 1), 8),
        (dt.date(2024, 7, 2), dt.date(2024, 7, 1), 0),
        (dt.date(2020, 2, 29), dt.date(2024, 2, 28), 3),
    ],
)
def test_full_years_between(start, end, years):
    assert engine.full_years_between(start, end) == years


def test_tenure_one_grade_per_three_years():
    assert [engine.tenure_steps(y, 3) for y in (0, 2, 3, 5, 6, 27)] == [0, 0, 1, 1, 2, 9]
    assert engine.tenure_steps(8, 4) == 2
    with pytest.raises(ValueError):
        engine.tenure_steps(3, 0)


@pytest.mark.parametrize(
    ("education", "years"),
    [("high_school", 0), ("secondary", 0), ("college", 0), ("bachelor", 3), ("master", 5), ("doctorate", 7)],
)
def test_education_counted_as_years(education, years):
    assert engine.education_years(education, rules()) == years


def test_education_years_follow_configuration():
    assert engine.education_years("master", rules(master_years=6)) == 6
    assert engine.education_years("college", rules(college_years=1)) == 1


def test_only_the_highest_certificate_counts():
    both = [("assistant", dt.date(2018, 1, 1)), ("social_worker", dt.date(2020, 1, 1))]
    assert engine.certificate_bonus(both, rules(), on=ON) == (2, "social_worker")
    assert engine.certificate_bonus([("senior", dt.date(2021, 1, 1))], rules(), on=ON) == (3, "senior")
    assert engine.certificate_bonus([], rules(), on=ON) == (0, "")


def test_certificate_obtained_after_the_review_does_not_count():
    later = [("assistant", dt.date(2018, 1, 1)), ("senior", dt.date(2025, 1, 1))]
    assert engine.certificate_bonus(later, rules(), on=ON) == (1, "assistant")


def test_clamp_to_post_range():
    assert engine.clamp_to_post(20, 7, 18) == 18
    assert engine.clamp_to_post(2, 4, 15) == 4
    assert engine.clamp_to_post(9, 1, 12) == 9


def test_failed_years_are_held_and_basic_only_when_configured():
    results = {2019: "fail", 2020: "basic", 2021: "pass", 2014: "fail", 2024: "fail"}
    hire = dt.date(2015, 7, 1)
    assert engine.held_years(results, rules(), hire_date=hire, on=ON) == [2019]
    assert engine.held_years(results, rules(basic_holds=True), hire_date=hire, on=ON) == [2019, 2020]
    assert engine.held_years(results, rules(fail_holds=False), hire_date=hire, on=ON) == []


def test_excellent_years_counted_within_service():
    results = {2020: "excellent", 2022: "excellent", 2024: "excellent", 2010: "excellent"}
    assert engine.excellent_years(results, hire_date=dt.date(2015, 7, 1), on=ON) == [2020, 2022]


def test_due_grade_tenure_and_education():
    # 9 years of service + bachelor 3 = 12 years → 4 grades above the post's lowest (1) → 5.
    due = engine.due_grade(facts(education="bachelor"), rules(), post_range=(1, 12), on=ON)
    assert due.grade == 5 and due.advance
    assert "本科学历折算3年" in due.reason and "合计12年" in due.reason and "由第1级调整为第5级" in due.reason


def test_due_grade_starts_from_the_posts_lowest_grade():
    due = engine.due_grade(facts(post="head", grade=7), rules(), post_range=(7, 18), on=ON)
    assert due.grade == 10  # 9 years → 3 grades above 7


def test_due_grade_clamped_with_reason():
    senior = facts(hire_date=dt.date(1990, 1, 1), education="doctorate", certificates=(("senior", None),))
    due = engine.due_grade(senior, rules(), post_range=(1, 12), on=ON)
    assert due.grade == 12
    assert "等级范围1–12级" in due.reason


def test_failing_last_year_holds_the_whole_review():
    due = engine.due_grade(facts(assessments={2023: "fail"}), rules(), post_range=(1, 12), on=ON)
    assert not due.advance and due.grade == 1
    assert "2023年度考核不合格，本年度不予晋级" in due.reason
    free = engine.due_grade(
        facts(assessments={2023: "fail"}), rules(fail_holds=False), post_range=(1, 12), on=ON
    )
    assert free.advance


def test_an_earlier_failed_year_does_not_count_as_service():
    # 9 years minus 2019 = 8 → 2 grades instead of 3.
    due = engine.due_grade(facts(assessments={2019: "fail"}), rules(), post_range=(1, 12), on=ON)
    assert due.grade == 3
    assert "2019年度考核未达标不计" in due.reason


def test_excellent_advances_by_configured_bonus():
    base = engine.due_grade(facts(), rules(), post_range=(1, 12), on=ON).grade
    one = engine.due_grade(facts(assessments={2022: "excellent"}), rules(), post_range=(1, 12), on=ON)
    two = engine.due_grade(
        facts(assessments={2022: "excellent"}), rules(excellent_bonus=2), post_range=(1, 12), on=ON
    )
    assert one.grade == base + 1 and two.grade == base + 2
    assert "2022年度考核优秀加1级" in one.reason


def test_no_demotion_when_already_above_due_grade():
    due = engine.due_grade(facts(grade=9), rules(), post_range=(1, 12), on=ON)
    assert not due.advance and due.grade == 9
    assert "无需调整" in due.reason


def test_pay_adds_certificate_and_post_allowances():
    grade_pay = {("other", 12): Decimal(4917), ("head", 12): Decimal(5500)}
    cert = {"social_worker": Decimal(350)}
    extras = [("", Decimal(100)), ("head", Decimal(200))]
    assert engine.pay_for(grade_pay=grade_pay, certificate_allowance=cert, post_allowances=extras,
                          post="other", grade=12, certificate="social_worker") == Decimal(5367)  # fmt: skip
    assert engine.pay_for(grade_pay=grade_pay, certificate_allowance=cert, post_allowances=extras,
                          post="head", grade=12, certificate="") == Decimal(5800)  # fmt: skip


@pytest.mark.parametrize(
    ("households", "norm"),
    [
        (800, 3),
        (2000, 3),
        (2001, 4),
        (3000, 4),
        (3500, 5),
        (5000, 6),
        (5001, 7),
        (5500, 7),
        (5501, 8),
        (99999, 17),
        (None, None),
    ],
)
def test_staffing_norm_taiyuan_defaults(households, norm):
    assert (
        engine.staffing_norm(
            households, tiers=TAIYUAN_TIERS, step_households=500, step_workers=1, max_workers=17
        )
        == norm
    )


def test_staffing_norm_is_configuration():
    assert (
        engine.staffing_norm(
            2500, tiers=[[1500, 2], [2500, 6]], step_households=300, step_workers=2, max_workers=9
        )
        == 6
    )
    assert (
        engine.staffing_norm(
            2600, tiers=[[1500, 2], [2500, 6]], step_households=300, step_workers=2, max_workers=9
        )
        == 8
    )
    assert (
        engine.staffing_norm(
            3200, tiers=[[1500, 2], [2500, 6]], step_households=300, step_workers=2, max_workers=9
        )
        == 9
    )
