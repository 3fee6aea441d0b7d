"""INSERT [INTO] t [(cols)] EXEC p ... -> the rows of p's result sets inserted into t, by one INSERT statement.

A converted procedure returns its result sets on INOUT refcursor parameters (docs/tsql-procedural.md), so the
caller binds them to cursor variables of its own, fetches every row of every result set into typed variables
(typed as t's columns: the values are converted to them, as SQL Server converts them on insert), gathers them
in arrays, and inserts them all at once -- one INSERT, so a statement trigger on t fires once and @@ROWCOUNT is
the number of rows, as in SQL Server:

    v_insert_exec_1 := NULL;
    CALL dbo.p(..., result_set_1 => v_insert_exec_1);
    LOOP
        FETCH v_insert_exec_1 INTO v_ie_id, v_ie_name;
        EXIT WHEN NOT FOUND;
        v_ie_id_all := v_ie_id_all || v_ie_id; ...
    END LOOP;
    CLOSE v_insert_exec_1;
    INSERT INTO t (id, name) SELECT * FROM unnest(v_ie_id_all, v_ie_name_all);

The callee must be a procedure of the same run whose result sets are known, or dynamic SQL (`EXEC (@sql)`,
`sp_executesql`: `OPEN v_insert_exec_1 FOR EXECUTE ...`, its text converted now when it is a literal, else
PROC-TSQL-DYNAMIC-001 as for any dynamic SQL), and t's columns must be known (a table of the inventory, or a
#temp table / table variable the unit creates); otherwise PROC-TSQL-EXEC-001."""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlglot
from sqlglot import exp

from converters.dialects import AuroraPostgres
from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_output import after_dml
from converters.procedural.tsql_parse import Node
from converters.procedural.tsql_returns import known_columns
from converters.procedural.tsql_scope import Scope
from converters.procedural.tsql_tokens import skip_group, text_of, top_level
from migrate.model import Severity
from migrate.sqltext.lexer import Token

ExecHandler = Callable[[Node, Scope, Emitter], None]


def insert_exec(node: Node, scope: Scope, out: Emitter, run_exec: ExecHandler) -> None:
    tokens = node.tokens
    at = top_level(tokens, "EXEC", "EXECUTE")
    start = 2 if len(tokens) > 1 and tokens[1].upper == "INTO" else 1
    names_end = next((i for i in range(start, at or 0) if tokens[i].text == "("), at)
    columns = _columns(tokens[start:names_end], tokens[names_end:at] if at else [], scope)
    if at is None or columns is None:
        _manual(node, scope, out, "INSERT ... EXEC: the target's columns are not known")
        return
    text, bound = _run_for_rows(Node("exec", tokens[at:], node.line), scope, out.depth, run_exec)
    if text is None:
        _manual(node, scope, out, "INSERT ... EXEC of a procedure whose result sets are not known")
        return
    cursors = [scope.internal(f"v_insert_exec_{n}", "refcursor") for n in range(1, len(bound) + 1)]
    for mine, cursor in zip(bound, cursors, strict=True):
        text = text.replace(f"=> {mine})", f"=> {cursor})").replace(f"=> {mine},", f"=> {cursor},")
        text = text.replace(f"OPEN {mine} FOR", f"OPEN {cursor} FOR")
    values = [_typed(scope, f"v_ie_{name}", pg_type) for name, pg_type in columns]
    arrays = [
        _typed(scope, f"{value}_all", f"{pg_type}[]") for value, (_name, pg_type) in zip(values, columns, strict=True)
    ]
    for array in arrays:
        out.line(f"{array} := '{{}}';")
    for cursor in cursors:
        out.line(f"{cursor} := NULL;  -- a new cursor name on each call")
    out.line(text)
    for cursor in cursors:
        out.line("LOOP")
        with out.indented():
            out.line(f"FETCH {cursor} INTO {', '.join(values)};")
            out.line("EXIT WHEN NOT FOUND;")
            for value, array in zip(values, arrays, strict=True):
                out.line(f"{array} := {array} || {value};")
        out.line("END LOOP;")
        out.line(f"CLOSE {cursor};")
    target = scope.substitute(tokens[start:names_end], node.line)
    names = ", ".join(name for name, _type in columns)
    out.line(f"INSERT INTO {target} ({names}) SELECT * FROM unnest({', '.join(arrays)});")
    after_dml(scope, out)


def _run_for_rows(node: Node, scope: Scope, depth: int, run_exec: ExecHandler) -> tuple[str | None, list[str]]:
    """The EXEC converted with its result sets bound to result_set_1..n (a CALL, or OPEN ... FOR EXECUTE for
    dynamic SQL, which must return rows here); None when that is not certain (a high finding on the way)."""
    call = Emitter(depth)
    saved, kind, before = scope.result_sets, scope.kind, len(scope.findings)
    scope.result_sets, scope.kind, scope.rows_expected = [], "procedure", True
    try:
        run_exec(node, scope, call)
    finally:
        bound, scope.result_sets, scope.kind, scope.rows_expected = scope.result_sets, saved, kind, False
    added = scope.findings[before:]
    del scope.findings[before:]  # the rows are not a result set for the client any more
    scope.findings.extend(f for f in added if f.rule_id != "PROC-TSQL-RESULTSET-001")
    text = "\n".join(line.strip() for line in call.lines)
    if not bound or not text.startswith(("CALL ", "OPEN ")) or any(f.severity is Severity.HIGH for f in added):
        return None, []
    return text, bound


def _typed(scope: Scope, base: str, pg_type: str) -> str:
    """An internal variable of this type: v_ie_id, or v_ie_id_2 when v_ie_id already has another type."""
    clean = re.sub(r"\W", "_", base)
    name, number = clean, 2
    while f"${name}" in scope.vars and scope.vars[f"${name}"].pg_type != pg_type:
        name, number = f"{clean}_{number}", number + 1
    return scope.internal(name, pg_type)


def _manual(node: Node, scope: Scope, out: Emitter, why: str) -> None:
    scope.flag("PROC-TSQL-EXEC-001", node.line, why)
    out.line(f"/* {text_of(node.tokens, scope)} */")


def _columns(target: list[Token], listed: list[Token], scope: Scope) -> list[tuple[str, str]] | None:
    """(name, PostgreSQL type) of the columns the INSERT fills: those listed, else all but identity / computed."""
    known = _table_columns(target, scope)
    if known is None:
        return None
    if listed and listed[0].text == "(" and skip_group(listed, 0) == len(listed):
        wanted = [t.text.strip('[]"').lower() for t in listed[1:-1] if t.text != ","]
        types = {name: (pg_type, skip) for name, pg_type, skip in known}
        if any(name not in types for name in wanted):
            return None
        return [(name, types[name][0]) for name in wanted]
    return [(name, pg_type) for name, pg_type, skip in known if not skip]


def _table_columns(target: list[Token], scope: Scope) -> list[tuple[str, str, bool]] | None:
    """(name, type, identity or computed) of a #temp table / table variable the unit created, or of a table."""
    if len(target) == 1 and target[0].text.startswith(("#", "@")):
        created = scope.temp_columns.get(scope.temp(target[0].text))
        return _created_columns(created) if created else None
    parts = [t.text.strip('[]"') for t in target if t.text != "."]
    schema = parts[-2] if len(parts) > 1 else scope.schema
    table = scope.ctx.tables.get((schema.upper(), parts[-1].upper())) if parts else None
    if table is None:
        return None
    names = ", ".join(scope.ctx.names.name(c.name) for c in table.columns)
    typed = known_columns(f"SELECT {names} FROM {schema}.{parts[-1]}", scope)
    if typed is None:
        return None
    types = [item.split(" ", 1) for item in typed.split(", ")]
    skip = [c.identity is not None or c.generated is not None for c in table.columns]
    return [(name, pg_type, gone) for (name, pg_type), gone in zip(types, skip, strict=True)]


def filled_columns(temp: Token, scope: Scope) -> str:
    """` (a, b)`: the columns of a #temp / table variable an INSERT without a column list fills, when some are
    identity or computed ones (SQL Server skips them); '' when it fills them all or they are not known."""
    created = scope.temp_columns.get(scope.temp(temp.text))
    found = _created_columns(created) if created else None
    if not found or not any(generated for _name, _type, generated in found):
        return ""
    return f" ({', '.join(name for name, _type, generated in found if not generated)})"


def _created_columns(created: str) -> list[tuple[str, str, bool]] | None:
    try:
        tree = sqlglot.parse_one(created, read=AuroraPostgres)
    except sqlglot.errors.SqlglotError:
        return None
    found = []
    for column in tree.find_all(exp.ColumnDef):
        kind = column.args.get("kind")
        if kind is None:
            continue
        constraints = column.args.get("constraints") or []
        generated = any(
            isinstance(c.args.get("kind"), (exp.GeneratedAsIdentityColumnConstraint, exp.ComputedColumnConstraint))
            for c in constraints
        )
        found.append((column.name.lower(), kind.sql(dialect=AuroraPostgres), generated))
    return found or None
