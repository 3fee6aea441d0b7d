"""SELECT ... INTO a DATE variable of a TIMESTAMP value: Oracle drops the fractional seconds (as on assignment,
plsql_textvalue.date_value); PL/pgSQL's INTO into timestamp(0) would round them (23:59:59.6 became the next day).
The value is read into a helper of type timestamp, then assigned truncated:

    SELECT ts INTO STRICT v_day FROM t      ->   SELECT ts INTO STRICT aurora_stamp_1 FROM t
                                                 v_day := date_trunc('second', aurora_stamp_1);

Only for a select-list item known to be a TIMESTAMP (plsql_textvalue.is_timestamp_span, or a column that is a
TIMESTAMP in every table that has it) read into a plain DATE variable of the unit."""

from __future__ import annotations

from converters.procedural.plsql_parse import Span
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_textvalue import is_timestamp_span


def stamped_dates(scope: Scope, select: Span, targets: Span, into: str) -> tuple[str, list[str]]:
    """(the INTO list with helpers for the DATE variables reading TIMESTAMPs, the assignments to run after)."""
    items, names = _items(scope, select), _split(scope, targets)
    texts = [t.strip() for t in _split_text(into)]
    if len(items) != len(names) or len(texts) != len(names):
        return into, []
    after = []
    for n, (item, target) in enumerate(zip(items, names, strict=True)):
        if target.lower() in scope.dates and _timestamp(scope, item):
            helper = f"aurora_stamp_{len([k for k in scope.extra if k.startswith('aurora_stamp_')]) + 1}"
            scope.extra[helper] = "timestamp"
            after.append(f"{texts[n]} := date_trunc('second', {helper});")
            texts[n] = helper
    return ", ".join(texts), after


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


def _items(scope: Scope, select: Span) -> list[Span]:
    """The select-list items of `SELECT [DISTINCT] a, b` in `select` (the part before INTO)."""
    tokens = scope.src.tokens
    first, end = select
    if first >= end or tokens[first].upper != "SELECT":
        return []
    first += 1
    while first < end and tokens[first].upper in ("DISTINCT", "UNIQUE", "ALL"):
        first += 1
    return _commas(scope, (first, end))


def _split(scope: Scope, targets: Span) -> list[str]:
    """The INTO targets that are one plain name each ('' for any other target)."""
    tokens = scope.src.tokens
    return [tokens[a].text if b - a == 1 and tokens[a].kind == "word" else "" for a, b in _commas(scope, targets)]


def _commas(scope: Scope, span: Span) -> list[Span]:
    tokens, out, depth = scope.src.tokens, [], 0
    start = span[0]
    for i in range(span[0], span[1]):
        depth += {"(": 1, ")": -1}.get(tokens[i].text, 0)
        if tokens[i].text == "," and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, span[1]))
    return [s for s in out if s[1] > s[0]]


def _split_text(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
        elif not quoted and char in ")]":
            depth -= 1
        elif not quoted and char == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out
