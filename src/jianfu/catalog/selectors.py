"""Reads of the item lists. Lists are public within the platform: every logged-in role may read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .matcher import CatalogIndex, ItemDoc
from .models import CARRIED_LIST_TYPES, CatalogItem, CatalogVersion, ListLevel, ListType, VersionStatus

DIFF_FIELDS = (
    "list_type",
    "name",
    "category",
    "description",
    "legal_basis",
    "responsible_department",
    "keywords",
    "funds_follow_task",
    "alternative_kind",
    "alternative_channel",
)


def versions(*, level: str | None = None) -> QuerySet[CatalogVersion]:
    qs = CatalogVersion.objects.annotate(item_count=Count("items"))
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("level", "-effective_from", "-id")


def version_get(*, version_id: int) -> CatalogVersion:
    return get_object_or_404(CatalogVersion, pk=version_id)


def version_in_force(*, level: str, on: dt.date | None = None) -> CatalogVersion | None:
    on = on or timezone.localdate()
    return (
        CatalogVersion.objects.filter(status=VersionStatus.PUBLISHED, level=level, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("-effective_from", "-id")
        .first()
    )


def version_previous(*, version: CatalogVersion) -> CatalogVersion | None:
    """The published version of the same level that this one replaced."""
    if version.effective_from is None:
        return None
    return (
        CatalogVersion.objects.filter(
            level=version.level, status=VersionStatus.PUBLISHED, effective_from__lt=version.effective_from
        )
        .order_by("-effective_from", "-id")
        .first()
    )


def items_by_type(*, version: CatalogVersion, query: str = "") -> dict[str, list[CatalogItem]]:
    qs = version.items.all()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(keywords__icontains=query)
            | Q(code__icontains=query)
            | Q(responsible_department__icontains=query)
        )
    grouped: dict[str, list[CatalogItem]] = {t.value: [] for t in ListType}
    for item in qs.order_by("list_type", "sort_order", "code"):
        grouped[item.list_type].append(item)
    return grouped


def type_counts(*, version: CatalogVersion) -> dict[str, int]:
    counts = dict(
        version.items.values_list("list_type").annotate(n=Count("id")).values_list("list_type", "n")
    )
    return {t.value: counts.get(t.value, 0) for t in ListType}


@dataclass
class Reduction:
    before: int
    after: int

    @property
    def cut(self) -> int:
        return self.before - self.after

    @property
    def percent(self) -> Decimal:
        if not self.before:
            return Decimal("0.00")
        return (Decimal(self.cut * 100) / Decimal(self.before)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def sentence(self) -> str:
        if self.cut >= 0:
            return f"由 {self.before} 项精简至 {self.after} 项，精简 {self.percent}%"
        return f"由 {self.before} 项增加至 {self.after} 项"


def reduction(*, before: CatalogVersion, after: CatalogVersion) -> Reduction:
    """The cut in the work communities carry (duty and assist lists) between two versions."""
    return Reduction(
        before=before.items.filter(list_type__in=CARRIED_LIST_TYPES).count(),
        after=after.items.filter(list_type__in=CARRIED_LIST_TYPES).count(),
    )


@dataclass
class VersionDiff:
    added: list[CatalogItem] = field(default_factory=list)
    removed: list[CatalogItem] = field(default_factory=list)
    changed: list[tuple[CatalogItem, CatalogItem, list[str]]] = field(default_factory=list)
    unchanged: int = 0


def version_diff(*, old: CatalogVersion, new: CatalogVersion) -> VersionDiff:
    """Items matched by code: added, removed, and changed (with the names of the fields that differ)."""
    old_items = {i.code: i for i in old.items.all()}
    new_items = {i.code: i for i in new.items.all()}
    diff = VersionDiff()
    for code, item in sorted(new_items.items()):
        before = old_items.get(code)
        if before is None:
            diff.added.append(item)
            continue
        fields = [f for f in DIFF_FIELDS if getattr(before, f) != getattr(item, f)]
        if fields:
            diff.changed.append(
                (before, item, [str(CatalogItem._meta.get_field(f).verbose_name) for f in fields])
            )
        else:
            diff.unchanged += 1
    diff.removed = [i for code, i in sorted(old_items.items()) if code not in new_items]
    return diff


# Built indexes by key. A key names everything its documents are made from (a published version
# never changes; callers that mix in other rows put those rows' contents in the key), so a stale
# entry is never hit, only unused; the dict is cleared when it grows past a few dozen.
_INDEX_CACHE: dict[Hashable, CatalogIndex] = {}
_INDEX_CACHE_SIZE = 32


def item_doc(item: CatalogItem) -> ItemDoc:
    return ItemDoc(
        id=item.id,
        code=item.code,
        name=item.name,
        list_type=item.list_type,
        category=item.category,
        description=item.description,
        keywords=tuple(item.keyword_list),
        responsible_department=item.responsible_department,
        alternative_channel=item.alternative_channel,
        legal_basis=item.legal_basis,
    )


def index_cached(*, key: Hashable, docs: Callable[[], Iterable[ItemDoc]]) -> CatalogIndex:
    """The index for `key`, built from `docs()` on first use: building costs far more than a search."""
    index = _INDEX_CACHE.get(key)
    if index is None:
        if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
            _INDEX_CACHE.clear()
        index = CatalogIndex(docs())
        _INDEX_CACHE[key] = index
    return index


def version_key(version: CatalogVersion) -> tuple[int, str]:
    return (version.pk, version.updated_at.isoformat() if version.updated_at else "")


def version_index(*, version: CatalogVersion) -> CatalogIndex:
    """The matcher index of a version, built on first use and kept while the version is unchanged."""
    return index_cached(
        key=("version", *version_key(version)), docs=lambda: (item_doc(i) for i in version.items.all())
    )


def level_label(level: str) -> str:
    return ListLevel(level).label
