"""Builders for Oracle calls whose PostgreSQL form differs: conversions with format models, date truncation and
month arithmetic, SUBSTR/INSTR positions, GREATEST/LEAST NULLs, session context. converters/functions.py maps each
Oracle function to one of these (or to orafce) with the reason."""

from __future__ import annotations

import re

from sqlglot import exp

from converters.rewrites.calls import Builder, args_of, call, call_name
from converters.rewrites.common import Context, pg_type
from converters.rewrites.constants import string_constant
from converters.rewrites.oracle_calls import (
    fraction_digits,
    is_oracle_date,
    is_timestamp,
    nls_date_text,
    nls_timestamp_text,
)
from converters.rewrites.oracle_format_guard import guarded_format, model_kind
from converters.rewrites.oracle_formats import default_fields, translate_format
from converters.rewrites.oracle_hex import hex_text, hex_width
from converters.rewrites.oracle_nls_views import NUMERIC_CHARACTERS
from converters.rewrites.oracle_nlsparam import nls_parameter_kept
from converters.rewrites.oracle_numbers import number_kind_of, number_overflow, number_text
from converters.rewrites.oracle_raw import is_raw, raw_text
from converters.rewrites.oracle_years import two_digit_template, with_century
from converters.rewrites.temporal import INTERVAL, is_date, variable_only

# --- Oracle calls read as plain calls (see converters/dialects.py) ---------------------------------------------

_NUMBER_MODEL = frozenset("90.,$DGSLMIPRVEBXFCU")


def _is_number_model(model: str) -> bool:
    """'999,990.00' is a number model; 'DD-MON-YYYY' a date model ('D' is in both: a date model has letters)."""
    if model.upper().replace("FM", "").strip() == "RN":  # Roman numerals: a number element
        return True
    return all(c.upper() in _NUMBER_MODEL or c == " " for c in model) and any(c in "90" for c in model)


def _format(
    node: exp.Expression, ctx: Context, fmt: exp.Expression, number: bool | None, printing: bool = True
) -> exp.Expression:
    """The template for a model; `number`: whether the value is a number (None: not known); `printing`: TO_CHAR
    (else a model that parses text)."""
    fmt = string_constant(fmt, ctx) or fmt
    if not isinstance(fmt, (exp.Literal, exp.Null)):
        # a variable: some elements read differently (FF, X, RR, SP, TZR ...), known at run time: checked then
        if number is None or not guarded_format(node, ctx, fmt, number, not printing):
            ctx.flag("CONV-ORA-FORMAT-003", node, f"the format model {fmt.sql()} is not a literal or a constant")
        return fmt.copy()
    fmt = separators_written(fmt, ctx)
    if not (isinstance(fmt, exp.Literal) and fmt.is_string) or _is_number_model(fmt.name):
        if isinstance(fmt, exp.Literal) and "EEEE" in fmt.name.upper():
            ctx.flag("CONV-DOC-003", node, f"EEEE in '{fmt.name}' (PostgreSQL writes 1.2e+02)")
        elif isinstance(fmt, exp.Literal) and any(c in fmt.name.upper() for c in "$LCU"):
            ctx.flag(
                "CONV-DOC-003", node, f"a currency element in '{fmt.name}' (PostgreSQL: '$ 123.45', L from lc_monetary)"
            )
        return fmt.copy()
    template, missing = translate_format(fmt.name, printing, _radix(ctx))
    for element in missing:
        ctx.flag("CONV-ORA-FORMAT-001", node, f"{element} in '{fmt.name}'")
    return exp.Literal.string(template)


def separators_written(model: exp.Expression, ctx: Context) -> exp.Expression:
    """A number model's D / G print and read the sessions' numeric characters, PostgreSQL's the server's lc_numeric:
    where the territory's are '.' and ',' they are written out, which PostgreSQL takes as the same positions."""
    literal = isinstance(model, exp.Literal) and model.is_string and _is_number_model(model.name)
    if not literal or '"' in model.name or not re.search("[DGdg]", model.name):
        return model
    if NUMERIC_CHARACTERS.get(ctx.options.nls_territory.upper()) != ".,":
        return model
    return exp.Literal.string(model.name.translate(str.maketrans("DdGg", "..,,")))


def _radix(ctx: Context) -> str:
    """The decimal character of the sessions' territory, which X before FF stands for in a datetime model."""
    return (NUMERIC_CHARACTERS.get(ctx.options.nls_territory.upper()) or "")[:1]


def _nls_default(node: exp.Expression, ctx: Context, to: str) -> exp.Expression:
    ctx.flag("CONV-ORA-FORMAT-002", node)
    return exp.cast(args_of(node)[0].copy(), exp.DataType.build(to))


def to_char(node: exp.Expression, ctx: Context) -> exp.Expression:
    args = args_of(node)
    if len(args) == 1 and is_oracle_date(args[0], ctx):
        return nls_date_text(args[0], ctx)  # the project's NLS_DATE_FORMAT, written out
    if len(args) == 1 and is_timestamp(args[0], ctx):
        return nls_timestamp_text(args[0], ctx)  # NLS_TIMESTAMP_FORMAT, with the type's fraction digits
    if len(args) == 1 and number_kind_of(args[0], ctx):
        return number_text(args[0], ctx)  # Oracle's number text: 200, .5, -.5
    if len(args) == 1 and is_raw(args[0]):
        return raw_text(args[0])  # a RAW's text: RAWTOHEX's
    if len(args) == 1:
        return _nls_default(node, ctx, "text")
    model = string_constant(args[1], ctx) or args[1]
    literal = model.name if isinstance(model, exp.Literal) and model.is_string else None
    text_minimum = literal is not None and literal.upper() in ("TM", "TM9")
    number = text_minimum or _is_number_model(literal or "") or bool(number_kind_of(args[0], ctx))
    if not nls_parameter_kept(node, ctx, literal, number):
        return node
    if text_minimum and number_kind_of(args[0], ctx):
        return number_text(args[0], ctx)  # TM / TM9, text minimum: what TO_CHAR(n) prints
    hexadecimal = hex_text(args[0], model.name) if len(args) == 2 and hex_width(model) else None
    if hexadecimal is not None:
        return hexadecimal  # 'XXXX': PostgreSQL's to_char has no X element (oracle_hex)
    digits = fraction_digits(args[0], ctx)
    if digits and isinstance(model, exp.Literal) and model.is_string and re.search(r"FF(?![1-9])", model.name, re.I):
        model = exp.Literal.string(re.sub(r"FF(?![1-9])", f"FF{digits}", model.name, flags=re.I))  # the type's digits
        return call("to_char", args[0], _format(node, ctx, model, False))
    return number_overflow(call("to_char", args[0], _format(node, ctx, args[1], model_kind(args[0], ctx))), model)


def to_timestamp(to: str) -> Builder:
    """TO_DATE keeps the time of day (an Oracle DATE has one); PostgreSQL's to_date would drop it."""

    def build(node: exp.Expression, ctx: Context) -> exp.Expression:
        args = args_of(node)
        if len(args) == 1:  # the sessions' NLS_DATE_FORMAT / NLS_TIMESTAMP_FORMAT, written out (the settings)
            nls = {"timestamp(0)": ctx.options.nls_date_format, "timestamp": ctx.options.nls_timestamp_format}
            if to not in nls:
                return _nls_default(node, ctx, to)
            args = [args[0], exp.Literal.string(nls[to])]
        if not nls_parameter_kept(node, ctx, None, False):
            return node
        text = _as_text(node, args[0], ctx)
        if text is None:
            return node
        model = string_constant(args[1], ctx) or args[1]
        literal = isinstance(model, exp.Literal) and model.is_string
        years = two_digit_template(model.name, ctx, _radix(ctx)) if literal else None
        if years is not None:  # RR / YY: Oracle's century, put back after reading four digits (oracle_years)
            template, kind, missing = years
            for element in missing:
                ctx.flag("CONV-ORA-FORMAT-001", node, f"{element} in '{model.name}'")
            text, written = _with_defaults(model.name, text, exp.Literal.string(template))
            parsed = with_century(call("to_timestamp", text, written), kind)
            return exp.cast(parsed, exp.DataType.build(to))
        template = _format(node, ctx, args[1], False, printing=False)
        if literal:
            text, template = _with_defaults(model.name, text, template)
        parsed = call("to_timestamp", text, template)
        return exp.cast(parsed, exp.DataType.build(to))

    return build


def _with_defaults(model: str, text: exp.Expression, template: exp.Expression) -> tuple[exp.Expression, exp.Expression]:
    """A model without a year or a month (TO_DATE(t, 'HH24:MI'), TO_DATE(m, 'MM')): Oracle takes the current year and
    month, so they are read first from the statement's time, written before the text (oracle_formats.default_fields).
    """
    fields = default_fields(model)
    if not fields or not (isinstance(template, exp.Literal) and template.is_string):
        return text, template
    fixed = template.name[:2] if template.name[:2].upper() == "FX" else ""  # FX stays the template's first item
    now = call("to_char", exp.Anonymous(this="statement_timestamp", expressions=[]), exp.Literal.string(fields))
    read = exp.Nullif(this=text, expression=exp.Literal.string(""))  # '' is NULL: no date, not the defaults
    return exp.DPipe(this=now, expression=read, safe=True), exp.Literal.string(
        fixed + fields + template.name[len(fixed) :]
    )


def _as_text(node: exp.Expression, value: exp.Expression, ctx: Context) -> exp.Expression | None:
    """TO_DATE / TO_TIMESTAMP read text: a DATE or TIMESTAMP given to them is first turned into text as Oracle does
    implicitly, with NLS_DATE_FORMAT / NLS_TIMESTAMP_FORMAT (TO_DATE(d, 'DD-MON-YY') re-reads d's printed form);
    None (flagged) for a date of unknown kind."""
    if is_oracle_date(value, ctx):
        return nls_date_text(value, ctx)
    if is_timestamp(value, ctx):
        return nls_timestamp_text(value, ctx)
    variable = isinstance(value, exp.Column) and variable_only(value, ctx)  # (not a DATE / TIMESTAMP one: above)
    if is_date(value, ctx) and not variable:
        ctx.flag("CONV-ORA-FUNC-001", node, f"{call_name(node)} of a date value of unknown type (DATE or TIMESTAMP)")
        return None
    if number_kind_of(value, ctx):  # TO_DATE(n, 'MM'): the number's text, as TO_CHAR(n) prints it
        return number_text(value, ctx)
    return value


def to_number(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TO_NUMBER(x) is an exact decimal: numeric, never a float."""
    args = args_of(node)
    if len(args) == 1:
        return exp.cast(args[0].copy(), pg_type("numeric"))
    model = args[1].name if isinstance(args[1], exp.Literal) and args[1].is_string else None
    if not nls_parameter_kept(node, ctx, model, True):
        return node
    return call("to_number", args[0], separators_written(args[1], ctx))


def instr(node: exp.Expression, ctx: Context) -> exp.Expression:
    if node.args.get("occurrence") is not None or node.args.get("position") is not None:
        ctx.flag(
            "CONV-ORA-FUNC-001",
            node,
            "INSTR with a start position or occurrence (orafce's oracle.instr has them: conversion.use_orafce)",
        )
        return node
    return call("strpos", node.this, node.args["substr"])


def listagg(node: exp.Expression, ctx: Context) -> exp.Expression:
    """LISTAGG(x) without a delimiter joins with nothing (sqlglot would default to ',')."""
    if node.args.get("separator") is None:
        node.set("separator", exp.Literal.string(""))
    return node


# --- more Oracle calls ------------------------------------------------------------------------------------------


def null_if_any_null(node: exp.Expression, ctx: Context) -> exp.Expression:
    """Oracle's GREATEST/LEAST return NULL when any argument is NULL; PostgreSQL's skip NULLs."""
    args = args_of(node)
    nullable = [a for a in args if not (isinstance(a, exp.Literal) and a.name != "")]
    if not nullable:
        return node
    plain = type(node)(this=args[0].copy(), expressions=[a.copy() for a in args[1:]])
    any_null = exp.or_(*[exp.Is(this=a.copy(), expression=exp.Null()) for a in nullable])
    return exp.Case(ifs=[exp.If(this=any_null, true=exp.Null())], default=plain)


# NUMTODSINTERVAL / NUMTOYMINTERVAL unit -> PostgreSQL interval unit
_INTERVAL_UNITS = {
    "DAY": "1 day",
    "HOUR": "1 hour",
    "MINUTE": "1 minute",
    "SECOND": "1 second",
    "YEAR": "1 year",
    "MONTH": "1 month",
}


def num_to_interval(node: exp.Expression, ctx: Context) -> exp.Expression:
    value, unit = args_of(node)
    step = _INTERVAL_UNITS.get(unit.name.upper()) if isinstance(unit, exp.Literal) else None
    if step is None:
        ctx.flag("CONV-ORA-FUNC-001", node, f"{node.name} with unit {unit.sql()}")
        return node
    interval = exp.Mul(this=exp.Paren(this=value.copy()), expression=exp.Interval(this=exp.Literal.string(step)))
    if step in ("1 year", "1 month"):
        return interval
    normalised = call("justify_hours", interval)
    normalised.meta[INTERVAL] = True
    return normalised  # INTERVAL DAY TO SECOND: 100 hours is 4 days 4 hours


def round_call(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ROUND(date, 'unit') rounds to the nearest unit: no PostgreSQL function; ROUND(number, n) is native."""
    decimals = node.args.get("decimals")
    if isinstance(decimals, exp.Literal) and decimals.is_string:
        ctx.flag("CONV-ORA-FUNC-001", node, "ROUND(date, unit) (orafce's oracle.round has it)")
    return node


def regexp(since: int) -> Builder:
    def check(node: exp.Expression, ctx: Context) -> exp.Expression:
        if ctx.options.target_version < since and not ctx.options.use_orafce:
            ctx.flag("CONV-FUNC-002", node, f"{call_name(node)} needs PostgreSQL {since} (or orafce)")
        return node

    return check


def replace_removes(node: exp.Expression, ctx: Context) -> exp.Expression:
    """REPLACE(s, x) with no replacement removes x (Oracle); PostgreSQL's replace needs the third argument."""
    if node.args.get("replacement") is None:
        node.set("replacement", exp.Literal.string(""))
    # a NULL search leaves the text as it is, a NULL replacement removes; an empty result is NULL
    for key in ("expression", "replacement"):
        arg = node.args[key]
        if not (isinstance(arg, exp.Literal) and arg.is_string):
            node.set(key, exp.Coalesce(this=arg.copy(), expressions=[exp.Literal.string("")]))
    replacement = node.args["replacement"]
    if isinstance(replacement, exp.Literal) and replacement.name != "":
        return node
    return exp.Nullif(this=node, expression=exp.Literal.string(""))


def wm_concat(node: exp.Expression, ctx: Context) -> exp.Expression:
    """WM_CONCAT(x): Oracle's undocumented comma-joined aggregate (order unspecified) -> string_agg(x, ',')."""
    (value,) = args_of(node)
    return exp.GroupConcat(this=value.copy(), separator=exp.Literal.string(","))


def at_time_zone(zone: str | None) -> Builder:
    """SYS_EXTRACT_UTC(ts) = ts AT TIME ZONE 'UTC'; FROM_TZ(ts, zone) = ts AT TIME ZONE zone (a timestamptz)."""

    def build(node: exp.Expression, ctx: Context) -> exp.Expression:
        args = args_of(node)
        where = exp.Literal.string(zone) if zone else args[1].copy()
        return exp.AtTimeZone(this=args[0].copy(), zone=where)

    return build


def session_column(node: exp.Expression, ctx: Context) -> exp.Expression:
    """SESSIONTIMEZONE (a bare pseudo-column) -> current_setting('TimeZone')."""
    if isinstance(node, exp.Column) and not node.table and node.name.upper() == "SESSIONTIMEZONE":
        return call("current_setting", exp.Literal.string("TimeZone"))
    return node


def random_between(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DBMS_RANDOM.VALUE(low, high) is a decimal in [low, high): low + random()::numeric * (high - low), a NUMBER
    as in Oracle (ROUND(v, 2) of a double precision has no PostgreSQL function). (PostgreSQL 17's random(min, max)
    returns an integer, so it is not the same call.)"""
    low, high = node.args.get("lower"), node.args.get("upper")
    if low is None or high is None:
        return node
    span = exp.Paren(this=exp.Sub(this=high.copy(), expression=low.copy()))
    value = exp.Cast(this=call("random"), to=pg_type("numeric"))
    return exp.Add(this=low.copy(), expression=exp.Mul(this=value, expression=span))


# Oracle-supplied packages orafce re-creates (schema of the same name)
ORAFCE_PACKAGES = frozenset(
    {
        "DBMS_RANDOM",
        "DBMS_OUTPUT",
        "DBMS_PIPE",
        "DBMS_ALERT",
        "DBMS_ASSERT",
        "DBMS_SQL",
        "DBMS_UTILITY",
        "UTL_FILE",
        "PLVDATE",
        "PLVSTR",
        "PLVCHR",
        "PLVSUBST",
        "PLUNIT",
    }
)
SUPPLIED_PREFIXES = ("DBMS_", "UTL_", "OWA_", "HTP", "APEX_", "CTX_", "SDO_", "ORD_")
# members orafce has under the same name but with other results: flagged even when orafce is used
ORAFCE_DIFFERENT = {
    ("DBMS_ASSERT", "ENQUOTE_NAME"): "orafce's dbms_assert.enquote_name lower-cases (its second argument is "
    "loweralize) and adds quotes only where PostgreSQL needs them; Oracle's upper-cases (capitalize) and always quotes",
    # Oracle's dictionary holds unquoted names upper case, PostgreSQL's catalog the migrated names lower case
    ("DBMS_ASSERT", "SCHEMA_NAME"): "orafce's dbms_assert.schema_name looks the name up in PostgreSQL's catalog, "
    "where the migrated schemas are lower case; Oracle's finds the upper-case names of its dictionary",
    ("DBMS_ASSERT", "SQL_OBJECT_NAME"): "orafce has no sql_object_name (its object_name resolves the name in "
    "PostgreSQL's catalog, lower-case migrated names and search_path); Oracle's resolves it in its dictionary",
}


def supplied_package_call(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DBMS_RANDOM.STRING(...) and other Oracle-supplied package calls: orafce has some packages; the rest have
    no PostgreSQL counterpart and are flagged (a user's own package.function is left to the routine converter)."""
    if not (isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous)):
        return node
    package = node.this.name.upper()
    if not package.startswith(SUPPLIED_PREFIXES) or package in ctx.options.user_packages:
        return node
    owner = node.this.this if isinstance(node.this, exp.Dot) else None
    if owner is not None and owner.name.upper() != "SYS":
        return node  # schema.package.f: a user's own package
    member = node.expression.name.upper()
    different = ORAFCE_DIFFERENT.get((package, member))
    if ctx.options.use_orafce and package in ORAFCE_PACKAGES and different is None:
        return exp.Dot(this=exp.column(node.this.name), expression=node.expression.copy())  # SYS's: orafce's schema
    ctx.flag("CONV-ORA-PACKAGE-001", node, f"{package}.{member}" + (f" ({different})" if different else ""))
    return node
