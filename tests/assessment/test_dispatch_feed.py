"""The street-whistle ratings feed the department assessment through the real dispatch app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jianfu.assessment import indicators
from jianfu.dispatch.models import WhistleAuthority
from jianfu.dispatch.services import (
    assignment_contact,
    assignment_rate,
    assignment_report,
    assignment_sign,
    whistle_blow,
)

pytestmark = pytest.mark.django_db


def _handle(users, tree, department, *, sign_after: dt.timedelta, score: int, at: dt.datetime):
    whistle = whistle_blow(
        actor=users["street"], title="占道经营", description="早市摊贩占用消防通道", category="market",
        urgency="urgent", place=tree["gongzhufu"], departments=[department], at=at,
    )
    assignment = whistle.assignments.get()
    dept_user = users["department"]
    assignment_sign(actor=dept_user, assignment=assignment, at=at + sign_after)
    assignment_contact(actor=dept_user, assignment=assignment, note="已电话联系街道", at=at + sign_after)
    assignment_report(actor=dept_user, assignment=assignment, result="已清理", at=at + sign_after)
    assignment_rate(actor=users["street"], assignment=assignment, score=score, at=at + sign_after)


def test_on_time_and_well_rated_scores_full_marks_late_and_poor_scores_less(users, tree, department):
    WhistleAuthority.objects.create(user=users["street"], street=tree["hailaer"])
    year = timezone.localdate().year - 1
    start = timezone.make_aware(dt.datetime(year, 3, 10, 9, 0))  # a Tuesday, no holiday
    _handle(users, tree, department, sign_after=dt.timedelta(minutes=20), score=5, at=start)
    assert indicators.dispatch_scores(year, [department]) == {department.pk: Decimal("100.00")}

    _handle(users, tree, department, sign_after=dt.timedelta(hours=30), score=1, at=start + dt.timedelta(days=7))
    # One of two on time (60% × 0.5) and an average rating of 3/5 (40% × 0.6): 54 points.
    assert indicators.dispatch_scores(year, [department]) == {department.pk: Decimal("54.00")}
