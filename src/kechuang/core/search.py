"""Substring search over organization names and USCCs that an index can answer, on both databases.

PostgreSQL: `name`/`uscc` `icontains` (Django's `UPPER(col) LIKE UPPER('%…%')`) is served by pg_trgm
GIN indexes on `UPPER(name)` and `UPPER(uscc)` (migration 0004). SQLite: an FTS5 table with the
trigram tokenizer, kept in step with `core_organization` by triggers, answers terms of three or more
characters. A trigram index cannot answer a term of one or two characters on either database; such a
term is matched with the same `LIKE` but read along the name-ordered index, which finds a first page of
a frequent term (科技, 华) after a few rows and a rare one only after reading the whole table.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

# Shortest term a trigram index can answer.
TRIGRAM_MIN_LENGTH = 3

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


def search_condition(text: str) -> Q:
    """Organizations whose name or USCC contains `text` (case-insensitive), as one condition."""
    text = text.strip()
    if not text:
        return Q()
    if connection.vendor == "sqlite" and uses_trigram_index(text):
        return Q(
            pk__in=RawSQL(f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [_fts_phrase(text)])
        )
    return Q(name__icontains=text) | Q(uscc__icontains=text)
