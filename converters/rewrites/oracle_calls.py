"""Oracle calls and operators whose PostgreSQL spelling or NULL semantics differ."""

from __future__ import annotations

import re

from sqlglot import exp

from converters.rewrites.common import Context, column_name, pg_type
from converters.rewrites.oracle_elements import case_results, element_kind
from converters.rewrites.oracle_formats import APPROXIMATE, translate_format
from converters.rewrites.oracle_nls_views import NUMERIC_CHARACTERS
from converters.rewrites.oracle_numbers import is_character, number_kind_of, number_text
from converters.rewrites.temporal import interval_valued, is_date, variable_only


def decode_null_safe(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DECODE(x, s1, r1, ..., default) -> CASE. Oracle's DECODE treats two NULLs as equal (DECODE(NULL, NULL, 'y')
    is 'y'), so a search value that may be NULL is compared with IS NOT DISTINCT FROM; a non-NULL literal keeps `=`
    (it can use an index, and x = 'lit' is never true for a NULL x, exactly as in Oracle)."""
    if not isinstance(node, exp.DecodeCase):
        return node
    subject, *rest = node.expressions
    pairs = list(zip(rest[0::2], rest[1::2]))
    if pairs and isinstance(pairs[0][0], exp.Literal) and not pairs[0][0].is_string and is_character(subject, ctx):
        subject = exp.cast(subject.copy(), pg_type("numeric"))  # a numeric first search: Oracle compares numbers
    default = rest[-1] if len(rest) % 2 else None
    case = exp.Case(ifs=[exp.If(this=_matches(subject, s), true=r.copy()) for s, r in pairs])
    if default is not None:
        case.set("default", default.copy())
    return case


def _matches(subject: exp.Expression, search: exp.Expression) -> exp.Expression:
    if isinstance(search, exp.Null) or (isinstance(search, exp.Literal) and search.is_string and search.name == ""):
        return exp.Is(this=subject.copy(), expression=exp.Null())  # '' is NULL in Oracle
    if isinstance(search, exp.Literal) and not (search.is_string and search.name == ""):
        return exp.EQ(this=subject.copy(), expression=search.copy())
    return exp.NullSafeEQ(this=subject.copy(), expression=search.copy())


def _concat_parts(node: exp.Expression) -> list[exp.Expression]:
    if isinstance(node, exp.DPipe) and node.args.get("safe"):
        return [*_concat_parts(node.this), *_concat_parts(node.expression)]
    if isinstance(node, exp.Concat) and node.args.get("coalesce"):
        return [part for e in node.expressions for part in _concat_parts(e)]
    return [node]


def concat_null_as_empty(node: exp.Expression, ctx: Context) -> exp.Expression:
    """a || b -> concat(a, b): Oracle treats NULL as '' in concatenation ('a' || NULL = 'a'); PostgreSQL's || gives
    NULL. concat() ignores NULLs but is only STABLE, so where PostgreSQL demands IMMUTABLE (index expressions,
    generated columns) each part that could be NULL is wrapped in COALESCE(CAST(x AS TEXT), '') instead."""
    if not isinstance(node, exp.DPipe) or not node.args.get("safe"):
        return node
    if isinstance(node.parent, exp.DPipe) and node.parent.args.get("safe"):
        return node  # a || b || c: the outermost || rewrites the whole chain at once
    parts = [_as_text(p, ctx) for p in _concat_parts(node)]
    if not ctx.immutable:
        return _null_if_empty(exp.Concat(expressions=parts, safe=True, coalesce=True), parts)
    wrapped = [p if _never_null(p) else _coalesce_text(p) for p in parts]
    result = wrapped[0]
    for part in wrapped[1:]:
        result = exp.DPipe(this=result, expression=part, safe=False)
    return _null_if_empty(result, parts)


def _null_if_empty(joined: exp.Expression, parts: list[exp.Expression]) -> exp.Expression:
    """NULL || NULL is NULL in Oracle (an empty text is NULL); concat() gives '': unless a part is a non-empty
    literal, the result is nullif(..., '')."""
    if any(_never_null(p) for p in parts):
        return joined
    return exp.Nullif(this=joined, expression=exp.Literal.string(""))


def _as_text(part: exp.Expression, ctx: Context) -> exp.Expression:
    """A DATE in NLS_DATE_FORMAT, a TIMESTAMP in NLS_TIMESTAMP_FORMAT, a NUMBER as Oracle prints it, anything else
    as it is (another TIMESTAMP: flagged)."""
    if is_oracle_date(part, ctx):
        return nls_date_text(part, ctx)
    if is_timestamp(part, ctx):
        return nls_timestamp_text(part, ctx)
    if number_kind_of(part, ctx):
        return number_text(part, ctx)
    return part.copy()


def _never_null(node: exp.Expression) -> bool:
    return isinstance(node, exp.Literal) and node.is_string and node.name != ""


def _coalesce_text(node: exp.Expression) -> exp.Expression:
    text = exp.cast(node, pg_type("text"))
    return exp.Coalesce(this=text, expressions=[exp.Literal.string("")])


def _statement_time() -> exp.Expression:
    return exp.Anonymous(this="statement_timestamp", expressions=[])


def _to_seconds(node: exp.Expression) -> exp.Expression:
    truncated = exp.Anonymous(this="date_trunc", expressions=[exp.Literal.string("second"), node])
    cast = exp.cast(truncated, pg_type("timestamp"))
    cast.meta[ORACLE_DATE] = True  # SYSDATE is an Oracle DATE: its text form follows NLS_DATE_FORMAT
    return cast


ORACLE_DATE = "oracle_date"  # meta key: this expression is an Oracle DATE (not a TIMESTAMP)


def date_cast_marked(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CAST(x AS DATE) is an Oracle DATE (its text form follows NLS_DATE_FORMAT): marked before cast_types maps
    the type to timestamp(0), after which a DATE and a TIMESTAMP(0) cast look alike."""
    if isinstance(node, exp.Cast) and isinstance(node.to, exp.DataType) and node.to.is_type(exp.DataType.Type.DATE):
        node.meta[ORACLE_DATE] = True
    return node


def is_oracle_date(node: exp.Expression, ctx: Context) -> bool:
    """Known to be an Oracle DATE (a column of that type, SYSDATE, CAST(... AS DATE)): converting it to text
    without a format model uses NLS_DATE_FORMAT in Oracle. TIMESTAMPs (another NLS format) are not included."""
    if isinstance(node, exp.Paren):
        return is_oracle_date(node.this, ctx)
    if isinstance(node, exp.Column) and variable_only(node, ctx):
        return node.name.lower() in ctx.options.date_variables
    if isinstance(node, exp.Column):
        return column_name(node, ctx) in ctx.options.oracle_date_columns  # a loop field: its column's, if any
    results = case_results(node)  # CASE: every value it gives a DATE
    if results is not None:
        return all(is_oracle_date(value, ctx) for value in results)
    return element_kind(node, ctx) == "date" or bool(node.meta.get(ORACLE_DATE))


def nls_date_text(node: exp.Expression, ctx: Context) -> exp.Expression:
    """An Oracle DATE as text in the project's NLS_DATE_FORMAT, written out as to_char's format (exact, where
    PostgreSQL's own timestamp text, '2024-01-31 09:30:00', is not what Oracle prints: '31-JAN-24')."""
    template, _reading_notes = translate_format(ctx.options.nls_date_format)  # notes concern parsing, not printing
    return exp.Anonymous(this="to_char", expressions=[node.copy(), exp.Literal.string(template)])


def fraction_digits(node: exp.Expression, ctx: Context) -> int | None:
    """The fraction digits (1-6) of a TIMESTAMP column or variable (RewriteOptions.timestamp_digits) or of
    LOCALTIMESTAMP (6): what FF prints for it; None when not known."""
    if isinstance(node, exp.Localtimestamp) or (
        isinstance(node, exp.Anonymous) and node.name.lower() == "localtimestamp"
    ):
        return 6
    name = column_name(node, ctx) if isinstance(node, exp.Column) else None
    return dict(ctx.options.timestamp_digits).get(name) if name else None


def nls_timestamp_text(node: exp.Expression, ctx: Context) -> exp.Expression:
    """A TIMESTAMP of known precision p (1 to 6) as text in the project's NLS_TIMESTAMP_FORMAT: X is the decimal
    character (NLS_TERRITORY's), FF prints p digits. A TIMESTAMP WITH TIME ZONE (its TZR), one of unknown precision,
    or a format with an element PostgreSQL lacks: CONV-ORA-TSTEXT-001."""
    digits = fraction_digits(node, ctx)
    decimal = (NUMERIC_CHARACTERS.get(ctx.options.nls_territory.upper()) or "")[:1]
    model = re.sub(r"X(?=FF)", f'"{decimal}"', ctx.options.nls_timestamp_format, flags=re.I)
    template, notes = translate_format(re.sub(r"FF(?![1-9])", f"FF{digits}", model, flags=re.I))
    missing = [note for note in notes if note not in APPROXIMATE.values()]  # RR's note concerns reading text
    if not digits or not decimal or missing:
        ctx.flag("CONV-ORA-TSTEXT-001", node, node.sql(dialect="postgres"))
        return node.copy()
    return exp.Anonymous(this="to_char", expressions=[node.copy(), exp.Literal.string(template)])


def sysdate(node: exp.Expression, ctx: Context) -> exp.Expression:
    """SYSDATE / CURRENT_DATE -> date_trunc('second', statement_timestamp())::timestamp;
    SYSTIMESTAMP / CURRENT_TIMESTAMP -> statement_timestamp(); LOCALTIMESTAMP -> statement_timestamp()::timestamp.

    Why statement_timestamp(): Oracle evaluates these once per statement (every row of one UPDATE sees the same
    SYSDATE), and they move between the statements of one transaction. PostgreSQL's now()/CURRENT_TIMESTAMP is
    frozen for the whole transaction and clock_timestamp() changes row by row; statement_timestamp() is the one
    with Oracle's semantics. SYSDATE is a DATE (whole seconds, no zone), so it is truncated, not rounded.
    """
    if isinstance(node, exp.CurrentDate) or (isinstance(node, exp.CurrentTimestamp) and node.args.get("sysdate")):
        return _to_seconds(_statement_time())
    if isinstance(node, (exp.Systimestamp, exp.CurrentTimestamp)) and not node.this:
        return _statement_time()
    if isinstance(node, exp.Localtimestamp) and not node.this:
        return exp.cast(_statement_time(), pg_type("timestamp"))
    return node


def empty_string_value(node: exp.Expression, ctx: Context) -> exp.Expression:
    """'' is NULL in Oracle: as a value (a CASE / DECODE result, a select-list item) it is
    written NULL, or PostgreSQL would return an empty string where Oracle returns NULL."""
    if not (isinstance(node, exp.Literal) and node.is_string and node.name == ""):
        return node
    parent = node.parent
    value = (isinstance(parent, exp.If) and parent.args.get("true") is node) or (
        isinstance(parent, exp.Case) and parent.args.get("default") is node
    )
    value = value or isinstance(parent, exp.Alias) or (isinstance(parent, exp.Select) and node in parent.expressions)
    return exp.Null() if value else node


def case_empty_strings(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CASE ... THEN '' / ELSE '' (DECODE's too): Oracle's '' is NULL."""
    if isinstance(node, exp.Case):
        for part in [*(i.args.get("true") for i in node.args.get("ifs") or []), node.args.get("default")]:
            if isinstance(part, exp.Literal) and part.is_string and part.name == "":
                part.replace(exp.Null())
    return node


def empty_string_compared(node: exp.Expression, ctx: Context) -> exp.Expression:
    """x = '' is never true in Oracle ('' is NULL); in PostgreSQL it matches empty strings. Which one the code
    meant is not knowable from the text, so it is flagged, not rewritten."""
    if any(isinstance(side, exp.Literal) and side.is_string and side.name == "" for side in node.iter_expressions()):
        ctx.flag("CONV-ORA-EMPTYSTR-001", node)
    return node


def _unknown_column(node: exp.Expression, ctx: Context) -> bool:
    """A column whose type the caller did not say (no date_columns given at all)."""
    return isinstance(node, exp.Column) and not ctx.options.date_columns


def _days(n: exp.Expression) -> exp.Expression:
    return exp.Mul(this=_paren(n), expression=exp.Interval(this=exp.Literal.string("1 day")))


def _paren(n: exp.Expression) -> exp.Expression:
    return n.copy() if isinstance(n, (exp.Literal, exp.Column, exp.Paren, exp.Func)) else exp.Paren(this=n.copy())


_STAMP_CALLS = frozenset({"statement_timestamp", "clock_timestamp", "localtimestamp"})


def is_timestamp(node: exp.Expression, ctx: Context) -> bool:
    """An Oracle TIMESTAMP value (SYSTIMESTAMP, CURRENT_TIMESTAMP, LOCALTIMESTAMP, a TIMESTAMP column or variable)."""
    if isinstance(node, (exp.Paren, exp.Coalesce)):  # NVL / COALESCE: the first argument's type
        return is_timestamp(node.this, ctx)
    if isinstance(node, exp.Column) and variable_only(node, ctx):
        return node.name.lower() in ctx.options.timestamp_variables
    if isinstance(node, exp.Column):
        return column_name(node, ctx) in ctx.options.timestamp_columns  # a loop field: its column's, if any
    if isinstance(node, exp.Anonymous):
        return node.name.lower() in _STAMP_CALLS
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):  # schema.f(x)
        return node.expression.name.lower() == "aurora_map_get_timestamp"  # a TIMESTAMP map element (plsql_maps)
    return isinstance(node, (exp.Systimestamp, exp.CurrentTimestamp, exp.Localtimestamp))


def _interval_difference(
    left: exp.Expression, right: exp.Expression, left_date: bool, right_date: bool, ctx: Context
) -> bool:
    """Oracle: a difference of datetimes is a number of days only between two DATEs; with a TIMESTAMP on either
    side, it is an INTERVAL DAY TO SECOND (the DATE taken as a TIMESTAMP), as PostgreSQL's difference is."""
    left_stamp, right_stamp = is_timestamp(left, ctx), is_timestamp(right, ctx)
    return (left_stamp and (right_date or right_stamp)) or (right_stamp and left_date)


def date_arithmetic(node: exp.Expression, ctx: Context) -> exp.Expression:
    """Oracle counts DATE arithmetic in days: d + 1 is tomorrow at the same time, d + 1/24 an hour later, d1 - d2
    a (fractional) number of days. PostgreSQL needs intervals: d + n * interval '1 day'; d1 - d2 gives an interval,
    so its epoch is divided back into days. Applies only when one side is known to be a date (see is_date)."""
    if not isinstance(node, (exp.Add, exp.Sub)):
        return node
    left, right = node.this, node.expression
    left_date, right_date = is_date(left, ctx), is_date(right, ctx)
    if isinstance(node, exp.Sub) and _interval_difference(left, right, left_date, right_date, ctx):
        return node  # a TIMESTAMP minus a DATE or TIMESTAMP: an INTERVAL in Oracle as in PostgreSQL
    if left_date and right_date and isinstance(node, exp.Sub):
        epoch = exp.Extract(this=exp.var("EPOCH"), expression=exp.Paren(this=node.copy()))
        return exp.Paren(this=exp.Div(this=epoch, expression=exp.Literal.number(86400), typed=True))
    if interval_valued(right) or (isinstance(node, exp.Add) and interval_valued(left)):
        return node  # already PostgreSQL interval arithmetic (ADD_MONTHS, a rewritten d + n)
    if (left_date or right_date) and _unknown_column(right if left_date else left, ctx):
        # d - hire_date: a number of days, or a second date? Without the column's type it cannot be told.
        ctx.flag("CONV-ORA-DATEARITH-001", node, node.sql(dialect="postgres"))
        return node
    if left_date and not right_date and not isinstance(right, exp.Interval):
        return _a_date(type(node)(this=left.copy(), expression=_days(right)))
    if right_date and not left_date and isinstance(node, exp.Add) and not isinstance(left, exp.Interval):
        return _a_date(exp.Add(this=right.copy(), expression=_days(left)))
    return node


def _a_date(node: exp.Expression) -> exp.Expression:
    """A DATE or TIMESTAMP plus or minus a number of days is an Oracle DATE (its text form NLS_DATE_FORMAT's)."""
    node.meta[ORACLE_DATE] = True
    return node


def exact_division(node: exp.Expression, ctx: Context) -> exp.Expression:
    """Oracle's / is always exact (7 / 2 = 3.5); PostgreSQL's integer / integer truncates (3). Unless a side is
    already a decimal literal, the dividend becomes numeric, which keeps NUMBER's exact decimal semantics."""
    if not isinstance(node, exp.Div) or node.args.get("typed"):
        return node
    sides = (node.this, node.expression)
    exact = any(isinstance(s, exp.Literal) and not s.is_string and not s.is_int for s in sides)
    if exact or isinstance(node.this, exp.Cast) or node.find(exp.Interval) or node.find(exp.Extract):
        # typed: PostgreSQL's own / semantics (sqlglot would otherwise cast to a float to mimic Oracle)
        return exp.Div(this=node.this.copy(), expression=node.expression.copy(), typed=True)
    numeric = exp.Cast(this=node.this, to=pg_type("numeric"))  # the same child nodes: findings stay attached
    return exp.Div(this=numeric, expression=node.expression, typed=True)


def exact_power(node: exp.Expression, ctx: Context) -> exp.Expression:
    """Oracle's POWER of NUMBERs is a NUMBER (POWER(32, 3) = 32768, exactly); PostgreSQL's power() of integers is
    double precision: 15 significant digits, and a value `%` (MOD) and other integer or numeric operators refuse.
    Unless a side is already a decimal literal or a cast, the base becomes numeric, as exact_division does."""
    if not isinstance(node, exp.Pow):
        return node
    sides = (node.this, node.expression)
    if any(isinstance(s, exp.Cast) or (isinstance(s, exp.Literal) and not s.is_string and not s.is_int) for s in sides):
        return node
    return exp.Pow(this=exp.Cast(this=node.this, to=pg_type("numeric")), expression=node.expression)


def analytic_forms(node: exp.Expression, ctx: Context) -> exp.Expression:
    """RATIO_TO_REPORT(x) OVER (w) = x / SUM(x) OVER (w), exactly; MIN/MAX ... KEEP (DENSE_RANK FIRST|LAST ...) and
    an ordered aggregate with OVER (LISTAGG ... WITHIN GROUP (ORDER BY o) OVER (PARTITION BY p)) get their exact
    PostgreSQL forms (see keep_dense_rank, window_ordered_aggregate)."""
    if not isinstance(node, exp.Window):
        return node
    if node.args.get("over") == "KEEP" or isinstance(node.this, exp.Window):
        return keep_dense_rank(node, ctx)
    call = node.this
    if isinstance(call, exp.Anonymous) and call.name.upper() == "RATIO_TO_REPORT" and len(call.expressions) == 1:
        value = call.expressions[0]
        total = node.copy()
        total.set("this", exp.Sum(this=value.copy()))
        numeric = exp.cast(value.copy(), pg_type("numeric"))
        return exp.Div(this=numeric, expression=total, typed=True)
    return window_ordered_aggregate(node)


FULL_FRAME = exp.WindowSpec(
    kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", end="UNBOUNDED", end_side="FOLLOWING"
)


def window_ordered_aggregate(node: exp.Window) -> exp.Expression:
    """PostgreSQL rejects ORDER BY inside an aggregate used as a window function. Ordering the window instead, over
    the whole partition (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), feeds the aggregate every row
    of the partition in that order: the same value on every row, as Oracle's LISTAGG ... OVER (PARTITION BY) gives."""
    call = node.this
    inner = call.this if isinstance(call, exp.Func) else None
    if not isinstance(inner, exp.Order) or node.args.get("order") is not None or node.args.get("spec") is not None:
        return node
    bare = call.copy()
    bare.set("this", inner.this.copy())
    window = node.copy()
    window.set("this", bare)
    window.set("order", exp.Order(expressions=[o.copy() for o in inner.expressions]))
    window.set("spec", FULL_FRAME.copy())
    return window


def _reversed(key: exp.Ordered) -> exp.Ordered:
    """The same key sorted the other way round, NULLs included (DENSE_RANK LAST = FIRST of the reverse order)."""
    return exp.Ordered(this=key.this.copy(), desc=not key.args.get("desc"), nulls_first=not key.args.get("nulls_first"))


def keep_dense_rank(node: exp.Window, ctx: Context) -> exp.Expression:
    """MIN/MAX(x) KEEP (DENSE_RANK FIRST|LAST ORDER BY o): the min/max of x over the rows tied at the first/last
    rank of o. Ordering by o (reversed for LAST, NULL placement included) and then by x (MAX: descending, NULLs
    last) puts that value first: `(array_agg(x ORDER BY ...))[1]` as an aggregate, `first_value(x) OVER (... ORDER BY
    ... full frame)` as an analytic function. Other aggregates (SUM, AVG, COUNT ... KEEP) have no such form: flagged."""
    analytic = node if isinstance(node.this, exp.Window) else None
    keep = node.this if analytic is not None else node
    if not isinstance(keep, exp.Window) or keep.args.get("over") != "KEEP":
        return node
    if analytic is None and isinstance(node.parent, exp.Window) and node.parent.this is node:
        return node  # KEEP (...) OVER (...): rewritten whole when the OVER window is visited
    aggregate = keep.this
    order = keep.args.get("order")
    if not isinstance(aggregate, (exp.Max, exp.Min)) or order is None:
        ctx.flag("CONV-ORA-KEEP-001", node)
        return node
    keys = [o.copy() if keep.args.get("first") else _reversed(o) for o in order.expressions]
    value = aggregate.this
    keys.append(exp.Ordered(this=value.copy(), desc=isinstance(aggregate, exp.Max), nulls_first=False))
    if analytic is None:
        ordered = exp.ArrayAgg(this=exp.Order(this=value.copy(), expressions=keys))
        return exp.Bracket(this=exp.Paren(this=ordered), expressions=[exp.Literal.number(0)])
    window = analytic.copy()
    window.set("this", exp.FirstValue(this=value.copy()))
    window.set("order", exp.Order(expressions=keys))
    window.set("spec", FULL_FRAME.copy())
    return window


def charset_translation(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TRANSLATE(text USING NCHAR_CS) converts database-character-set text to the national (Unicode) set: no
    character changes, and PostgreSQL has one encoding for both, so the text itself is exact. USING CHAR_CS goes
    the other way and replaces what the database set cannot hold, which depends on that set: flagged."""
    if not isinstance(node, exp.TranslateCharacters):
        return node
    if str(node.expression).upper() == "NCHAR_CS":
        return node.this
    ctx.flag("CONV-ORA-CHARSET-001", node, "TRANSLATE(... USING CHAR_CS)")
    return node
