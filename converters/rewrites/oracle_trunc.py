"""Oracle TRUNC: of a DATE or TIMESTAMP (to a unit; the result an Oracle DATE) -> date_trunc, of a NUMBER -> trunc."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context, pg_type
from converters.rewrites.oracle_calls import ORACLE_DATE, is_timestamp
from converters.rewrites.temporal import is_date

# Oracle TRUNC/ROUND date units -> date_trunc field (None: no PostgreSQL field; flagged)
TRUNC_UNITS: dict[str, str | None] = {
    **dict.fromkeys(("YYYY", "YYY", "YY", "Y", "YEAR", "SYYYY", "SYEAR"), "year"),
    **dict.fromkeys(("IYYY", "IYY", "IY", "I"), None),  # ISO year start: no date_trunc field
    "Q": "quarter",
    **dict.fromkeys(("MM", "MON", "MONTH", "RM"), "month"),
    **dict.fromkeys(("DD", "DDD", "J"), "day"),
    "IW": "week",  # ISO week (Monday), same as PostgreSQL's week
    **dict.fromkeys(("WW", "W", "DAY", "DY", "D"), None),  # weeks anchored on 1 Jan / 1st of month / NLS day
    **dict.fromkeys(("HH", "HH12", "HH24"), "hour"),
    "MI": "minute",
    **dict.fromkeys(("CC", "SCC"), "century"),
}


def _date_trunc(node: exp.Expression, ctx: Context, value: exp.Expression, unit: str) -> exp.Expression:
    field = TRUNC_UNITS.get(unit.upper())
    # the week's first day (Sunday under NLS_TERRITORY AMERICA); the weekday of 1 January (WW) or of the 1st (W)
    back = {"DAY": ("DOW", 0, 0), "DY": ("DOW", 0, 0), "D": ("DOW", 0, 0), "WW": ("DOY", 1, 7), "W": ("DAY", 1, 7)}
    if unit.upper() in back:
        field, offset, modulo = back[unit.upper()]
        count: exp.Expression = exp.Extract(this=exp.var(field), expression=value.copy())
        if modulo:
            count = exp.Mod(
                this=exp.Paren(this=exp.Sub(this=count, expression=exp.Literal.number(offset))),
                expression=exp.Literal.number(modulo),
            )
        days = exp.Mul(this=exp.Paren(this=count), expression=exp.Interval(this=exp.Literal.string("1 day")))
        day = call("date_trunc", exp.Literal.string("day"), value)
        return exp.cast(exp.Sub(this=day, expression=days), pg_type("timestamp(0)"))
    if field is None:
        ctx.flag("CONV-ORA-FUNC-001", node, f"TRUNC(date, '{unit}')")
        return node
    return exp.cast(call("date_trunc", exp.Literal.string(field), value), pg_type("timestamp(0)"))


def trunc_call(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TRUNC(date[, unit]) -> date_trunc; TRUNC(number[, digits]) -> trunc. With one argument the type decides:
    a known date (clock call, cast, date_columns) or, when the caller gave no column types, a bare column -- the
    common Oracle idiom TRUNC(order_date) -- becomes date_trunc('day', x), flagged; PostgreSQL rejects the
    other reading at deploy (no date_trunc on numbers), so a wrong guess is never silent. Not in a routine body:
    there the converter knows which names are dates (declared variables, the inventory's columns)."""
    args = args_of(node)
    if len(args) == 2 and isinstance(args[1], exp.Literal) and args[1].is_string:
        return _a_date(_date_trunc(node, ctx, args[0], args[1].name), node)
    if len(args) == 1 and (is_date(args[0], ctx) or is_timestamp(args[0], ctx)):  # a TIMESTAMP truncates to a DATE
        return _a_date(_date_trunc(node, ctx, args[0], "DD"), node)
    if (
        len(args) == 1
        and isinstance(args[0], exp.Column)
        and not ctx.options.date_columns
        and not ctx.options.procedural
    ):
        ctx.flag("CONV-ORA-TRUNC-001", node)
        return _a_date(_date_trunc(node, ctx, args[0], "DD"), node)
    return call("trunc", *args)


def _a_date(result: exp.Expression, node: exp.Expression) -> exp.Expression:
    """TRUNC of a DATE or a TIMESTAMP is an Oracle DATE (its text follows NLS_DATE_FORMAT), unless left as it was."""
    if result is not node:
        result.meta[ORACLE_DATE] = True
    return result
