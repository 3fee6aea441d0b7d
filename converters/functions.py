"""Function mapping tables: source function -> PostgreSQL, native SQL vs orafce, with the reason on each row.

Keys are the sqlglot node class for functions sqlglot recognises, or the upper-case name of an exp.Anonymous call.
A row's `native` builds the PostgreSQL expression from the source node; `orafce` names the orafce function with
Oracle's exact semantics (used when RewriteOptions.use_orafce is set); a row with neither is flagged with `rule`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlglot import exp

from converters.rewrites.common import Context, pg_type
from converters.rewrites.oracle_calls import is_date

Builder = Callable[[exp.Expression, Context], exp.Expression]


@dataclass(frozen=True)
class FunctionMapping:
    native: Builder | None  # None: no native equivalent with the same semantics
    orafce: str | None  # orafce function with Oracle's semantics and the same arguments
    reason: str
    rule: str = ""  # finding raised when neither native nor orafce applies


def call(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=[a.copy() for a in args])


def args_of(node: exp.Expression) -> list[exp.Expression]:
    """The call's arguments in source order, for both typed and anonymous calls."""
    if isinstance(node, exp.Anonymous):
        return list(node.expressions)
    return [v for k in node.arg_types for v in _as_list(node.args.get(k)) if isinstance(v, exp.Expression)]


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def key_of(node: exp.Expression) -> object:
    return node.name.upper() if isinstance(node, exp.Anonymous) else type(node)


def apply_mapping(node: exp.Expression, table: Mapping[object, FunctionMapping], ctx: Context) -> exp.Expression:
    mapping = table.get(key_of(node))
    if mapping is None:
        return node
    if ctx.options.use_orafce and mapping.orafce:
        return exp.Anonymous(this=mapping.orafce, expressions=[a.copy() for a in args_of(node)])
    if mapping.native is not None:
        return mapping.native(node, ctx)
    ctx.flag(mapping.rule or "CONV-ORA-FUNC-001", node, f"{_name(node)}: {mapping.reason}")
    return node


def _name(node: exp.Expression) -> str:
    return node.name.upper() if isinstance(node, exp.Anonymous) else node.sql_name()


ORACLE_FUNCTIONS: dict[object, FunctionMapping] = {
    "SYS_GUID": FunctionMapping(
        lambda n, c: call("gen_random_uuid"),
        None,
        "a random 16-byte id; gen_random_uuid() is built in from PostgreSQL 13 (returns uuid)",
    ),
}


def _octet_length(node: exp.Expression, ctx: Context) -> exp.Expression:
    ctx.flag("CONV-TSQL-DATALENGTH-001", node)
    return call("octet_length", *args_of(node))


def _utc_now(node: exp.Expression, ctx: Context) -> exp.Expression:
    return exp.AtTimeZone(this=call("statement_timestamp"), zone=exp.Literal.string("UTC"))


TSQL_FUNCTIONS: dict[object, FunctionMapping] = {
    "DATALENGTH": FunctionMapping(_octet_length, None, "bytes of the value; PostgreSQL stores text as UTF-8"),
    "GETUTCDATE": FunctionMapping(_utc_now, None, "UTC now as a zone-less datetime, once per statement"),
    "SYSUTCDATETIME": FunctionMapping(_utc_now, None, "UTC now as a zone-less datetime2, once per statement"),
    exp.CurrentTimestampLTZ: FunctionMapping(
        lambda n, c: call("statement_timestamp"),
        None,
        "SYSDATETIMEOFFSET as sqlglot reads it: timestamptz, once per statement",
    ),
    "SYSDATETIMEOFFSET": FunctionMapping(
        lambda n, c: call("statement_timestamp"), None, "now with its offset: timestamptz, once per statement"
    ),
    "NEWSEQUENTIALID": FunctionMapping(
        lambda n, c: call("gen_random_uuid"),
        None,
        "ordering of the ids is not kept (PostgreSQL 17 and older have no uuidv7)",
    ),
    "SCOPE_IDENTITY": FunctionMapping(
        lambda n, c: call("lastval"), None, "last identity value of this session; lastval() also sees sequences"
    ),
    "USER_NAME": FunctionMapping(lambda n, c: exp.CurrentUser(), None, "the current database user"),
    "SUSER_SNAME": FunctionMapping(lambda n, c: exp.SessionUser(), None, "the login name"),
    "DB_NAME": FunctionMapping(lambda n, c: call("current_database"), None, "the current database"),
}


# --- Oracle calls read as plain calls (see converters/dialects.py) ---------------------------------------------

_NUMBER_MODEL = frozenset("90.,$DGSLMIPRVEBXFCU")


def _is_number_model(model: str) -> bool:
    """'999,990.00' is a number model; 'DD-MON-YYYY' a date model ('D' is in both: a date model has letters)."""
    return all(c.upper() in _NUMBER_MODEL or c == " " for c in model) and any(c in "90" for c in model)


def _format(node: exp.Expression, ctx: Context, fmt: exp.Expression) -> exp.Expression:
    from converters.rewrites.oracle_formats import translate_format

    if not (isinstance(fmt, exp.Literal) and fmt.is_string) or _is_number_model(fmt.name):
        return fmt.copy()
    template, missing = translate_format(fmt.name)
    for element in missing:
        ctx.flag("CONV-ORA-FORMAT-001", node, f"{element} in '{fmt.name}'")
    return exp.Literal.string(template)


def _nls_default(node: exp.Expression, ctx: Context, to: str) -> exp.Expression:
    ctx.flag("CONV-ORA-FORMAT-002", node)
    return exp.cast(args_of(node)[0].copy(), exp.DataType.build(to))


def _to_char(node: exp.Expression, ctx: Context) -> exp.Expression:
    args = args_of(node)
    if len(args) == 1:
        return _nls_default(node, ctx, "text")
    return call("to_char", args[0], _format(node, ctx, args[1]))


def _to_timestamp(to: str) -> Builder:
    """TO_DATE keeps the time of day (an Oracle DATE has one); PostgreSQL's to_date would drop it."""

    def build(node: exp.Expression, ctx: Context) -> exp.Expression:
        args = args_of(node)
        if len(args) == 1:
            return _nls_default(node, ctx, to)
        parsed = call("to_timestamp", args[0], _format(node, ctx, args[1]))
        return exp.cast(parsed, exp.DataType.build(to))

    return build


def _to_number(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TO_NUMBER(x) is an exact decimal: numeric, never a float."""
    args = args_of(node)
    if len(args) == 1:
        return exp.cast(args[0].copy(), pg_type("numeric"))
    return call("to_number", args[0], args[1])


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
    if field is None:
        ctx.flag("CONV-ORA-FUNC-001", node, f"TRUNC(date, '{unit}')")
        return node
    return exp.cast(call("date_trunc", exp.Literal.string(field), value), pg_type("timestamp(0)"))


def _trunc(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TRUNC(date[, unit]) -> date_trunc; TRUNC(number[, digits]) -> trunc. With one argument the type decides:
    a known date (clock call, cast, date_columns) or, when the caller gave no column types, a bare column -- the
    common Oracle idiom TRUNC(order_date) -- becomes date_trunc('day', x), flagged; PostgreSQL rejects the
    other reading at deploy (no date_trunc on numbers), so a wrong guess is never silent."""
    args = args_of(node)
    if len(args) == 2 and isinstance(args[1], exp.Literal) and args[1].is_string:
        return _date_trunc(node, ctx, args[0], args[1].name)
    if len(args) == 1 and is_date(args[0], ctx):
        return _date_trunc(node, ctx, args[0], "DD")
    if len(args) == 1 and isinstance(args[0], exp.Column) and not ctx.options.date_columns:
        ctx.flag("CONV-ORA-TRUNC-001", node)
        return _date_trunc(node, ctx, args[0], "DD")
    return call("trunc", *args)


def _add_months(node: exp.Expression, ctx: Context) -> exp.Expression:
    date, months = args_of(node)
    ctx.flag("CONV-ORA-ADDMONTHS-001", node)
    step = exp.Mul(this=exp.Paren(this=months.copy()), expression=exp.Interval(this=exp.Literal.string("1 month")))
    return exp.Add(this=date.copy(), expression=step)


def _last_day(node: exp.Expression, ctx: Context) -> exp.Expression:
    """LAST_DAY keeps the time of day: date_trunc('month', d) + 1 month - 1 day + d's time."""
    value = node.this
    month_end = exp.Add(
        this=call("date_trunc", exp.Literal.string("month"), value),
        expression=exp.Interval(this=exp.Literal.string("1 month - 1 day")),
    )
    time_part = exp.Paren(
        this=exp.Sub(this=value.copy(), expression=call("date_trunc", exp.Literal.string("day"), value))
    )
    return exp.Add(this=month_end, expression=time_part)


def _instr(node: exp.Expression, ctx: Context) -> exp.Expression:
    if node.args.get("occurrence") is not None or node.args.get("position") is not None:
        ctx.flag("CONV-ORA-FUNC-001", node, "INSTR with a start position or occurrence (orafce instr() has them)")
        return node
    return call("strpos", node.this, node.args["substr"])


def _substr(node: exp.Expression, ctx: Context) -> exp.Expression:
    """SUBSTR counts a negative start from the end and treats 0 as 1; PostgreSQL's substr does neither."""
    start = node.args.get("start")
    length = node.args.get("length")
    value = node.this
    if isinstance(start, exp.Neg) and isinstance(start.this, exp.Literal):
        start = exp.Add(this=call("length", value), expression=exp.Literal.number(1 - int(start.this.name)))
    elif isinstance(start, exp.Literal) and start.name == "0":
        start = exp.Literal.number(1)
    elif not isinstance(start, exp.Literal):
        ctx.flag("CONV-ORA-SUBSTR-001", node)
    return call("substr", value, start, *([length] if length is not None else []))


def _listagg(node: exp.Expression, ctx: Context) -> exp.Expression:
    """LISTAGG(x) without a delimiter joins with nothing (sqlglot would default to ',')."""
    if node.args.get("separator") is None:
        node.set("separator", exp.Literal.string(""))
    return node


ORACLE_FUNCTIONS.update(
    {
        "TO_CHAR": FunctionMapping(_to_char, None, "format models translated element by element"),
        "TO_DATE": FunctionMapping(
            _to_timestamp("timestamp(0)"), None, "an Oracle DATE has a time of day: to_timestamp, not to_date"
        ),
        "TO_TIMESTAMP": FunctionMapping(_to_timestamp("timestamp"), None, "zone-less timestamp"),
        "TO_NUMBER": FunctionMapping(_to_number, None, "exact decimal (numeric), never a float"),
        exp.ToNumber: FunctionMapping(_to_number, None, "exact decimal (numeric), never a float"),
        "TRUNC": FunctionMapping(_trunc, None, "date_trunc for dates, trunc for numbers (orafce has both overloads)"),
        "ADD_MONTHS": FunctionMapping(
            _add_months, "oracle.add_months", "orafce keeps Oracle's end-of-month rule; + interval does not"
        ),
        exp.MonthsBetween: FunctionMapping(
            None, "oracle.months_between", "fractional months on a 31-day month: no native equivalent"
        ),
        exp.LastDay: FunctionMapping(_last_day, None, "keeps the time of day (orafce's last_day returns a date)"),
        exp.StrPosition: FunctionMapping(_instr, "instr", "orafce instr has Oracle's start position and occurrence"),
        exp.Substring: FunctionMapping(_substr, "oracle.substr", "orafce substr has Oracle's negative/zero start"),
        exp.GroupConcat: FunctionMapping(_listagg, None, "string_agg; Oracle's default delimiter is none"),
    }
)


# --- more Oracle calls ------------------------------------------------------------------------------------------


def _null_if_any_null(node: exp.Expression, ctx: Context) -> exp.Expression:
    """Oracle's GREATEST/LEAST return NULL when any argument is NULL; PostgreSQL's skip NULLs."""
    args = args_of(node)
    nullable = [a for a in args if not (isinstance(a, exp.Literal) and a.name != "")]
    if not nullable:
        return node
    plain = type(node)(this=args[0].copy(), expressions=[a.copy() for a in args[1:]])
    any_null = exp.or_(*[exp.Is(this=a.copy(), expression=exp.Null()) for a in nullable])
    return exp.Case(ifs=[exp.If(this=any_null, true=exp.Null())], default=plain)


def _bitand(node: exp.Expression, ctx: Context) -> exp.Expression:
    left, right = args_of(node)
    return exp.BitwiseAnd(this=left.copy(), expression=right.copy())


# NUMTODSINTERVAL / NUMTOYMINTERVAL unit -> PostgreSQL interval unit
_INTERVAL_UNITS = {
    "DAY": "1 day",
    "HOUR": "1 hour",
    "MINUTE": "1 minute",
    "SECOND": "1 second",
    "YEAR": "1 year",
    "MONTH": "1 month",
}


def _num_to_interval(node: exp.Expression, ctx: Context) -> exp.Expression:
    value, unit = args_of(node)
    step = _INTERVAL_UNITS.get(unit.name.upper()) if isinstance(unit, exp.Literal) else None
    if step is None:
        ctx.flag("CONV-ORA-FUNC-001", node, f"{node.name} with unit {unit.sql()}")
        return node
    return exp.Mul(this=exp.Paren(this=value.copy()), expression=exp.Interval(this=exp.Literal.string(step)))


# SYS_CONTEXT('USERENV', parameter) -> the PostgreSQL session value with the same meaning
USERENV = {
    "SESSION_USER": lambda: exp.SessionUser(),  # the logged-in user
    "CURRENT_USER": lambda: exp.CurrentUser(),  # the user whose privileges apply
    "CURRENT_SCHEMA": lambda: call("current_schema"),  # default schema for unqualified names
    "DB_NAME": lambda: call("current_database"),
    "IP_ADDRESS": lambda: call("inet_client_addr"),
    "SID": lambda: call("pg_backend_pid"),  # an id for the session
    "HOST": lambda: call("inet_client_addr"),  # client machine (address, not name)
}


def _sys_context(node: exp.Expression, ctx: Context) -> exp.Expression:
    args = args_of(node)
    namespace, parameter = (a.name.upper() if isinstance(a, exp.Literal) else "" for a in args[:2])
    build = USERENV.get(parameter) if namespace == "USERENV" else None
    if build is None:
        ctx.flag(
            "CONV-ORA-FUNC-001",
            node,
            "SYS_CONTEXT outside USERENV, or a parameter with no equivalent "
            "(application contexts: use current_setting('app.name'))",
        )
        return node
    return build()


def _round(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ROUND(date, 'unit') rounds to the nearest unit: no PostgreSQL function; ROUND(number, n) is native."""
    decimals = node.args.get("decimals")
    if isinstance(decimals, exp.Literal) and decimals.is_string:
        ctx.flag("CONV-ORA-FUNC-001", node, "ROUND(date, unit)")
    return node


def _regexp(since: int) -> Builder:
    def check(node: exp.Expression, ctx: Context) -> exp.Expression:
        if ctx.options.target_version < since and not ctx.options.use_orafce:
            ctx.flag("CONV-FUNC-002", node, f"{_name(node)} needs PostgreSQL {since} (or orafce)")
        return node

    return check


ORACLE_FUNCTIONS.update(
    {
        exp.Greatest: FunctionMapping(_null_if_any_null, None, "NULL if any argument is NULL, as in Oracle"),
        exp.Least: FunctionMapping(_null_if_any_null, None, "NULL if any argument is NULL, as in Oracle"),
        "BITAND": FunctionMapping(_bitand, None, "the & operator on integers"),
        "NUMTODSINTERVAL": FunctionMapping(_num_to_interval, None, "n * interval '1 unit'"),
        "NUMTOYMINTERVAL": FunctionMapping(_num_to_interval, None, "n * interval '1 unit'"),
        "SYS_CONTEXT": FunctionMapping(_sys_context, None, "USERENV parameters map to session functions"),
        exp.Round: FunctionMapping(_round, None, "numbers round natively; dates have no round()"),
        exp.RegexpSubstr: FunctionMapping(_regexp(15), None, "regexp_substr is built in from PostgreSQL 15"),
        "REGEXP_INSTR": FunctionMapping(_regexp(15), None, "regexp_instr is built in from PostgreSQL 15"),
        "REGEXP_COUNT": FunctionMapping(_regexp(15), None, "regexp_count is built in from PostgreSQL 15"),
        "ROWIDTOCHAR": FunctionMapping(None, None, "ROWIDs do not exist in PostgreSQL"),
        "DUMP": FunctionMapping(None, None, "internal representation of a value"),
        "VSIZE": FunctionMapping(None, "vsize", "bytes of the internal representation (pg_column_size is close)"),
    }
)


# --- more T-SQL calls -------------------------------------------------------------------------------------------


def _stuff(node: exp.Expression, ctx: Context) -> exp.Expression:
    """STUFF(s, start, n, r) replaces n characters from start: overlay(s placing r from start for n)."""
    return exp.Anonymous(
        this="overlay",
        expressions=[
            exp.var(
                f"{node.this.sql('postgres')} PLACING {node.expression.sql('postgres')} FROM "
                f"{node.args['start'].sql('postgres')} FOR {node.args['length'].sql('postgres')}"
            )
        ],
    )


def _choose(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CHOOSE(i, a, b, ...) is the i-th value (NULL when out of range): (ARRAY[a, b, ...])[i]."""
    index, *values = args_of(node)
    array = exp.Paren(this=exp.Array(expressions=[v.copy() for v in values]))
    # offset=1: the index is already 1-based, as PostgreSQL's (sqlglot would otherwise add one)
    return exp.Bracket(this=array, expressions=[index.copy()], offset=1)


def _quotename(node: exp.Expression, ctx: Context) -> exp.Expression:
    """QUOTENAME(x) -> '[' || replace(x, ']', ']]') || ']' (SQL Server's bracket quoting, NULL in NULL out)."""
    value = args_of(node)[0]
    inner = call("replace", value, exp.Literal.string("]"), exp.Literal.string("]]"))
    return exp.DPipe(this=exp.DPipe(this=exp.Literal.string("["), expression=inner), expression=exp.Literal.string("]"))


def _try_cast(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TRY_CAST gives NULL where CAST would fail: pg_input_is_valid (PostgreSQL 16+) tests the text first."""
    value, to = (node.this, node.to) if isinstance(node, exp.TryCast) else (node.expression, node.this)
    if isinstance(node, exp.Convert) and (not node.args.get("safe") or node.args.get("style") is not None):
        return node
    if ctx.options.target_version < 16:
        ctx.flag("CONV-TSQL-FUNC-001", node, "TRY_CAST/TRY_CONVERT: PostgreSQL 16 has pg_input_is_valid()")
        return exp.Cast(this=value.copy(), to=to.copy())
    text = exp.cast(value.copy(), pg_type("text"))
    valid = call("pg_input_is_valid", text, exp.Literal.string(to.sql("postgres")))
    return exp.Case(ifs=[exp.If(this=valid, true=exp.Cast(this=text.copy(), to=to.copy()))])


TSQL_FUNCTIONS.update(
    {
        exp.Stuff: FunctionMapping(_stuff, None, "overlay(... placing ... from ... for ...)"),
        "CHOOSE": FunctionMapping(_choose, None, "array subscript, NULL out of range like CHOOSE"),
        "QUOTENAME": FunctionMapping(_quotename, None, "bracket quoting spelled out"),
        exp.TryCast: FunctionMapping(_try_cast, None, "NULL instead of an error"),
        exp.Convert: FunctionMapping(_try_cast, None, "TRY_CONVERT without a style: NULL instead of an error"),
        "PATINDEX": FunctionMapping(
            None, None, "LIKE-pattern position: use a regular expression (regexp_instr, 15+)", "CONV-TSQL-FUNC-001"
        ),
        "OBJECT_ID": FunctionMapping(
            None, None, "catalog ids: use to_regclass('name') IS NOT NULL", "CONV-TSQL-FUNC-001"
        ),
        "STRING_SPLIT": FunctionMapping(
            None, None, "a table function: use string_to_table(s, sep) AS t(value)", "CONV-TSQL-FUNC-001"
        ),
        "FORMATMESSAGE": FunctionMapping(None, None, "use format()", "CONV-TSQL-FUNC-001"),
    }
)
