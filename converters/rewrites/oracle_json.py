"""Oracle JSON_TABLE -> PostgreSQL JSON_TABLE (PostgreSQL 17+), for the forms both read the same way.

PostgreSQL has JSON_TABLE only from version 17, and its document must be json/jsonb: an Oracle CLOB holding JSON
becomes text, so the document is cast to jsonb. What converts: a row path and column paths made of `.field`,
`[*]` and `[n]` steps (lax mode in both), columns FOR ORDINALITY, and string or number columns with an explicit
PATH; a value that does not fit its column is NULL in both (Oracle's default NULL ON ERROR, PostgreSQL's
default). Anything else -- NESTED PATH, FORMAT JSON, EXISTS, ON ERROR/ON EMPTY clauses, a column without PATH
(Oracle derives its path from the column name), date and other types, filters and item methods in a path -- is
kept as written with a finding, for a person to finish.
"""

from __future__ import annotations

import re

from sqlglot import exp

from converters.rewrites.common import Context, json_table_needs_17, pg_type
from converters.rewrites.oracle_json_lateral import json_table_lateral
from converters.types import map_type
from migrate.model import ColumnType, TypeFamily, parse_column_type
from migrate.model.engines import DEFAULT_TARGET_VERSION

# A path of field names, [*] and [n] only: read the same way by Oracle and by PostgreSQL's jsonpath.
_PLAIN_PATH = re.compile(r"\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:\*|\d+)\])*")

# Oracle's type when a JSON_TABLE column names none (Oracle JSON Developer's Guide, "JSON_TABLE").
_DEFAULT_COLUMN_TYPE = "VARCHAR2(4000)"

_TEXT_FAMILIES = frozenset({TypeFamily.STRING, TypeFamily.FIXED_STRING, TypeFamily.TEXT})
_NUMBER_FAMILIES = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL})


def json_table(node: exp.Expression, ctx: Context) -> exp.Expression:
    """JSON_TABLE(doc, '$.items[*]' COLUMNS (...)) -> JSON_TABLE(CAST(doc AS jsonb), ...) on PostgreSQL 17+."""
    if not isinstance(node, exp.JSONTable):
        return node
    columns = node.args["schema"].expressions if node.args.get("schema") else []
    reason = _table_unsupported(node) or next(filter(None, map(_column_unsupported, columns)), "")
    if reason and ctx.options.target_version < 17:
        return json_table_needs_17(node, ctx)
    if reason:
        ctx.flag("CONV-ORA-JSONTABLE-001", node, reason)
        return node
    nested = any(c.args.get("nested_schema") for c in columns)
    if ctx.options.target_version < 17 or nested:  # NESTED PATH: the LATERAL form, whose join Oracle's matches
        typed = {c.name: (_oracle_type(c), _column_type(_oracle_type(c), ctx.options.target_version) or "")
                 for c in _value_columns(columns)}  # fmt: skip
        return json_table_lateral(node, ctx, typed)
    for column in columns:
        target = (
            None if column.args.get("ordinality") else _column_type(_oracle_type(column), ctx.options.target_version)
        )
        if target is not None:
            column.set("kind", pg_type(target))
    document = node.this.this if isinstance(node.this, exp.FormatJson) else node.this
    kind = dict(ctx.options.json_columns).get(document.name.lower()) if isinstance(document, exp.Column) else None
    if kind == "bytea":  # JSON in a BLOB: Oracle reads it as UTF-8; bytea has no cast to jsonb
        document = exp.Anonymous(this="convert_from", expressions=[document.copy(), exp.Literal.string("UTF8")])
    node.set("this", document if kind == "jsonb" else exp.cast(document, pg_type("jsonb")))
    ctx.flag("CONV-ORA-JSONTABLE-002", node)
    return node


def _table_unsupported(node: exp.JSONTable) -> str:
    if node.args.get("error_handling") or node.args.get("empty_handling"):
        return "an ON ERROR / ON EMPTY clause"
    return _path_unsupported(node.args.get("path"), "the row path")


def _value_columns(columns: list[exp.Expression]) -> list[exp.Expression]:
    """Every value column, nested ones included."""
    found = []
    for column in columns:
        nested = column.args.get("nested_schema")
        if nested is not None:
            found += _value_columns(nested.expressions)
        elif not column.args.get("ordinality"):
            found.append(column)
    return found


def _column_unsupported(column: exp.Expression) -> str:
    if column.args.get("ordinality"):
        return ""
    if column.args.get("nested_schema"):
        return _nested_unsupported(column)
    name = column.name
    if column.args.get("format_json"):
        return f"column {name}: FORMAT JSON"
    if not isinstance(column.args.get("path"), exp.Literal):
        return f"column {name} has no PATH (Oracle derives it from the column name)"
    if _column_type(_oracle_type(column)) is None:
        return f"column {name} of type {_oracle_type(column).raw} (only string and number columns convert)"
    return _path_unsupported(column.args["path"], f"column {name}'s path")


def _nested_unsupported(column: exp.Expression) -> str:
    """A NESTED PATH converts below PostgreSQL 17 only (json_table_lateral); PostgreSQL 17's own NESTED PATH
    is not checked against Oracle's here, so it is left for a person."""
    inner = column.args["nested_schema"].expressions
    return _path_unsupported(column.args.get("path"), "the nested path") or next(
        filter(None, map(_column_unsupported, inner)), ""
    )


def _path_unsupported(path: exp.Expression | None, what: str) -> str:
    if isinstance(path, exp.Literal) and path.is_string and _PLAIN_PATH.fullmatch(path.name):
        return ""
    return f"{what} {path.sql(dialect='oracle') if path else '(none)'} (only .field, [*] and [n] steps convert)"


def _oracle_type(column: exp.Expression) -> ColumnType:
    kind = column.args.get("kind")
    return parse_column_type(kind.sql(dialect="oracle") if kind else _DEFAULT_COLUMN_TYPE, "oracle")


def _column_type(column: ColumnType, target_version: int = DEFAULT_TARGET_VERSION) -> str | None:
    """The PostgreSQL column type, or None when the JSON value may convert differently. Numbers keep numeric(p, s):
    Oracle rounds a JSON 2.5 into NUMBER(10) (3) where PostgreSQL's integer types reject it (NULL)."""
    if column.family in _TEXT_FAMILIES:
        return map_type(column, "oracle", target_version).sql
    if column.family not in _NUMBER_FAMILIES:
        return None
    if column.family is TypeFamily.DECIMAL and column.precision is None and column.scale is None:
        return "numeric"  # NUMBER: any precision
    return f"numeric({column.precision or 38}, {column.scale or 0})"  # INTEGER is NUMBER(38); NUMBER(*, s) too
