"""Many rows of one statement written at once, cheaply for the server.

A transaction's row writes wait in the connection (pg.py) until a read or
the commit needs them; then each run of rows of one statement goes as one
command instead of one statement per row:

    INSERT INTO t(cols) VALUES(%s, ...)        COPY t(cols) FROM STDIN
    ... ON CONFLICT ... (OR IGNORE/REPLACE)    COPY into a temporary table, then one
                                               INSERT INTO t ... SELECT ... ON CONFLICT
    DELETE FROM t WHERE c = %s                 DELETE FROM t WHERE c = ANY(%s)

COPY skips the per-row statement (its parse, bind, execute and answer) on
both sides; for Reuters' 19,051 articles the server's time for their rows fell by
about 40% and the client's by 70% (a COPY straight into articles against
executemany in a pipeline). The effect is that of the rows
one after another: a plain INSERT of a key stored already fails (as it
would row by row, and the transaction is rolled back); of rows with one key
the first stays under DO NOTHING and the last under DO UPDATE, as row by
row. Anything else (VALUES with expressions, an update that adds to the
stored value) is left to executemany.

Nothing here opens a connection: write(cursor, ...) runs on the caller's,
outside pipeline mode (COPY does not run in it); the statement that
finishes a write is handed back, to be sent in pipeline mode with the
commit after it (a round trip fewer).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

BULK_MIN = 8  # rows; fewer go as they are, pipelined (COPY's handshake costs two round trips)

_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES\s*\(([^)]*)\)\s*(.*?)\s*;?\s*$", re.I | re.S)
_PLACEHOLDERS = re.compile(r"^\s*%s(?:\s*,\s*%s)*\s*$")
_CONFLICT = re.compile(r"^ON\s+CONFLICT\s*(?:\(([^)]*)\))?\s*DO\s+(NOTHING|UPDATE\s+SET\s+(.+))$", re.I | re.S)
_ASSIGNMENT = re.compile(r"^\s*(\w+)\s*=\s*EXCLUDED\.(\w+)\s*$", re.I)
_DELETE = re.compile(r"^\s*DELETE\s+FROM\s+(\w+)\s+WHERE\s+(\w+)\s*=\s*%s\s*;?\s*$", re.I)


@dataclass(frozen=True)
class Insert:
    table: str
    columns: tuple[str, ...]
    conflict: str  # "" for a plain INSERT, else its ON CONFLICT clause as written
    keep_last: bool  # of rows with one key, the last stays (DO UPDATE), else the first
    key: tuple[int, ...]  # where the conflict's key columns are in a row (none: no rows are merged)
    copies = True  # a COPY: out of pipeline mode


@dataclass(frozen=True)
class Delete:
    table: str
    column: str
    copies = False


Plan = Insert | Delete


def plan(query: str, primary_key) -> Plan | None:
    """How a run of rows of query (as translated for PostgreSQL) is written at once; None: row by row.
    primary_key(table): the table's key columns (a view's: those it is written by)."""
    if match := _DELETE.match(query):
        return Delete(match.group(1), match.group(2))
    match = _INSERT.match(query)
    if not match or not _PLACEHOLDERS.match(match.group(3)):
        return None
    table, rest = match.group(1), match.group(4)
    columns = tuple(c.strip() for c in match.group(2).split(",") if c.strip())
    if match.group(3).count("%s") != len(columns):
        return None
    if not rest:
        return Insert(table, columns, "", False, ())
    conflict = _CONFLICT.match(rest)
    if not conflict:
        return None
    if conflict.group(3) is not None and not all(
        (m := _ASSIGNMENT.match(part)) and m.group(1).lower() == m.group(2).lower()
        for part in conflict.group(3).split(",")
    ):
        return None  # an update that reads the stored row (c = t.c + EXCLUDED.c): row by row
    target = conflict.group(1)
    key_names = [k.strip().lower() for k in target.split(",")] if target else [k.lower() for k in primary_key(table)]
    lowered = [c.lower() for c in columns]
    # a key column not written (a view's user_name) is the same default for every row
    key = tuple(lowered.index(k) for k in key_names if k in lowered)
    return Insert(table, columns, rest, conflict.group(3) is not None, key)


def merged(rows: list[tuple], insert: Insert) -> list[tuple]:
    """rows with one row per key: the one that stays when they are written one after another."""
    if not insert.key:
        return rows
    chosen: dict[tuple, tuple] = {}
    for row in rows:
        k = tuple(row[i] for i in insert.key)
        if insert.keep_last:
            chosen.pop(k, None)  # re-inserted: the dict keeps the order of the last writes
            chosen[k] = row
        else:
            chosen.setdefault(k, row)
    return list(chosen.values()) if len(chosen) < len(rows) else rows


def temp_name(insert: Insert) -> str:
    digest = hashlib.sha1(",".join(insert.columns).encode()).hexdigest()[:8]
    return f"newsreader_bulk_{insert.table[:30]}_{digest}"


def write(cursor, todo: Plan, rows: list[tuple], temps: set[str], is_view) -> tuple[str, tuple] | None:
    """rows of todo's statement, at once; returns the statement that finishes the write, for the
    caller to send (it may go in pipeline mode, with what follows), or None when all is sent.
    temps: the temporary tables this session has made (added to here; the caller forgets them
    when a transaction that may have made one rolls back). is_view(table): whether the table is
    a view (COPY cannot write one)."""
    if isinstance(todo, Delete):
        kind = "bigint" if all(isinstance(r[0], int) for r in rows) else "text"
        return f"DELETE FROM {todo.table} WHERE {todo.column} = ANY(%s::{kind}[])", ([r[0] for r in rows],)
    names = ", ".join(todo.columns)
    if not todo.conflict and not is_view(todo.table):
        _copy(cursor, f"{todo.table}({names})", rows)
        return None
    temp = temp_name(todo)
    if temp not in temps:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {temp} ON COMMIT DELETE ROWS"
                       f" AS SELECT {names} FROM {todo.table} WITH NO DATA")
        temps.add(temp)
    _copy(cursor, f"{temp}({names})", merged(rows, todo))
    # emptied as it is read: a second run in the same transaction finds it empty
    return (f"WITH moved AS (DELETE FROM {temp} RETURNING {names})"
            f" INSERT INTO {todo.table}({names}) SELECT {names} FROM moved {todo.conflict}".rstrip(), ())


def _copy(cursor, target: str, rows: list[tuple]) -> None:
    with cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
