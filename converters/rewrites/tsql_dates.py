"""T-SQL date functions: DATEDIFF (counts boundaries), DATEPART/DATENAME parts, CONVERT styles, GETDATE."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context, pg_type
from converters.rewrites.temporal import is_date

TEXT = pg_type("text")
BIGINT = pg_type("bigint")


def _call(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=list(args))


def _extract(part: str, value: exp.Expression) -> exp.Expression:
    return exp.Extract(this=exp.var(part), expression=value.copy())


def _trunc(unit: str, value: exp.Expression) -> exp.Expression:
    return _call("date_trunc", exp.Literal.string(unit), exp.cast(value.copy(), pg_type("timestamp")))


def _months(value: exp.Expression) -> exp.Expression:
    return exp.Add(
        this=exp.Mul(this=_extract("YEAR", value), expression=exp.Literal.number(12)),
        expression=_extract("MONTH", value),
    )


def _quarters(value: exp.Expression) -> exp.Expression:
    return exp.Add(
        this=exp.Mul(this=_extract("YEAR", value), expression=exp.Literal.number(4)),
        expression=_extract("QUARTER", value),
    )


def _days(value: exp.Expression) -> exp.Expression:
    return exp.cast(value.copy(), pg_type("date"))


def _sunday_weeks(value: exp.Expression) -> exp.Expression:
    """The Sunday that starts value's week: SQL Server's week boundary for DATEDIFF, whatever DATEFIRST says."""
    dow = exp.cast(_extract("DOW", exp.cast(value.copy(), pg_type("timestamp"))), pg_type("int"))
    return exp.Sub(this=_days(value), expression=dow)


def _epoch_units(unit: str, seconds: int | float) -> object:
    def build(a: exp.Expression, b: exp.Expression) -> exp.Expression:
        delta = exp.Paren(this=exp.Sub(this=_trunc(unit, b), expression=_trunc(unit, a)))
        epoch = exp.Extract(this=exp.var("EPOCH"), expression=delta)
        return exp.cast(exp.Div(this=epoch, expression=exp.Literal.number(seconds), typed=True), BIGINT)

    return build


def _difference(of: object) -> object:
    def build(a: exp.Expression, b: exp.Expression) -> exp.Expression:
        return exp.cast(exp.Sub(this=exp.Paren(this=of(b)), expression=exp.Paren(this=of(a))), BIGINT)

    return build


def _weeks(a: exp.Expression, b: exp.Expression) -> exp.Expression:
    days = exp.Paren(this=exp.Sub(this=exp.Paren(this=_sunday_weeks(b)), expression=exp.Paren(this=_sunday_weeks(a))))
    return exp.cast(exp.Div(this=days, expression=exp.Literal.number(7), typed=True), BIGINT)


# DATEDIFF(part, a, b) counts the part BOUNDARIES crossed between a and b (DATEDIFF(year, '2024-12-31',
# '2025-01-01') = 1), not whole elapsed units: so both ends are truncated to the part before subtracting.
DATEDIFF_PARTS = {
    "YEAR": _difference(lambda v: _extract("YEAR", v)),  # calendar years crossed
    "QUARTER": _difference(_quarters),  # year*4 + quarter, subtracted
    "MONTH": _difference(_months),  # year*12 + month, subtracted
    "DAY": _difference(_days),  # date - date is an integer day count in PostgreSQL
    "DAYOFYEAR": _difference(_days),  # same boundaries as DAY
    "WEEK": _weeks,  # Sunday boundaries (SQL Server ignores SET DATEFIRST here)
    "HOUR": _epoch_units("hour", 3600),
    "MINUTE": _epoch_units("minute", 60),
    "SECOND": _epoch_units("second", 1),
    "MILLISECOND": _epoch_units("milliseconds", 0.001),
    "MICROSECOND": _epoch_units("microseconds", 0.000001),
}


def datediff_boundaries(node: exp.Expression, ctx: Context) -> exp.Expression:
    if not isinstance(node, exp.DateDiff):
        return node
    unit = (node.unit.name if node.unit else "DAY").upper()
    build = DATEDIFF_PARTS.get(unit)
    if build is None:
        ctx.flag("CONV-TSQL-DATEPART-001", node, f"DATEDIFF({unit.lower()}, ...)")
        return node
    end, start = (_unwrap(node.this), _unwrap(node.expression))
    return build(start, end)


def _unwrap(value: exp.Expression) -> exp.Expression:
    """sqlglot wraps DATEDIFF arguments in TimeStrToTime; a timestamp cast says the same in PostgreSQL."""
    inner = value.this if isinstance(value, exp.TimeStrToTime) else value
    return exp.cast(inner, pg_type("timestamp"))


# DATEPART(part, d) -> PostgreSQL EXTRACT field (sqlglot already normalised the T-SQL abbreviations).
DATEPART_FIELDS = {
    "YEAR": "YEAR",
    "QUARTER": "QUARTER",
    "MONTH": "MONTH",
    "DAY": "DAY",
    "DAYOFYEAR": "DOY",  # dy / y
    "HOUR": "HOUR",
    "MINUTE": "MINUTE",
    "ISO_WEEK": "WEEK",
    "ISOWEEK": "WEEK",  # PostgreSQL's week is the ISO week
    "WEEKISO": "WEEK",  # sqlglot's name for ISO_WEEK / isowk / isoww
    "TZOFFSET": "TIMEZONE_MINUTE",  # offset in minutes (only the minute part: flagged below if hours matter)
}


def datepart_fields(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DATEPART parts whose numbering differs: weekday is 1 = Sunday (default DATEFIRST 7) vs DOW 0 = Sunday;
    second is an integer (EXTRACT gives fractions); millisecond is only the fraction within the second."""
    if not isinstance(node, exp.Extract) or not isinstance(node.this, exp.Var):
        return node
    part, value = node.this.name.upper(), node.expression
    if isinstance(value, exp.Literal) and value.is_string:  # SQL Server converts a string argument implicitly
        value = exp.cast(value, pg_type("timestamp"))
    special = {
        "DAYOFWEEK": lambda: exp.Add(this=_int(_extract("DOW", value)), expression=exp.Literal.number(1)),
        "WEEKDAY": lambda: exp.Add(this=_int(_extract("DOW", value)), expression=exp.Literal.number(1)),
        "SECOND": lambda: _int(_call("floor", _extract("SECOND", value))),
        "MILLISECOND": lambda: _int(
            exp.Mod(this=_call("floor", _extract("MILLISECONDS", value)), expression=exp.Literal.number(1000))
        ),
    }
    if part in special:
        return special[part]()
    if part in DATEPART_FIELDS:
        return exp.cast(_extract(DATEPART_FIELDS[part], value), pg_type("int"))
    if part == "WEEK":  # week 1 holds 1 January; weeks start on Sunday (DATEFIRST 7)
        days_before = exp.Sub(this=_int(_extract("DOY", value)), expression=exp.Literal.number(1))
        first_dow = _int(_extract("DOW", _trunc("year", value)))
        weeks = exp.Div(
            this=exp.Paren(this=exp.Add(this=days_before, expression=first_dow)),
            expression=exp.Literal.number(7),
            typed=True,
        )
        return exp.Paren(this=exp.Add(this=weeks, expression=exp.Literal.number(1)))
    return node


def _int(value: exp.Expression) -> exp.Expression:
    return exp.cast(value, pg_type("int"))


# CONVERT(varchar, date, style): style -> to_char format. 0/1/2 are also money/float styles: flagged, not guessed.
CONVERT_STYLES = {
    "1": None,  # US mm/dd/yy, but also the money style with thousands separators: ambiguous without the type
    "101": "MM/DD/YYYY",  # US
    "2": None,  # ANSI yy.mm.dd, but also a money/float style: ambiguous without the type
    "102": "YYYY.MM.DD",  # ANSI
    "3": "DD/MM/YY",
    "103": "DD/MM/YYYY",  # British/French
    "4": "DD.MM.YY",
    "104": "DD.MM.YYYY",  # German
    "5": "DD-MM-YY",
    "105": "DD-MM-YYYY",  # Italian
    "6": "DD Mon YY",
    "106": "DD Mon YYYY",
    "7": "Mon DD, YY",
    "107": "Mon DD, YYYY",
    "8": "HH24:MI:SS",
    "108": "HH24:MI:SS",
    "24": "HH24:MI:SS",
    "10": "MM-DD-YY",
    "110": "MM-DD-YYYY",  # USA
    "11": "YY/MM/DD",
    "111": "YYYY/MM/DD",  # Japan
    "12": "YYMMDD",
    "112": "YYYYMMDD",  # ISO basic
    "20": "YYYY-MM-DD HH24:MI:SS",
    "120": "YYYY-MM-DD HH24:MI:SS",  # ODBC canonical
    "21": "YYYY-MM-DD HH24:MI:SS.MS",
    "121": "YYYY-MM-DD HH24:MI:SS.MS",
    "25": "YYYY-MM-DD HH24:MI:SS.MS",
    "23": "YYYY-MM-DD",
    "126": 'YYYY-MM-DD"T"HH24:MI:SS.MS',  # ISO 8601
    "127": 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"',  # ISO 8601 with Z (UTC values)
    "100": "Mon DD YYYY FMHH12:MIAM",
    "0": None,  # 0 is also a money style: ambiguous without the type
    "113": "DD Mon YYYY HH24:MI:SS:MS",
    "13": "DD Mon YYYY HH24:MI:SS:MS",
    "114": "HH24:MI:SS:MS",
    "14": "HH24:MI:SS:MS",
}

_TEXT_TYPES = {exp.DType.VARCHAR, exp.DType.NVARCHAR, exp.DType.CHAR, exp.DType.NCHAR, exp.DType.TEXT}
_TIME_TYPES = {exp.DType.DATETIME, exp.DType.DATETIME2, exp.DType.TIMESTAMP, exp.DType.SMALLDATETIME, exp.DType.DATE}


def convert_styles(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CONVERT(type, value[, style]) -> CAST, to_char (date -> text) or to_timestamp (text -> date)."""
    if not isinstance(node, exp.Convert) or (node.args.get("safe") and node.args.get("style") is None):
        return node  # TRY_CONVERT without a style: converters/functions.py gives it TRY_CAST semantics
    to, value, style = node.this, node.expression, node.args.get("style")
    if to.this in _TEXT_TYPES and not to.expressions and to.this is not exp.DType.TEXT:
        to = exp.DataType.build(to.this, expressions=[exp.DataTypeParam(this=exp.Literal.number(30))])
    cast = exp.Cast(this=value.copy(), to=to.copy())
    if style is None:
        return cast
    fmt = CONVERT_STYLES.get(style.name) if isinstance(style, exp.Literal) else None
    if fmt is None:
        ctx.flag("CONV-TSQL-CONVERT-001", node, f"style {style.sql()}")
        return cast
    if to.this in _TEXT_TYPES:
        return exp.Cast(this=_call("to_char", value.copy(), exp.Literal.string(fmt)), to=to.copy())
    if to.this in _TIME_TYPES:
        return exp.Cast(this=_call("to_timestamp", value.copy(), exp.Literal.string(fmt)), to=to.copy())
    return cast


def getdate(node: exp.Expression, ctx: Context) -> exp.Expression:
    """GETDATE()/SYSDATETIME()/CURRENT_TIMESTAMP -> statement_timestamp()::timestamp: SQL Server evaluates them
    once per statement, as a local time without zone; PostgreSQL's now() is frozen for the whole transaction."""
    if isinstance(node, exp.CurrentTimestamp) and not node.this:
        return exp.cast(_call("statement_timestamp"), pg_type("timestamp"))
    return node


def datetime_plus_days(node: exp.Expression, ctx: Context) -> exp.Expression:
    """GETDATE() - 1: SQL Server adds days to a datetime; PostgreSQL needs an interval. Only a number literal is
    rewritten (a column operand could be anything; PostgreSQL rejects timestamp + integer, so it is never silent)."""
    if not isinstance(node, (exp.Add, exp.Sub)) or not is_date(node.this, ctx):
        return node
    days = node.expression
    if not (isinstance(days, exp.Literal) and not days.is_string):
        return node
    step = exp.Mul(this=days.copy(), expression=exp.Interval(this=exp.Literal.string("1 day")))
    return type(node)(this=node.this.copy(), expression=step)
