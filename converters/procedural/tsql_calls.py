"""T-SQL cursors, transaction control and EXEC -> PL/pgSQL (see tsql_data.py for the data statements)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from converters.names import fold, qualified
from converters.procedural.tsql_callee import Callee, callee, extra_arguments
from converters.procedural.tsql_dynamic_out import Declared, assignment_query, declared_parameters
from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_output import row_loop
from converters.procedural.tsql_parse import Node, lex, walk
from converters.procedural.tsql_scope import Scope
from converters.procedural.tsql_tokens import split_items, text_of
from converters.procedural.tsql_trancount import publish
from converters.procedural.tsql_types import table_argument
from migrate.sqltext.lexer import Token

WRITES = frozenset({"insert", "update", "delete", "merge"})
# GLOBAL: shared by the session's batches; DYNAMIC / KEYSET: see rows changed after OPEN (PL/pgSQL cursors read
# the rows as they were at OPEN, as STATIC / INSENSITIVE and the default LOCAL FAST_FORWARD cursors do)
UNSUPPORTED_CURSORS = frozenset({"GLOBAL", "DYNAMIC", "KEYSET"})
SCROLLING = frozenset({"SCROLL", "STATIC", "INSENSITIVE"})
DIRECTIONS = frozenset({"NEXT", "PRIOR", "FIRST", "LAST"})


# -- cursors ---------------------------------------------------------------------------------------------------------
def declare_cursor(node: Node, tokens: list[Token], scope: Scope, out: Emitter) -> None:
    name = tokens[0].text
    at = next((i for i, t in enumerate(tokens) if t.upper == "FOR"), None)
    if at is None:
        scope.flag("PROC-TSQL-CURSOR-001", node.line, text_of(node.tokens, scope))
        return
    options = {t.upper for t in tokens[1:at]}
    if options & UNSUPPORTED_CURSORS:
        scope.flag("PROC-TSQL-CURSOR-001", node.line, " ".join(sorted(options & UNSUPPORTED_CURSORS)))
    if options & SCROLLING and "FORWARD_ONLY" not in options:  # STATIC / INSENSITIVE cursors scroll by default
        words = [t.upper for t in tokens[at + 1 :]]
        if any(a == "FOR" and b == "UPDATE" for a, b in pairwise(words)):
            scope.flag("PROC-TSQL-CURSOR-001", node.line, "a scrollable cursor FOR UPDATE (PostgreSQL's are read-only)")
        scope.scrollable.add(name.upper())
    scope.cursors[name.upper()] = tokens[at + 1 :]
    target = scope.internal(fold(name, "sqlserver").lower(), "refcursor")
    out.line(f"-- cursor {target}: its query runs at OPEN (as in SQL Server)")


def _open(node: Node, scope: Scope, out: Emitter) -> None:
    name = node.tokens[-1].text if len(node.tokens) > 1 else ""
    query = scope.cursors.get(name.upper())
    if query is None:
        scope.flag("PROC-TSQL-CURSOR-001", node.line, f"OPEN of an undeclared cursor {name}")
        return
    scroll = " SCROLL" if name.upper() in scope.scrollable else ""
    out.line(f"OPEN {fold(name, 'sqlserver').lower()}{scroll} FOR {scope.statement(query, node.line)};")


def _fetch(node: Node, scope: Scope, out: Emitter) -> None:
    """FETCH [NEXT | PRIOR | FIRST | LAST | ABSOLUTE n | RELATIVE n] [FROM] c INTO ... (the same words in PL/pgSQL;
    all but NEXT need a SCROLL cursor, as in SQL Server)."""
    tokens = node.tokens[1:]
    direction = "NEXT"
    cut = next((i for i, t in enumerate(tokens) if t.upper == "FROM"), None)
    if tokens and tokens[0].upper in DIRECTIONS:
        direction, tokens = tokens[0].upper, tokens[1:]
    elif tokens and tokens[0].upper in ("ABSOLUTE", "RELATIVE") and cut is not None and cut > 1:
        direction = f"{tokens[0].upper} {scope.expression(tokens[1:cut], node.line)}"
        tokens = tokens[cut:]
    if tokens and tokens[0].upper == "FROM":
        tokens = tokens[1:]
    into = next((i for i, t in enumerate(tokens) if t.upper == "INTO"), len(tokens))
    name = tokens[0].upper if tokens else ""
    if into != 1 or name not in scope.cursors or into == len(tokens):  # no INTO: the row goes to the client
        scope.flag("PROC-TSQL-CURSOR-001", node.line, text_of(node.tokens, scope))
        return
    if direction != "NEXT" and name not in scope.scrollable:
        scope.flag("PROC-TSQL-CURSOR-001", node.line, f"FETCH {direction.split()[0]} of a forward-only cursor")
        return
    targets = [scope.substitute(item, node.line) for item in split_items(tokens[into + 1 :], scope)]
    cursor = fold(tokens[0].text, "sqlserver").lower()
    moved = "" if direction == "NEXT" else f"{direction} FROM "
    out.line(f"FETCH {moved}{cursor} INTO {', '.join(targets)};")
    status = scope.internal("v_fetch_status", "integer")
    out.line(f"{status} := CASE WHEN FOUND THEN 0 ELSE -1 END;")


def _close(node: Node, scope: Scope, out: Emitter) -> None:
    out.line(f"CLOSE {fold(node.tokens[-1].text, 'sqlserver').lower()};")


def _deallocate(node: Node, scope: Scope, out: Emitter) -> None:
    out.line(f"-- DEALLOCATE {node.tokens[-1].text}: nothing to free in PL/pgSQL")


# -- transactions --------------------------------------------------------------------------------------------------
def _transaction(node: Node, scope: Scope, out: Emitter) -> None:
    word = node.tokens[0].upper
    text = text_of(node.tokens, scope)
    if id(node) in scope.absorbed:  # tsql_savepoints.py: a BEGIN ... EXCEPTION block is the savepoint
        what = "the BEGIN ... EXCEPTION block below rolls back to here" if word == "SAVE" else "already undone"
        out.line(f"-- {text}: {what}")
        return
    if word == "SAVE" or (word == "ROLLBACK" and scope.savepoints and len(node.tokens) > 2):
        scope.flag("PROC-TSQL-SAVETRAN-001", node.line, text)
        out.line(f"/* {text} */")
        return
    if id(node) in scope.rollback_past:
        scope.flag(
            "PROC-TSQL-TRAN-001", node.line, f"{text} in CATCH also undoes what the transaction wrote before TRY"
        )
        out.line(f"/* {text} */")
        return
    if scope.in_try or scope.in_catch:
        scope.flag("PROC-TSQL-TRAN-002", node.line, text)
        out.line(f"-- {text}: the enclosing BEGIN ... EXCEPTION block is the transaction")
        return
    if scope.kind == "trigger" and word == "ROLLBACK":
        out.line("RAISE EXCEPTION USING ERRCODE = '40000', MESSAGE = 'the trigger rolled back the transaction';")
        return
    if scope.kind != "procedure":
        scope.flag("PROC-TSQL-TRAN-001", node.line, text)
        out.line(f"/* {text} */")
        return
    if word == "BEGIN":
        out.line(f"-- {text}: PostgreSQL starts the next transaction by itself")
        out.line(publish())
        return
    scope.flag("PROC-TSQL-TRAN-004", node.line)
    scope.committed = True
    out.line("COMMIT;" if word == "COMMIT" else "ROLLBACK;")


def transaction_guard(node: Node, scope: Scope, out: Emitter) -> bool:
    """IF @@TRANCOUNT > 0 ROLLBACK / IF XACT_STATE() <> 0 COMMIT...: the guard only asks whether there is a
    transaction to end, which the transaction statement's own conversion already decides."""
    words = {t.upper for t in node.tokens}
    body = node.body[0] if len(node.body) == 1 and not node.orelse else None
    while body is not None and body.kind == "block" and len(body.body) == 1:  # IF ... BEGIN ROLLBACK END
        body = body.body[0]
    if not (words & {"@@TRANCOUNT", "XACT_STATE"}) or body is None or body.kind not in ("commit", "rollback", "tran"):
        return False
    out.comments(body.comments)
    _transaction(body, scope, out)
    return True


def check_catch(node: Node, scope: Scope) -> None:
    """A CATCH that writes and then re-raises loses the write in PostgreSQL (the error undoes it)."""
    kinds = [n.kind for n in walk(node.orelse)]
    raises = any(k in ("throw", "raiserror") for k in kinds)
    if raises and any(k in WRITES for k in kinds):
        scope.flag("PROC-TSQL-TRAN-003", node.line)


# -- EXEC ------------------------------------------------------------------------------------------------------------
def _exec(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens[1:]
    if tokens and tokens[0].text == "(":
        inner = tokens[1:-1] if tokens[-1].text == ")" else tokens[1:]
        if len(inner) == 1 and inner[0].kind == "string":  # EXEC ('literal T-SQL'): converted now
            literal = inner[0].text[inner[0].text.index("'") + 1 : -1].replace("''", "'")
            converted = _static_statement(literal, [], scope, node.line)
            _run_dynamic(_quoted(converted), "", _returns_rows(inner, scope), node, scope, out)
            return
        scope.flag("PROC-TSQL-DYNAMIC-001", node.line)
        _run_dynamic(scope.expression(tokens, node.line), "", _returns_rows(inner, scope), node, scope, out)
        return
    status = None
    if len(tokens) > 2 and tokens[0].text.startswith("@") and tokens[1].text == "=":
        status, tokens = scope.vars.get(tokens[0].upper), tokens[2:]
    parts, at = [], 0
    while at < len(tokens) and tokens[at].kind in ("word", "qident"):
        parts.append(tokens[at].text.strip('[]"'))
        at += 1
        if at < len(tokens) and tokens[at].text == ".":
            at += 1
        else:
            break
    if not parts or (at < len(tokens) and tokens[at].text == "."):
        scope.flag("PROC-TSQL-EXEC-001", node.line, text_of(node.tokens, scope))
        out.line(f"/* {text_of(node.tokens, scope)} */")
        return
    if parts[-1].lower() == "sp_executesql":
        _executesql(node, tokens[at:], scope, out)
        return
    if len(parts) > 2 or parts[-1].lower().startswith(("sp_", "xp_")):
        scope.flag("PROC-TSQL-EXEC-001", node.line, ".".join(parts))
        out.line(f"/* {text_of(node.tokens, scope)} */")
        return
    items = split_items(tokens[at:], scope)
    args = [_call_argument(item, scope, node.line) for item in items]
    if status is not None:
        args.append(f"return_status => {status.target}")
    schema = scope.ctx.names.schema(parts[0] if len(parts) == 2 else scope.schema)
    name = fold(parts[-1], "sqlserver")
    found = scope.ctx.procedures.get(f"{schema}.{name}")
    if found is not None:
        signature = callee(found, scope)
        args = _booleans(args, signature)
        bound = {a.split(" => ")[0] for a in args if " => " in a}
        positional = sum(1 for a in args if a and " => " not in a)
        args += extra_arguments(signature, bound, positional, status is not None, scope, node.line)
    for line in scope.before_call:
        out.line(line)
    scope.before_call.clear()
    scope.reads.add(f"{schema}.{name}")  # the callee deploys first; a caller of a manual one says it waits
    out.line(f"CALL {qualified(schema, name)}({', '.join(a for a in args if a)});")


def _booleans(args: list[str], signature: Callee) -> list[str]:
    """A BIT parameter is boolean in PostgreSQL: EXEC p @flag = 1 passes true (there is no integer -> boolean cast)."""
    types = {name: pg_type for name, pg_type, _output in signature.params}
    out = []
    for position, arg in enumerate(args):
        name, _, value = arg.rpartition(" => ")
        pg_type = (
            types.get(name) if name else (signature.params[position][1] if position < len(signature.params) else "")
        )
        if pg_type == "boolean" and value in ("0", "1"):
            value = "true" if value == "1" else "false"
        out.append(f"{name} => {value}" if name else value)
    return out


def _call_argument(item: list[Token], scope: Scope, line: int) -> str:
    if item and item[-1].upper in ("OUTPUT", "OUT"):
        item = item[:-1]
    if len(item) > 2 and item[0].text.startswith("@") and item[1].text == "=":
        name = "p_" + fold(item[0].text.lstrip("@"), "sqlserver").lower()
        if len(item) == 3 and item[2].upper == "DEFAULT":
            return ""
        return f"{name} => {table_argument(item[2:], scope) or scope.expression(item[2:], line)}"
    return table_argument(item, scope) or scope.expression(item, line)


def _executesql(node: Node, tokens: list[Token], scope: Scope, out: Emitter) -> None:
    """sp_executesql @sql [, N'@a int, @b nvarchar(9)', @a = 1, ...] -> EXECUTE ... USING: a literal statement is
    converted now (its @parameters become $1, $2...); a statement built at run time gets its @parameters replaced
    by $n when it runs, and its text must already be PostgreSQL (PROC-TSQL-DYNAMIC-001)."""
    args = split_items(tokens, scope)
    if not args or not args[0]:
        scope.flag("PROC-TSQL-EXEC-001", node.line, "sp_executesql without a statement")
        return
    parameters = declared_parameters(args[1] if len(args) > 1 else [])
    if parameters is not None and any(p.output for p in parameters):
        _executesql_output(node, args, parameters, scope, out)
        return
    declared = [p.name for p in parameters] if parameters is not None else None
    if declared is None:
        scope.flag("PROC-TSQL-EXEC-001", node.line, "sp_executesql with unreadable parameters")
        out.line(f"/* {text_of(node.tokens, scope)} */")
        return
    values = _bound_values(declared, args[2:], scope, node.line)
    using = f" USING {', '.join(values)}" if values else ""
    sql = args[0]
    if len(sql) == 1 and sql[0].kind == "string":
        literal = sql[0].text[sql[0].text.index("'") + 1 : -1].replace("''", "'")
        converted = _static_statement(literal, declared, scope, node.line)
        _run_dynamic(_quoted(converted), using, _returns_rows(sql, scope), node, scope, out)
        return
    scope.flag("PROC-TSQL-DYNAMIC-001", node.line)
    text = scope.expression(sql, node.line)
    for number, name in enumerate(declared, 1):
        text = f"regexp_replace({text}, '{name}\\M', '${number}', 'gi')"
    _run_dynamic(text, using, _returns_rows(sql, scope), node, scope, out)


def _run_dynamic(text: str, using: str, rows: bool | None, node: Node, scope: Scope, out: Emitter) -> None:
    """Dynamic SQL that returns rows sends a result set to the client in SQL Server: OPEN result_set_n FOR
    EXECUTE; PostgreSQL's bare EXECUTE would drop the rows."""
    if rows is None and scope.rows_expected:  # INSERT ... EXEC (@sql): it returns rows, or the INSERT fails
        rows = True
    if rows is None:
        scope.flag("PROC-TSQL-DYNAMIC-002", node.line)
    if rows and scope.kind == "procedure" and not scope.committed:
        name = f"result_set_{len(scope.result_sets) + 1}"
        scope.result_sets.append(name)
        scope.flag("PROC-TSQL-RESULTSET-001", node.line, name)
        out.line(f"OPEN {name} FOR EXECUTE {text}{using};")
        return
    if rows:
        scope.flag("PROC-TSQL-RESULTSET-002", node.line, "dynamic SQL returning rows")
    out.line(f"EXECUTE {text}{using};")


ROW_WORDS = frozenset({"SELECT", "WITH"})


def _returns_rows(expression: list[Token], scope: Scope) -> bool | None:
    """Whether dynamic SQL returns rows, from the first words of the text it is built from: a literal, or the
    literals the unit assigns to the variable (SET @sql = N'SELECT ...'); None when that cannot be told."""
    first = expression[0] if expression else None
    if first is not None and first.kind == "string":
        return _starts_with_select(first.text)
    if first is None or len(expression) != 1 or not first.text.startswith("@"):
        return None
    tokens = lex(scope.text).tokens
    found = set()
    for at, token in enumerate(tokens):
        if token.upper != first.upper:
            continue
        equals = next((i for i in range(at + 1, min(at + 8, len(tokens))) if tokens[i].text in ("=", ",", ";")), None)
        value = equals + 1 if equals is not None and tokens[equals].text == "=" else None
        if value is not None and value < len(tokens) and tokens[value].kind == "string":  # SET/DECLARE @q ... = N'..'
            found.add(_starts_with_select(tokens[value].text))
    return found.pop() if len(found) == 1 else None


def _starts_with_select(literal: str) -> bool:
    inner = literal[literal.index("'") + 1 : -1].replace("''", "'")
    words = [t.upper for t in lex(inner).tokens[:1]]
    return bool(words) and words[0] in ROW_WORDS


def _executesql_output(node: Node, args: list[list[Token]], parameters: list[Declared], scope: Scope,
                       out: Emitter) -> None:  # fmt: skip
    """sp_executesql N'SELECT @n = ...', N'... @n int OUTPUT', @n = @v OUTPUT -> FOR v_v IN EXECUTE ... LOOP."""
    declared = [p.name for p in parameters]
    literal = args[0][0] if len(args[0]) == 1 and args[0][0].kind == "string" else None
    text = literal.text[literal.text.index("'") + 1 : -1].replace("''", "'") if literal else ""
    shape = assignment_query(text, parameters) if literal else None
    outputs, items = {}, []
    for position, item in enumerate(args[2:]):
        if item and item[-1].upper in ("OUTPUT", "OUT"):
            item = item[:-1]
            if len(item) == 3 and item[1].text == "=" and item[2].text.startswith("@"):
                outputs[item[0].text.lower()] = item[2]
            elif len(item) == 1 and item[0].text.startswith("@") and position < len(declared):
                outputs[declared[position]] = item[0]
        items.append(item)
    if shape is None or any(name not in outputs for name in shape[1]):
        scope.flag("PROC-TSQL-EXEC-001", node.line, "sp_executesql with OUTPUT parameters, not a literal assignment")
        out.line(f"/* {text_of(node.tokens, scope)} */")
        return
    query, targets = shape
    values = _bound_values(declared, items, scope, node.line)
    variables = [scope.vars.get(outputs[name].upper) for name in targets]
    if any(v is None for v in variables):
        scope.flag("PROC-TSQL-PARSE-001", node.line, "an OUTPUT argument is not a declared variable")
        return
    converted = _quoted(_static_statement(query, declared, scope, node.line))
    into = [(v.target, v.pg_type) for v in variables if v is not None]
    row_loop(f"EXECUTE {converted} USING {', '.join(values)}", into, scope, out)


def _bound_values(declared: list[str], items: list[list[Token]], scope: Scope, line: int) -> list[str]:
    values: dict[str, str] = {}
    for position, item in enumerate(items):
        if len(item) > 2 and item[0].text.startswith("@") and item[1].text == "=":
            values[item[0].text.lower()] = scope.expression(item[2:], line)
        elif position < len(declared):
            values[declared[position]] = scope.expression(item, line)
    return [values.get(name, "NULL") for name in declared]


def _static_statement(literal: str, declared: list[str], scope: Scope, line: int) -> str:
    """The literal's T-SQL converted like any statement, its @parameters standing for $1, $2..."""
    marks = {name: f"sp_param_{number}_" for number, name in enumerate(declared, 1)}
    lexed = lex(literal)
    text, pos = [], 0
    for token in lexed.tokens:
        text.append(literal[pos : token.start])
        text.append(marks.get(token.text.lower(), token.text))
        pos = token.end
    text.append(literal[pos:])
    converted = scope.rewritten("".join(text), line, statement=True)
    for number in range(len(declared), 0, -1):
        converted = converted.replace(f"sp_param_{number}_", f"${number}")
    return converted


def _quoted(sql: str) -> str:
    return "'" + sql.replace("'", "''") + "'"


STATEMENTS: dict[str, Callable[[Node, Scope, Emitter], None]] = {
    "open": _open,
    "fetch": _fetch,
    "close": _close,
    "deallocate": _deallocate,
    "tran": _transaction,
    "commit": _transaction,
    "rollback": _transaction,
    "save": _transaction,
    "exec": _exec,
    "execute": _exec,
}
