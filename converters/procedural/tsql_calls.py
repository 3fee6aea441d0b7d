"""T-SQL cursors, transaction control and EXEC -> PL/pgSQL (see tsql_data.py for the data statements)."""

from __future__ import annotations

from collections.abc import Callable

from converters.names import fold, qualified
from converters.procedural.tsql_callee import Callee, callee, extra_arguments
from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_parse import Node, lex, walk
from converters.procedural.tsql_scope import Scope
from converters.procedural.tsql_tokens import split_items, text_of
from migrate.sqltext.lexer import Token

WRITES = frozenset({"insert", "update", "delete", "merge"})


# -- cursors ---------------------------------------------------------------------------------------------------------
def declare_cursor(node: Node, tokens: list[Token], scope: Scope, out: Emitter) -> None:
    name = tokens[0].text
    at = next((i for i, t in enumerate(tokens) if t.upper == "FOR"), None)
    if at is None:
        scope.flag("PROC-TSQL-CURSOR-001", node.line, text_of(node.tokens, scope))
        return
    options = {t.upper for t in tokens[1:at]}
    if options & {"GLOBAL", "SCROLL", "DYNAMIC", "KEYSET"}:
        scope.flag(
            "PROC-TSQL-CURSOR-001", node.line, " ".join(sorted(options & {"GLOBAL", "SCROLL", "DYNAMIC", "KEYSET"}))
        )
    scope.cursors[name.upper()] = tokens[at + 1 :]
    target = scope.internal(fold(name, "sqlserver").lower(), "refcursor")
    out.line(f"-- cursor {target}: its query runs at OPEN (as in SQL Server)")


def _open(node: Node, scope: Scope, out: Emitter) -> None:
    name = node.tokens[-1].text if len(node.tokens) > 1 else ""
    query = scope.cursors.get(name.upper())
    if query is None:
        scope.flag("PROC-TSQL-CURSOR-001", node.line, f"OPEN of an undeclared cursor {name}")
        return
    out.line(f"OPEN {fold(name, 'sqlserver').lower()} FOR {scope.statement(query, node.line)};")


def _fetch(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens[1:]
    if tokens and tokens[0].upper == "NEXT":
        tokens = tokens[1:]
    if tokens and tokens[0].upper == "FROM":
        tokens = tokens[1:]
    into = next((i for i, t in enumerate(tokens) if t.upper == "INTO"), len(tokens))
    if into != 1 or tokens[0].upper not in scope.cursors:
        scope.flag("PROC-TSQL-CURSOR-001", node.line, text_of(node.tokens, scope))
        return
    targets = [scope.substitute(item, node.line) for item in split_items(tokens[into + 1 :], scope)]
    cursor = fold(tokens[0].text, "sqlserver").lower()
    out.line(f"FETCH {cursor} INTO {', '.join(targets)};" if targets else f"MOVE {cursor};")
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
    if word == "SAVE" or (word == "ROLLBACK" and scope.savepoints):
        scope.flag("PROC-TSQL-SAVETRAN-001", node.line, text)
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
        return f"{name} => {scope.expression(item[2:], line)}"
    return scope.expression(item, line)


def _executesql(node: Node, tokens: list[Token], scope: Scope, out: Emitter) -> None:
    """sp_executesql @sql [, N'@a int, @b nvarchar(9)', @a = 1, ...] -> EXECUTE ... USING: a literal statement is
    converted now (its @parameters become $1, $2...); a statement built at run time gets its @parameters replaced
    by $n when it runs, and its text must already be PostgreSQL (PROC-TSQL-DYNAMIC-001)."""
    args = split_items(tokens, scope)
    if not args or not args[0]:
        scope.flag("PROC-TSQL-EXEC-001", node.line, "sp_executesql without a statement")
        return
    declared = _declared_parameters(args[1] if len(args) > 1 else [], scope)
    if declared is None:
        scope.flag("PROC-TSQL-EXEC-001", node.line, "sp_executesql with OUTPUT or unreadable parameters")
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


def _declared_parameters(tokens: list[Token], scope: Scope) -> list[str] | None:
    """N'@a int, @b nvarchar(9)' -> ['@a', '@b']; None when a parameter is OUTPUT or the list is not a literal."""
    if not tokens:
        return []
    if len(tokens) != 1 or tokens[0].kind != "string":
        return None
    inner = tokens[0].text[tokens[0].text.index("'") + 1 : -1]
    words = [t for t in lex(inner).tokens]
    if any(t.upper in ("OUTPUT", "OUT") for t in words):
        return None
    names = [t.text.lower() for t in words if t.text.startswith("@")]
    return names


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
