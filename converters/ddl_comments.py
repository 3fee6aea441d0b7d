"""COMMENT ON for a table, its columns and the keys and checks its CREATE TABLE made (SQL Server's
sp_addextendedproperty, Oracle's and PostgreSQL's COMMENT ON)."""

from __future__ import annotations

from converters.ddl_context import DdlContext
from converters.names import fold, qualified, quote, shorten
from migrate.model import ConstraintKind, Table


def table_comments(table: Table, schema: str, name: str, ctx: DdlContext, created: str) -> str:
    target = qualified(schema, name)
    out = f"COMMENT ON TABLE {target} IS {string_literal(table.comment)};\n" if table.comment else ""
    for column in table.columns:
        if column.comment:
            out += f"COMMENT ON COLUMN {target}.{quote(ctx.names.name(column.name))} IS {string_literal(column.comment)};\n"
    for c in table.constraints:  # keys and checks the CREATE TABLE made (a foreign key comments itself)
        cname = quote(shorten(fold(c.name, ctx.source)))
        if c.comment and c.kind is not ConstraintKind.FOREIGN_KEY and f"CONSTRAINT {cname} " in created:
            out += f"COMMENT ON CONSTRAINT {cname} ON {target} IS {string_literal(c.comment)};\n"
    return out


def string_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
