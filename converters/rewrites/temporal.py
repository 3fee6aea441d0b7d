"""Which expressions are dates or timestamps: the date arithmetic rewrites of every source engine ask it."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context

_DATE_CALLS = frozenset({"statement_timestamp", "clock_timestamp", "to_timestamp", "date_trunc"})
_TEMPORAL = exp.DataType.TEMPORAL_TYPES


def is_date(node: exp.Expression, ctx: Context) -> bool:
    """Is this (already rewritten) expression a DATE/TIMESTAMP (Oracle DATE, SQL Server datetime)? Known columns, clock calls, casts."""
    if isinstance(node, exp.Paren):
        return is_date(node.this, ctx)
    if isinstance(node, exp.Column):
        return node.name.lower() in ctx.options.date_columns
    if isinstance(node, exp.Anonymous):
        return node.name.lower() in _DATE_CALLS
    if isinstance(node, exp.Cast):
        return node.to.is_type(*_TEMPORAL)
    if isinstance(node, (exp.Add, exp.Sub)) and isinstance(node.expression, exp.Mul):
        return is_date(node.this, ctx) and isinstance(node.expression.expression, exp.Interval)
    return isinstance(node, (exp.CurrentTimestamp, exp.CurrentDate, exp.Systimestamp, exp.Localtimestamp))
