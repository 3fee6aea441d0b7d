"""PL/SQL statements -> PL/pgSQL lines: one small function per statement kind (the STATEMENTS table).

Each keeps the source's meaning or raises a finding from plsql_rules at the statement's line, with the action item
printed right above it. SELECT INTO becomes INTO STRICT (NO_DATA_FOUND / TOO_MANY_ROWS as in Oracle); every SQL
statement and expression goes through the query rewrite pipeline (plsql_expr).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from converters.procedural.plpgsql import Lines, until_then
from converters.procedural.plsql_appcontext import number_value
from converters.procedural.plsql_atomic import atomic_block
from converters.procedural.plsql_bulk import bulk_select, into_split, into_targets, targets_text
from converters.procedural.plsql_calls import (
    after_sql,
    call,
    close,
    counted_multitable_insert,
    execute,
    fetch,
    open_,
    pipe,
    raise_,
    span_of,  # fmt: skip
    transaction,
)
from converters.procedural.plsql_closures import copies_back
from converters.procedural.plsql_commits import commit_after, commits_between, commits_first
from converters.procedural.plsql_decl import block_head, handler_condition, pragma_statement, with_cursor_defaults
from converters.procedural.plsql_dynamic import dynamic_literal
from converters.procedural.plsql_elements import element_target
from converters.procedural.plsql_errorstate import emit_published, handler_start
from converters.procedural.plsql_expr import convert_span, convert_text, rewrite_span
from converters.procedural.plsql_forall import alone_with_handlers, forall_loop
from converters.procedural.plsql_goto import enter_loop, forward_gotos, goto_statement, leave_loop
from converters.procedural.plsql_guards import emit_guarded, with_guards
from converters.procedural.plsql_handlers import check_block, rollback_and_reraise
from converters.procedural.plsql_intodates import select_items
from converters.procedural.plsql_lob_convert import freed_if_temporary
from converters.procedural.plsql_loopfields import query_head
from converters.procedural.plsql_map_statements import map_assign
from converters.procedural.plsql_outfn import assign_call, condition_call, return_call, return_value
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_records import composite_select
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_simple import lock, unknown
from converters.procedural.plsql_stateassign import assign_part, state_target
from converters.procedural.plsql_textvalue import date_value, text_value
from converters.procedural.plsql_typekinds import is_date_type, is_text_type, number_kind_of_type
from converters.procedural.plsql_types import resolved_anchor
from converters.procedural.plsql_unreached import unreached


def emit_statements(scope: Scope, stmts: list[Stmt], out: Lines) -> None:
    scope.previous = None
    for stmt in forward_gotos(scope, stmts, out, emit_statements):  # GOTO a later label: EXIT a block (plsql_goto)
        emit_comments(scope, stmt.first, out)
        if stmt.label and stmt.kind != "block":
            out.line(f"<<{stmt.label}>>")
        # the handler's error published around it when it calls a reader (plsql_errorstate), guards inside
        emit_published(scope, stmt, out, partial(emit_guarded, emit=STATEMENTS.get(stmt.kind, unknown)))
        scope.previous = stmt  # the statement before the next one of this list (plsql_elements)
        skip_comments(scope, stmt.end)
        emit_comments(scope, stmt.end, out)  # after it, before END / ELSE / the next statement


def emit_comments(scope: Scope, token: int, out: Lines) -> None:
    """Source comments that stand before the token (and after what was emitted last), as written."""
    src = scope.src
    limit = src.tokens[token].start if token < len(src.tokens) else len(src.text)
    comments = src.comments
    while scope.comment_at < len(comments) and comments[scope.comment_at][0] < limit:
        start, end = comments[scope.comment_at]
        out.comment(src.text[start:end].rstrip())
        scope.comment_at += 1


def skip_comments(scope: Scope, end_token: int) -> None:
    """Comments inside a statement went to the rewriter with its text: not repeated before the next one."""
    src = scope.src
    limit = src.tokens[end_token - 1].end if 0 < end_token <= len(src.tokens) else 0
    while scope.comment_at < len(src.comments) and src.comments[scope.comment_at][0] < limit:
        scope.comment_at += 1


def block(scope: Scope, stmt: Stmt, out: Lines) -> None:
    block_head(scope, stmt, out, emit_comments)
    out.line("BEGIN")
    body(scope, stmt, out)
    out.line("END;")


def body(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """The statements and the EXCEPTION section of a block (BEGIN and END are the caller's)."""
    if rollback_and_reraise(scope, stmt):
        out.indent()
        out.comment("-- (the source's EXCEPTION ... ROLLBACK; RAISE: an error ends the transaction the same way here)")
        emit_statements(scope, stmt.body, out)
        out.dedent()
        skip_comments(scope, stmt.end)
        return
    saving = alone_with_handlers(stmt)
    if saving is not None:  # the handlers catch FORALL's final ORA-24381 only (plsql_forall)
        out.indent()
        emit_comments(scope, saving.first, out)
        scope.handler_depth += 1
        forall_loop(scope, saving, out, emit_statements, lambda into: handlers(scope, stmt, into))
        scope.handler_depth -= 1
        out.dedent()
        return emit_comments(scope, stmt.end - 1, out)
    if commit_after(scope, stmt, out, body, emit_statements):  # the COMMITs that end it run after it (plsql_commits)
        return emit_comments(scope, stmt.end - 1, out)
    first = commits_first(scope, stmt)  # a ROLLBACK opening it runs before it (plsql_commits)
    if not first:
        first = check_block(scope, stmt)
        if first and unreached(scope, stmt):  # its handlers cannot run once it changed something (plsql_unreached)
            first = 0
        if first == 0 and stmt.handlers and commits_between(scope, stmt):
            first = (
                -1
            )  # exact as written but for its COMMIT, which only the statement-level form runs (between sub-blocks)
    if first < 0 and atomic_block(scope, stmt, out, emit_statements, handlers, emit_comments):  # plsql_atomic
        return emit_comments(scope, stmt.end - 1, out)
    if first > 0:  # the first statements cannot raise what the handlers catch: they run before the protected block
        out.indent()
        emit_statements(scope, stmt.body[:first], out)
        out.comment("-- (the statements above cannot raise what the handlers catch: outside the block, what they "
                    "change or end stays when a handler runs, as in Oracle)")  # fmt: skip
        out.line("BEGIN")
        rest = stmt.body[first:]
        body(scope, Stmt("block", rest[0].first, stmt.end, arms=[(None, rest)], handlers=stmt.handlers), out)
        out.line("END;")
        out.dedent()
        return
    out.indent()
    scope.handler_depth += bool(stmt.handlers)
    emit_statements(scope, stmt.body, out)
    out.dedent()
    scope.handler_depth -= bool(stmt.handlers)  # the handlers run after the subtransaction: COMMIT is allowed there
    handlers(scope, stmt, out)
    emit_comments(scope, stmt.end - 1, out)


def handlers(scope: Scope, stmt: Stmt, out: Lines, context: str = "") -> None:
    """The block's EXCEPTION section (`context`: the helper holding the error's context, plsql_atomic)."""
    if not stmt.handlers:
        return
    out.line("EXCEPTION")
    out.indent()
    for names, stmts in stmt.handlers:
        emit_comments(scope, names[0], out)
        out.line(f"WHEN {handler_condition(scope, names)} THEN")
        out.indent()
        scope.handling += 1
        handler_start(scope, stmts, out, context)  # the backtrace read or published (plsql_errorstate)
        emit_statements(scope, stmts, out)
        scope.handling -= 1
        out.dedent()
    out.dedent()


def if_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    if freed_if_temporary(scope, stmt, out):  # IF DBMS_LOB.ISTEMPORARY(v) = 1 THEN FREETEMPORARY(v) (plsql_lob_convert)
        return
    for n, (cond, stmts) in enumerate(stmt.arms):
        if cond is None:
            out.line("ELSE")
        else:  # the first condition may call a function with OUT parameters first (plsql_outfn)
            first = lambda lines: condition_call(scope, cond, lines) or convert_span(scope, cond)  # noqa: B023, E731
            text = with_guards(scope, out, first) if n == 0 else convert_span(scope, cond)
            out.line(f"{'IF' if n == 0 else 'ELSIF'} {until_then(text)} THEN")
        out.indent()
        emit_statements(scope, stmts, out)
        out.dedent()
    out.line("END IF;")


def case(scope: Scope, stmt: Stmt, out: Lines) -> None:
    selector = stmt.spans.get("selector")
    out.line(f"CASE {convert_span(scope, selector)}" if selector else "CASE")
    for cond, stmts in stmt.arms:
        out.line("ELSE" if cond is None else f"WHEN {until_then(convert_span(scope, cond))} THEN")
        out.indent()
        emit_statements(scope, stmts, out)
        out.dedent()
    out.line("END CASE;")


def loop(scope: Scope, stmt: Stmt, out: Lines) -> None:
    own = stmt.kind == "for_query" and stmt.name.upper() in scope.locals and not stmt.label
    if own:  # `FOR r IN (query)` where r is also a declared variable: the loop's record is its own, as in Oracle
        out.line(f"DECLARE\n    {stmt.name} record;  -- the loop's own record (a variable of this name is declared)")
        out.line("BEGIN")
        out.indent()
        scope.records.setdefault(stmt.name, "")  # declared here, not with the routine's variables
    out.line(_loop_head(scope, stmt))
    out.indent()
    index = stmt.name.lower() if stmt.kind == "for_range" and stmt.name else ""
    known = index in scope.integers
    if index:  # the index of a numeric FOR loop is an integer inside the loop (PL/SQL and PL/pgSQL alike)
        scope.integers.add(index)
    entered = enter_loop(scope, stmt)  # GOTO its label: CONTINUE (plsql_goto)
    emit_statements(scope, stmt.body, out)
    if entered:
        leave_loop(scope)
    if index and not known:
        scope.integers.discard(index)
    out.dedent()
    out.line(f"END LOOP{' ' + stmt.label if stmt.label else ''};")
    if own:
        out.dedent()
        out.line("END;")


def _loop_head(scope: Scope, stmt: Stmt) -> str:
    if stmt.kind == "while":
        return f"WHILE {convert_span(scope, stmt.spans['cond'])} LOOP"
    if stmt.kind == "for_range":
        return _range_head(scope, stmt)
    if stmt.kind == "for_cursor":  # a bound cursor: PL/pgSQL opens it, declares the record, and closes it
        cursor = with_cursor_defaults(scope, stmt.spans["cursor"], targets_text(scope, stmt.spans["cursor"]))
        return f"FOR {stmt.name} IN {cursor} LOOP"
    if stmt.kind == "for_query":
        return query_head(scope, stmt)
    return "LOOP"


def _range_head(scope: Scope, stmt: Stmt) -> str:
    low, high = convert_span(scope, stmt.spans["low"]), convert_span(scope, stmt.spans["high"])
    # Oracle: FOR i IN REVERSE 1..10 counts 10 down to 1; PL/pgSQL writes the bounds in counting order
    return f"FOR {stmt.name} IN REVERSE {high}..{low} LOOP" if stmt.flag else f"FOR {stmt.name} IN {low}..{high} LOOP"


def forall(scope: Scope, stmt: Stmt, out: Lines) -> None:
    forall_loop(scope, stmt, out, emit_statements)


def null(scope: Scope, stmt: Stmt, out: Lines) -> None:
    out.line("NULL;")


def sql(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """SELECT ... INTO -> INTO STRICT; DML ... RETURNING ... INTO -> INTO (one row, as Oracle); BULK COLLECT."""
    parts, targets, bulk = into_split(scope, stmt.spans["all"], stmt.kind)
    if bulk and targets is not None:
        after_sql(scope, out, bulk_select(scope, stmt, parts, targets, out))
        return
    text_parts: list[str] = []
    values: list[str] = []
    for part in parts:
        text, found = rewrite_span(scope, part, statement=stmt.spans["all"])
        offset = len(values)
        values += found
        text_parts.append(_renumber(text, offset))
    text_parts[0] = composite_select(scope, parts[0], targets, text_parts[0])  # SELECT t(a) INTO v (plsql_records)
    converted = convert_text(scope, " ".join(text_parts), values, stmt.first, statement=True)
    counted_multitable_insert(scope, stmt)
    written: list[str] = []
    if targets is not None:
        strict = " STRICT" if stmt.kind == "select" else ""
        # a TIMESTAMP read into a DATE variable drops its fractions (plsql_intodates)
        into, written = into_targets(scope, targets, select_items(scope, parts[0]) if stmt.kind == "select" else None)
        converted += f"\nINTO{strict} {into}"
    out.line(converted + ";")
    after_sql(scope, out)
    for line in written:  # package variables read into helpers, written back through their setters
        out.line(line)


def _renumber(text: str, offset: int) -> str:
    if not offset:
        return text
    return re.sub(r"\baurora_ph_(\d+)\b", lambda m: f"aurora_ph_{int(m.group(1)) + offset}", text)


def assign(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    at = next(i for i in range(first, end) if tokens[i].text == ":=")
    if assign_call(scope, stmt, out, at) or map_assign(scope, first, at, end, out):
        return
    names = [t.upper for t in tokens[first:at] if t.text != "."]
    if len(names) == 1 and names[0] in scope.dynamic and end - at == 2:  # SQL text for EXECUTE IMMEDIATE
        out.line(f"{tokens[first].text} := {dynamic_literal(scope, at + 1)};")
        return
    alone = tokens[first].text.lower() if at - first == 1 else ""
    target = state_target(scope, first, at)
    state = target[0].variables.get(tokens[target[1]].upper) if target is not None and target[1] + 1 == at else None
    kind = resolved_anchor(scope, state.type) if state is not None else ""  # package state's type
    if target is not None and not target[0].variables[tokens[target[1]].upper].type:  # left out (AM-PLSQL-163)
        scope.flag(
            "AM-PLSQL-164", first, f"{target[0].name.lower()}.{tokens[target[1]].text.lower()}, a package variable"
        )
    if (alone and alone in scope.texts) or is_text_type(kind):
        value = text_value(scope, at + 1, end)  # a NUMBER or DATE assigned to text is its Oracle text
    elif (alone and alone in scope.numbers) or number_kind_of_type(kind):
        value = number_value(scope, at + 1, end)
    elif (alone and alone in scope.dates) or is_date_type(kind):
        value = date_value(scope, at + 1, end)  # a TIMESTAMP assigned to a DATE drops its fractional seconds
    else:
        value = convert_span(scope, (at + 1, end))
    if target is None:
        element = element_target(scope, first, at)  # v(i) := x: no gap in the array (plsql_elements)
        out.line(f"{element or targets_text(scope, (first, at))} := {value};")
    elif target[1] + 1 < at:
        assign_part(scope, out, target, at, value)
    else:
        package, var_at = target
        out.line(f"PERFORM {package.schema}.set_{tokens[var_at].upper.lower()}({value});")


def return_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = span_of(stmt, 1)
    if scope.unit == "trigger":
        out.line(scope.trigger_return)
    elif first >= end and scope.returns_self:  # a constructor or member procedure returns SELF (plsql_typebody)
        out.line("RETURN self;")
    elif first >= end:
        if scope.copies:  # a hoisted procedure's written outer variables go back first (plsql_closures)
            out.line(copies_back(scope))
        out.line("RETURN;")
    elif return_call(scope, stmt, out):  # RETURN f(...) of a function with OUT parameters (plsql_outfn)
        return
    elif scope.out_result:
        return_value(scope, convert_span(scope, (first, end)), out)
    elif is_text_type(scope.return_type):
        out.line(f"RETURN {text_value(scope, first, end)};")
    elif number_kind_of_type(scope.return_type):
        out.line(f"RETURN {number_value(scope, first, end)};")
    elif is_date_type(scope.return_type):  # a TIMESTAMP returned as a DATE drops its fractional seconds
        out.line(f"RETURN {date_value(scope, first, end)};")
    else:
        out.line(f"RETURN {convert_span(scope, (first, end))};")


def exit_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    word = tokens[first].upper
    when = next((i for i in range(first, end) if tokens[i].upper == "WHEN"), None)
    label = " ".join(t.text for t in tokens[first + 1 : when if when is not None else end])
    head = f"{word}{' ' + label if label else ''}"
    out.line(f"{head} WHEN {convert_span(scope, (when + 1, end))};" if when is not None else f"{head};")


STATEMENTS: dict[str, Callable[[Scope, Stmt, Lines], None]] = {
    "block": block,
    "if": if_,
    "case": case,
    "loop": loop,
    "while": loop,
    "for_range": loop,
    "for_cursor": loop,
    "for_query": loop,
    "forall": forall,
    "null": null,
    "select": sql,
    "dml": sql,
    "assign": assign,
    "call": call,
    "raise": raise_,
    "return": return_,
    "exit": exit_,
    "continue": exit_,
    "goto": goto_statement,
    "commit": transaction,
    "rollback": transaction,
    "savepoint": transaction,
    "set_transaction": transaction,
    "lock": lock,
    "open": open_,
    "fetch": fetch,
    "close": close,
    "pipe": pipe,
    "execute": execute,
    "pragma": pragma_statement,
}
