"""Writing a checked plan, level by level, inside the caller's transaction.

New units of a level go in as one stream of rows (bulk.rows_insert); their ids are then read back
once, by code (unique among current units), to become the parents of the next level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from ..models import Area, Level, Unit
from .bulk import indexes_deferred, rows_insert, sqlite_cache, table_analyze
from .planner import NEW, Plan
from .source import LEVELS

IMPORT_VALID_FROM = dt.date(2019, 12, 31)  # the list is the state at the end of 2019, like the demo tree
# Loads of at least this many rows, and larger than the table already is, rebuild its indexes.
BULK_ROWS = 50_000
ANALYZE_ROWS = 10_000
URBAN_KINDS = {"直辖市", "自治区", "省", "市", "地区", "自治州", "盟", "统计分组", "区", "街道", "社区"}
VARIABLE = [
    "name",
    "official_name",
    "level",
    "kind",
    "parent_id",
    "code",
    "code_provisional",
    "area",
    "households",
    "population",
    "source",
]
CODE_COLUMN = VARIABLE.index("code")


def _constant_columns() -> tuple[list[str], tuple]:
    """Every other column of the unit table with its default, prepared for the database once."""
    now = timezone.now()
    columns, values = [], []
    for model_field in Unit._meta.concrete_fields:
        if model_field.primary_key or model_field.attname in VARIABLE:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = now
        elif model_field.attname == "valid_from":
            value = IMPORT_VALID_FROM
        else:
            value = model_field.get_default()
        columns.append(model_field.column)
        values.append(None if value is None else model_field.get_db_prep_save(value, connection))
    return columns, tuple(values)


def _new_ids(level: int, prefixes: set[str]) -> dict[str, int]:
    rows = Unit.objects.current().filter(level=level)
    if len(prefixes) == 1:
        rows = rows.filter(code__startswith=next(iter(prefixes)))
    return dict(rows.values_list("code", "id").iterator(chunk_size=20000))


def _level_rows(plan: Plan, depth: int, source_label: str) -> list[tuple]:
    nodes = plan.tree.levels[depth]
    level = LEVELS[depth]
    codes, origin = plan.code[depth], plan.origin[depth]
    parent_ids = plan.unit_id[depth - 1] if depth else None
    rows = []
    for index, uid in enumerate(plan.unit_id[depth]):
        if uid != NEW:
            continue
        kind = nodes.kind[index]
        rows.append(
            (
                nodes.name[index],
                nodes.official[index],
                level,
                kind,
                parent_ids[nodes.parent[index]] if parent_ids is not None else None,
                codes[index],
                origin[index] == "provisional",
                Area.URBAN if kind in URBAN_KINDS else Area.RURAL,
                nodes.households.get(index),
                nodes.population.get(index),
                f"{source_label}; code {origin[index]}"[:120],
            )
        )
    # In code order, most index entries are appended rather than scattered.
    rows.sort(key=lambda row: row[CODE_COLUMN])
    return rows


def plan_write(plan: Plan, *, source_label: str, advance: Callable[[int], None]) -> dict[str, int]:
    """Insert the planned new units and hang adopted cities under their province; counts per level."""
    constant_columns, constants = _constant_columns()
    columns = [Unit._meta.get_field(name).column for name in VARIABLE] + constant_columns
    table = Unit._meta.db_table
    total = sum(plan.new_count(depth) for depth in range(len(LEVELS)))
    bulk = total >= BULK_ROWS and total > Unit.objects.count()
    created: dict[str, int] = {}
    with sqlite_cache(), indexes_deferred(table, enabled=bulk):
        for depth in range(len(LEVELS)):
            level = LEVELS[depth]
            rows = _level_rows(plan, depth, source_label)
            created[Level(level).name.lower()] = len(rows)
            if rows:
                rows_insert(table, columns, rows, constants, advance)
                ids, codes = plan.unit_id[depth], plan.code[depth]
                by_code = _new_ids(level, {row[CODE_COLUMN][:2] for row in rows})
                for index, uid in enumerate(ids):
                    if uid == NEW:
                        ids[index] = by_code[codes[index]]
            if depth == 0:
                for orphan_id, province in plan.adopt:
                    Unit.objects.filter(pk=orphan_id).update(
                        parent_id=plan.unit_id[0][province], updated_at=timezone.now()
                    )
    if total >= ANALYZE_ROWS:
        table_analyze(table)
    return created
