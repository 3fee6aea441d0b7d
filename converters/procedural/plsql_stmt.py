"""PL/SQL statements -> PL/pgSQL lines: one small function per statement kind (the STATEMENTS table).

Each keeps the source's meaning or raises a finding from plsql_rules at the statement's line, with the action item
printed right above it. SELECT INTO becomes INTO STRICT (NO_DATA_FOUND / TOO_MANY_ROWS as in Oracle); every SQL
statement and expression goes through the query rewrite pipeline (plsql_expr).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from converters.names import quote
from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_bulk import bulk_fetch, bulk_select, collection_method, into_split, targets_text
from converters.procedural.plsql_decl import declare, handler_condition
from converters.procedural.plsql_dynamic import dynamic_sql, execute_immediate, literal_text, open_for
from converters.procedural.plsql_expr import (
    Walk,
    attribute_variable,
    convert_span,
    convert_text,
    put_back,
    rewrite_span,
    split_args,
)
from converters.procedural.plsql_facts import BUILTIN_PACKAGES, BUILTIN_STATEMENTS
from converters.procedural.plsql_handlers import check_block, rollback_and_reraise
from converters.procedural.plsql_parse import Span, Stmt
from converters.procedural.plsql_scope import Scope


def emit_statements(scope: Scope, stmts: list[Stmt], out: Lines) -> None:
    for stmt in stmts:
        emit_comments(scope, stmt.first, out)
        if stmt.label and stmt.kind != "block":
            out.line(f"<<{stmt.label}>>")
        STATEMENTS.get(stmt.kind, unknown)(scope, stmt, out)
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


def span_of(stmt: Stmt, skip: int = 0) -> Span:
    first, end = stmt.spans["all"]
    return first + skip, end


def after_sql(scope: Scope, out: Lines) -> None:
    """SQL%ROWCOUNT / SQL%FOUND read after a statement: kept in helper variables (GET DIAGNOSTICS)."""
    used = {a for c, a in scope.attributes if c == "SQL"}
    if not used:
        return
    count = attribute_variable("SQL", "ROWCOUNT")
    scope.extra[count] = "bigint"
    out.line(f"GET DIAGNOSTICS {count} = ROW_COUNT;")
    if used & {"FOUND", "NOTFOUND"}:
        scope.extra[attribute_variable("SQL", "FOUND")] = "boolean"
        out.line(f"{attribute_variable('SQL', 'FOUND')} := {count} > 0;")


def block(scope: Scope, stmt: Stmt, out: Lines) -> None:
    if stmt.label:
        out.line(f"<<{stmt.label}>>")
    if stmt.decls:
        out.line("DECLARE")
        out.indent()
        for decl in stmt.decls:
            emit_comments(scope, decl.first, out)
            declare(scope, decl, out)
        out.dedent()
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
    check_block(scope, stmt)
    out.indent()
    scope.handler_depth += bool(stmt.handlers)
    emit_statements(scope, stmt.body, out)
    out.dedent()
    if stmt.handlers:
        out.line("EXCEPTION")
        out.indent()
        for names, stmts in stmt.handlers:
            emit_comments(scope, names[0], out)
            out.line(f"WHEN {handler_condition(scope, names)} THEN")
            out.indent()
            emit_statements(scope, stmts, out)
            out.dedent()
        out.dedent()
    scope.handler_depth -= bool(stmt.handlers)
    emit_comments(scope, stmt.end - 1, out)


def if_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    for n, (cond, stmts) in enumerate(stmt.arms):
        if cond is None:
            out.line("ELSE")
        else:
            out.line(f"{'IF' if n == 0 else 'ELSIF'} {convert_span(scope, cond)} THEN")
        out.indent()
        emit_statements(scope, stmts, out)
        out.dedent()
    out.line("END IF;")


def case(scope: Scope, stmt: Stmt, out: Lines) -> None:
    selector = stmt.spans.get("selector")
    out.line(f"CASE {convert_span(scope, selector)}" if selector else "CASE")
    for cond, stmts in stmt.arms:
        out.line("ELSE" if cond is None else f"WHEN {convert_span(scope, cond)} THEN")
        out.indent()
        emit_statements(scope, stmts, out)
        out.dedent()
    out.line("END CASE;")


def loop(scope: Scope, stmt: Stmt, out: Lines) -> None:
    out.line(_loop_head(scope, stmt))
    out.indent()
    emit_statements(scope, stmt.body, out)
    out.dedent()
    out.line(f"END LOOP{' ' + stmt.label if stmt.label else ''};")


def _loop_head(scope: Scope, stmt: Stmt) -> str:
    if stmt.kind == "while":
        return f"WHILE {convert_span(scope, stmt.spans['cond'])} LOOP"
    if stmt.kind == "for_range":
        return _range_head(scope, stmt)
    if stmt.kind == "for_cursor":  # a bound cursor: PL/pgSQL opens it, declares the record, and closes it
        return f"FOR {stmt.name} IN {targets_text(scope, stmt.spans['cursor'])} LOOP"
    if stmt.kind == "for_query":
        return _query_head(scope, stmt)
    return "LOOP"


def _range_head(scope: Scope, stmt: Stmt) -> str:
    low, high = convert_span(scope, stmt.spans["low"]), convert_span(scope, stmt.spans["high"])
    # Oracle: FOR i IN REVERSE 1..10 counts 10 down to 1; PL/pgSQL writes the bounds in counting order
    return f"FOR {stmt.name} IN REVERSE {high}..{low} LOOP" if stmt.flag else f"FOR {stmt.name} IN {low}..{high} LOOP"


def _query_head(scope: Scope, stmt: Stmt) -> str:
    scope.records.setdefault(stmt.name, "record")  # PL/pgSQL needs the loop record declared
    return f"FOR {stmt.name} IN {convert_span(scope, stmt.spans['query'], statement=True)} LOOP"


def forall(scope: Scope, stmt: Stmt, out: Lines) -> None:
    if "bounds" in stmt.spans or stmt.flag:
        what = "INDICES OF / VALUES OF" if "bounds" in stmt.spans else "SAVE EXCEPTIONS"
        out.action("AM-PLSQL-019", scope.flag("AM-PLSQL-019", stmt.first, f"FORALL ... {what}").message)
    low, high = convert_span(scope, stmt.spans.get("low", (0, 0))), convert_span(scope, stmt.spans.get("high", (0, 0)))
    # FORALL binds the collection once per index: the same rows as a loop over the DML
    out.line(f"FOR {stmt.name} IN {low}..{high} LOOP")
    out.indent()
    emit_statements(scope, stmt.body, out)
    out.dedent()
    out.line("END LOOP;")


def simple_text(scope: Scope, stmt: Stmt, out: Lines, text: str) -> None:
    out.line(text)


def null(scope: Scope, stmt: Stmt, out: Lines) -> None:
    out.line("NULL;")


def sql(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """SELECT ... INTO -> INTO STRICT; DML ... RETURNING ... INTO -> INTO (one row, as Oracle); BULK COLLECT."""
    parts, targets, bulk = into_split(scope, stmt.spans["all"], stmt.kind)
    if bulk and targets is not None:
        bulk_select(scope, stmt, parts, targets, out)
        after_sql(scope, out)
        return
    text_parts: list[str] = []
    values: list[str] = []
    for part in parts:
        text, found = rewrite_span(scope, part)
        offset = len(values)
        values += found
        text_parts.append(_renumber(text, offset))
    converted = convert_text(scope, " ".join(text_parts), values, stmt.first, statement=True)
    if targets is not None:
        strict = " STRICT" if stmt.kind == "select" else ""
        converted += f"\nINTO{strict} {targets_text(scope, targets)}"
    out.line(converted + ";")
    after_sql(scope, out)


def _renumber(text: str, offset: int) -> str:
    if not offset:
        return text
    return re.sub(r"\baurora_ph_(\d+)\b", lambda m: f"aurora_ph_{int(m.group(1)) + offset}", text)


def assign(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    at = next(i for i in range(first, end) if tokens[i].text == ":=")
    names = [t.upper for t in tokens[first:at] if t.text != "."]
    if len(names) == 1 and names[0] in scope.dynamic and end - at == 2:  # SQL text for EXECUTE IMMEDIATE
        out.line(f"{tokens[first].text} := {dynamic_sql(scope, literal_text(tokens[at + 1].text) or '', at + 1)};")
        return
    value = convert_span(scope, (at + 1, end))
    names = [t.upper for t in tokens[first:at] if t.text != "."]
    package = scope.package
    setter = None
    if names and package is not None and names[0] in package.variables and names[0] not in scope.locals:
        setter = f"{package.schema}.set_{names[0].lower()}"
    elif len(names) == 2 and at - first == 3 and scope.package_of(names[0]) is not None:
        other = scope.package_of(names[0])
        if names[1] in other.variables:  # type: ignore[union-attr]
            setter = f"{other.schema}.set_{names[1].lower()}"  # type: ignore[union-attr]
    if setter is not None and at - first > 1 and len(names) >= 1 and package is not None:
        return _assign_part(scope, stmt, out, at, value)
    if setter is not None:
        out.line(f"PERFORM {setter}({value});")
        return
    out.line(f"{targets_text(scope, (first, at))} := {value};")


def _assign_part(scope: Scope, stmt: Stmt, out: Lines, at: int, value: str) -> None:
    """g_rec.field := v / g_list(i) := v on package state: read it into a local copy, change that, write it back."""
    package = scope.package
    assert package is not None
    tokens = scope.src.tokens
    first = stmt.spans["all"][0]
    name = tokens[first].upper
    var = package.variables[name]
    local = f"aurora_{name.lower()}"
    scope.extra[local] = var.type
    rest = tokens[first + 1].text
    if rest == "(":  # a collection element: v(i) -> v[i]
        close = next(j for j in range(first + 1, at) if tokens[j].text == ")")
        part = f"[{targets_text(scope, (first + 2, close))}]{scope.src.slice((close + 1, at))}"
    else:
        part = scope.src.slice((first + 1, at))
    out.line(f"{local} := {package.schema}.{name.lower()}();")
    out.line(f"{local}{part} := {value};")
    out.line(f"PERFORM {package.schema}.set_{name.lower()}({local});")


def call(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """A procedure call: built-ins by table, RAISE_APPLICATION_ERROR, collection methods, else CALL."""
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    words = [t.upper for t in tokens[first : min(end, first + 4)]]
    if words[:1] == ["RAISE_APPLICATION_ERROR"]:
        return raise_application_error(scope, stmt, out)
    builtin = (words[0], words[2]) in BUILTIN_STATEMENTS or words[0] in BUILTIN_PACKAGES if len(words) >= 3 else False
    if builtin and tokens[first + 1].text == ".":
        return builtin_call(scope, stmt, out, words[0], words[2])
    if len(words) >= 3 and words[0] in scope.collections and tokens[first + 1].text == ".":
        return collection_method(scope, stmt, out)
    if end - first == 1:  # a bare name: qualified like a call with arguments (plsql_expr.routine_call)
        name = tokens[first].upper
        if name in scope.nested:
            out.line(f"CALL {scope.nested[name]}();")
            return
        if scope.package is not None and name in scope.package.members and name not in scope.locals:
            scope.calls.add(f"{scope.package.schema}.{name.lower()}")
            out.line(f"CALL {scope.package.schema}.{tokens[first].text}();")
            return
        key = scope.routine_key(name)
        if key is not None:
            scope.calls.add(key)
            out.line(f"CALL {scope.schema}.{tokens[first].text}();")
            return
    text = convert_span(scope, (first, end))
    if not text.rstrip().endswith(")"):
        text += "()"
    out.line(f"CALL {text};")


def builtin_call(scope: Scope, stmt: Stmt, out: Lines, package: str, member: str) -> None:
    first, end = stmt.spans["all"]
    template, why = BUILTIN_STATEMENTS.get((package, member), (None, BUILTIN_PACKAGES[package]))
    args: list[str] = []
    if first + 3 < end and scope.src.tokens[first + 3].text == "(":
        walk = Walk(scope, first, end)
        raw = split_args(walk, first + 4, end - 1)
        args = [put_back(convert_text(scope, a, walk.values, first, statement=False), walk.values) for a in raw]
        if (package, member) == ("DBMS_MVIEW", "REFRESH") and refresh(scope, raw[0], out):
            return
    if template is None or template.count("{") > len(args):
        found = scope.flag("AM-PLSQL-009", first, f"{package}.{member}: {why}")
        out.action(found.rule_id, found.message)
        out.line(f"-- {scope.src.slice((first, end))};")
        return
    if (package, member) == ("DBMS_OUTPUT", "PUT_LINE"):
        args = [f"coalesce(({a})::text, '')" for a in args]  # PUT_LINE(NULL) prints an empty line
    out.line(template.format(*args))


def refresh(scope: Scope, names: str, out: Lines) -> bool:
    """DBMS_MVIEW.REFRESH('S.MV1,S.MV2', ...) -> REFRESH MATERIALIZED VIEW per view: every refresh method leaves
    the same rows (fast refresh only gets there incrementally)."""
    listed = literal_text(names.strip())
    if not listed:
        return False
    for name in listed.split(","):
        parts = [p.strip().strip('"') for p in name.split(".")]
        schema, view = scope.ctx.target(parts[-2] if len(parts) > 1 else scope.owner, parts[-1])
        out.line(f"REFRESH MATERIALIZED VIEW {quote(schema)}.{quote(view)};")
    return True


def raise_application_error(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """RAISE_APPLICATION_ERROR(-20001, msg) -> SQLSTATE 'U0001' with the message (see plsql_facts.user_sqlstate)."""
    first, end = stmt.spans["all"]
    walk = Walk(scope, first, end)
    raw = split_args(walk, first + 2, end - 1)
    if len(raw) < 2:
        out.action("AM-PLSQL-019", scope.flag("AM-PLSQL-019", first, "RAISE_APPLICATION_ERROR arguments").message)
        out.line(f"-- {scope.src.slice((first, end))};")
        return
    code, message = (put_back(convert_text(scope, a, walk.values, first, False), walk.values) for a in raw[:2])
    literal = code.replace(" ", "").lstrip("(").rstrip(")")
    if literal.lstrip("-").isdigit() and -20999 <= int(literal) <= -20000:
        errcode = f"'U0{-int(literal) - 20000:03d}'"
    else:
        errcode = f"'U0' || lpad((-({code}) - 20000)::text, 3, '0')"
    out.line(f"RAISE EXCEPTION USING ERRCODE = {errcode}, MESSAGE = coalesce(({message})::text, '');")


def raise_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = span_of(stmt, 1)
    if first >= end:
        out.line("RAISE;")
        return
    condition = handler_condition(scope, (first, end))
    if condition.startswith("SQLSTATE"):
        state = condition.split("'")[1]
        # Oracle's SQLERRM for a user exception: 'User-Defined Exception' (or 'ORA-2xxxx: ' when EXCEPTION_INIT)
        message = "" if state.startswith("U0") else "User-Defined Exception"
        out.line(f"RAISE EXCEPTION USING ERRCODE = '{state}', MESSAGE = '{message}';")
    else:
        out.line(f"RAISE {condition.split(' OR ')[0]};")


def return_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = span_of(stmt, 1)
    if scope.unit == "trigger":
        out.line(scope.trigger_return)
    elif first >= end:
        out.line("RETURN;")
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


def transaction(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """COMMIT / ROLLBACK: kept in procedures; a function or a block with handlers cannot end a transaction."""
    words = [t.upper for t in scope.src.tokens[stmt.first : stmt.end - 1]]
    text = " ".join(scope.src.slice((stmt.first, stmt.end - 1)).split())
    rule = ""
    if "TO" in words or stmt.kind in ("savepoint", "set_transaction"):
        rule = "AM-PLSQL-006"
    elif scope.unit != "procedure":
        rule = "AM-PLSQL-004"
    elif scope.handler_depth:
        rule = "AM-PLSQL-005"
    if rule:
        out.action(rule, scope.flag(rule, stmt.first, text).message)
        out.line(f"-- {text};")
        return
    scope.transaction_control = True
    out.line(f"{words[0]};")


def fetch(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = stmt.spans["all"]
    tokens = scope.src.tokens
    cursor = tokens[first + 1].upper
    parts, targets, bulk = into_split(scope, (first, end))
    if targets is None:
        out.action("AM-PLSQL-019", scope.flag("AM-PLSQL-019", first, "FETCH without INTO").message)
        return
    if bulk:
        bulk_fetch(scope, stmt, cursor, parts, targets, out)
        return
    out.line(f"FETCH {tokens[first + 1].text} INTO {targets_text(scope, targets)};")
    track_fetch(scope, cursor, out, "1")


def track_fetch(scope: Scope, cursor: str, out: Lines, rows: str) -> None:
    used = {a for c, a in scope.attributes if c == cursor}
    if used & {"FOUND", "NOTFOUND"}:
        scope.extra[attribute_variable(cursor, "FOUND")] = "boolean"
        out.line(f"{attribute_variable(cursor, 'FOUND')} := FOUND;")
    if "ROWCOUNT" in used:
        count = attribute_variable(cursor, "ROWCOUNT")
        scope.extra[count] = "bigint := 0"
        out.line(f"IF FOUND THEN {count} := {count} + {rows}; END IF;")


def open_(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = stmt.spans["all"]
    cursor = scope.src.tokens[first + 1].upper
    if any(t.upper == "FOR" for t in scope.src.tokens[first:end]):
        open_for(scope, stmt, out)
    else:
        out.line(f"OPEN {targets_text(scope, (first + 1, end))};")
    used = {a for c, a in scope.attributes if c == cursor}
    if "ROWCOUNT" in used:
        out.line(f"{attribute_variable(cursor, 'ROWCOUNT')} := 0;")
    if "ISOPEN" in used:
        scope.extra[attribute_variable(cursor, "ISOPEN")] = "boolean := false"
        out.line(f"{attribute_variable(cursor, 'ISOPEN')} := true;")


def close(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, _end = stmt.spans["all"]
    cursor = scope.src.tokens[first + 1]
    out.line(f"CLOSE {cursor.text};")
    if (cursor.upper, "ISOPEN") in scope.attributes:
        out.line(f"{attribute_variable(cursor.upper, 'ISOPEN')} := false;")


def pipe(scope: Scope, stmt: Stmt, out: Lines) -> None:
    first, end = span_of(stmt, 2)
    out.line(f"RETURN NEXT {convert_span(scope, (first, end))};")


def execute(scope: Scope, stmt: Stmt, out: Lines) -> None:
    execute_immediate(scope, stmt, out)
    after_sql(scope, out)


def not_convertible(rule: str, what: str) -> Callable[[Scope, Stmt, Lines], None]:
    def flag(scope: Scope, stmt: Stmt, out: Lines) -> None:
        found = scope.flag(rule, stmt.first, what)
        out.action(rule, found.message)
        out.line("-- " + " ".join(scope.src.slice((stmt.first, stmt.end)).split()))

    return flag


def unknown(scope: Scope, stmt: Stmt, out: Lines) -> None:
    not_convertible("AM-PLSQL-019", stmt.kind)(scope, stmt, out)


def lock(scope: Scope, stmt: Stmt, out: Lines) -> None:
    out.line(convert_span(scope, stmt.spans["all"], statement=True) + ";")


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
    "goto": not_convertible("AM-PLSQL-003", "GOTO"),
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
}
