"""FORALL -> a PL/pgSQL loop running the DML once per index, with Oracle's bulk attributes kept.

    FORALL i IN a..b dml                 -> FOR i IN a..b LOOP dml END LOOP
    FORALL i IN INDICES OF v [BETWEEN l AND h] -> FOR i IN 1..v.COUNT (within l..h)
    FORALL i IN VALUES OF x              -> FOREACH i IN ARRAY x (in a block declaring i)

A nested table or VARRAY declared in the unit (or a schema collection type) is a dense 1-based array here
(plsql_bulk; DELETE(i) stays manual), so its indices are 1..COUNT; an INDEX BY table's indices can be any numbers,
which an array cannot tell from NULL elements: INDICES OF one stays AM-PLSQL-019. FORALL binds the
collection once and runs the statement per element: the same rows as the loop. SQL%ROWCOUNT after it is the total
of all executions, SQL%BULK_ROWCOUNT(i) the rows of the execution for index i (Oracle PL/SQL Language Reference,
"FORALL Statement").

SAVE EXCEPTIONS: each execution runs in a block of its own (a failing one is undone alone, as Oracle undoes only
the failing statement); its iteration number and Oracle error code go to SQL%BULK_EXCEPTIONS; after the last one,
ORA-24381 is raised when any failed (SQLSTATE UB381, so EXCEPTION_INIT(e, -24381) and SQLCODE match). A handler
that catches it would roll back the successful executions with its block in PostgreSQL (Oracle keeps them): when
the FORALL is the only statement of a block with handlers, the handlers move to a block around the final RAISE
only, which is exact; elsewhere plsql_handlers flags the block (AM-PLSQL-027).
"""

from __future__ import annotations

from collections.abc import Callable

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_attributes import BULK_ARRAYS, attribute_variable
from converters.procedural.plsql_dense import dense_collection
from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_facts import sqlcode_expression
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_scope import Scope

Emit = Callable[[Scope, list[Stmt], Lines], None]
BULK_ERRORS_STATE = "UB381"  # ORA-24381 error(s) in array DML (plsql_facts.SQLCODES)
INDEX, CODE, ROWS = BULK_ARRAYS["ERROR_INDEX"], BULK_ARRAYS["ERROR_CODE"], BULK_ARRAYS["BULK_ROWCOUNT"]
ITERATION, TOTAL = "aurora_forall_iteration", "aurora_forall_rows"


def alone_with_handlers(block: Stmt) -> Stmt | None:
    """The FORALL ... SAVE EXCEPTIONS that is the only statement of a block with handlers."""
    body = block.body
    if block.handlers and len(body) == 1 and body[0].kind == "forall" and body[0].flag and not body[0].label:
        return body[0]
    return None


def forall_loop(
    scope: Scope, stmt: Stmt, out: Lines, emit: Emit, handlers: Callable[[Lines], None] | None = None
) -> None:
    head = _head(scope, stmt, out)
    if head is None:
        return
    used = {a for c, a in scope.attributes if c == "SQL"}
    counted = bool(used & {"ROWCOUNT", "BULK_ROWCOUNT"})
    if counted:
        scope.extra[TOTAL] = "bigint"
        out.line(f"{TOTAL} := 0;")
    if "BULK_ROWCOUNT" in used:
        out.line(f"{ROWS} := '{{}}'::bigint[];")
    if stmt.flag:
        scope.extra.update(
            {INDEX: "integer[] := '{}'::integer[]", CODE: "integer[] := '{}'::integer[]", ITERATION: "integer"}
        )
        out.line(f"{INDEX} := '{{}}'::integer[]; {CODE} := '{{}}'::integer[]; {ITERATION} := 0;")
    declare, loop = head
    if declare:
        out.line(f"DECLARE\n    {declare}\nBEGIN")
        out.indent()
    # FORALL binds the collection once and runs the statement per element: the same rows, statement by statement
    out.line(loop)
    out.indent()
    if stmt.flag:
        _saving(scope, stmt, out, emit, counted)
    else:
        emit(scope, stmt.body, out)
        _count(scope, stmt, out, counted)
    out.dedent()
    out.line("END LOOP;")
    if declare:
        out.dedent()
        out.line("END;")
    if counted:
        out.line(f"{attribute_variable('SQL', 'ROWCOUNT')} := {TOTAL};")
    if stmt.flag:
        _raise_saved(out, handlers)


def _head(scope: Scope, stmt: Stmt, out: Lines) -> tuple[str, str] | None:
    """(declaration the loop needs, the loop line), or None when it has no exact form (the action item written)."""
    name = stmt.name
    if "bounds" not in stmt.spans:
        low, high = convert_span(scope, stmt.spans["low"]), convert_span(scope, stmt.spans["high"])
        return "", f"FOR {name} IN {low}..{high} LOOP"
    first, end = stmt.spans["bounds"]
    tokens = scope.src.tokens
    words = [t.upper for t in tokens[first:end]]
    between = words.index("BETWEEN") if "BETWEEN" in words else len(words)
    known = words[:2] in (["INDICES", "OF"], ["VALUES", "OF"]) and between > 2
    if not known or tokens[first + 2].upper not in scope.collections or (words[0] == "VALUES" and between < len(words)):
        found = scope.flag("AM-PLSQL-019", stmt.first, f"FORALL ... IN {scope.src.slice((first, end))}")
        out.action(found.rule_id, found.message)
        out.line("-- " + " ".join(scope.src.slice((stmt.first, stmt.end)).split()))
        return None
    dense = dense_collection(scope, tokens[first + 2].upper, first + 2)
    # an INDEX BY PLS_INTEGER table is an array whose writes leave no gap (plsql_elements): its indices are its
    # bounds (a caller's array may start elsewhere than 1); VALUES OF reads its elements in index order either way
    bounded = not dense and scope.collections[tokens[first + 2].upper].endswith("[]")
    if not dense and not bounded:  # INDICES OF it, or VALUES OF its elements in index order
        why = "an associative array (or a type not declared here) may have gaps an array cannot show"
        found = scope.flag("AM-PLSQL-019", stmt.first, f"FORALL ... {words[0]} OF {tokens[first + 2].text}: {why}")
        out.action(found.rule_id, found.message)
        out.line("-- " + " ".join(scope.src.slice((stmt.first, stmt.end)).split()))
        return None
    array = convert_span(scope, (first + 2, first + between))
    if words[0] == "VALUES":
        if any(t.upper == "BULK_ROWCOUNT" for t in tokens[stmt.end :]):  # read after it: Oracle's subscripts
            found = scope.flag("AM-PLSQL-019", stmt.first, "SQL%BULK_ROWCOUNT after FORALL ... VALUES OF")
            out.action(found.rule_id, found.message)
        return f"{name} integer;", f"FOREACH {name} IN ARRAY {array} LOOP"
    size = f"coalesce(cardinality({array}), 0)"
    lower, upper = (f"coalesce(array_lower({array}, 1), 1)", f"coalesce(array_upper({array}, 1), 0)") if bounded else (
        "1", size)  # fmt: skip
    if between == len(words):
        return "", f"FOR {name} IN {lower}..{upper} LOOP"
    and_at = words.index("AND", between) if "AND" in words[between:] else len(words)
    low = convert_span(scope, (first + between + 1, first + and_at))
    high = convert_span(scope, (first + and_at + 1, end))
    return "", f"FOR {name} IN greatest({lower}, {low})..least({upper}, {high}) LOOP"


def _count(scope: Scope, stmt: Stmt, out: Lines, counted: bool) -> None:
    if not counted:
        return
    count = attribute_variable("SQL", "ROWCOUNT")  # set by plsql_calls.after_sql after the DML
    out.line(f"{TOTAL} := {TOTAL} + {count};")
    if ("SQL", "BULK_ROWCOUNT") in scope.attributes and "bounds" in stmt.spans and _values_of(scope, stmt):
        return
    if ("SQL", "BULK_ROWCOUNT") in scope.attributes:
        scope.extra[ROWS] = "bigint[] := '{}'::bigint[]"
        out.line(f"{ROWS}[{stmt.name}] := {count};")


def _values_of(scope: Scope, stmt: Stmt) -> bool:
    return scope.src.tokens[stmt.spans["bounds"][0]].upper == "VALUES"


def _saving(scope: Scope, stmt: Stmt, out: Lines, emit: Emit, counted: bool) -> None:
    out.line(f"{ITERATION} := {ITERATION} + 1;")
    out.line("BEGIN")
    out.indent()
    emit(scope, stmt.body, out)
    _count(scope, stmt, out, counted)
    out.dedent()
    out.line("EXCEPTION WHEN OTHERS THEN  -- SAVE EXCEPTIONS: only this execution is undone")
    out.indent()
    out.line(f"{INDEX} := {INDEX} || {ITERATION};")
    out.line(f"{CODE} := {CODE} || -{sqlcode_expression()};")
    if ("SQL", "BULK_ROWCOUNT") in scope.attributes and not ("bounds" in stmt.spans and _values_of(scope, stmt)):
        out.line(f"{ROWS}[{stmt.name}] := 0;")
    out.dedent()
    out.line("END;")


def _raise_saved(out: Lines, handlers: Callable[[Lines], None] | None) -> None:
    raise_ = (f"RAISE EXCEPTION USING ERRCODE = '{BULK_ERRORS_STATE}', "
              "MESSAGE = 'ORA-24381: error(s) in array DML';")  # fmt: skip
    out.line(f"IF cardinality({INDEX}) > 0 THEN")
    out.indent()
    if handlers is None:
        out.line(raise_)
    else:  # the block's handlers catch the final error only: the successful executions stay, as in Oracle
        out.line("BEGIN")
        out.line("    " + raise_)
        handlers(out)
        out.line("END;")
    out.dedent()
    out.line("END IF;")
