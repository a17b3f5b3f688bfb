"""Everything in the platform that points at a unit of the division tree, found through model meta.

Used when a plan ends communities and grids: whatever still points at an ended unit (workers,
accounts' scopes, departments, records of apps built later) is listed for re-assignment, so nothing
is silently lost or orphaned.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

from jianfu.regions.models import Unit

# Links that are history by design, or that the plan service re-points itself.
SKIP = {
    ("regions", "unit", "parent"),
    ("regions", "lineage", "predecessor"),
    ("regions", "lineage", "successor"),
    ("layout", "layoutplan", "scope"),
    ("layout", "planregion", "street"),
    ("layout", "planregion", "continues"),
    ("layout", "planregion", "created_unit"),
    ("layout", "residentialunit", "community"),
    ("layout", "residentialunit", "grid"),
}


@dataclass(frozen=True)
class UnitLink:
    model: type[models.Model]
    field: models.Field
    many: bool


def unit_links() -> list[UnitLink]:
    links = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                not getattr(field, "concrete", False)
                or not field.is_relation
                or field.related_model is not Unit
            ):
                continue
            if (model._meta.app_label, model._meta.model_name, field.name) in SKIP:
                continue
            links.append(UnitLink(model, field, bool(field.many_to_many)))
    return links


def references_to(unit_ids: list[int], *, successors: dict[int, list[str]] | None = None) -> list[dict]:
    """Rows of any model that point at one of `unit_ids`, as plain data for the re-assignment list."""
    if not unit_ids:
        return []
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "name"))
    codes = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "code"))
    out = []
    for link in unit_links():
        meta = link.model._meta
        if link.many:
            through = link.field.remote_field.through
            source = link.field.m2m_field_name()
            target = link.field.m2m_reverse_field_name()
            rows = through.objects.filter(**{f"{target}_id__in": unit_ids}).values_list(
                f"{source}_id", f"{target}_id"
            )
            objects = link.model.objects.in_bulk({r[0] for r in rows})
            pairs = [(objects.get(a), b) for a, b in rows]
        else:
            qs = link.model.objects.filter(**{f"{link.field.name}_id__in": unit_ids})
            pairs = [(obj, getattr(obj, link.field.attname)) for obj in qs]
        for obj, unit_id in pairs:
            if obj is None:
                continue
            out.append(
                {
                    "model": str(meta.verbose_name),
                    "label": meta.label,
                    "field": str(link.field.verbose_name),
                    "object_id": obj.pk,
                    "object": str(obj)[:120],
                    "unit_id": unit_id,
                    "unit": names.get(unit_id, ""),
                    "unit_code": codes.get(unit_id, ""),
                    "successors": (successors or {}).get(unit_id, []),
                }
            )
    return out
