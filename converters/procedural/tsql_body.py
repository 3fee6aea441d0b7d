"""A unit's body printed as PL/pgSQL: the DECLARE section (every variable the statements declared or needed), then
the converted statements with the source's comments, then what the unit kind needs at its end."""

from __future__ import annotations

from converters.procedural.tsql_data import create_temp, create_temp_text
from converters.procedural.tsql_emit import INDENT, Emitter
from converters.procedural.tsql_goto import plan_gotos
from converters.procedural.tsql_parse import Lexed, Parser
from converters.procedural.tsql_rowlimit import plan_row_limit
from converters.procedural.tsql_savepoints import plan_rollbacks, plan_savepoints
from converters.procedural.tsql_scope import Scope
from converters.procedural.tsql_statements import emit_block
from converters.procedural.tsql_types import fill_table_parameters


def body_text(lexed: Lexed, start: int, scope: Scope, rows_affected: str | None = None) -> str:
    parser = Parser(lexed, start)
    header_end = lexed.tokens[start - 1].end if start else 0
    parser.comment_at = sum(1 for at, _ in lexed.comments if at < header_end)
    nodes = parser.parse_block()
    plan_savepoints(nodes, scope)
    plan_rollbacks(nodes, scope)
    plan_gotos(nodes, scope)
    plan_row_limit(nodes, scope)
    if not nodes and scope.kind != "tvf":
        scope.flag("PROC-TSQL-HEADER-001", 1, "the body is empty")
    out = Emitter()
    _prologue(scope, out, rows_affected)
    emit_block(nodes, scope, out)
    if "$return_status" in scope.vars:  # the caller's variable comes in: a bare RETURN or the end returns 0
        out.lines.insert(0, f"{INDENT}return_status := 0;  -- RETURN without a value (or the end) returns 0")
    out.comments(parser.trailing_comments())
    if scope.kind == "tvf":
        out.line(f"RETURN QUERY SELECT * FROM {scope.temps['$RESULT']};")
    if scope.kind == "trigger":
        for line in scope.trigger_return():
            out.line(line)
    # RETURNS TABLE columns are variables too: the T-SQL code means the table's column when names meet
    pragma = "#variable_conflict use_column\n" if scope.kind == "tvf" else ""
    return pragma + declare_section(scope) + "BEGIN\n" + out.text() + "\nEND;"


def _prologue(scope: Scope, out: Emitter, rows_affected: str | None) -> None:
    fill_table_parameters(scope, out, create_temp_text)
    if scope.kind == "tvf":  # a multi-statement TVF fills its @table: it starts empty, as a temporary table
        create_temp(scope.temps["$RESULT"], scope.returns_columns, 1, scope, out)
    for column, flag in scope.updated_flags.items():  # UPDATE(col): read and clear what BEFORE UPDATE OF set
        target = scope.internal(f"v_updated_{column}", "boolean")
        out.line(f"{target} := coalesce(current_setting('{flag}', true), '') = 'on';")
        out.line(f"PERFORM set_config('{flag}', 'off', true);")
    if scope.kind == "trigger" and scope.guard:
        out.line(f"IF current_setting('{scope.guard}', true) = 'on' THEN")
        out.line("    RETURN NULL;  -- RECURSIVE_TRIGGERS OFF: this trigger's own writes do not fire it again")
        out.line("END IF;")
        out.line(f"PERFORM set_config('{scope.guard}', 'on', true);")
    if scope.kind == "trigger" and scope.rowcount and rows_affected:  # @@ROWCOUNT: the firing statement's rows
        out.line(f"{scope.internal('v_rowcount', 'bigint')} := (SELECT count(*) FROM {rows_affected});")


def declare_section(scope: Scope) -> str:
    names = [n for n in scope.declared if n not in scope.params]
    if not names:
        return ""
    types = {v.target: v.pg_type for v in scope.vars.values()}
    return "DECLARE\n" + "".join(f"    {n} {types[n]};\n" for n in names)
