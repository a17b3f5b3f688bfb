from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.catalog import selectors, services
from jianfu.catalog.models import CatalogVersion, VersionStatus
from jianfu.core.models import AuditEvent


def test_reduction_figure_from_versions(two_versions):
    before, current = two_versions
    cut = selectors.reduction(before=before, after=current)
    assert (cut.before, cut.after) == (140, 79)
    assert cut.sentence == "由 140 项精简至 79 项，精简 43.57%"


def test_publishing_supersedes_the_version_in_force(two_versions):
    before, current = two_versions
    before.refresh_from_db()
    assert before.effective_to == dt.date(2024, 7, 1)
    assert selectors.version_in_force(level="community", on=dt.date(2024, 6, 30)) == before
    assert selectors.version_in_force(level="community", on=dt.date(2024, 7, 1)) == current
    assert AuditEvent.objects.filter(action="catalog.version_supersede", target_id=str(before.pk)).exists()


def test_diff_matches_items_by_code(two_versions, users):
    before, current = two_versions
    diff = selectors.version_diff(old=before, new=current)
    assert len(diff.removed) == 61
    assert len(diff.added) == 44  # the negative and certificate lists are new
    draft = services.version_create(
        actor=users["city"], level="community", name="修订", year=2026, based_on=current
    )
    item = draft.items.get(code="SQ-XZ-001")
    services.item_save(
        actor=users["city"],
        version=draft,
        item=item,
        **{f: getattr(item, f) for f in services.ITEM_FIELDS} | {"name": "低保申请受理"},
    )
    changed = selectors.version_diff(old=current, new=draft).changed
    assert [(a.code, fields) for _, a, fields in changed] == [("SQ-XZ-001", ["事项名称"])]


def test_published_versions_are_frozen_and_only_the_city_edits(community_lists, users):
    item = community_lists.items.first()
    with pytest.raises(ValidationError, match="已发布"):
        services.item_delete(actor=users["city"], item=item)
    with pytest.raises(PermissionDenied):
        services.version_create(actor=users["district"], level="community", name="x", year=2026)


def test_publish_rejects_a_date_not_after_the_current_one(community_lists, users):
    draft = services.version_create(
        actor=users["city"], level="community", name="新版", year=2026, based_on=community_lists
    )
    with pytest.raises(ValidationError, match="必须晚于"):
        services.version_publish(actor=users["city"], version=draft, effective_from=dt.date(2024, 7, 1))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    empty = services.version_create(actor=users["city"], level="village", name="空", year=2026)
    with pytest.raises(ValidationError, match="空版本"):
        services.version_publish(actor=users["city"], version=empty, effective_from=dt.date(2026, 1, 1))


def test_certificate_items_need_an_alternative_channel(users):
    draft = services.version_create(actor=users["city"], level="community", name="草稿", year=2026)
    with pytest.raises(ValidationError, match="替代渠道"):
        services.item_save(
            actor=users["city"], version=draft, list_type="negative_cert", code="Z1", name="出生证明"
        )
    assert not draft.items.exists()
    assert CatalogVersion.objects.count() == 1
