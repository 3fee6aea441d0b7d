"""T-SQL statements -> PL/pgSQL lines: one small function per statement kind, in STATEMENTS.

Each function gets the parsed node, the unit's Scope and the Emitter; it prints what the statement becomes and
raises findings through the scope (a HIGH finding makes the unit manual, with this partial body kept).
Control flow and errors are here; DECLARE / SET / SELECT-assignment, cursors and DML are in tsql_data.py.
"""

from __future__ import annotations

from collections.abc import Callable

import converters.procedural.tsql_calls as tsql_calls
import converters.procedural.tsql_data as tsql_data
import converters.procedural.tsql_trancount as tsql_trancount
from converters.procedural.tsql_emit import INDENT, Emitter
from converters.procedural.tsql_errors import branch_reading_error, emit_checked
from converters.procedural.tsql_goto import emit_labelled, exit_for
from converters.procedural.tsql_parse import Node, walk
from converters.procedural.tsql_scope import ERROR_FUNCTIONS, PUBLISHED, Scope
from migrate.sqltext.cursor import split_top_level
from migrate.sqltext.lexer import TSQL, Token

# SQLSTATE -> the SQL Server error number ERROR_NUMBER() gives for the same error (sys.messages), with why
ERROR_NUMBERS: dict[str, tuple[int, str]] = {
    "22012": (8134, "divide by zero"),
    "23505": (2627, "unique / primary key violation"),
    "23503": (547, "foreign key violation (SQL Server uses 547 for FK and CHECK)"),
    "23514": (547, "CHECK violation"),
    "23502": (515, "NULL into a NOT NULL column"),
    "22003": (8115, "arithmetic overflow"),
    "22001": (8152, "string or binary data would be truncated"),
    "22P02": (245, "conversion failed"),
    "40P01": (1205, "deadlock victim"),
}
USER_BASE = 50000  # THROW / RAISERROR user numbers start here: 50000 + n <-> SQLSTATE 'U' + 4 digits


def user_sqlstate(number: int) -> str | None:
    """THROW 50001 -> SQLSTATE U0001 (class U is free in PostgreSQL); numbers past 59999 have no stable code."""
    offset = number - USER_BASE
    return f"U{offset:04d}" if 0 <= offset < 10000 else None


def error_number_expression(state: str) -> str:
    cases = " ".join(f"WHEN '{code}' THEN {number}" for code, (number, _why) in ERROR_NUMBERS.items())
    return (
        f"CASE WHEN {state} ~ '^U[0-9]{{4}}$' THEN {USER_BASE} + substr({state}, 2)::integer "
        f"ELSE CASE {state} {cases} ELSE {USER_BASE} END END"
    )


Handler = Callable[[Node, Scope, Emitter], None]


def emit_block(nodes: list[Node], scope: Scope, out: Emitter) -> None:
    if scope.labels and emit_labelled(nodes, scope, out, emit_block):
        return
    for at, node in enumerate(nodes):
        following = nodes[at + 1] if at + 1 < len(nodes) else None
        if not emit_checked(node, following, scope, out, emit):
            emit(node, scope, out)


def emit(node: Node, scope: Scope, out: Emitter) -> None:
    scope.error_ready = node is scope.error_node  # @@ERROR in this statement reads the one before it
    scope.error_zero = node is scope.zero_error_node
    out.comments(node.comments)
    before = len(scope.findings)
    if node.problem:
        scope.flag("PROC-TSQL-PARSE-001", node.line, node.problem, _source(node, scope))
        _keep_source(node, scope, out)
    else:
        STATEMENTS.get(node.kind, _unknown)(node, scope, out)
    if node.trailing and out.lines:
        out.lines[-1] += "  " + " ".join(c.strip() for c in node.trailing)
    for found in scope.findings[before:]:
        if found.severity.rank >= 2 and id(found) not in scope.printed:  # medium+: action items at the line
            scope.printed.add(id(found))
            out.action(found)


def _source(node: Node, scope: Scope) -> str:
    if not node.tokens:
        return ""
    return scope.text[node.tokens[0].start : node.tokens[-1].end]


def _keep_source(node: Node, scope: Scope, out: Emitter) -> None:
    text = _source(node, scope).replace("*/", "* /")
    out.line(f"/* T-SQL kept as written: {text} */")


def _unknown(node: Node, scope: Scope, out: Emitter) -> None:
    scope.flag("PROC-TSQL-PARSE-001", node.line, f"{node.kind.upper()} statement", _source(node, scope))
    _keep_source(node, scope, out)


# -- control flow --------------------------------------------------------------------------------------------------
def _block(node: Node, scope: Scope, out: Emitter) -> None:
    emit_block(node.body, scope, out)


def _if(node: Node, scope: Scope, out: Emitter, word: str = "IF") -> None:
    if word == "IF" and (tsql_calls.transaction_guard(node, scope, out) or _existence_guard(node, scope, out)):
        return
    scope.zero_error_node = branch_reading_error(node)  # IF ... BEGIN IF @@ERROR = 0 ...: @@ERROR is the IF's
    then = tsql_trancount.idiom_then(node, scope) if word == "IF" else None
    if then is not None:  # IF @@TRANCOUNT = 0 BEGIN BEGIN TRANSACTION ... (tsql_trancount.py)
        out.line(f"IF {tsql_trancount.NO_TRANSACTION} THEN  -- @@TRANCOUNT = 0")
        with out.indented():
            tsql_trancount.begin_transaction(node, scope, out)
            emit_block(then, scope, out)
    else:
        out.line(f"{word} {scope.expression(node.tokens, node.line)} THEN")
        with out.indented():
            emit_block(node.body, scope, out)
    orelse = node.orelse
    if len(orelse) == 1 and orelse[0].kind == "if" and not orelse[0].problem and not orelse[0].comments:
        _if(orelse[0], scope, out, "ELSIF")
    elif orelse:
        out.line("ELSE")
        with out.indented():
            emit_block(orelse, scope, out)
    if word == "IF":
        out.line("END IF;")


def _existence_guard(node: Node, scope: Scope, out: Emitter) -> bool:
    """IF OBJECT_ID('x') IS NOT NULL DROP TABLE x (the pre-2016 guard) -> DROP TABLE IF EXISTS x."""
    words = [t.upper or t.text.upper() for t in node.tokens]
    guard = words[:2] == ["OBJECT_ID", "("] and words[-3:] == ["IS", "NOT", "NULL"]
    body = node.body[0] if len(node.body) == 1 and not node.orelse else None
    if not guard or body is None or body.kind != "drop" or len(body.tokens) < 3:
        return False
    out.comments(body.comments)
    temps = [t.text for t in body.tokens if t.text.startswith("#")]
    if temps:
        out.lines.extend(f"{INDENT * out.depth}DROP TABLE IF EXISTS {scope.temp(t)};" for t in temps)
        return True
    rest = [t for t in body.tokens[2:] if t.upper not in ("IF", "EXISTS")]
    sql = f"DROP {body.tokens[1].text} IF EXISTS {scope.substitute(rest, body.line)}"
    out.line(scope.rewritten(sql, body.line, statement=True) + ";")
    return True


def _while(node: Node, scope: Scope, out: Emitter) -> None:
    out.line(f"WHILE {scope.expression(node.tokens, node.line)} LOOP")
    with out.indented():
        emit_block(node.body, scope, out)
    out.line("END LOOP;")


def _break(node: Node, scope: Scope, out: Emitter) -> None:
    out.line("EXIT;")


def _continue(node: Node, scope: Scope, out: Emitter) -> None:
    out.line("CONTINUE;")


def _goto(node: Node, scope: Scope, out: Emitter) -> None:
    leave = exit_for(node, scope)
    if leave:
        out.line(leave)
        return
    scope.flag("PROC-TSQL-GOTO-001", node.line, _source(node, scope))
    _keep_source(node, scope, out)


def _return(node: Node, scope: Scope, out: Emitter) -> None:
    value = node.tokens[1:]
    if scope.publishing:  # RETURN leaves the CATCH block: the caller sees its own ERROR_xxx() again (or NULL)
        out.line(_restored(scope))
    if scope.kind == "trigger":
        for line in scope.trigger_return():
            out.line(line)
    elif scope.kind == "function":
        out.line(f"RETURN {scope.expression(value, node.line)};" if value else "RETURN;")
    elif scope.kind == "tvf":
        out.line(f"RETURN QUERY SELECT * FROM {scope.temps['$RESULT']};")
        out.line("RETURN;")
    elif value:
        target = scope.internal("return_status", "integer")
        scope.params.add(target)  # an INOUT parameter of the procedure, not a variable
        out.line(f"{target} := {scope.expression(value, node.line)};")
        out.line("RETURN;")
    else:
        out.line("RETURN;")


# -- errors --------------------------------------------------------------------------------------------------------
def _try(node: Node, scope: Scope, out: Emitter) -> None:
    tsql_calls.check_catch(node, scope)
    out.line("BEGIN")
    scope.in_try += 1
    with out.indented():
        emit_block(node.body, scope, out)
    scope.in_try -= 1
    out.line("EXCEPTION WHEN OTHERS THEN")
    publish = any(n.kind in ("exec", "execute") for n in walk(node.orelse))
    with out.indented():
        _diagnostics(scope, out, publish)
        scope.in_catch += 1
        scope.publishing += publish
        emit_block(node.orelse, scope, out)
        if publish:
            out.line(f"{_restored(scope)}  -- the CATCH block is over: ERROR_xxx() is the enclosing one's (or NULL)")
        elif not node.orelse:
            out.line("NULL;")
        scope.publishing -= publish
        scope.in_catch -= 1
    out.line("END;")


def _saved(scope: Scope, depth: int) -> str:
    return scope.internal("v_published_errors" + (f"_{depth}" if depth > 1 else ""), "jsonb")


def _restored(scope: Scope) -> str:
    """The published ERROR_xxx() as they were before this CATCH block published its own ('' outside any)."""
    saved = _saved(scope, scope.publishing)
    settings = (f"set_config('{PUBLISHED}{n.lower()}', coalesce({saved} ->> '{n.lower()}', ''), true)"
                for n in ERROR_FUNCTIONS)  # fmt: skip
    return f"PERFORM {', '.join(settings)};"


def _diagnostics(scope: Scope, out: Emitter, publish: bool) -> None:
    """Fill the ERROR_xxx() variables the unit reads (GET STACKED DIAGNOSTICS), and only those. When the CATCH block
    calls a procedure, all of them are also published as transaction-local settings: in SQL Server a procedure
    called from CATCH (an error logger) reads the caller's ERROR_xxx()."""
    used = set(ERROR_FUNCTIONS) if publish else {name for name in ERROR_FUNCTIONS if name in scope.text.upper()}
    if not used:
        return
    state = scope.internal("v_error_sqlstate", "text")
    items = [f"{state} = RETURNED_SQLSTATE"]
    if "ERROR_MESSAGE" in used:
        items.append(f"{scope.internal('v_error_message', 'text')} = MESSAGE_TEXT")
    if "ERROR_LINE" in used:
        items.append(f"{scope.internal('v_error_context', 'text')} = PG_EXCEPTION_CONTEXT")
    out.line(f"GET STACKED DIAGNOSTICS {', '.join(items)};")
    values = {
        "ERROR_NUMBER": error_number_expression(state),
        "ERROR_SEVERITY": "16",
        "ERROR_STATE": "1",
        "ERROR_LINE": "substring(v_error_context from 'line ([0-9]+)')::integer",
        "ERROR_PROCEDURE": f"'{scope.unit.split(' ')[-1]}'",
    }
    for name, value in values.items():
        if name in used:
            target, pg_type = ERROR_FUNCTIONS[name]
            out.line(f"{scope.internal(target, pg_type)} := {value};")
    if publish:
        saved = _saved(scope, scope.publishing + 1)
        outer = ", ".join(f"'{n.lower()}', current_setting('{PUBLISHED}{n.lower()}', true)" for n in ERROR_FUNCTIONS)
        out.line(f"{saved} := jsonb_build_object({outer});  -- a calling CATCH block's, restored at the end")
        settings = ", ".join(f"set_config('{PUBLISHED}{name.lower()}', coalesce({target}::text, ''), true)"
                             for name, (target, _type) in ERROR_FUNCTIONS.items())  # fmt: skip
        out.line(f"PERFORM {settings};  -- for the procedures this CATCH block calls")
    if "ERROR_NUMBER" in used:
        scope.flag("PROC-TSQL-ERRORNUM-001", None)


def _throw(node: Node, scope: Scope, out: Emitter) -> None:
    args = _arguments(node.tokens[1:], scope)
    if not args:
        out.line("RAISE;")
        return
    if len(args) != 3:
        scope.flag("PROC-TSQL-PARSE-001", node.line, "THROW takes three arguments", _source(node, scope))
        _keep_source(node, scope, out)
        return
    number = _literal_int(args[0])
    code = user_sqlstate(number) if number is not None else None
    message = scope.expression(args[1], node.line)
    if code is None:
        scope.flag("PROC-TSQL-RAISERROR-001", node.line, "THROW number not a literal in 50000..59999")
        code = "P0001"
    out.line(f"RAISE EXCEPTION USING ERRCODE = '{code}', MESSAGE = {message};")


def _raiserror(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens[1:]
    options = ""
    if tokens and tokens[0].text == "(":
        close = _closing(tokens)
        options = " ".join(t.upper for t in tokens[close + 1 :])
        tokens = tokens[1:close]
    args = _arguments(tokens, scope)
    if len(args) < 3:
        scope.flag("PROC-TSQL-PARSE-001", node.line, "RAISERROR needs (message, severity, state)", _source(node, scope))
        _keep_source(node, scope, out)
        return
    severity = _literal_int(args[1])
    message = _raiserror_message(args[0], args[3:], scope, node.line)
    if "LOG" in options.split():
        scope.flag("PROC-TSQL-RAISERROR-001", node.line, "WITH LOG (PostgreSQL logs by log_min_messages)")
    if severity is not None and severity <= 10:
        out.line(f"RAISE NOTICE '%', {message};")
        return
    if severity is None:
        scope.flag("PROC-TSQL-RAISERROR-001", node.line, "severity is not a literal: raised as an error")
    if scope.in_try == 0 and scope.kind != "trigger":
        scope.flag("PROC-TSQL-RAISERROR-002", node.line)
    out.line(f"RAISE EXCEPTION USING ERRCODE = '{user_sqlstate(USER_BASE)}', MESSAGE = {message};")


def _raiserror_message(first: list[Token], values: list[list[Token]], scope: Scope, line: int) -> str:
    """RAISERROR's printf-style message -> format(): %s/%d/%i/%u/%I64d become %s; widths are not kept."""
    number = _literal_int(first)
    if number is not None:
        scope.flag("PROC-TSQL-RAISERROR-001", line, f"message number {number} (sys.messages text not known)")
        return f"'error {number}'"
    if len(first) == 1 and first[0].kind == "string" and values:
        raw = first[0].text[first[0].text.index("'") + 1 : -1]
        fmt, plain = _printf_to_format(raw)
        if not plain:
            scope.flag("PROC-TSQL-RAISERROR-001", line, "a width, precision or flag in the message format")
        args = ", ".join(scope.expression(v, line) for v in values)
        return f"format('{fmt}', {args})"
    if values:
        scope.flag("PROC-TSQL-RAISERROR-001", line, "message text built at run time with arguments")
    return scope.expression(first, line)


def _printf_to_format(raw: str) -> tuple[str, bool]:
    out, plain, at = [], True, 0
    while at < len(raw):
        char = raw[at]
        if char != "%":
            out.append(char)
            at += 1
            continue
        end = at + 1
        while end < len(raw) and raw[end] in "-+ #0123456789.*lhI":
            end += 1
        spec = raw[at + 1 : end]
        if end < len(raw) and raw[end] == "%" and not spec:
            out.append("%%")
        elif end < len(raw) and raw[end] in "sdiuoxX":
            plain = plain and spec in ("", "I64", "l", "h")
            out.append("%s")
        else:
            out.append("%%")
            end = at
        at = end + 1
    return "".join(out), plain


def _print(node: Node, scope: Scope, out: Emitter) -> None:
    out.line(f"RAISE NOTICE '%', {scope.expression(node.tokens[1:], node.line)};")


def _waitfor(node: Node, scope: Scope, out: Emitter) -> None:
    if len(node.tokens) > 2 and node.tokens[1].upper == "DELAY":
        scope.flag("PROC-TSQL-WAITFOR-001", node.line)
        out.line(f"PERFORM pg_sleep_for(CAST({scope.expression(node.tokens[2:], node.line)} AS interval));")
        return
    _unknown(node, scope, out)


# -- helpers -------------------------------------------------------------------------------------------------------
def _arguments(tokens: list[Token], scope: Scope) -> list[list[Token]]:
    if not tokens:
        return []
    spans = split_top_level(scope.text, TSQL, tokens[0].start, tokens[-1].end)
    return [[t for t in tokens if begin <= t.start < end] for begin, end in spans]


def _closing(tokens: list[Token]) -> int:
    depth = 0
    for at, token in enumerate(tokens):
        depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "op" else 0
        if depth == 0:
            return at
    return len(tokens) - 1


def _literal_int(tokens: list[Token]) -> int | None:
    text = "".join(t.text for t in tokens)
    return int(text) if text.lstrip("-").isdigit() else None


STATEMENTS: dict[str, Handler] = {
    "block": _block,
    "if": _if,
    "while": _while,
    "break": _break,
    "continue": _continue,
    "goto": _goto,
    "label": _goto,
    "return": _return,
    "try": _try,
    "throw": _throw,
    "raiserror": _raiserror,
    "print": _print,
    "waitfor": _waitfor,
    **tsql_data.STATEMENTS,
    **tsql_calls.STATEMENTS,
}
