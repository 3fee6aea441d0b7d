"""T-SQL DML with an OUTPUT clause and no INTO: SQL Server sends the changed rows to the client as a result set.

In a procedure the rows become one more result set, returned as all the others are (an INOUT refcursor, see
docs/tsql-procedural.md): the DML runs where it stands and its RETURNING rows are kept in a temporary table the
cursor reads. (A cursor opened straight on `UPDATE ... RETURNING` would only run the UPDATE when the client
fetches: the statements after it would not see its changes, and a client that never fetches would never change
anything.) The temporary table's columns are typed from the target table's converted DDL; a column whose type
cannot be known keeps the statement manual (PROC-TSQL-OUTPUT-001)."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from converters.dialects import AuroraPostgres
from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_parse import Node
from converters.procedural.tsql_returns import known_columns
from converters.procedural.tsql_scope import Scope
from migrate.model import Severity
from migrate.sqltext.lexer import Token


def after_dml(scope: Scope, out: Emitter) -> None:
    if scope.rowcount:
        out.line(f"GET DIAGNOSTICS {scope.internal('v_rowcount', 'bigint')} = ROW_COUNT;")


def row_loop(loop: str, targets: list[tuple[str, str]], scope: Scope, out: Emitter) -> None:
    """`FOR ... IN <loop> LOOP` assigning (target, type) from each row in turn: the last row's values stay, and
    when no row comes back the targets keep theirs, as SQL Server's assignment SELECT does. (A FOR loop straight
    into the targets would set them to NULL when no row comes back.) PL/pgSQL's FOR loop does not set ROW_COUNT,
    so when the unit reads @@ROWCOUNT the loop counts the rows it visits."""
    rows = [scope.internal(f"{target}_row", pg_type) for target, pg_type in targets]
    counter = scope.internal("v_rowcount", "bigint") if scope.rowcount else None
    if counter:  # a FOR loop leaves ROW_COUNT as it was: @@ROWCOUNT is the rows the loop visits
        out.line(f"{counter} := 0;")
    out.line(f"FOR {', '.join(rows)} IN {loop} LOOP")
    with out.indented():
        for (target, _type), row in zip(targets, rows, strict=True):
            out.line(f"{target} := {row};")
        if counter:
            out.line(f"{counter} := {counter} + 1;")
    out.line("END LOOP;  -- no row: the variables keep their values, as in SQL Server")


def output_result_set(node: Node, tokens: list[Token], scope: Scope, out: Emitter) -> None:
    """UPDATE t SET ... OUTPUT inserted.a WHERE ... -> the rows into tmp_output_n, OPEN result_set_n on them."""
    before = len(scope.findings)
    sql = scope.statement(tokens, node.line)
    if any(f.severity is Severity.HIGH for f in scope.findings[before:]):  # e.g. deleted.x after UPDATE
        out.line(f"/* {sql} */")
        return
    if scope.kind != "procedure" or scope.committed:
        scope.flag("PROC-TSQL-RESULTSET-002", node.line, "OUTPUT without INTO")
        out.line(f"/* {sql} */")
        return
    columns = _returned_columns(sql, scope)
    if columns is None:
        scope.flag("PROC-TSQL-OUTPUT-001", node.line, "a column of OUTPUT whose type is not known")
        out.line(f"/* {sql} */")
        return
    number = len(scope.result_sets) + 1
    name, rows = f"result_set_{number}", f"tmp_output_{number}"
    scope.result_sets.append(name)
    scope.flag("PROC-TSQL-RESULTSET-001", node.line, f"{name} (the rows of OUTPUT)")
    out.line(f"DROP TABLE IF EXISTS {rows};")
    out.line(f"CREATE TEMPORARY TABLE {rows} ({columns});")
    out.line(f"PERFORM 'PRAGMA:TABLE: {rows} ({columns.replace(chr(39), chr(39) * 2)})';  -- for plpgsql_check")
    out.line(f"WITH output_rows AS ({sql})")
    out.line(f"INSERT INTO {rows} SELECT * FROM output_rows;")
    after_dml(scope, out)
    out.line(f"OPEN {name} FOR SELECT * FROM {rows};")


def _returned_columns(sql: str, scope: Scope) -> str | None:
    """`a integer, b varchar(20)`: the RETURNING list typed as a SELECT of the target table would be."""
    try:
        tree = sqlglot.parse_one(sql, read=AuroraPostgres)
    except sqlglot.errors.SqlglotError:
        return None
    returning = tree.args.get("returning")
    target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    if not isinstance(returning, exp.Returning) or not isinstance(target, exp.Table):
        return None
    items: list[exp.Expression] = [e.copy() for e in returning.expressions]
    if any(e.find(exp.Star) for e in items):  # OUTPUT inserted.*: the target's columns, in its order
        table = scope.ctx.tables.get(((target.db or scope.schema).upper(), target.name.upper()))
        if len(items) != 1 or table is None:
            return None
        items = [exp.column(scope.ctx.names.name(c.name)) for c in table.columns]
    select = exp.select(*items).from_(target.copy())
    return known_columns(select.sql(dialect=AuroraPostgres), scope)
