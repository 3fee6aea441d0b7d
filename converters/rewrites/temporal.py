"""Which expressions are dates or timestamps: the date arithmetic rewrites of every source engine ask it; and
which names can only be a routine's variables (no table in scope), whatever a column of that name is."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context, column_name

_DATE_CALLS = frozenset({"statement_timestamp", "clock_timestamp", "to_timestamp", "date_trunc"})
_TEMPORAL = exp.DataType.TEMPORAL_TYPES


def is_date(node: exp.Expression, ctx: Context) -> bool:
    """Is this (already rewritten) expression a DATE/TIMESTAMP (Oracle DATE, SQL Server datetime)? Known columns, clock calls, casts."""
    if isinstance(node, exp.Paren):
        return is_date(node.this, ctx)
    if isinstance(node, exp.Coalesce):  # NVL(d, x) / COALESCE: Oracle converts the rest to the first's type
        return is_date(node.this, ctx)
    if isinstance(node, exp.Column):
        return column_name(node, ctx) in ctx.options.date_columns  # a loop record's field: its column's, if any
    if isinstance(node, exp.Anonymous):
        return node.name.lower() in _DATE_CALLS or node.name.lower() in ctx.options.date_functions
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):  # schema.f(x): a user function
        return f"{node.this.name}.{node.expression.name}".lower() in ctx.options.date_functions
    if isinstance(node, exp.Cast):
        return node.to.is_type(*_TEMPORAL)
    if isinstance(node, (exp.Add, exp.Sub)) and interval_valued(node.expression):
        return True  # d + n * interval, d + interval '2 month', d + make_interval(...): date/time whatever d is
    if isinstance(node, exp.Case) and node.args.get("default") is not None:
        return is_date(node.args["default"], ctx)  # an exact ADD_MONTHS
    return isinstance(node, (exp.CurrentTimestamp, exp.CurrentDate, exp.Systimestamp, exp.Localtimestamp))


INTERVAL = "interval"  # meta key: a rewrite built this expression as an interval (d - date_trunc('day', d))


def interval_valued(node: exp.Expression) -> bool:
    """An interval: a literal, n * interval, make_interval(...), or what a rewrite marked as one."""
    if node.meta.get(INTERVAL):
        return True
    if isinstance(node, exp.Paren):
        return interval_valued(node.this)
    if isinstance(node, exp.Mul):
        return interval_valued(node.this) or interval_valued(node.expression)
    if isinstance(node, exp.Anonymous):
        return node.name.lower() == "make_interval"
    return isinstance(node, exp.Interval)


def variable_only(column: exp.Column, ctx: Context) -> bool:
    """An unqualified name of a routine variable where no table is in scope (INSERT ... VALUES, a query without
    FROM): it can only be the variable, even where a column has that name."""
    if column.table or column.name.lower() not in ctx.options.variables:
        return False
    return not any(isinstance(a, exp.Select) and a.args.get("from_") is not None for a in _ancestors(column))


def _ancestors(node: exp.Expression) -> list[exp.Expression]:
    found, parent = [], node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found
