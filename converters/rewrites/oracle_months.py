"""MONTHS_BETWEEN(d1, d2) by Oracle's documented rule, for two DATE values.

Oracle (SQL Reference, MONTHS_BETWEEN): when d1 and d2 are the same day of the month, or both the last day of
their months, the result is the whole number of months between their years and months; otherwise the fraction is
the difference of the days and of the times of day over a 31-day month:

    (y1 - y2) * 12 + (m1 - m2)                                   same day, or both last days
    (y1 - y2) * 12 + (m1 - m2) + ((dd1 - dd2) * 86400 + (s1 - s2)) / (31 * 86400)     otherwise

(s: seconds since midnight). MONTHS_BETWEEN('1995-02-02', '1995-01-01') = 1 + 1/31 = 1.03225806..., as Oracle's
example gives. Only for DATE arguments (whole seconds): a TIMESTAMP is converted to DATE first, and how its
fraction of a second goes is not documented; a value not known to be a DATE keeps CONV-ORA-FUNC-001. Arguments
that may not be evaluated several times (a subquery, a routine's call) are read once, in a scalar subquery. The
division is PostgreSQL's numeric division, as for every NUMBER division the conversion writes.
"""

from __future__ import annotations

from sqlglot import exp, parse_one

from converters.rewrites.calls import args_of
from converters.rewrites.common import Context
from converters.rewrites.oracle_calls import is_timestamp
from converters.rewrites.temporal import is_date

_FORMULA = (
    "CASE WHEN EXTRACT(DAY FROM {a}) = EXTRACT(DAY FROM {b}) OR ({last_a} AND {last_b}) THEN {months} "
    "ELSE {months} + ((CAST(EXTRACT(DAY FROM {a}) AS DECIMAL) - CAST(EXTRACT(DAY FROM {b}) AS DECIMAL)) * 86400 "
    "+ CAST(EXTRACT(EPOCH FROM CAST({a} AS TIME)) AS DECIMAL) - CAST(EXTRACT(EPOCH FROM CAST({b} AS TIME)) AS DECIMAL)"
    ") / 2678400 END"
)
_MONTHS = (
    "((CAST(EXTRACT(YEAR FROM {a}) AS DECIMAL) - CAST(EXTRACT(YEAR FROM {b}) AS DECIMAL)) * 12 "
    "+ CAST(EXTRACT(MONTH FROM {a}) AS DECIMAL) - CAST(EXTRACT(MONTH FROM {b}) AS DECIMAL))"
)
_LAST_DAY = "CAST({x} AS DATE) = CAST(date_trunc('month', {x}) + INTERVAL '1 month - 1 day' AS DATE)"
# what may be written more than once: values, casts, arithmetic, the statement's clock, date_trunc, aggregates
_SIMPLE = (exp.Column, exp.Literal, exp.Cast, exp.DataType, exp.Paren, exp.Identifier, exp.Var, exp.Interval,
           exp.Add, exp.Sub, exp.Mul, exp.Neg, exp.Coalesce, exp.Min, exp.Max, exp.CurrentTimestamp,
           exp.Localtimestamp, exp.Dot, exp.Star, exp.Null)  # fmt: skip
_SIMPLE_CALLS = frozenset({"date_trunc", "statement_timestamp", "localtimestamp"})


def months_between(node: exp.Expression, ctx: Context) -> exp.Expression:
    args = args_of(node)
    if len(args) != 2 or not all(_dated(a, ctx) for a in args):
        ctx.flag("CONV-ORA-FUNC-001", node, "MONTHS_BETWEEN of a TIMESTAMP or of a value not known to be a DATE")
        return node
    if all(_simple(a) for a in args):
        return _formula(args[0].sql("postgres"), args[1].sql("postgres"))
    inner = exp.select(exp.alias_(args[0].copy(), "aurora_d1"), exp.alias_(args[1].copy(), "aurora_d2")).subquery(
        "aurora_months"
    )
    body = _formula("aurora_months.aurora_d1", "aurora_months.aurora_d2")
    return exp.Subquery(this=exp.select(body).from_(inner))


def _formula(a: str, b: str) -> exp.Expression:
    months = _MONTHS.format(a=a, b=b)
    text = _FORMULA.format(a=a, b=b, months=months, last_a=_LAST_DAY.format(x=a), last_b=_LAST_DAY.format(x=b))
    return exp.Paren(this=parse_one(text, dialect="postgres"))


def _dated(node: exp.Expression, ctx: Context) -> bool:
    """A DATE (not a TIMESTAMP): a DATE column or variable, SYSDATE, TRUNC(d), COALESCE / MIN / MAX of DATEs."""
    if isinstance(node, exp.Paren):
        return _dated(node.this, ctx)
    if isinstance(node, exp.Coalesce):
        return all(_dated(a, ctx) for a in [node.this, *node.expressions])
    if isinstance(node, (exp.Min, exp.Max)):
        return _dated(node.this, ctx)
    if isinstance(node, exp.Cast):  # SYSDATE, TRUNC(d): cast from a truncation; DATE columns are timestamp(0)
        precision = node.to.expressions[0].this.name if node.to.expressions else ""
        truncated = isinstance(node.this, (exp.TimestampTrunc, exp.DateTrunc)) or (
            isinstance(node.this, exp.Anonymous) and node.this.name.lower() == "date_trunc"
        )
        return node.to.is_type("date") or precision == "0" or truncated
    return is_date(node, ctx) and not is_timestamp(node, ctx)


def _simple(node: exp.Expression) -> bool:
    for part in node.walk():
        if isinstance(part, exp.Anonymous):
            if part.name.lower() not in _SIMPLE_CALLS:
                return False
        elif not isinstance(part, _SIMPLE):
            return False
    return True
