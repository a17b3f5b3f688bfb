"""Fixtures for the assessment tests: published lists, this year's scheme, a report factory."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianfu.assessment.models import DeductionRule
from jianfu.assessment.services import report_confirm, report_submit, scheme_create
from jianfu.core.models import Department, Role, User

from ..catalog.helpers import publish_lists
from ..conftest import PASSWORD

NEGATIVE = "要求社区对辖区个体工商户逐户上门开展市场监管检查，核对营业执照，发现问题当场责令整改"
UNLISTED = "请社区协助开展辖区内古树名木资源调查登记"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lists(db):
    return publish_lists("community")


@pytest.fixture
def year() -> int:
    return timezone.localdate().year


@pytest.fixture
def scheme(db, year):
    """This year's scheme with the default rules; negative-list work costs 3 points a violation."""
    scheme = scheme_create(actor=None, year=year)
    DeductionRule.objects.filter(scheme=scheme, violation_type="negative_work").update(points=Decimal("3"))
    return scheme


@pytest.fixture
def other_department(db) -> Department:
    return Department.objects.create(code="D16", name="市税务局")


@pytest.fixture
def other_department_user(other_department) -> User:
    return User.objects.create_user(
        username="tom_tax", password=PASSWORD, role=Role.DEPARTMENT, department=other_department
    )


@pytest.fixture
def saihan_office(tree) -> User:
    user = User.objects.create_user(username="hank_saihan", password=PASSWORD, role=Role.DISTRICT_OFFICE)
    user.scope_units.set([tree["saihan"]])
    return user


def pdf_file(name: str = "通知.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def file_report(users, tree, department, lists):
    """file_report(**overrides): a report from 公主府社区 by the community user."""

    def do(**kw):
        values = {
            "actor": users["community"],
            "reporter_unit": tree["gongzhufu"],
            "department": department,
            "channel": "document",
            "occurred_on": timezone.localdate(),
            "content": NEGATIVE,
        } | kw
        return report_submit(**values)

    return do


@pytest.fixture
def confirmed(file_report, users, scheme, django_capture_on_commit_callbacks):
    def do(**kw):
        report = file_report(**kw)
        with django_capture_on_commit_callbacks(execute=True):
            return report_confirm(actor=users["district"], report=report, violation_type="negative_work")

    return do
