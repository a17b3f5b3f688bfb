"""Fast row loading into one table, on SQLite and PostgreSQL, inside the caller's transaction.

- Rows stream in with COPY (PostgreSQL) or executemany (SQLite), not bulk_create: building
  711k model instances would cost much of the time budget by itself.
- A load much larger than the table drops the table's secondary indexes (and, on PostgreSQL,
  its foreign keys) first and builds them again afterwards, as the PostgreSQL manual advises
  for bulk loading: building an index once is several times cheaper than growing it row by row.
  It is all one transaction, so a failure restores everything; but the table is locked for
  writing (on PostgreSQL also for reading) while the load runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

BATCH = 5000
SQLITE_CACHE_KIB = 256 * 1024
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@contextmanager
def sqlite_cache() -> Iterator[None]:
    """A larger SQLite page cache for the import only (the default 2 MB thrashes on big indexes)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {previous}")


@contextmanager
def indexes_deferred(table: str, *, enabled: bool) -> Iterator[None]:
    """Drop the table's secondary indexes and foreign keys, run the body, then build them again."""
    if not enabled or connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            indexes, foreign_keys = cursor.fetchall(), []
        else:
            # Indexes that back no constraint (the primary key stays), and the foreign keys.
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                [table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            foreign_keys = cursor.fetchall()
        for name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def rows_insert(
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple],
    constants: tuple,
    advance: Callable[[int], None],
) -> None:
    """Insert `rows` (each followed by the same `constants`) into `table`."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            suffix = "\t" + "\t".join(_copy_text(value) for value in constants) + "\n" if constants else "\n"
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for start in range(0, len(rows), BATCH):
                    batch = rows[start : start + BATCH]
                    copy.write("".join("\t".join(map(_copy_text, row)) + suffix for row in batch))
                    advance(len(batch))
            return
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.executemany(sql, [row + constants for row in batch])
            advance(len(batch))


def _copy_text(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def table_analyze(table: str) -> None:
    """Fresh planner statistics after a large load.

    Without them SQLite takes `valid_to IS NULL` for a selective test and walks that index instead
    of the code-prefix one (a 0.5 s scan per scoped query on the whole country), and PostgreSQL
    plans for the table as it was before the load. SQLite analyses every table: with statistics
    for the unit table alone it would guess the others (without any) to be larger, and scan the
    711k units to join a handful of facilities.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
