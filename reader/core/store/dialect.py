"""The project's SQL, written for SQLite, as PostgreSQL takes it.

The store and the packages above it keep one copy of their SQL, with `?`
placeholders and the few SQLite idioms they use; translate() rewrites a
statement for PostgreSQL once (the result is cached by the connection):

    ?                                  %s (a literal % becomes %%)
    strftime('%Y-%m-%dT%H:%M:%SZ','now')   the same text from now() in UTC
    INSERT OR IGNORE                   ON CONFLICT DO NOTHING
    INSERT OR REPLACE                  ON CONFLICT (primary key) DO UPDATE
    x = y COLLATE NOCASE               lower(x) = lower(y) (ASCII only, as NOCASE: the columns are "C")
    sqlite_master                      pg_class
    CREATE TABLE types                 TEXT "C" (SQLite's byte order), BIGINT, DOUBLE PRECISION, BYTEA
    ON CONFLICT DO UPDATE SET c = c +  the target's c, qualified (PostgreSQL finds a bare c ambiguous)
    instr(x, y), char(N)               strpos(x, y), chr(N)

Nothing here imports psycopg: it is only text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NOW = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
_STRFTIME_NOW = re.compile(r"strftime\(\s*'%Y-%m-%dT%H:%M:%SZ'\s*,\s*'now'\s*\)", re.I)
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\s+", re.I)
_OR_REPLACE = re.compile(r"^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.I)
_NOCASE_EQ = re.compile(r"([\w.]+|\?)\s*=\s*([\w.]+|\?)\s+COLLATE\s+NOCASE", re.I)
_NOCASE_COLUMN = re.compile(r"(\w+)\s+COLLATE\s+NOCASE", re.I)
_MASTER = re.compile(r"FROM\s+sqlite_master\s+WHERE\s+type\s*=\s*'table'\s+AND\s+name\s*=", re.I)
_PG_TABLES = ("FROM pg_catalog.pg_class WHERE relkind IN ('r', 'v', 'p')"
              " AND pg_catalog.pg_table_is_visible(oid) AND relname = ")
_CREATE_TABLE = re.compile(r"^\s*CREATE\s+TABLE", re.I)
_TYPES = (
    (re.compile(r"\bTEXT\b", re.I), 'TEXT COLLATE "C"'),
    (re.compile(r"\bINTEGER\b", re.I), "BIGINT"),
    (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
    (re.compile(r"\)\s*WITHOUT\s+ROWID", re.I), ")"),
)
_SELF_UPDATE = re.compile(r"(DO\s+UPDATE\s+SET\s+)(\w+)(\s*=\s*)(\w+)(\s*[-+])", re.I)
_INSERT_INTO = re.compile(r"INSERT\s+INTO\s+(\w+)", re.I)
_INSTR = re.compile(r"\binstr\s*\(", re.I)
_CHAR = re.compile(r"\bchar\s*\(\s*(\d+)\s*\)", re.I)
_DDL = re.compile(r"^\s*(CREATE|ALTER)\b", re.I)
_PRAGMA = re.compile(r"^\s*PRAGMA\b", re.I)
_WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.I)

_ROW_WRITE = re.compile(r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.I)

PrimaryKey = Callable[[str], tuple[str, ...]]


def table_written(sql: str) -> str | None:
    """The table a row write (INSERT, UPDATE, DELETE without RETURNING) writes; None for anything else."""
    match = _ROW_WRITE.match(sql)
    return match.group(1).lower() if match and not re.search(r"\bRETURNING\b", sql, re.I) else None


def is_pragma(sql: str) -> bool:
    """SQLite's settings (journal mode and the like): nothing to do on a server."""
    return bool(_PRAGMA.match(sql))


def writes(sql: str) -> bool:
    """Whether the statement writes, so opens a transaction (as Python's sqlite3 does)."""
    return bool(_WRITES.match(sql))


def translate(sql: str, primary_key: PrimaryKey) -> str:
    """sql for PostgreSQL; primary_key(table) names a table's key columns (for OR REPLACE)."""
    sql = _STRFTIME_NOW.sub(NOW, sql)
    if _CREATE_TABLE.match(sql):
        for pattern, replacement in _TYPES:
            sql = _outside_literals(sql, lambda part, p=pattern, r=replacement: p.sub(r, part))
    sql = _NOCASE_EQ.sub(r"lower(\1) = lower(\2)", sql)
    sql = _NOCASE_COLUMN.sub(r"lower(\1)", sql)
    sql = _MASTER.sub(_PG_TABLES, sql)
    if ("instr" in sql.lower() or "char" in sql.lower()) and not _DDL.match(sql):  # CHAR(10) there is a type
        sql = _outside_literals(sql, lambda part: _CHAR.sub(r"chr(\1)", _INSTR.sub("strpos(", part)))
    if _OR_IGNORE.match(sql):
        sql = _OR_IGNORE.sub("INSERT INTO ", sql, count=1).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    elif match := _OR_REPLACE.match(sql):
        sql = _replace(sql, match, primary_key)
    if match := _SELF_UPDATE.search(sql):
        target = _INSERT_INTO.search(sql)
        if target and match.group(2).lower() == match.group(4).lower():
            sql = _SELF_UPDATE.sub(rf"\g<1>\g<2>\g<3>{target.group(1)}.\g<4>\g<5>", sql, count=1)
    return _placeholders(sql)


def _replace(sql: str, match: re.Match, primary_key: PrimaryKey) -> str:
    table, columns = match.group(1), [c.strip() for c in match.group(2).split(",") if c.strip()]
    key = primary_key(table)
    if not key:
        raise ValueError(f"INSERT OR REPLACE into {table}, which has no primary key on the server")
    rest = [c for c in columns if c.lower() not in {k.lower() for k in key}]
    head = f"INSERT INTO {table}({', '.join(columns)})"
    body = sql[match.end():].rstrip().rstrip(";")
    action = "DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in rest) if rest else "DO NOTHING"
    return f"{head}{body} ON CONFLICT ({', '.join(key)}) {action}"


def _outside_literals(sql: str, change: Callable[[str], str]) -> str:
    """change applied to the parts of sql outside '...' literals and "..." names."""
    parts = re.split(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")", sql)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def _placeholders(sql: str) -> str:
    sql = sql.replace("%", "%%")  # psycopg reads % as the start of a placeholder, in literals too
    return _outside_literals(sql, lambda part: part.replace("?", "%s"))
