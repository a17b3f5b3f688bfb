"""Indexes for the whole country (711k units): code-prefix scope tests, name search, counts.

`code__startswith` / `name__startswith` are SQL `LIKE 'p%'`. PostgreSQL serves them from the
`varchar_pattern_ops` indexes Django already makes for `db_index=True` (..._like). SQLite's LIKE
is case-insensitive, so it can only use an index built with the NOCASE collation: without
unit_code_nocase_idx every scoped query scans the whole table. Codes are digits and names
Chinese, so NOCASE changes nothing else. These two indexes are not part of Django's model state:
if a later migration rebuilds the table on SQLite (an AlterField on Unit), re-create them the
same way.
"""

from django.db import migrations, models

SQLITE_INDEXES = {
    "unit_code_nocase_idx": "code",  # scope tests: code__startswith
    "unit_name_nocase_idx": "name",  # search: names starting with the query
}


def create_sqlite_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name, column in SQLITE_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON regions_unit ({column} COLLATE NOCASE)")


def drop_sqlite_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="unit",
            index=models.Index(
                condition=models.Q(("valid_to__isnull", True)),
                fields=["level", "kind", "households", "population"],
                name="unit_current_level_kind_idx",
            ),
        ),
        migrations.RunPython(create_sqlite_indexes, drop_sqlite_indexes, elidable=False),
    ]
