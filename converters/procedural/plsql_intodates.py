"""SELECT ... INTO a DATE variable of a TIMESTAMP value: Oracle drops the fractional seconds (as on assignment,
plsql_textvalue.date_value); PL/pgSQL's INTO into timestamp(0) would round them (23:59:59.6 became the next day).
The value is read into a helper of type timestamp, then assigned truncated (plsql_bulk.into_targets):

    SELECT ts INTO STRICT v_day FROM t      ->   SELECT ts INTO STRICT aurora_stamp_1 FROM t
                                                 v_day := date_trunc('second', aurora_stamp_1);

Only for a select-list item known to be a TIMESTAMP (plsql_textvalue.is_timestamp_span, or a column that is a
TIMESTAMP in every table that has it) read into a plain DATE variable of the unit."""

from __future__ import annotations

from converters.procedural.plsql_parse import Span
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_textvalue import is_timestamp_span
from converters.procedural.plsql_tree import comma_spans


def select_items(scope: Scope, select: Span) -> list[Span]:
    """The select-list items of `SELECT [DISTINCT] a, b` in `select` (the part before INTO)."""
    tokens = scope.src.tokens
    first, end = select
    if first >= end or tokens[first].upper != "SELECT":
        return []
    first += 1
    while first < end and tokens[first].upper in ("DISTINCT", "UNIQUE", "ALL"):
        first += 1
    return comma_spans(tokens, first, end)


def stamped_target(scope: Scope, item: Span, target: Span) -> tuple[str, str, str] | None:
    """(helper, its type, the assignment after the SELECT) when a TIMESTAMP item is read into a DATE variable."""
    tokens = scope.src.tokens
    name = tokens[target[0]].text
    if target[1] - target[0] != 1 or name.lower() not in scope.dates or not _timestamp(scope, item):
        return None
    helper = f"aurora_stamp_{len([k for k in scope.extra if k.startswith('aurora_stamp_')]) + 1}"
    return helper, "timestamp", f"{name} := date_trunc('second', {helper});"


def _timestamp(scope: Scope, span: Span) -> bool:
    tokens = scope.src.tokens
    first, end = span
    if end - first == 2 and tokens[end - 1].kind == "word":  # `ts alias`: the item is its first token
        end -= 1
    if is_timestamp_span(scope, first, end):
        return True
    words = [t for t in tokens[first:end] if t.text != "."]
    if not words or len(words) > 2 or any(t.kind != "word" for t in words):
        return False
    name = words[-1].text.lower()
    options = scope.options()
    return name in options.timestamp_columns and name not in options.oracle_date_columns
