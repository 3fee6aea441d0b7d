"""SQL Server table types and table-valued parameters.

    CREATE TYPE dbo.IdList AS TABLE (id int NOT NULL PRIMARY KEY)   ->  CREATE TYPE dbo.idlist AS (id integer)
    CREATE PROCEDURE p @ids dbo.IdList READONLY                       ->  p_ids dbo.idlist[]
        (the body reads a temporary table tvp_ids filled from the array at the start: its queries are unchanged)
    DECLARE @ids dbo.IdList                                           ->  a temporary table with the type's columns
    EXEC p @ids                                                       ->  v_tv_ids_rows := (SELECT coalesce(
                                                       array_agg(ROW(t.*)::dbo.idlist), '{}') FROM tv_ids t); CALL p(v_tv_ids_rows)

A table-valued parameter is READONLY in SQL Server, so a copy is exact. The composite type keeps the columns and
their types; the table type's keys and checks are kept on the temporary tables (where rows are written). An inline
table-valued function (a SQL function, no body to fill a table in) with a table-valued parameter stays
PROC-TSQL-UNIT-001."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from converters.ddl_context import DdlContext, make_object
from converters.names import fold, qualified
from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_parse import lex
from converters.procedural.tsql_returns import table_columns
from converters.procedural.tsql_scope import Scope
from converters.procedural.tsql_tokens import skip_group
from migrate.model import ConvertedObject, Routine, RoutineKind
from migrate.sqltext.lexer import Token

# tsql_data.create_temp_text, passed in (tsql_data imports this module)
CreateText = Callable[[str, str, int, Scope, Emitter], None]
REGISTRY = "_tsql_table_types"  # in DdlContext.__dict__, as the converter's other per-run caches


@dataclass(frozen=True)
class TableType:
    target: str  # the composite type, qualified: dbo.idlist
    columns: str  # the T-SQL column list, with its parentheses: (id int NOT NULL PRIMARY KEY)


def prepare_tsql(routines: list[Routine], ctx: DdlContext) -> None:
    """Register every CREATE TYPE ... AS TABLE of the run, under SCHEMA.NAME and NAME (upper case)."""
    found: dict[str, TableType | None] = {}
    for routine in routines:
        columns = _column_list(routine) if routine.kind is RoutineKind.TYPE else None
        if columns is None:
            continue
        target = qualified(ctx.names.schema(routine.schema), fold(routine.name, "sqlserver"))
        kind = TableType(target, routine.source[columns[0].start : columns[-1].end])
        found[f"{routine.schema}.{routine.name}".upper()] = kind
        bare = routine.name.upper()
        found[bare] = kind if bare not in found else None  # the same name in two schemas: only qualified
    ctx.__dict__[REGISTRY] = {key: value for key, value in found.items() if value is not None}


def _column_list(routine: Routine) -> list[Token] | None:
    tokens = lex(routine.source).tokens
    words = [t.upper for t in tokens]
    at = next((i for i in range(len(words) - 2) if words[i] == "AS" and words[i + 1] == "TABLE"), None)
    if at is None or tokens[at + 2].text != "(":
        return None
    end = skip_group(tokens, at + 2)
    return tokens[at + 2 : end]


def table_type(type_text: str, scope: Scope) -> TableType | None:
    registry: dict[str, TableType] = scope.ctx.__dict__.get(REGISTRY, {})
    name = type_text.replace("[", "").replace("]", "").replace('"', "").upper()
    return registry.get(name) or registry.get(f"{scope.schema}.{name}".upper())


def table_type_object(item: Routine, ctx: DdlContext) -> list[ConvertedObject] | None:
    """CREATE TYPE s.t AS TABLE (...) -> CREATE TYPE s.t AS (column type, ...); None for other types."""
    columns = _column_list(item)
    if columns is None:
        return None
    schema = ctx.names.schema(item.schema)
    name = ctx.names.name(item.name, item.location, "type")
    scope = Scope(ctx, f"type {item.qualified_name}", item.location, "function", text=item.source, schema=item.schema)
    fields = table_columns(columns[1:-1], scope)
    sql = f"CREATE TYPE {qualified(schema, name)} AS ({fields});\n"
    return [make_object("type", schema, name, sql, source_name=item.qualified_name, location=item.location,
                        findings=scope.findings, depends_on=[schema], manual=scope.blocked,
                        source_text=item.source)]  # fmt: skip


def declare_table_variable(name: str, type_tokens: list[Token], line: int, scope: Scope, out: Emitter,
                           create: CreateText) -> bool:  # fmt: skip
    """DECLARE @v dbo.IdList: a temporary table with the type's columns (False: not a table type)."""
    text = scope.text[type_tokens[0].start : type_tokens[-1].end] if type_tokens else ""
    kind = table_type(text, scope) if text else None
    if kind is None:
        return False
    create(scope.temp(name), kind.columns, line, scope, out)
    scope.table_variables[scope.temp(name)] = kind.target
    scope.reads.add(kind.target)
    return True


def fill_table_parameters(scope: Scope, out: Emitter, create: CreateText) -> None:
    """At the start of the body: each table-valued parameter's rows in its temporary table."""
    for temp, param, columns in scope.table_params:
        create(temp, columns, 1, scope, out)
        out.line(f"INSERT INTO {temp} SELECT * FROM unnest({param});  -- the READONLY table-valued parameter")


def table_parameter(name: str, type_text: str, target: str, scope: Scope) -> str | None:
    """@ids dbo.IdList READONLY -> `p_ids dbo.idlist[]` (None: the type is not a table type of the run); the body
    reads @ids as the temporary table tv_ids."""
    kind = table_type(type_text, scope)
    if kind is None:
        return None
    temp = "tvp_" + target[2:]  # not the caller's tv_ name: the caller's table variable lives on
    scope.temps[name.upper()] = temp
    scope.table_params.append((temp, target, kind.columns))
    scope.reads.add(kind.target)  # deployed after the type
    scope.params.add(target)
    return f"{target} {kind.target}[]"


def table_argument(value: list[Token], scope: Scope) -> str | None:
    """`@ids` passed for a table-valued parameter -> the array of its rows (None: not a table variable)."""
    if len(value) != 1 or not value[0].text.startswith("@"):
        return None
    temp = scope.temps.get(value[0].upper)
    target = scope.table_variables.get(temp or "")
    if temp is None or target is None:
        return None
    rows = scope.internal(f"v_{temp}_rows", f"{target}[]")  # CALL takes no subquery: the array goes in a variable
    scope.before_call.append(f"{rows} := (SELECT coalesce(array_agg(ROW(t.*)::{target}), '{{}}') FROM {temp} AS t);")
    return rows
