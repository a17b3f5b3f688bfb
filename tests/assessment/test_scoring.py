"""Reverse deductions, indicator providers, ranking, the scheme's configuration and publishing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.assessment import indicators
from jianfu.assessment.models import AssessmentResult, DeductionRule, DirectReport, Indicator
from jianfu.assessment.scoring import deductions_compute, department_score, rank_scores, scheme_scores
from jianfu.assessment.services import indicator_scores_set, scheme_create, scheme_publish, scheme_update
from jianfu.core.models import Department

pytestmark = pytest.mark.django_db


def _reports(n: int, vtype: str = "negative_work") -> list[DirectReport]:
    return [
        DirectReport(pk=i, number=f"ZB{i}", violation_type=vtype, occurred_on=dt.date(2026, 1, i))
        for i in range(1, n + 1)
    ]


def test_deductions_points_repeat_multiplier_and_caps(scheme):
    rules = {r.violation_type: r for r in scheme.rules.all()}
    total, lines = deductions_compute(scheme=scheme, rules=rules, reports=_reports(2))
    assert total == Decimal("6.00") and [line.repeat for line in lines] == [False, False]
    # From the third violation on, 3 × 1.5 = 4.5 each.
    total, lines = deductions_compute(scheme=scheme, rules=rules, reports=_reports(4))
    assert total == Decimal("15.00") and [line.points for line in lines][-1] == Decimal("4.50")
    rules["negative_work"].type_cap = Decimal("7")
    total, lines = deductions_compute(scheme=scheme, rules=rules, reports=_reports(4))
    assert total == Decimal("7.00") and lines[2].capped and lines[3].points == Decimal("0.00")
    rules["negative_work"].type_cap = Decimal("0")
    scheme.deduction_cap = Decimal("10")
    total, _ = deductions_compute(scheme=scheme, rules=rules, reports=_reports(6))
    assert total == Decimal("10.00")


def test_confirmed_violation_lowers_the_final_score_by_the_configured_points(confirmed, scheme, department):
    before = department_score(scheme, department.pk)
    assert before.deductions == 0 and before.final == before.weighted
    confirmed()
    after = department_score(scheme, department.pk)
    assert after.violations == 1
    assert before.final - after.final == Decimal("3.00")


def test_merged_and_dismissed_reports_cost_nothing(file_report, confirmed, users, scheme, department):
    from jianfu.assessment.services import report_dismiss, report_merge

    primary = confirmed()
    report_merge(actor=users["district"], report=file_report(), into=primary)
    report_dismiss(actor=users["district"], report=file_report(), note="不属违规")
    assert department_score(scheme, department.pk).deductions == Decimal("3.00")


def test_weighted_score_uses_manual_scores_and_defaults(scheme, users, department):
    manual = scheme.indicators.get(code="GZ")  # weight 40
    indicator_scores_set(actor=users["city"], indicator=manual, scores={department.pk: "80"})
    score = department_score(scheme, department.pk)
    # Every other indicator has no data and counts its default 100: 0.4 × 80 + 0.6 × 100 = 92.
    assert score.indicator_scores["GZ"] == Decimal("80")
    assert score.weighted == Decimal("92.00")
    with pytest.raises(ValidationError, match="0 到 100"):
        indicator_scores_set(actor=users["city"], indicator=manual, scores={department.pk: "120"})
    assert department_score(scheme, department.pk).weighted == Decimal("92.00")
    with pytest.raises(ValidationError, match="系统数据"):
        indicator_scores_set(actor=users["city"], indicator=scheme.indicators.get(code="JF"), scores={})
    with pytest.raises(PermissionDenied):
        indicator_scores_set(actor=users["district"], indicator=manual, scores={department.pk: "90"})


def test_dispatch_provider_returns_nothing_without_the_app_and_a_registered_provider_feeds_in(
    scheme, department, monkeypatch
):
    assert indicators.provider_scores("dispatch", year=scheme.year, departments=[department]) == {}
    assert department_score(scheme, department.pk).indicator_scores["CS"] == Decimal("100")
    monkeypatch.setitem(
        indicators._PROVIDERS,
        "dispatch",
        indicators.ProviderInfo(
            "dispatch", "吹哨", "", lambda year, depts: {d.pk: Decimal("50") for d in depts}
        ),
    )
    score = department_score(scheme, department.pk)
    assert score.indicator_scores["CS"] == Decimal("50")
    assert score.weighted == Decimal("90.00")  # 0.2 × 50 + 0.8 × 100


def test_dispatch_provider_converts_the_dispatch_selector(monkeypatch, department):
    """The lazy import path: a stand-in dispatch selector returns rows shaped like the real one."""
    import sys
    import types

    row = types.SimpleNamespace(department_id=department.pk, on_time_rate=0.5, average_rating=4.0)
    module = types.ModuleType("jianfu.dispatch.selectors")
    module.department_dispatch_scores = lambda *, year: [row]
    monkeypatch.setitem(sys.modules, "jianfu.dispatch.selectors", module)
    monkeypatch.setattr(indicators.apps, "is_installed", lambda name: True)
    # 100 × (0.6 × 0.5 + 0.4 × 4/5) = 62
    assert indicators.dispatch_scores(2026, [department]) == {department.pk: Decimal("62.00")}


def test_ranking_shares_places_on_ties():
    from jianfu.assessment.scoring import DepartmentScore

    rows = [
        DepartmentScore(department=Department(code=c, name=c), final=Decimal(f))
        for c, f in (("A", "90"), ("B", "95"), ("C", "90"), ("D", "80"))
    ]
    assert [(s.department.code, s.rank) for s in rank_scores(rows)] == [
        ("B", 1),
        ("A", 2),
        ("C", 2),
        ("D", 4),
    ]


def test_scheme_update_validates_everything_and_changes_nothing_on_error(scheme, users):
    rows = [
        {"code": i.code, "name": i.name, "weight": i.weight, "source": i.source, "default_score": 100}
        for i in scheme.indicators.all()
    ]
    values = {
        "name": "新方案",
        "base_score": "100",
        "deduction_cap": "20",
        "repeat_multiplier": "2",
        "repeat_from": "2",
        "appeal_working_days": "3",
    }
    rows[0]["weight"] = "50"  # sums to 110
    with pytest.raises(ValidationError) as exc:
        scheme_update(
            actor=users["city"],
            scheme=scheme,
            values=values,
            rules={"negative_work": ("abc", "0")},
            indicators=rows,
        )
    assert any("权重之和应为 100%" in m for m in exc.value.messages)
    assert any("每起扣分应为数字" in m for m in exc.value.messages)
    scheme.refresh_from_db()
    assert scheme.name != "新方案" and scheme.repeat_multiplier == Decimal("1.50")
    rows[0]["weight"] = "40"
    rows.append({"code": "", "name": ""})
    scheme_update(
        actor=users["city"],
        scheme=scheme,
        values=values,
        rules={"negative_work": ("5", "0")},
        indicators=rows,
    )
    scheme.refresh_from_db()
    assert (scheme.name, scheme.repeat_from, scheme.appeal_working_days) == ("新方案", 2, 3)
    assert DeductionRule.objects.get(scheme=scheme, violation_type="negative_work").points == 5
    assert Indicator.objects.filter(scheme=scheme).count() == 4


def test_new_year_copies_the_previous_scheme(scheme, users):
    scheme.rules.filter(violation_type="formalism").update(points=Decimal("4"))
    later = scheme_create(actor=users["city"], year=scheme.year + 1)
    assert later.rules.get(violation_type="formalism").points == Decimal("4")
    assert set(later.indicators.values_list("code", flat=True)) == {"GZ", "JF", "CS", "MY"}
    with pytest.raises(ValidationError, match="已存在"):
        scheme_create(actor=users["city"], year=scheme.year)


def test_publishing_freezes_the_year(confirmed, file_report, scheme, users, department):
    confirmed()
    pending = file_report()
    with pytest.raises(ValidationError, match="待研判"):
        scheme_publish(actor=users["city"], scheme=scheme)
    from jianfu.assessment.services import report_dismiss

    report_dismiss(actor=users["district"], report=pending, note="重复")
    with pytest.raises(PermissionDenied):
        scheme_publish(actor=users["district"], scheme=scheme)
    scheme_publish(actor=users["city"], scheme=scheme)
    scheme.refresh_from_db()
    result = AssessmentResult.objects.get(scheme=scheme, department=department)
    assert result.deductions == Decimal("3.00") and result.violations == 1
    # Later changes to live data no longer move the published figures.
    DirectReport.objects.filter(department=department).update(status="overturned")
    assert department_score(scheme, department.pk).final == result.final_score
    assert scheme_scores(scheme)[0].rank == 1
    with pytest.raises(ValidationError, match="冻结"):
        scheme_update(actor=users["city"], scheme=scheme, values={}, rules={}, indicators=[])
    with pytest.raises(ValidationError, match="冻结"):
        scheme_publish(actor=users["city"], scheme=scheme)
