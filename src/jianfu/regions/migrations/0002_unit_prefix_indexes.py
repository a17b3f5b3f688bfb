"""Indexes for code-prefix scope tests with the whole country loaded (711k units).

`code__startswith` is SQL `LIKE 'p%'`. PostgreSQL serves it from the `varchar_pattern_ops`
index Django already makes for `db_index=True` (regions_unit_code_..._like). SQLite's LIKE is
case-insensitive, so it can only use an index built with the NOCASE collation: without this
one every scoped query scans the whole table. Codes are digits, so NOCASE changes nothing else.

The index is not part of Django's model state: if a later migration rebuilds the table on
SQLite (an AlterField on Unit), re-create it the same way.
"""

from django.db import migrations

SQLITE_INDEXES = {
    "unit_code_nocase_idx": "CREATE INDEX IF NOT EXISTS unit_code_nocase_idx ON regions_unit (code COLLATE NOCASE)",
    "unit_name_nocase_idx": "CREATE INDEX IF NOT EXISTS unit_name_nocase_idx ON regions_unit (name COLLATE NOCASE)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_INDEXES.values():
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
