"""T-SQL data statements -> PL/pgSQL: DECLARE, SET, SELECT (assignment, SELECT INTO #t, result sets), DML with
OUTPUT INTO and SCOPE_IDENTITY(), temp tables (cursors, EXEC and transactions: tsql_calls.py). Every embedded statement
and expression goes through the scope to the shared query rewrites."""

from __future__ import annotations

from collections.abc import Callable

import sqlglot
from sqlglot import exp

from converters.dialects import AuroraPostgres
from converters.names import fold
from converters.procedural.tsql_calls import STATEMENTS as CALLS
from converters.procedural.tsql_calls import declare_cursor
from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_insert_exec import filled_columns, insert_exec
from converters.procedural.tsql_output import after_dml, output_result_set, row_loop
from converters.procedural.tsql_parse import Node
from converters.procedural.tsql_returns import known_columns
from converters.procedural.tsql_rowlimit import limited, set_row_limit
from converters.procedural.tsql_scope import Scope
from converters.procedural.tsql_tokens import main_word, skip_group, split_items, text_of, top_level
from converters.procedural.tsql_types import declare_table_variable
from migrate.model import TypeFamily
from migrate.sqltext.lexer import Token

# SET options with no PostgreSQL effect (dropped, INFO) -- each is a session switch whose SQL Server default is
# what PostgreSQL always does, or only affects what the client sees
HARMLESS_OPTIONS = frozenset({
    "NOCOUNT",  # "n rows affected" messages: PostgreSQL functions send none
    "ANSI_NULLS", "ANSI_WARNINGS", "ANSI_PADDING", "ANSI_NULL_DFLT_ON", "QUOTED_IDENTIFIER", "ARITHABORT",
    "CONCAT_NULL_YIELDS_NULL", "NUMERIC_ROUNDABORT",  # the ON settings are PostgreSQL's only behaviour
    "XACT_ABORT",  # PostgreSQL always aborts the transaction on an error
    "STATISTICS", "SHOWPLAN_ALL", "SHOWPLAN_XML", "NOEXEC", "FMTONLY", "IMPLICIT_TRANSACTIONS",
})  # fmt: skip
SELECT_LIST_END = frozenset({"FROM", "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "EXCEPT", "INTERSECT", "OPTION",
                             "FOR", "INTO"})  # fmt: skip
COMPOUND = frozenset({"+", "-", "*", "/", "%", "&", "|", "^"})


# -- DECLARE / SET ---------------------------------------------------------------------------------------------------
def _declare(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens[1:]
    if (
        len(tokens) >= 2
        and not tokens[0].text.startswith("@")
        and tokens[1].upper in ("CURSOR", "INSENSITIVE", "SCROLL")
    ):
        declare_cursor(node, tokens, scope, out)
        return
    for item in split_items(tokens, scope):
        if not item or not item[0].text.startswith("@"):
            scope.flag("PROC-TSQL-PARSE-001", node.line, "DECLARE item", text_of(item, scope))
            continue
        name, rest = item[0].text, item[1:]
        if rest and rest[0].upper == "AS":
            rest = rest[1:]
        if rest and rest[0].upper == "TABLE":
            create_temp(scope.temp(name), rest[1:], node.line, scope, out)
            continue
        if declare_table_variable(name, rest, node.line, scope, out, create_temp_text):
            continue
        cut = next((at for at, t in enumerate(rest) if t.text == "="), len(rest))
        var = scope.declare(name, text_of(rest[:cut], scope), line=node.line)
        if cut < len(rest):
            out.line(f"{var.target} := {_value(rest[cut + 1 :], var.family, scope, node.line)};")


def _value(tokens: list[Token], family: TypeFamily, scope: Scope, line: int) -> str:
    """An expression assigned to a variable; 0/1 into a BIT (boolean) variable become false/true."""
    text = scope.expression(tokens, line)
    if family is TypeFamily.BOOLEAN and text.strip("() ") in ("0", "1"):
        return "true" if text.strip("() ") == "1" else "false"
    return text


def _set(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens[1:]
    if not tokens:
        scope.flag("PROC-TSQL-PARSE-001", node.line, "SET without anything to set")
        return
    if tokens[0].upper.startswith("@") and not tokens[0].upper.startswith("@@"):
        var = scope.vars.get(tokens[0].upper)
        if var is None:
            scope.flag("PROC-TSQL-PARSE-001", node.line, f"{tokens[0].text} is not declared")
            return
        if len(tokens) > 2 and tokens[1].text in COMPOUND and tokens[2].text == "=":
            value = scope.rewritten(f"{var.target} {tokens[1].text} ({scope.substitute(tokens[3:], node.line)})",
                                    node.line, statement=False)  # fmt: skip
            out.line(f"{var.target} := {value};")
        elif len(tokens) > 1 and tokens[1].text == "=":
            if len(tokens) > 2 and tokens[2].upper == "CURSOR":
                scope.flag("PROC-TSQL-CURSOR-001", node.line, "cursor variable")
                return
            out.line(f"{var.target} := {_value(tokens[2:], var.family, scope, node.line)};")
        else:
            scope.flag("PROC-TSQL-PARSE-001", node.line, "SET", text_of(node.tokens, scope))
        return
    option = tokens[0].upper
    if option in HARMLESS_OPTIONS or (option == "TRANSACTION" and "COMMITTED" in {t.upper for t in tokens}):
        scope.flag("PROC-TSQL-SETOPT-001", node.line, text_of(node.tokens, scope))
        out.line(f"-- {text_of(node.tokens, scope)}: no PostgreSQL effect (dropped)")
        return
    if option == "ROWCOUNT" and set_row_limit(node, scope, out):
        return
    scope.flag("PROC-TSQL-SETOPT-002", node.line, text_of(node.tokens, scope))
    out.line(f"/* {text_of(node.tokens, scope)} */")


# -- SELECT ----------------------------------------------------------------------------------------------------------
def _select(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens
    start = _select_list_start(tokens)
    if _assigns(tokens, start):
        _select_assign(node, start, scope, out)
        return
    into = top_level(tokens, "INTO", stop=frozenset({"FROM", "WHERE", "UNION"}))
    if into is not None:
        _select_into(node, into, scope, out)
        return
    _result_set(node, scope, out)


def _assigns(tokens: list[Token], at: int) -> bool:
    """SELECT @v = ... (or @v += ...): an assignment, not a column named by a variable's value."""
    if at + 1 >= len(tokens) or not tokens[at].upper.startswith("@") or tokens[at].upper.startswith("@@"):
        return False
    after = tokens[at + 1].text
    return after == "=" or (after in COMPOUND and at + 2 < len(tokens) and tokens[at + 2].text == "=")


def _select_list_start(tokens: list[Token]) -> int:
    at = 1
    while at < len(tokens) and tokens[at].upper in ("DISTINCT", "ALL"):
        at += 1
    if at < len(tokens) and tokens[at].upper == "TOP":
        at += 1
        at = skip_group(tokens, at) if at < len(tokens) and tokens[at].text == "(" else at + 1
        while at < len(tokens) and tokens[at].upper in ("PERCENT", "WITH", "TIES"):
            at += 1
    return at


def _select_assign(node: Node, start: int, scope: Scope, out: Emitter) -> None:
    """SELECT @a = x, @b = y FROM ...: SQL Server assigns from each row in turn and leaves the variables alone when
    no row comes back; PostgreSQL's SELECT INTO would set them to NULL. Without FROM, or when every expression is
    an aggregate over the whole query, one row always comes back and SELECT INTO is exact; otherwise a FOR loop
    over the rows keeps SQL Server's meaning."""
    tokens = node.tokens
    end = top_level(tokens, *SELECT_LIST_END) or len(tokens)
    targets, types, exprs = [], [], []
    for item in split_items(tokens[start:end], scope):
        var = scope.vars.get(item[0].upper) if item else None
        if var is None or len(item) < 3:
            scope.flag("PROC-TSQL-PARSE-001", node.line, "SELECT mixes assignments and columns", text_of(item, scope))
            return
        value = item[2:]
        if item[1].text in COMPOUND and item[2].text == "=":
            value = [item[0], item[1], *item[3:]]
        targets.append(var.target)
        types.append(var.pg_type)
        exprs.append(scope.substitute(value, node.line))
    head = scope.text[tokens[0].start : tokens[start].start] if start > 1 else "SELECT "
    rest = scope.substitute(tokens[end:], node.line)
    query = limited(scope.rewritten(f"{head}{', '.join(exprs)} {rest}", node.line, statement=True), scope, node.line)
    names = {t for t in targets}
    if any(name in e.lower() for e in exprs for name in names) and end < len(tokens):
        scope.flag("PROC-TSQL-PARSE-001", node.line, "a variable assigned from itself across rows (use string_agg)")
    one_row = end == len(tokens) or _aggregate_only(tokens[end:], exprs)
    if one_row:
        out.line(_into(query, targets) + ";")
        after_dml(scope, out)
    else:
        row_loop(query, list(zip(targets, types, strict=True)), scope, out)  # counts the rows for @@ROWCOUNT


def _into(query: str, targets: list[str]) -> str:
    """`SELECT a, b FROM ...` -> `SELECT a, b INTO x, y FROM ...` (INTO after the select list)."""
    upper = query.upper()
    at = _top_leveltext_of(upper, " FROM ")
    if at < 0:
        return f"{query} INTO {', '.join(targets)}"
    return f"{query[:at]} INTO {', '.join(targets)}{query[at:]}"


def _top_leveltext_of(upper: str, word: str) -> int:
    depth, quote = 0, False
    for at, char in enumerate(upper):
        if char == "'":
            quote = not quote
        elif not quote and char == "(":
            depth += 1
        elif not quote and char == ")":
            depth -= 1
        elif not quote and depth == 0 and upper.startswith(word, at):
            return at
    return -1


AGGREGATES = ("count(", "sum(", "min(", "max(", "avg(", "string_agg(", "coalesce(max(", "coalesce(sum(")


def _aggregate_only(rest: list[Token], exprs: list[str]) -> bool:
    words = {t.upper for t in rest}
    return (
        "GROUP" not in words and "HAVING" not in words and all(e.strip().lower().startswith(AGGREGATES) for e in exprs)
    )


def _select_into(node: Node, into: int, scope: Scope, out: Emitter) -> None:
    """SELECT ... INTO #t FROM ... -> CREATE TEMPORARY TABLE t AS SELECT ... (a new table, as in SQL Server)."""
    tokens = node.tokens
    name_end = into + 2
    while name_end + 1 < len(tokens) and tokens[name_end].text == ".":
        name_end += 2
    target_tokens = tokens[into + 1 : name_end]
    query = limited(scope.statement([*tokens[:into], *tokens[name_end:]], node.line), scope, node.line)
    target = text_of(target_tokens, scope)
    if target.startswith("#"):
        name = scope.temp(target)
        out.line(f"DROP TABLE IF EXISTS {name};")
        out.line(f"CREATE TEMPORARY TABLE {name} AS {query};")
        columns = known_columns(query, scope)
        if columns:
            out.line(f"PERFORM 'PRAGMA:TABLE: {name} ({columns.replace(chr(39), chr(39) * 2)})';  -- for plpgsql_check")
    else:
        out.line(f"CREATE TABLE {scope.rewritten(f'SELECT * FROM {target}', node.line, True)[14:]} AS {query};")
    after_dml(scope, out)


def _result_set(node: Node, scope: Scope, out: Emitter) -> None:
    query = limited(scope.statement(node.tokens, node.line), scope, node.line)
    if scope.kind != "procedure" or scope.committed:
        scope.flag("PROC-TSQL-RESULTSET-002", node.line, text_of(node.tokens[:6], scope) + " ...")
        out.line(f"/* {query} */")
        return
    name = f"result_set_{len(scope.result_sets) + 1}"
    scope.result_sets.append(name)
    scope.flag("PROC-TSQL-RESULTSET-001", node.line, name)
    out.line(f"OPEN {name} FOR {query};")


# -- DML -------------------------------------------------------------------------------------------------------------
def _dml(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens
    head = tokens[0].upper
    if head == "WITH" and main_word(tokens) == "SELECT":
        _result_set(node, scope, out)
        return
    if head == "INSERT" and top_level(tokens, "EXEC", "EXECUTE") is not None:
        insert_exec(node, scope, out, run_exec)
        return
    output = top_level(tokens, "OUTPUT")
    if output is not None:
        _output_into(node, output, scope, out)
        return
    sql = scope.statement(tokens, node.line)
    if head == "INSERT" and scope.identity:
        sql = _keep_identity(tokens, sql, scope, out, node.line)
    out.line(sql + ";")
    after_dml(scope, out)


def run_exec(node: Node, scope: Scope, out: Emitter) -> None:
    CALLS["exec"](node, scope, out)


def _keep_identity(tokens: list[Token], sql: str, scope: Scope, out: Emitter, line: int) -> str:
    """SCOPE_IDENTITY() after a one-row INSERT ... VALUES: RETURNING <identity column> INTO v_scope_identity."""
    target = scope.internal("v_scope_identity", "bigint")
    column = _identity_column(tokens, scope)
    values = top_level(tokens, "VALUES")
    one_row = values is not None and top_level(tokens[values + 1 :], ",") is None
    if column and one_row and "RETURNING" not in sql.upper():
        return f"{sql} RETURNING {column} INTO {target}"
    scope.flag("PROC-TSQL-IDENTITY-001", line)
    out.line(sql + ";")
    return f"{target} := lastval()"


def _identity_column(tokens: list[Token], scope: Scope) -> str | None:
    at = 2 if len(tokens) > 1 and tokens[1].upper == "INTO" else 1
    parts = []
    while at < len(tokens) and tokens[at].kind in ("word", "qident"):
        parts.append(tokens[at].text.strip('[]"'))
        if at + 1 < len(tokens) and tokens[at + 1].text == ".":
            at += 2
        else:
            break
    if not parts:
        return None
    schema = parts[-2] if len(parts) > 1 else scope.schema
    table = scope.ctx.tables.get((schema.upper(), parts[-1].upper()))
    column = next((c for c in table.columns if c.identity is not None), None) if table else None
    return fold(column.name, "sqlserver") if column else None


def _output_into(node: Node, output: int, scope: Scope, out: Emitter) -> None:
    """INSERT ... OUTPUT inserted.x INTO @t SELECT ... -> WITH o AS (INSERT ... RETURNING x) INSERT INTO t SELECT."""
    tokens = node.tokens
    into = top_level(tokens[output:], "INTO")
    stop = top_level(tokens[output:], "SELECT", "VALUES", "DEFAULT", "FROM", "WHERE")
    merge = tokens[0].upper == "MERGE"
    if into is None or (stop is not None and stop < into):
        if not merge:
            output_result_set(node, tokens, scope, out)
            return
        scope.flag("PROC-TSQL-OUTPUTINTO-001", node.line, "MERGE ... OUTPUT to the client")
        out.line(f"/* {scope.statement(tokens, node.line)} */")
        return
    into += output
    if into + 1 < len(tokens) and not tokens[into + 1].text.startswith(("@", "#")):
        out.line(scope.statement(tokens, node.line) + ";")  # a table: the shared rewriter knows its columns
        after_dml(scope, out)
        return
    if merge:
        scope.flag("PROC-TSQL-OUTPUTINTO-001", node.line, "MERGE ... OUTPUT INTO a temporary table")
        out.line(f"/* {scope.statement(tokens, node.line)} */")
        return
    end = into + 2
    while end + 1 < len(tokens) and tokens[end].text == ".":
        end += 2
    if end < len(tokens) and tokens[end].text == "(":
        end = skip_group(tokens, end)
    target = scope.substitute(tokens[into + 1 : end], node.line)
    if end == into + 2:  # no column list: SQL Server skips the temporary table's identity / computed columns
        target += filled_columns(tokens[into + 1], scope)
    sql = scope.statement([*tokens[:into], *tokens[end:]], node.line)
    out.line(f"WITH output_rows AS ({sql})")
    out.line(f"INSERT INTO {scope.rewritten(f'INSERT INTO {target} SELECT 1', node.line, True)[12:-9]} "
             "SELECT * FROM output_rows;")  # fmt: skip
    after_dml(scope, out)


def _plain(node: Node, scope: Scope, out: Emitter) -> None:
    out.line(scope.statement(node.tokens, node.line) + ";")


def _create(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens
    if len(tokens) > 3 and tokens[1].upper == "TABLE" and tokens[2].text.startswith("#"):
        create_temp(scope.temp(tokens[2].text), tokens[3:], node.line, scope, out)
        return
    _plain(node, scope, out)


def create_temp(name: str, columns: list[Token], line: int, scope: Scope, out: Emitter) -> None:
    """#t and table variables: a temporary table, dropped first so a second call in the session starts empty."""
    text = scope.substitute(columns, line)
    create_temp_text(name, text if columns and columns[0].text == "(" else f"({text})", line, scope, out)


def create_temp_text(name: str, text: str, line: int, scope: Scope, out: Emitter) -> None:
    """The same from the column list's T-SQL text `(a int, ...)` (variables already replaced)."""
    scope.flag("PROC-TSQL-TEMP-001", line, name)
    created = scope.rewritten(f"CREATE TABLE {name} {text}", line, True)
    scope.temp_columns[name] = created  # for INSERT ... EXEC into it (tsql_insert_exec.py)
    body = created[created.index("(") :] if "(" in created else "()"
    out.line(f"DROP TABLE IF EXISTS {name};")
    out.line(f"CREATE TEMPORARY TABLE {name} {body};")
    columns_only = _column_types(created)
    if columns_only:
        out.line(f"PERFORM 'PRAGMA:TABLE: {name} ({columns_only})';  -- tells plpgsql_check the table's columns")


def _column_types(created: str) -> str:
    """`a integer, b varchar(10)` from a converted CREATE TABLE (constraints left out: the pragma takes columns)."""
    try:
        tree = sqlglot.parse_one(created, read=AuroraPostgres)
    except sqlglot.errors.SqlglotError:
        return ""
    columns = [c for c in tree.find_all(exp.ColumnDef) if c.args.get("kind") is not None]
    text = ", ".join(f"{c.name} {c.args['kind'].sql(dialect=AuroraPostgres)}" for c in columns)
    return text.replace("'", "''")


def _drop(node: Node, scope: Scope, out: Emitter) -> None:
    tokens = node.tokens
    names = [t for t in tokens if t.text.startswith("#")]
    if len(tokens) > 2 and tokens[1].upper == "TABLE" and names:
        for token in names:
            out.line(f"DROP TABLE IF EXISTS {scope.temp(token.text)};")
        return
    _plain(node, scope, out)


STATEMENTS: dict[str, Callable[[Node, Scope, Emitter], None]] = {
    "declare": _declare,
    "set": _set,
    "select": _select,
    "with": _dml,
    "insert": _dml,
    "update": _dml,
    "delete": _dml,
    "merge": _dml,
    "truncate": _plain,
    "create": _create,
    "drop": _drop,
}
