"""Parts of a translated query and how they combine: a tsquery over one of
the engine's tsvector columns (several such under AND or OR stay one
tsquery: one GIN scan), an SQL condition, everything or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class Part:
    """A translated subtree: "ts" (a tsquery over column col), "sql" (an SQL
    condition with its parameters), "all" or "none"."""

    kind: str
    col: str = ""
    text: str = ""
    params: tuple = ()


ALL, NONE = Part("all"), Part("none")


def and_(parts: list[Part | None]) -> Part | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if any(p.kind == "none" for p in parts):
        return NONE
    parts = [p for p in parts if p.kind != "all"]
    if not parts:
        return ALL
    by_col: dict[str, list[str]] = {}
    rest = []
    for p in parts:
        if p.kind == "ts":
            by_col.setdefault(p.col, []).append(p.text)
        else:
            rest.append(p)
    merged = [Part("ts", col, " & ".join(f"({t})" for t in texts)) for col, texts in by_col.items()]
    if len(merged) == 1 and not rest:
        return merged[0]
    return _join(merged + rest, " AND ")


def or_(parts: list[Part | None]) -> Part | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if any(p.kind == "all" for p in parts):
        return ALL
    parts = [p for p in parts if p.kind != "none"]
    if not parts:
        return NONE
    if all(p.kind == "ts" and p.col == parts[0].col for p in parts):
        return Part("ts", parts[0].col, " | ".join(f"({p.text})" for p in parts))
    return _join(parts, " OR ")


def _join(parts: list[Part], op: str) -> Part:
    texts, params = [], []
    for p in parts:
        sql, ps = to_sql(p)
        texts.append(f"({sql})")
        params.extend(ps)
    return Part("sql", text=op.join(texts), params=tuple(params))


def negate(p: Part | None) -> Part | None:
    if p is None:
        return None
    if p.kind == "all":
        return NONE
    if p.kind == "none":
        return ALL
    if p.kind == "ts":
        return Part("ts", p.col, f"!({p.text})")
    return Part("sql", text=f"NOT ({p.text})", params=p.params)


def to_sql(p: Part) -> tuple[str, list]:
    if p.kind == "all":
        return "TRUE", []
    if p.kind == "none":
        return "FALSE", []
    if p.kind == "ts":
        return f"d.{p.col} @@ %s::tsquery", [p.text]
    return p.text, list(p.params)


def lexeme(word: str, weight: str = "", prefix: bool = False) -> str:
    """One word of a tsquery, quoted, with its weight (and :* for a prefix)."""
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    suffix = ("*" if prefix else "") + weight
    return f"{quoted}:{suffix}" if suffix else quoted


def regex(text: str) -> str:
    """A wildcard (* and ?) as a regular expression, the same in Python and PostgreSQL."""
    return "".join(".*" if ch == "*" else "." if ch == "?" else ch if ch.isalnum() else "\\" + ch for ch in text)


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    # Whoosh's dates are naive UTC (the index stores UTC).
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
