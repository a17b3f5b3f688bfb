"""Demo direct reports, violations, assessment schemes, an example notice draft and certificate logs.

Synthetic (is_demo, shown with the 模拟数据 badge). Last year: about a hundred reports across the city,
twenty departments with confirmed violations, the year published, a notice drafted. This year: the
scheme open, reports in every state, a few filed through the real services by the demo accounts.
Safe to run twice.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jianfu.core.models import Department, Role, User
from jianfu.core.workdays import working_deadline
from jianfu.regions.models import Level, Unit

from .demo_data import (
    CERTIFICATES_ISSUED,
    CERTIFICATES_REFUSED,
    DISMISSED,
    REPEATERS,
    REQUESTERS,
    VIOLATIONS,
)
from .indicators import MANUAL
from .models import (
    AssessmentScheme,
    CertificateLog,
    CertificateOutcome,
    DirectReport,
    IndicatorScore,
    ReportEvent,
    ReportStatus,
)
from .services import notice_draft, report_confirm, report_submit, scheme_create, scheme_publish
from .services.reports import _number, report_check

NAMED_LAST_YEAR = 20


def _reporter(unit: Unit) -> User:
    """A login-less synthetic reporter per community (no password hashing: keeps loading fast)."""
    user, created = User.objects.get_or_create(
        username=f"demo_zb_{unit.code}",
        defaults={"display_name": f"{unit.name} 工作人员（模拟）", "role": Role.COMMUNITY},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.scope_units.set([unit])
    return user


def _when(rng: random.Random, year: int, until: dt.date) -> dt.date:
    start = dt.date(year, 1, 5)
    end = min(dt.date(year, 12, 20), until)
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _direct(
    *, rng: random.Random, unit: Unit, department: Department, channel: str, content: str, occurred: dt.date
) -> DirectReport:
    reporter = _reporter(unit)
    check = report_check(actor=reporter, unit=unit, department=department, content=content)
    report = DirectReport.objects.create(
        number=_number(occurred.year),
        reporter=reporter,
        reporter_unit=unit,
        withhold_identity=rng.random() < 0.3,
        department=department,
        channel=channel,
        occurred_on=occurred,
        content=content,
        year=occurred.year,
        suggestion=check["suggestion"],
        suggested_type=check["type"],
        check_result=check["result"],
        registry_entry=check["entry"],
        is_demo=True,
    )
    ReportEvent.objects.create(
        report=report,
        occurred_at=_aware(occurred, 16),
        actor=reporter,
        action="report_submit",
        to_status="submitted",
    )
    return report


def _triage(report: DirectReport, *, office: User, status: str, note: str, vtype: str = "") -> None:
    at = _aware(report.occurred_on + dt.timedelta(days=9), 15)
    report.status, report.violation_type, report.triage_note = status, vtype, note
    report.triaged_by, report.triaged_at = office, at
    if status == ReportStatus.CONFIRMED:
        report.appeal_deadline = working_deadline(at, 5)
    report.save()
    action = "report_confirm" if status == ReportStatus.CONFIRMED else "report_dismiss"
    ReportEvent.objects.create(
        report=report,
        occurred_at=at,
        actor=office,
        action=action,
        from_status="submitted",
        to_status=status,
        comment=note,
    )


def _last_year(rng: random.Random, year: int, units: list[Unit], office: User, departments: dict) -> int:
    created = 0
    today = timezone.localdate()
    for n, (code, channel, content, vtype) in enumerate(VIOLATIONS):
        department = departments.get(code)
        if department is None:
            continue
        # The first twenty departments are confirmed; the rest were looked at and not confirmed.
        named = n < NAMED_LAST_YEAR
        repeats = rng.randint(2, 5) if code in REPEATERS else rng.randint(1, 3)
        for _ in range(repeats if named else 1):
            report = _direct(
                rng=rng,
                unit=rng.choice(units),
                department=department,
                channel=channel,
                content=content,
                occurred=_when(rng, year, today),
            )
            if named:
                _triage(
                    report,
                    office=office,
                    status=ReportStatus.CONFIRMED,
                    note="经区县初核、市级认定，属违规摊派。",
                    vtype=vtype,
                )
            else:
                _triage(
                    report,
                    office=office,
                    status=ReportStatus.DISMISSED,
                    note="部门已在事前补办准入，情节轻微，不予认定。",
                )
            created += 1
    for code, channel, content, reason in DISMISSED:
        if code in departments:
            report = _direct(
                rng=rng,
                unit=rng.choice(units),
                department=departments[code],
                channel=channel,
                content=content,
                occurred=_when(rng, year, today),
            )
            _triage(report, office=office, status=ReportStatus.DISMISSED, note=reason)
            created += 1
    return created


def _this_year(rng: random.Random, year: int, units: list[Unit], office: User, departments: dict) -> int:
    created, today = 0, timezone.localdate()
    for n, (code, channel, content, vtype) in enumerate(rng.sample(VIOLATIONS, 14)):
        if code not in departments:
            continue
        report = _direct(
            rng=rng,
            unit=rng.choice(units),
            department=departments[code],
            channel=channel,
            content=content,
            occurred=_when(rng, year, today - dt.timedelta(days=20)),
        )
        created += 1
        if n < 8:
            _triage(report, office=office, status=ReportStatus.CONFIRMED, note="属违规摊派。", vtype=vtype)
    # Through the real services, from the demo community account: one filed and confirmed, one waiting.
    community = User.objects.filter(username="community", role=Role.COMMUNITY).first()
    district = User.objects.filter(username="district", role=Role.DISTRICT_OFFICE).first()
    unit = community.scope_units.first() if community else None
    if community and district and unit is not None and {"D04", "D25"} <= set(departments):
        first = report_submit(
            actor=community,
            reporter_unit=unit,
            department=departments.get("D04"),
            channel="chat_group",
            occurred_on=today - dt.timedelta(days=6),
            content="市场监管所在工作群要求社区对辖区商户开展消防和食品安全检查，逐户拍照上传，今天下班前完成。",
            withhold_identity=True,
            is_demo=True,
        )
        report_confirm(
            actor=district,
            report=first,
            violation_type="negative_work",
            note="属负面清单事项（市场监管检查）。",
        )
        report_submit(
            actor=community,
            reporter_unit=unit,
            department=departments.get("D25"),
            channel="phone",
            occurred_on=today - dt.timedelta(days=2),
            content="发改委电话要求社区本月内报送辖区企业招商引资线索不少于 5 条。",
            is_demo=True,
        )
        created += 2
    return created


def _manual_scores(rng: random.Random, scheme: AssessmentScheme, departments: list[Department]) -> None:
    for indicator in scheme.indicators.filter(source=MANUAL):
        IndicatorScore.objects.bulk_create(
            [
                IndicatorScore(indicator=indicator, department=d, score=Decimal(rng.randint(780, 985)) / 10)
                for d in departments
            ],
            ignore_conflicts=True,
        )


def _certificate_logs(rng: random.Random, units: list[Unit], today: dt.date) -> int:
    rows = []
    for unit in units[:24]:
        reporter = _reporter(unit)
        for year in (today.year - 1, today.year):
            for month in range(1, 13):
                if dt.date(year, month, 1) > today:
                    break
                for outcome, names, most in (
                    (CertificateOutcome.REFUSED, CERTIFICATES_REFUSED, 4),
                    (CertificateOutcome.ISSUED, CERTIFICATES_ISSUED, 7),
                ):
                    for _ in range(rng.randint(0, most)):
                        day = dt.date(year, month, rng.randint(1, 28))
                        if day > today:
                            continue
                        rows.append(
                            CertificateLog(
                                community=unit,
                                recorded_by=reporter,
                                recorded_on=day,
                                outcome=outcome,
                                certificate=rng.choice(names),
                                requested_by=rng.choice(REQUESTERS),
                                is_demo=True,
                            )
                        )
    CertificateLog.objects.bulk_create(rows, batch_size=500)
    return len(rows)


@transaction.atomic
def assessment_load() -> dict[str, int]:
    if DirectReport.objects.filter(is_demo=True).exists():
        return {}
    office = User.objects.filter(username="city", role=Role.CITY_OFFICE).first()
    departments = {d.code: d for d in Department.objects.filter(is_active=True)}
    units = list(Unit.objects.current().filter(level=Level.COMMUNITY, kind="社区").order_by("code"))
    if office is None or not departments or not units:
        return {}
    rng = random.Random(2026)
    today = timezone.localdate()
    last, this = today.year - 1, today.year
    units = rng.sample(units, min(40, len(units)))
    roster = sorted(departments.values(), key=lambda d: d.code)
    schemes = {}
    for year in (last, this):
        scheme = AssessmentScheme.objects.filter(year=year).first() or scheme_create(
            actor=None, year=year, is_demo=True
        )
        _manual_scores(rng, scheme, roster)
        schemes[year] = scheme
    created = _last_year(rng, last, units, office, departments)
    created += _this_year(rng, this, units, office, departments)
    notices = 0
    if not schemes[last].is_published:
        scheme_publish(actor=None, scheme=schemes[last])
        notice_draft(actor=None, year=last, is_demo=True)
        notices = 1
    logs = _certificate_logs(rng, units, today)
    return {"reports_created": created, "notices_drafted": notices, "certificate_logs": logs}
