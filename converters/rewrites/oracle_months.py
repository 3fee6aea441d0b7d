"""Oracle's month arithmetic: ADD_MONTHS and LAST_DAY exactly, and MONTHS_BETWEEN(d1, d2) by Oracle's documented
rule, for two DATE values.

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

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import NO_SUBQUERY_KINDS, Context, pg_type, read_once
from converters.rewrites.oracle_calls import is_timestamp
from converters.rewrites.temporal import INTERVAL, is_date

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
    if ctx.options.object_kind in NO_SUBQUERY_KINDS:
        ctx.flag("CONV-ORA-FUNC-001", node, "MONTHS_BETWEEN of values that may not be read twice, where no subquery is")
        return node
    body = _formula("aurora_months.aurora_d1", "aurora_months.aurora_d2")
    return read_once({"aurora_d1": args[0], "aurora_d2": args[1]}, "aurora_months", body)


def _formula(a: str, b: str) -> exp.Expression:
    months = _MONTHS.format(a=a, b=b)
    text = _FORMULA.format(a=a, b=b, months=months, last_a=_LAST_DAY.format(x=a), last_b=_LAST_DAY.format(x=b))
    return exp.Paren(this=parse_one(text, dialect="postgres"))


def _dated(node: exp.Expression, ctx: Context) -> bool:
    """A DATE (not a TIMESTAMP): a DATE column or variable, SYSDATE, TRUNC(d), MIN / MAX of DATEs, NVL / COALESCE
    with a DATE first (temporal.is_date)."""
    if isinstance(node, exp.Paren):
        return _dated(node.this, ctx)
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


def add_months(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ADD_MONTHS(d, n), exactly: from the last day of a month Oracle lands on the last day of the target month
    (28 Feb 2023 + 1 = 31 Mar), where `+ interval` keeps the day number (28 Mar); otherwise both keep the day,
    clamped to the target month's end (31 Jan + 1 = 28 Feb), and the time of day. n is truncated to an integer,
    as Oracle does (ADD_MONTHS(d, 1.9) = ADD_MONTHS(d, 1))."""
    date, months = args_of(node)
    if isinstance(months, exp.Literal) and months.is_int:
        step: exp.Expression = exp.Interval(this=exp.Literal.string(f"{int(months.name)} month"))
    else:
        step = call("make_interval", exp.Kwarg(this=exp.var("months"), expression=_whole(months)))
    shifted = exp.Add(this=date.copy(), expression=step)
    last_day_in = exp.EQ(this=_day(date), expression=_day(_month_end(date)))
    to_month_end = exp.Add(this=_month_end(shifted.copy()), expression=_time_of_day(date))
    return exp.Case(ifs=[exp.If(this=last_day_in, true=to_month_end)], default=shifted)


def _whole(n: exp.Expression) -> exp.Expression:
    return exp.cast(call("trunc", n.copy()), pg_type("int"))


def _day(value: exp.Expression) -> exp.Expression:
    return exp.cast(value.copy(), pg_type("date"))


def _month_end(value: exp.Expression) -> exp.Expression:
    """Midnight of the last day of value's month."""
    start = call("date_trunc", exp.Literal.string("month"), value.copy())
    return exp.Paren(this=exp.Add(this=start, expression=exp.Interval(this=exp.Literal.string("1 month - 1 day"))))


def _time_of_day(value: exp.Expression) -> exp.Expression:
    """value - date_trunc('day', value): an interval (marked so date arithmetic does not read it as days)."""
    since_midnight = exp.Paren(
        this=exp.Sub(this=value.copy(), expression=call("date_trunc", exp.Literal.string("day"), value.copy()))
    )
    since_midnight.meta[INTERVAL] = True
    return since_midnight


def last_day(node: exp.Expression, ctx: Context) -> exp.Expression:
    """LAST_DAY keeps the time of day: date_trunc('month', d) + 1 month - 1 day + d's time."""
    value = node.this
    month_end = exp.Add(
        this=call("date_trunc", exp.Literal.string("month"), value),
        expression=exp.Interval(this=exp.Literal.string("1 month - 1 day")),
    )
    return exp.Add(this=month_end, expression=_time_of_day(value))
