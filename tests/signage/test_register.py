from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianfu.core.models import AuditEvent
from jianfu.signage.models import Facility, Sign, SignKind, SignStatus, SignTemplate
from jianfu.signage.photos import image_kind
from jianfu.signage.selectors import cleanup_figures, facility_compliance, template_current
from jianfu.signage.services import (
    TemplateItemSpec,
    sign_mark_to_remove,
    sign_register,
    sign_remove,
    sign_template_publish,
    signage_policy_set,
)

from .conftest import JPEG, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_seeded_templates_reconcile_4_plus_2():
    community, village = template_current("community"), template_current("village")
    kinds = [i.kind for i in community.items.all()]
    assert kinds.count("sign") == 3 and kinds.count("mark") == 2
    village_keys = [i.key for i in village.items.all()]
    assert "collective" in village_keys and len(village_keys) == 6
    assert community.service_guide_required and community.max_signs_per_room == 1


def test_compliance_counts_missing_extra_and_crowded(facility):
    c = facility_compliance(facility)
    assert c.missing == [] and c.extra == 1 and c.crowded == 1 and not c.guide_missing
    assert c.pending_removal == 1 and not c.is_compliant
    Sign.objects.filter(standard_key="supervision").update(
        status=SignStatus.REMOVED, removed_on=dt.date(2025, 1, 2)
    )
    Sign.objects.filter(kind=SignKind.GUIDE).delete()
    c = facility_compliance(facility)
    assert [i.key for i in c.missing] == ["supervision"] and c.guide_missing and c.removed_signs == 1


def test_duplicate_standard_sign_counts_as_extra(facility):
    Sign.objects.create(
        facility=facility, kind=SignKind.SIGN, text="公主府社区居民委员会", standard_key="committee"
    )
    assert facility_compliance(facility).extra == 2


def test_removing_signs_changes_compliance_and_cleanup(facility, users, png):
    extra = Sign.objects.get(text="公主府社区老年人协会")
    crowded = Sign.objects.get(text="党风廉政建设室")
    board = Sign.objects.get(kind=SignKind.BOARD)
    before = cleanup_figures(user=users["district"])
    assert before["total"].removed_signs == 0
    today = timezone.localdate()
    for sign in (extra, crowded, board):
        sign_remove(actor=users["community"], sign=sign, removed_on=today, photo=png())
    c = facility_compliance(facility)
    assert c.extra == 0 and c.crowded == 0 and c.pending_removal == 0 and c.is_compliant
    figures = cleanup_figures(user=users["district"])
    assert (figures["total"].removed_signs, figures["total"].removed_boards) == (2, 1)
    assert [r.unit.name for r in figures["streets"]] == ["海拉尔东路街道"]
    assert figures["districts"][0].unit.name == "新城区" and figures["districts"][0].removed_signs == 2
    extra.refresh_from_db()
    assert extra.removal_photo.name.startswith("signage/") and extra.removed_on == today
    assert AuditEvent.objects.filter(action="sign.remove", scope_code="150102001001").count() == 3
    # Out of the district's area: 赛罕区 figures see nothing.
    assert cleanup_figures(user=users["community"])["total"].removed_signs == 2


def test_removal_needs_a_real_photo_and_a_date(facility, users, png):
    sign = Sign.objects.get(text="公主府社区老年人协会")
    today = timezone.localdate()
    fake = SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="不是有效的图片文件"):
        sign_remove(actor=users["community"], sign=sign, removed_on=today, photo=fake)
    with pytest.raises(ValidationError, match="请上传清理后照片"):
        sign_remove(actor=users["community"], sign=sign, removed_on=today, photo=None)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        sign_remove(actor=users["community"], sign=sign, removed_on=today + dt.timedelta(days=1), photo=png())
    signage_policy_set(actor=users["city"], max_photo_kb=100)
    with pytest.raises(ValidationError, match="过大"):
        sign_remove(actor=users["community"], sign=sign, removed_on=today, photo=png(extra=150 * 1024))
    sign.refresh_from_db()
    assert sign.status == SignStatus.TO_REMOVE and not sign.removal_photo
    assert not AuditEvent.objects.filter(action="sign.remove").exists()


def test_magic_bytes():
    assert image_kind(JPEG) == "jpeg"
    assert image_kind(png_bytes()) == "png"
    assert image_kind(b"\x89PNG\r\n\x1a\n" + b"\x00" * 24) is None
    assert image_kind(b"%PDF-1.7") is None


def test_register_checks_role_scope_and_template(facility, users, tree):
    with pytest.raises(PermissionDenied):
        sign_register(actor=users["auditor"], facility=facility, kind="sign", text="x")
    with pytest.raises(PermissionDenied):
        sign_register(actor=users["department"], facility=facility, kind="sign", text="x")
    far = Facility.objects.create(unit=tree["jiankang"], name="健康社区党群服务中心")
    with pytest.raises(PermissionDenied, match="不在您的管辖范围"):
        sign_register(actor=users["street"], facility=far, kind="sign", text="x")
    with pytest.raises(ValidationError, match="不在现行模板"):
        sign_register(actor=users["community"], facility=facility, kind="sign", text="x", standard_key="nope")
    sign = sign_register(
        actor=users["community"], facility=facility, kind="board", text="考核细则", belongs_to="区统计局"
    )
    sign_mark_to_remove(actor=users["community"], sign=sign)
    assert Sign.objects.get(pk=sign.pk).status == SignStatus.TO_REMOVE


def test_template_is_versioned_configuration(facility, users):
    items = [TemplateItemSpec("party", "sign", "社区党组织"), TemplateItemSpec("committee", "sign", "居委会")]
    with pytest.raises(PermissionDenied):
        sign_template_publish(
            actor=users["district"], applies_to="community", items=items, effective_from=dt.date(2025, 1, 1)
        )
    with pytest.raises(ValidationError, match="不能重复"):
        sign_template_publish(
            actor=users["city"],
            applies_to="community",
            items=items + items[:1],
            effective_from=dt.date(2025, 1, 1),
        )
    sign_template_publish(
        actor=users["city"], applies_to="community", items=items, effective_from=dt.date(2025, 1, 1)
    )
    assert SignTemplate.objects.filter(applies_to="community").count() == 2
    # The three other standard signs are now extra outside signs.
    assert facility_compliance(facility).extra == 4
