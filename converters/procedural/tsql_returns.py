"""The columns of RETURNS TABLE: written in a multi-statement TVF's `RETURNS @t TABLE (...)`, and inferred for an
inline TVF from the converted query (a column of a known table has that column's converted type; a CAST its
type; a literal or COUNT its PostgreSQL type). A column whose type cannot be known is a finding: PostgreSQL
checks a SQL function's result against RETURNS TABLE when it is created, so a wrong guess would not deploy."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from converters.ddl_columns import column_type
from converters.dialects import AuroraPostgres
from converters.procedural.tsql_scope import Scope
from converters.types import map_type
from migrate.model import Column, Table
from migrate.sqltext.cursor import split_top_level
from migrate.sqltext.lexer import TSQL, Token

CONSTRAINT_WORDS = frozenset({"NOT", "NULL", "PRIMARY", "UNIQUE", "DEFAULT", "CHECK", "IDENTITY", "CONSTRAINT",
                              "COLLATE", "INDEX", "CLUSTERED", "NONCLUSTERED", "REFERENCES"})  # fmt: skip


def table_columns(tokens: list[Token], scope: Scope) -> str:
    """`RETURNS @t TABLE (id int NOT NULL, name nvarchar(50))` -> `id integer, name varchar(50)`."""
    scope.returns_columns = tokens
    columns = []
    for item in _items(tokens, scope):
        if not item or item[0].upper in ("PRIMARY", "UNIQUE", "CONSTRAINT", "CHECK", "INDEX"):
            continue  # a table constraint, not a column
        cut = next((i for i, t in enumerate(item[1:], 1) if t.upper in CONSTRAINT_WORDS), len(item))
        type_text = scope.text[item[1].start : item[cut - 1].end] if cut > 1 else "sql_variant"
        var = scope.declare("@$column", type_text, line=1)
        scope.declared.remove(var.target)
        columns.append(f"{scope.substitute(item[:1])} {var.pg_type}".lower())
    return ", ".join(columns)


def _items(tokens: list[Token], scope: Scope) -> list[list[Token]]:
    if not tokens:
        return []
    spans = split_top_level(scope.text, TSQL, tokens[0].start, tokens[-1].end)
    return [[t for t in tokens if begin <= t.start < end] for begin, end in spans]


def inline_columns(query: str, scope: Scope) -> str:
    """`name type, ...` of the query's result; each column whose type is unknown is a finding (typed text)."""
    columns = []
    for name, pg_type, shown in _result_columns(query, scope):
        if pg_type is None:
            scope.flag("PROC-TSQL-TYPE-001", 1, shown)
        columns.append(f"{name} {pg_type or 'text'}")
    return ", ".join(columns)


def known_columns(query: str, scope: Scope) -> str | None:
    """The same, or None when any type is unknown (for the plpgsql_check pragma of SELECT ... INTO #t)."""
    found = _result_columns(query, scope)
    if not found or any(pg_type is None for _, pg_type, _ in found):
        return None
    return ", ".join(f"{name} {pg_type}" for name, pg_type, _ in found)


def _result_columns(query: str, scope: Scope) -> list[tuple[str, str | None, str]]:
    try:
        tree = sqlglot.parse_one(query, read=AuroraPostgres)
    except sqlglot.errors.SqlglotError:
        return [("?", None, "the converted query did not parse")]
    select = tree if isinstance(tree, exp.Select) else tree.find(exp.Select)
    if select is None:
        return [("?", None, "no SELECT list")]
    sources = _sources(select, scope)
    found: list[tuple[str, str | None, str]] = []
    for projection in select.expressions:
        name = projection.alias_or_name
        pg_type = _type_of(projection.unalias(), sources, scope) if name and name != "*" else None
        found.append((name or "?", pg_type, projection.sql(dialect=AuroraPostgres)[:80]))
    return found


def _sources(select: exp.Select, scope: Scope) -> dict[str, Table]:
    """Alias (or name) -> the source table, for the tables this SELECT reads directly."""
    found = {}
    for table in select.find_all(exp.Table):
        if table.find_ancestor(exp.Select) is not select:
            continue
        source = scope.ctx.tables.get(((table.db or scope.schema).upper(), table.name.upper()))
        if source is not None:
            found[table.alias_or_name.lower()] = source
    return found


def _owner(tables: list[Table], column: Column) -> Table:
    return next(t for t in tables if column in t.columns)


def _column_type(table: Table, column: Column, scope: Scope) -> str | None:
    """The column's type exactly as the table's DDL converts it (overrides, alias types, computed columns)."""
    ctx = scope.ctx
    declared = {
        ctx.names.name(c.name): map_type(c.type, "sqlserver", ctx.target_version).sql or "" for c in table.columns
    }
    return column_type(table, column, declared, ctx).sql


def _type_of(node: exp.Expression, sources: dict[str, Table], scope: Scope) -> str | None:
    if isinstance(node, exp.Column):
        tables = [sources[node.table.lower()]] if node.table.lower() in sources else list(sources.values())
        if node.table and node.table.lower() not in sources:
            return None
        found = [c for t in tables if (c := t.column(node.name)) is not None]
        if len(found) != 1:
            return None
        return _column_type(tables[0] if len(tables) == 1 else _owner(tables, found[0]), found[0], scope)
    if isinstance(node, exp.Cast):
        return node.to.sql(dialect=AuroraPostgres)
    if isinstance(node, exp.Count):
        return "bigint"
    if isinstance(node, exp.Literal):
        return "text" if node.is_string else "integer" if node.name.isdigit() else "numeric"
    if isinstance(node, exp.Paren):
        return _type_of(node.this, sources, scope)
    if isinstance(node, exp.DPipe) and "text" in (_text_operand(node.this, sources, scope),
                                                    _text_operand(node.expression, sources, scope)):  # fmt: skip
        return "text"  # a string + became ||, and PostgreSQL's text || anything is text
    return None


def _text_operand(node: exp.Expression, sources: dict[str, Table], scope: Scope) -> str | None:
    if isinstance(node, exp.Literal) and node.is_string:
        return "text"
    found = _type_of(node, sources, scope)
    return "text" if found and found.split("(")[0] in ("text", "varchar", "character varying", "char", "bpchar",
                                                       "character", "citext") else None  # fmt: skip
