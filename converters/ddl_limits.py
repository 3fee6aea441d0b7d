"""PostgreSQL's hard limits, checked when an object is converted: an object past one would only fail on deploy (or,
for a name, be cut silently), so each is a finding here and the object is left for a person.

The limits are PostgreSQL's compile-time constants, which Aurora keeps (PostgreSQL documentation, Appendix K
"PostgreSQL Limits").
"""

from __future__ import annotations

from converters.ddl_context import finding
from converters.names import MAX_IDENTIFIER_BYTES
from migrate.model import ConstraintKind, Finding, Index, Routine, Severity, Table
from migrate.sqltext.cursor import split_top_level
from migrate.sqltext.lexer import QUOTING

# limit -> (value, why it is that, what to do instead)
LIMITS: dict[str, tuple[int, str, str]] = {
    "columns": (1600, "MaxHeapAttributeNumber: columns per table (dropped columns count too)",
                "split the table vertically (a 1:1 side table on the same key), or keep rarely used columns in "
                "a jsonb column"),
    "index_columns": (32, "INDEX_MAX_KEYS: key and INCLUDE columns of one index, primary key, unique key or "
                      "foreign key", "index fewer columns, or an expression over several (a hash of them)"),
    "arguments": (100, "FUNC_MAX_ARGS: arguments of one function or procedure",
                  "pass the arguments as one composite type, record, array or jsonb value"),
    "identifier_bytes": (MAX_IDENTIFIER_BYTES, "NAMEDATALEN - 1: longer names are cut by the server",
                         "names are shortened with a hash suffix by converters/names.py, with finding AM-NAME-001"),
}  # fmt: skip

KEYED = (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE, ConstraintKind.FOREIGN_KEY)


def _over(limit: str, rule: str, what: str, count: int) -> list[Finding]:
    value, why, remedy = LIMITS[limit]
    if count <= value:
        return []
    return [finding(rule, Severity.HIGH, f"{what} has {count}; PostgreSQL allows {value} ({why})", remedy)]


def table_limits(table: Table) -> list[Finding]:
    """Columns per table, and columns per key (each key is an index, or references one)."""
    found = _over("columns", "too_many_columns", f"table {table.qualified_name}: columns", len(table.columns))
    for key in (c for c in table.constraints if c.kind in KEYED):
        what = f"{key.kind.value} {key.name or ''} of {table.qualified_name}: columns".replace("  ", " ")
        found += _over("index_columns", "too_many_index_columns", what, len(key.columns))
    return found


def index_limits(index: Index) -> list[Finding]:
    count = len(index.columns) + len(index.include)
    return _over("index_columns", "too_many_index_columns", f"index {index.name}: key and INCLUDE columns", count)


def argument_limits(routine: Routine, source: str) -> list[Finding]:
    """Arguments as the signature lists them (none known: nothing to check)."""
    text = routine.arguments.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    count = len(split_top_level(text, QUOTING[source], 0, len(text))) if text.strip() else 0
    what = f"{routine.kind.value} {routine.qualified_name}: arguments"
    return _over("arguments", "too_many_arguments", what, count)


__all__ = ["LIMITS", "argument_limits", "index_limits", "table_limits"]
