"""Oracle semantics the SQL Language Reference documents and PostgreSQL spells differently: each rewrite here is
proved by a row of tests/converters/test_documented_oracle.py (the documented result, run on PostgreSQL).

- '' is NULL: an empty text literal is the NULL of VARCHAR2 (LENGTH('') IS NULL, NVL('', 'x') = 'x').
- CONCAT(a, b) treats NULL as '' and returns NULL only when the result is empty; so do || chains.
- MOD(m, 0) = m; REMAINDER rounds the quotient half to even.
- DATE 'yyyy-mm-dd' is an Oracle DATE: a timestamp(0) with its NLS text form and day arithmetic.
- two text literals compare blank-padded ('a ' = 'a').
- regular expressions: '.' does not match a newline unless 'n'; 'm' makes ^ and $ match at lines.
- GREATEST/LEAST convert every argument to the first one's type.
"""

from __future__ import annotations

from sqlglot import exp

import converters.rewrites.oracle_builders as oracle_builders
import converters.rewrites.oracle_integers as oracle_integers
import converters.rewrites.oracle_positions as oracle_positions
from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context, pg_type
from converters.rewrites.constants import string_constant
from converters.rewrites.oracle_calls import ORACLE_DATE, concat_null_as_empty
from converters.rewrites.oracle_char_dates import as_text_argument
from converters.rewrites.oracle_hex import hex_to_number, hex_width
from converters.rewrites.oracle_regexp_guard import literal_form
from converters.rewrites.temporal import is_date


def empty_string_null(node: exp.Expression, ctx: Context) -> exp.Expression:
    """'' -> NULL (Oracle has no empty string). x = '' is left to CONV-ORA-EMPTYSTR-001 (flagged there)."""
    if not (isinstance(node, exp.Literal) and node.is_string and node.name == ""):
        return node
    if isinstance(node.parent, (exp.EQ, exp.NEQ, exp.DataType)) or "line" not in node.meta:
        return node  # a literal the source did not write (a rewrite's own coalesce(x, '')) stays
    return exp.Null()


def concat_call(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CONCAT(a, b) is a || b in Oracle (NULL as ''): the same rewrite as the operator."""
    if not isinstance(node, exp.Concat) or node.args.get("coalesce") or len(node.expressions) < 2:
        return node
    chain = node.expressions[0].copy()
    for part in node.expressions[1:]:
        chain = exp.DPipe(this=chain, expression=part.copy(), safe=True)
    return concat_null_as_empty(chain, ctx)


def mod_zero(node: exp.Expression, ctx: Context) -> exp.Expression:
    """MOD(m, n) returns m when n is 0 (PostgreSQL's % raises division by zero)."""
    if not isinstance(node, exp.Mod):
        return node
    divisor = node.expression
    if isinstance(divisor, exp.Literal) and not divisor.is_string and float(divisor.name) != 0:
        return node
    is_zero = exp.EQ(this=divisor.copy(), expression=exp.Literal.number(0))
    return exp.Case(ifs=[exp.If(this=is_zero, true=node.this.copy())], default=node.copy())


def remainder(node: exp.Expression, ctx: Context) -> exp.Expression:
    """REMAINDER(m, n) = m - n * N, N the integer nearest m / n, the even one at x.5 (MOD uses FLOOR)."""
    m, n = args_of(node)
    quotient = exp.Paren(this=exp.Div(this=exp.cast(m.copy(), pg_type("numeric")), expression=n.copy(), typed=True))
    fraction = call("abs", exp.Sub(this=quotient.copy(), expression=call("trunc", quotient.copy())))
    half = exp.EQ(this=fraction, expression=exp.Literal.number(0.5))
    even = exp.Mul(
        this=exp.Literal.number(2),
        expression=call("round", exp.Div(this=quotient.copy(), expression=exp.Literal.number(2), typed=True)),
    )
    nearest = exp.Case(ifs=[exp.If(this=half, true=even)], default=call("round", quotient.copy()))
    return exp.Sub(this=m.copy(), expression=exp.Mul(this=_paren(n), expression=exp.Paren(this=nearest)))


def _paren(node: exp.Expression) -> exp.Expression:
    return node.copy() if isinstance(node, (exp.Literal, exp.Column)) else exp.Paren(this=node.copy())


def date_literal(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DATE '2024-03-14' is an Oracle DATE (midnight): timestamp(0), so d + 1/24 and TO_CHAR(d) keep Oracle's
    meaning (PostgreSQL's date has no time of day)."""
    if not isinstance(node, exp.DateStrToDate) or not isinstance(node.this, exp.Literal):
        return node
    cast = exp.Cast(this=node.this.copy(), to=exp.DataType.build("timestamp(0)", dialect="postgres"))
    cast.meta[ORACLE_DATE] = True
    return cast


def padded_literals(node: exp.Expression, ctx: Context) -> exp.Expression:
    """'a ' = 'a' is true in Oracle: text literals are CHAR and compare blank-padded (equality only: padding
    changes no equality, while for < and > a character below the blank would order differently)."""
    if not isinstance(node, (exp.EQ, exp.NEQ)):
        return node
    sides = (node.this, node.expression)
    if not all(isinstance(s, exp.Literal) and s.is_string for s in sides):
        return node
    return type(node)(
        this=exp.Literal.string(sides[0].name.rstrip(" ")), expression=exp.Literal.string(sides[1].name.rstrip(" "))
    )


def same_type_as_first(node: exp.Expression, ctx: Context) -> exp.Expression:
    """GREATEST(1, '3.925', '2.4') compares numbers (the first argument's type), GREATEST('10', 9) text."""
    args = args_of(node)
    first = args[0]
    if not isinstance(first, exp.Literal):
        return node
    kind, other = ("numeric", True) if not first.is_string else ("text", False)
    for arg in args[1:]:
        if isinstance(arg, exp.Literal) and arg.is_string == other:
            arg.replace(exp.cast(arg.copy(), pg_type(kind)))
    return node


# the argument holding the match parameter, per regular-expression function
_PARAMETERS = {
    exp.RegexpLike: "flag",
    exp.RegexpReplace: "modifiers",
    exp.RegexpCount: "parameters",
    exp.RegexpSubstr: "parameters",
    exp.RegexpInstr: "parameters",
}


def regexp_match_parameter(node: exp.Expression, ctx: Context) -> exp.Expression:
    """Oracle's '.' matches a newline only with 'n'; ^ and $ match at lines only with 'm'. PostgreSQL's defaults
    are the other way round (and its own 'n' flag means the opposite of Oracle's), so the mode is written into the
    pattern as an embedded option ((?p), (?n), (?w)); 'i', 'c' and 'x' mean the same. A pattern that is not a literal,
    or whose '[^...]' the newline-sensitive mode would also change, is flagged."""
    key = _PARAMETERS.get(type(node))
    if key is None:
        return node
    parameter, pattern = string_constant(node.args.get(key), ctx), string_constant(node.expression, ctx)
    null = isinstance(parameter, exp.Null)  # a NULL match parameter is Oracle's default mode, as one left out
    if run_time_pattern(node, ctx, key, pattern, None if null else parameter):
        return node
    if parameter is not None and not null and not (isinstance(parameter, exp.Literal) and parameter.is_string):
        ctx.flag("CONV-DOC-001", node, "the match parameter is not a literal")
        return node
    flags = parameter.name if parameter is not None and not null else ""
    dotall, multiline = "n" in flags, "m" in flags
    kept = "".join(f for f in flags if f in "icx")
    if pattern is None:
        return node
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        if dotall and "x" not in kept:  # '.' matches a newline in both: only 'm' is written into the pattern
            if multiline:
                pattern.replace(exp.DPipe(this=exp.Literal.string("(?w)"), expression=pattern.copy()))
        else:
            what = "'#' with 'x' (a comment in PostgreSQL)" if dotall else "'.' matching a newline"
            ctx.flag("CONV-DOC-001", node, f"the pattern is not a literal: {what} cannot be decided")
            return node
    elif not _literal_pattern(node, ctx, pattern, kept, (dotall, multiline)):
        return node
    if parameter is not None:
        parameter.replace(exp.Literal.string(kept)) if kept or not _optional(node, key) else parameter.pop()
    return node


def run_time_pattern(
    node: exp.Expression, ctx: Context, key: str, pattern: exp.Expression | None, parameter: exp.Expression | None
) -> bool:
    """Inside a routine, a pattern or match parameter that is not a literal: both go to the helper that applies
    Oracle's modes at run time (RewriteOptions.regex_helper, converters/procedural/plsql_regex.py), which writes
    them into the pattern; the call keeps no match parameter of its own. False when this does not apply."""
    literal = (parameter is None or _is_text(parameter)) and (pattern is None or _is_text(pattern))
    if not ctx.options.regex_helper or pattern is None or literal:
        return False
    helper = exp.maybe_parse(f"{ctx.options.regex_helper}(NULL, NULL)", dialect="postgres")
    called = helper.expression if isinstance(helper, exp.Dot) else helper  # "schema".aurora_oracle_regex(...)
    called.set("expressions", [pattern.copy(), parameter.copy() if parameter is not None else exp.Null()])
    pattern.replace(helper)
    if parameter is not None:
        parameter.replace(exp.Literal.string("")) if not _optional(node, key) else parameter.pop()
    return True


def _is_text(node: exp.Expression) -> bool:
    return isinstance(node, exp.Literal) and node.is_string


def _literal_pattern(
    node: exp.Expression, ctx: Context, pattern: exp.Expression, kept: str, modes: tuple[bool, bool]
) -> bool:
    """Write a literal pattern's Oracle mode into it; False (flagged) when that cannot be exact."""
    if "x" in kept and "#" in pattern.name:
        ctx.flag("CONV-DOC-001", node, f"'x' with '#' in '{pattern.name}' (a comment in PostgreSQL)")
        return False
    pattern.replace(exp.Literal.string(literal_form(pattern.name, *modes)))
    return True


def _optional(node: exp.Expression, key: str) -> bool:
    """The match parameter can be left out when no later argument follows it."""
    later = {"parameters": ("group",), "modifiers": (), "flag": ()}[key]
    return not any(node.args.get(a) is not None for a in later)


def listagg_overflow(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ON OVERFLOW TRUNCATE cuts a list past 4,000 bytes and appends '...' (and a count): string_agg never cuts."""
    if isinstance(node, exp.GroupConcat) and isinstance(node.args.get("on_overflow"), exp.OverflowTruncateBehavior):
        ctx.flag("CONV-DOC-002", node)
    return node


def substr_exact(node: exp.Expression, ctx: Context) -> exp.Expression:
    """SUBSTR returns NULL where PostgreSQL's substr returns '' (a start past the end, a length below 1, which
    PostgreSQL even rejects when negative): nullif(substr(...), ''). A negative literal length is 0 (NULL)."""
    length = node.args.get("length")
    if isinstance(length, exp.Neg) and isinstance(length.this, exp.Literal):
        node.set("length", exp.Literal.number(0))  # a negative length: NULL (PostgreSQL would raise an error)
    node = as_text_argument(node, ctx)  # SUBSTR(n, 1, 2) reads TO_CHAR(n), SUBSTR(d, 4, 3) NLS_DATE_FORMAT's text
    if ctx.options.use_orafce:
        inner: exp.Expression = exp.Anonymous(this="oracle.substr", expressions=[a.copy() for a in args_of(node)])
    else:
        inner = oracle_positions.substr(node, ctx)
    return exp.Nullif(this=oracle_integers.integer_arguments(inner, ctx), expression=exp.Literal.string(""))


_WEEKDAYS = ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")


def next_day(node: exp.Expression, ctx: Context) -> exp.Expression:
    """NEXT_DAY(d, 'TUESDAY'): the first Tuesday after d, at d's time of day. The day name (or its first three
    letters, any case: NLS_DATE_LANGUAGE AMERICAN) must be a literal."""
    value, day = node.this, node.expression
    name = day.name.strip().upper() if isinstance(day, exp.Literal) and day.is_string else ""
    target = next((i for i, d in enumerate(_WEEKDAYS) if len(name) >= 3 and d.startswith(name)), None)
    if target is None:
        ctx.flag("CONV-ORA-FUNC-001", node, "NEXT_DAY with a day that is not a literal English day name")
        return node
    dow = exp.Extract(this=exp.var("DOW"), expression=value.copy())
    shift = exp.Add(
        this=exp.Mod(
            this=exp.Paren(this=exp.Sub(this=exp.Literal.number(target + 6), expression=dow)),
            expression=exp.Literal.number(7),
        ),
        expression=exp.Literal.number(1),
    )
    days = exp.Mul(this=exp.Paren(this=shift), expression=exp.Interval(this=exp.Literal.string("1 day")))
    result = exp.Add(this=value.copy(), expression=days)
    return exp.Paren(this=result)


def _unit_step(value: exp.Expression, field: str, unit: str, when: exp.Expression) -> exp.Expression:
    """date_trunc(field, v) plus one unit when `when` holds."""
    step = exp.Case(
        ifs=[exp.If(this=when, true=exp.Interval(this=exp.Literal.string(unit)))],
        default=exp.Interval(this=exp.Literal.string("0 seconds")),
    )
    return exp.Add(this=call("date_trunc", exp.Literal.string(field), value), expression=step)


def _part(field: str, value: exp.Expression) -> exp.Expression:
    return exp.Extract(this=exp.var(field), expression=value.copy())


def _at_least(left: exp.Expression, right: int) -> exp.Expression:
    return exp.GTE(this=left, expression=exp.Literal.number(right))


def _round_date(value: exp.Expression, unit: str) -> exp.Expression | None:
    """ROUND(date, unit) per the Reference's table: the year rounds up on 1 July, the quarter on the 16th day of its
    second month, the month on its 16th day, the day at noon; None for the week-based units."""
    shifted = {"DD": ("day", "12 hours"), "HH": ("hour", "30 minutes"), "MI": ("minute", "30 seconds")}
    unit = {"DDD": "DD", "J": "DD", "HH12": "HH", "HH24": "HH", "MONTH": "MM", "MON": "MM", "RM": "MM"}.get(unit, unit)
    unit = "YEAR" if unit in ("SYYYY", "YYYY", "YEAR", "SYEAR", "YYY", "YY", "Y") else unit
    if unit in shifted:
        field, half = shifted[unit]
        moved = exp.Add(this=value.copy(), expression=exp.Interval(this=exp.Literal.string(half)))
        return call("date_trunc", exp.Literal.string(field), moved)
    if unit == "MM":
        return _unit_step(value, "month", "1 month", _at_least(_part("DAY", value), 16))
    if unit == "YEAR":
        return _unit_step(value, "year", "1 year", _at_least(_part("MONTH", value), 7))
    if unit == "Q":  # month within the quarter (0-2) * 100 + day: from 116 on, the next quarter
        in_quarter = exp.Mod(
            this=exp.Paren(this=exp.Sub(this=_part("MONTH", value), expression=exp.Literal.number(1))),
            expression=exp.Literal.number(3),
        )
        position = exp.Add(
            this=exp.Mul(this=in_quarter, expression=exp.Literal.number(100)), expression=_part("DAY", value)
        )
        return _unit_step(value, "quarter", "3 months", _at_least(position, 116))
    return None


def round_call(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ROUND(date, unit) / ROUND(date): the exact date_trunc form (orafce's oracle.round when enabled; the
    week-based units IW, WW, W, DAY without orafce are flagged); ROUND(number, n) as before."""
    unit = node.args.get("decimals")
    is_unit = isinstance(unit, exp.Literal) and unit.is_string
    if not (is_unit or (unit is None and is_date(node.this, ctx))):
        return oracle_builders.round_call(node, ctx)
    if ctx.options.use_orafce:
        rounded = call("oracle.round", exp.cast(node.this.copy(), pg_type("timestamp")), *([unit] if is_unit else []))
        return exp.cast(rounded, pg_type("timestamp(0)"))
    value = exp.cast(node.this.copy(), pg_type("timestamp(0)"))
    rounded = _round_date(value, unit.name.upper() if is_unit else "DD")
    if rounded is None:
        return oracle_builders.round_call(node, ctx)
    return exp.cast(rounded, pg_type("timestamp(0)"))


def empty_result_null(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TRIM/LTRIM/RTRIM, TRANSLATE and LPAD/RPAD return NULL where PostgreSQL returns '' (RTRIM('xy', 'xy'),
    LPAD('abc', 0)): nullif(..., ''), except for a pad to a positive literal length."""
    if not isinstance(node, (exp.Trim, exp.Pad, exp.Translate)) or isinstance(node.parent, exp.Nullif):
        return node
    if isinstance(node, exp.Pad):
        length = node.expression
        if isinstance(length, exp.Literal) and not length.is_string and float(length.name) >= 1:
            return node
    return exp.Nullif(this=node.copy(), expression=exp.Literal.string(""))


def number_model_checked(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TO_NUMBER(x, 'XX'): PostgreSQL's to_number has no hexadecimal element (nor does to_char)."""
    args = args_of(node)
    model = args[1] if len(args) > 1 else None
    if isinstance(model, exp.Literal) and model.is_string and "X" in model.name.upper():
        width = hex_width(model)
        read = hex_to_number(args[0], width) if width and len(args) == 2 else None
        if read is not None:
            return read
        ctx.flag("CONV-ORA-FORMAT-001", node, f"X (hexadecimal) in '{model.name}'")
        return node
    return oracle_builders.to_number(node, ctx)
