"""The project's SQLite SQL as PostgreSQL takes it (store/dialect.py): text only, no server."""

from __future__ import annotations

import pytest

from reader.core.store import dialect


def keys(table: str) -> tuple[str, ...]:
    return {"files": ("root", "relpath"), "event_meta": ("key",), "pairs": ("a", "b")}.get(table, ())


def test_placeholders_become_psycopg_ones_and_a_literal_percent_is_kept():
    assert dialect.translate("SELECT id FROM articles WHERE id=? AND title LIKE '50%?'", keys) == (
        "SELECT id FROM articles WHERE id=%s AND title LIKE '50%%?'")


def test_insert_or_replace_updates_the_columns_outside_the_key():
    sql = dialect.translate("INSERT OR REPLACE INTO files(root, relpath, signature) VALUES(?,?,?)", keys)
    assert sql == ("INSERT INTO files(root, relpath, signature) VALUES(%s,%s,%s)"
                   " ON CONFLICT (root, relpath) DO UPDATE SET signature = EXCLUDED.signature")


def test_insert_or_replace_of_key_columns_only_does_nothing_on_conflict():
    assert dialect.translate("INSERT OR REPLACE INTO pairs(a, b) VALUES(?,?)", keys).endswith("ON CONFLICT (a, b) DO NOTHING")


def test_insert_or_replace_without_a_key_is_refused():
    with pytest.raises(ValueError, match="no primary key"):
        dialect.translate("INSERT OR REPLACE INTO nokey(a) VALUES(?)", keys)


def test_insert_or_ignore_does_nothing_on_any_conflict():
    assert dialect.translate("INSERT OR IGNORE INTO reader_state(id) VALUES(?)", keys) == (
        "INSERT INTO reader_state(id) VALUES(%s) ON CONFLICT DO NOTHING")


def test_nocase_comparison_and_index():
    assert dialect.translate("SELECT 1 FROM articles a WHERE a.source = ? COLLATE NOCASE", keys) == (
        "SELECT 1 FROM articles a WHERE lower(a.source) = lower(%s)")
    assert dialect.translate("CREATE INDEX IF NOT EXISTS x ON articles(source COLLATE NOCASE)", keys) == (
        "CREATE INDEX IF NOT EXISTS x ON articles(lower(source))")


def test_now_is_the_same_text_from_the_server_clock():
    sql = dialect.translate("UPDATE events SET updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?", keys)
    assert "strftime" not in sql and "to_char(now() AT TIME ZONE 'UTC'" in sql and sql.endswith("WHERE id=%s")


def test_create_table_types_and_byte_order():
    sql = dialect.translate(
        "CREATE TABLE IF NOT EXISTS t (term TEXT NOT NULL, doc INTEGER NOT NULL, weight REAL, body BLOB,"
        " PRIMARY KEY (term, doc)) WITHOUT ROWID", keys)
    assert sql == ('CREATE TABLE IF NOT EXISTS t (term TEXT COLLATE "C" NOT NULL, doc BIGINT NOT NULL,'
                   " weight DOUBLE PRECISION, body BYTEA, PRIMARY KEY (term, doc))")


def test_a_default_literal_is_not_rewritten_as_a_type():
    sql = dialect.translate("CREATE TABLE t (kind TEXT NOT NULL DEFAULT 'TEXT INTEGER')", keys)
    assert sql == "CREATE TABLE t (kind TEXT COLLATE \"C\" NOT NULL DEFAULT 'TEXT INTEGER')"


def test_a_self_referring_update_names_its_table():
    sql = dialect.translate(
        "INSERT INTO event_df(term, df) VALUES(?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df", keys)
    assert sql.endswith("DO UPDATE SET df = event_df.df + excluded.df")


def test_the_table_catalogue_and_pragmas():
    sql = dialect.translate("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", keys)
    assert "pg_class" in sql and sql.endswith("relname = %s")
    assert dialect.is_pragma("  PRAGMA journal_mode=WAL") and not dialect.is_pragma("SELECT 'PRAGMA'")
    assert dialect.writes("INSERT INTO x VALUES(1)") and not dialect.writes("SELECT 1")


def test_instr_and_char_become_strpos_and_chr_outside_literals_and_types():
    sql = dialect.translate("SELECT substr(f, 1, instr(f, char(10)) - 1), 'instr(x) char(9)' FROM e WHERE d=?", keys)
    assert sql == "SELECT substr(f, 1, strpos(f, chr(10)) - 1), 'instr(x) char(9)' FROM e WHERE d=%s"
    assert "CHAR(10)" in dialect.translate("CREATE TABLE t (code CHAR(10) NOT NULL)", keys)
