"""EXECUTE IMMEDIATE and OPEN ... FOR: native dynamic SQL -> EXECUTE ... [INTO STRICT] [USING].

A statement text known when converting (a string literal, or a variable assigned exactly one literal in the unit)
is converted like any SQL statement, its bind names (:1, :name, positional in Oracle) becoming $1, $2...; a text
built at run time keeps its Oracle SQL, with a finding.
"""

from __future__ import annotations

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_bulk import element_type, into_targets, target_names
from converters.procedural.plsql_expr import PLACEHOLDER, convert_span, convert_text
from converters.procedural.plsql_parse import Span, Stmt, lex
from converters.procedural.plsql_scope import Scope
from migrate.sqltext.lexer import string_value

CLAUSES = ("INTO", "USING", "RETURNING", "RETURN", "BULK")


def dynamic_literal(scope: Scope, token: int) -> str:
    """The SQL text literal at `token` (a variable's only value, run by EXECUTE IMMEDIATE), converted."""
    return dynamic_sql(scope, string_value(scope.src.tokens[token].text) or "", token)


def dynamic_sql(scope: Scope, value: str, token: int) -> str:
    """Oracle SQL text run by EXECUTE IMMEDIATE -> the PostgreSQL text as a literal (binds -> $n)."""
    source = lex(value)
    pieces: list[str] = []
    values: list[str] = []
    prev = 0
    tokens = source.tokens
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text == ":" and i + 1 < len(tokens) and tokens[i + 1].kind in ("word", "number"):
            pieces.append(value[prev : t.start] + f"{PLACEHOLDER}{len(values)}")
            values.append(f"${len(values) + 1}")
            prev = tokens[i + 1].end
            i += 2
            continue
        i += 1
    pieces.append(value[prev:])
    text = "".join(pieces).strip().rstrip(";")
    if text.split(None, 1)[:1] and text.split(None, 1)[0].upper() in ("BEGIN", "DECLARE"):
        scope.flag("AM-PLSQL-019", token, "EXECUTE IMMEDIATE of a PL/SQL block")
        return quote_literal(value)
    guarded, scope.guarded = scope.guarded, None  # its names are the SQL's own (columns), no variable of the unit
    try:
        converted = convert_text(scope, text, values, token, statement=True)
    finally:
        scope.guarded = guarded
    return quote_literal(converted)


def _clauses(scope: Scope, span: Span) -> dict[str, Span]:
    """Split `EXECUTE IMMEDIATE x INTO ... USING ...` at its top-level clause words."""
    tokens, depth = scope.src.tokens, 0
    found: dict[str, Span] = {}
    key, start = "sql", span[0]
    for i in range(span[0], span[1]):
        text = tokens[i].upper or tokens[i].text
        depth += {"(": 1, ")": -1}.get(text, 0)
        if depth == 0 and text in CLAUSES and not (text == "INTO" and key in ("BULK", "RETURNING", "RETURN")):
            found[key] = (start, i)
            key, start = text, i + 1
    found[key] = (start, span[1])
    return found


def statement_text(scope: Scope, span: Span) -> str:
    """The statement operand: converted when known now, else passed on with a finding."""
    tokens = scope.src.tokens
    if span[1] - span[0] == 1:
        token = tokens[span[0]]
        value = string_value(token.text) if token.kind == "string" else None
        if value is not None:
            return dynamic_sql(scope, value, span[0])
        if token.upper in scope.dynamic:
            return token.text
    scope.flag("AM-PLSQL-008", span[0], scope.src.slice(span))
    return convert_span(scope, span)


def _using(scope: Scope, span: Span) -> str:
    args, start, tokens = [], span[0], scope.src.tokens
    for i in range(span[0], span[1] + 1):
        if i == span[1] or tokens[i].text == ",":
            first = start
            if tokens[first].upper in ("IN", "OUT"):
                if tokens[first].upper == "OUT" or tokens[first + 1].upper == "OUT":
                    scope.flag("AM-PLSQL-019", first, "EXECUTE IMMEDIATE ... USING OUT (use INTO with RETURNING)")
                first += 2 if tokens[first + 1].upper == "OUT" else 1
            args.append(convert_span(scope, (first, i)))
            start = i + 1
    return ", ".join(args)


def quote_literal(text: str) -> str:
    """A PostgreSQL string literal holding `text`."""
    return "'" + text.replace("'", "''") + "'"


def _bulk(scope: Scope, query: str, into: Span) -> tuple[str, str] | None:
    """EXECUTE IMMEDIATE q BULK COLLECT INTO x, y: the text run, `SELECT coalesce(array_agg(q.c1), '{}'), ...
    FROM (<q>) AS q(c1, ...)` (one array of the row type for a single collection of rows), as a static BULK
    COLLECT's (plsql_bulk.bulk_select), and the targets; None when a target is no collection of the unit."""
    names = target_names(scope, into)
    if any(not element_type(scope, name) or "(" in text for text, name in names):
        return None
    single = element_type(scope, names[0][1]) if len(names) == 1 else ""
    if single and "." in single:  # a collection of rows (%ROWTYPE, a record type)
        head, tail = f"SELECT coalesce(array_agg(ROW(q.*)::{single}), '{{}}') FROM (", ") AS q"
    else:
        columns = [f"c{n}" for n in range(1, len(names) + 1)]
        aggregates = ", ".join(f"coalesce(array_agg(q.{c}), '{{}}')" for c in columns)
        head, tail = f"SELECT {aggregates} FROM (", f") AS q({', '.join(columns)})"
    wrapped = f"{quote_literal(head)} || {query} || {quote_literal(tail)}"
    return wrapped, ", ".join(text for text, _ in names)


def execute_immediate(scope: Scope, stmt: Stmt, out: Lines) -> str:
    """EXECUTE IMMEDIATE ...: its rows for SQL%ROWCOUNT when PL/pgSQL runs another statement (BULK COLLECT's
    aggregate), else ''."""
    first, end = stmt.spans["all"]
    parts = _clauses(scope, (first + 2, end))
    query = statement_text(scope, parts["sql"])
    text = f"EXECUTE {query}"
    into = parts.get("INTO")
    if "BULK" in parts:
        start, stop = parts["BULK"]  # COLLECT INTO x, y
        targets_span = (start + 2, stop) if scope.src.tokens[start + 1].upper == "INTO" else None
        bulk = _bulk(scope, query, targets_span) if targets_span and "RETURNING" not in parts else None
        if bulk is None:
            scope.flag("AM-PLSQL-019", first, "EXECUTE IMMEDIATE ... BULK COLLECT INTO")
        else:
            wrapped, targets = bulk
            using = f" USING {_using(scope, parts['USING'])}" if "USING" in parts else ""
            out.line(f"EXECUTE {wrapped} INTO {targets}{using};")
            return f"coalesce(cardinality({targets.split(',')[0]}), 0)"
    written: list[str] = []
    if into is not None:
        names, written = into_targets(scope, into)
        strict = "" if "RETURNING" in parts or "RETURN" in parts else " STRICT"
        text += f" INTO{strict} {names}"
    if "USING" in parts:
        text += f" USING {_using(scope, parts['USING'])}"
    out.line(text + ";")
    for line in written:  # package variables: through their setters
        out.line(line)
    return ""


def open_for(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """OPEN c FOR SELECT ... -> the converted query; OPEN c FOR text [USING ...] -> OPEN c FOR EXECUTE."""
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    at = next(i for i in range(first, end) if tokens[i].upper == "FOR")
    cursor = scope.src.slice((first + 1, at))
    if tokens[at + 1].upper in ("SELECT", "WITH") or tokens[at + 1].text == "(":
        out.line(f"OPEN {cursor} FOR\n{convert_span(scope, (at + 1, end), statement=True)};")
        return
    parts = _clauses(scope, (at + 1, end))
    text = f"OPEN {cursor} FOR EXECUTE {statement_text(scope, parts['sql'])}"
    if "USING" in parts:
        text += f" USING {_using(scope, parts['USING'])}"
    out.line(text + ";")
