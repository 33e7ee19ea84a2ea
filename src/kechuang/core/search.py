"""Substring search over organization names and USCCs that an index can answer, on both databases.

PostgreSQL: `name`/`uscc` `icontains` (Django's `UPPER(col) LIKE UPPER('%…%')`) is served by pg_trgm
GIN indexes on `UPPER(name)` and `UPPER(uscc)` (migration 0004). SQLite: an FTS5 table with the
trigram tokenizer, kept in step with `core_organization` by triggers, answers terms of three or more
characters. A trigram index cannot answer a term of one or two characters on either database; such a
term is matched with the same `LIKE` but read along the name-ordered index, which finds a first page of
a frequent term (科技, 华) after a few rows and a rare one only after reading the whole table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import BigIntegerField, F, Func, Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In

# Shortest term a trigram index can answer.
TRIGRAM_MIN_LENGTH = 3
# A term matching more than this many times the exact-count limit is read along the name index (SQLite).
FREQUENT_FACTOR = 5

SQLITE_TABLE = "core_organization_search"
# External-content FTS5 table: it stores only the index, the text stays in core_organization.
SQLITE_SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5(
        name, uscc, content='core_organization', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS core_organization_search_insert AFTER INSERT ON core_organization BEGIN
        INSERT INTO {SQLITE_TABLE}(rowid, name, uscc) VALUES (new.id, new.name, new.uscc);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS core_organization_search_delete AFTER DELETE ON core_organization BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, name, uscc) VALUES ('delete', old.id, old.name, old.uscc);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS core_organization_search_update AFTER UPDATE OF name, uscc ON core_organization
    WHEN old.name IS NOT new.name OR old.uscc IS NOT new.uscc BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, name, uscc) VALUES ('delete', old.id, old.name, old.uscc);
        INSERT INTO {SQLITE_TABLE}(rowid, name, uscc) VALUES (new.id, new.name, new.uscc);
    END""",
    # Index the rows that exist already.
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_organization_search_insert",
    "DROP TRIGGER IF EXISTS core_organization_search_delete",
    "DROP TRIGGER IF EXISTS core_organization_search_update",
    f"DROP TABLE IF EXISTS {SQLITE_TABLE}",
]
POSTGRES_INDEXES = {"core_org_name_trgm": "name", "core_org_uscc_trgm": "uscc"}


def uses_trigram_index(text: str) -> bool:
    return len(text.strip()) >= TRIGRAM_MIN_LENGTH


def _fts_phrase(text: str) -> str:
    # One quoted FTS5 phrase: a trigram phrase matches exactly where the text occurs as a substring.
    return '"' + text.replace('"', '""') + '"'


def search_condition(text: str, *, dense: bool = False) -> Q:
    """Organizations whose name or USCC contains `text` (case-insensitive), as one condition.

    `dense`: the caller knows the list is large (it has counted past the limit), and wants the form a
    database reads along the list's (name, id) order, stopping at the page, rather than the form that
    collects every match and sorts them (best for a few matches). The rows are the same either way.
    """
    # No stored text holds a NUL, and PostgreSQL refuses one in a parameter.
    text = text.replace("\x00", "").strip()
    if not text:
        return Q()
    if connection.vendor == "sqlite" and uses_trigram_index(text) and not dense and not _frequent_in_fts(text):
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [_fts_phrase(text)]))
    if not uses_trigram_index(text) and text.upper() == text.lower():
        # A short term without letters (most Chinese terms) scans without an index; it need not pay for
        # PostgreSQL's UPPER() on every row, which triples the cost of the scan.
        return Q(name__contains=text) | Q(uscc__contains=text)
    return Q(name__icontains=text) | Q(uscc__icontains=text)


def _frequent_in_fts(text: str) -> bool:
    """More than a few times the exact-count limit of matches (read from the FTS table, which stops there)?

    SQLite collects every FTS match before it sorts or counts them (≈0.3 µs a match); past this many,
    reading along the name index with LIKE finds a page and the capped count at once instead.
    """
    ceiling = FREQUENT_FACTOR * settings.KECHUANG_EXACT_COUNT_LIMIT
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s LIMIT %s)",
            [_fts_phrase(text), ceiling + 1],
        )
        return cursor.fetchone()[0] > ceiling


def in_condition(field: str, ids: list[int], *, dense: bool = False) -> Q:
    """`field IN ids`; `dense` as for `search_condition`.

    SQLite's planner reads an IN list along the field's index and sorts every match, even for the first
    page of a filter matching half the table. With the column wrapped (`+field`, SQLite's way of
    setting an index aside) it reads along the (name, id) order and stops at the page; PostgreSQL makes
    that choice itself from its statistics.
    """
    if len(ids) == 1:
        return Q(**{field: ids[0]})
    if dense and connection.vendor == "sqlite":
        column = Func(F(field), template="+%(expressions)s", output_field=BigIntegerField())
        return Q(In(column, ids))
    return Q(**{f"{field}__in": ids})
