from __future__ import annotations

import pytest
from django.utils import timezone

from jianfu.assessment.demo import NAMED_LAST_YEAR, assessment_load
from jianfu.assessment.models import AssessmentScheme, CertificateLog, DirectReport, Notice
from jianfu.core.demo import CITY_DEPARTMENTS
from jianfu.core.models import Department, Role, User

pytestmark = pytest.mark.django_db


def test_demo_year_names_twenty_departments_and_loads_once(tree, lists):
    for code, name in CITY_DEPARTMENTS:
        Department.objects.create(code=code, name=name)
    city = User.objects.create(username="city", role=Role.CITY_OFFICE)
    city.scope_units.set([tree["city"]])
    counts = assessment_load()
    last = timezone.localdate().year - 1
    assert counts["reports_created"] > 50 and counts["notices_drafted"] == 1
    assert not DirectReport.objects.filter(is_demo=False).exists()
    notice = Notice.objects.get()
    assert notice.year == last and notice.is_demo and notice.departments.count() == NAMED_LAST_YEAR == 20
    assert AssessmentScheme.objects.get(year=last).is_published
    assert not AssessmentScheme.objects.get(year=last + 1).is_published
    assert CertificateLog.objects.filter(is_demo=True).exists()
    assert assessment_load() == {}
    assert Notice.objects.count() == 1
