"""SQL Server semantics its documentation states and PostgreSQL spells differently: each rewrite here is proved by a
row of tests/converters/test_documented_tsql.py (the documented result, run on PostgreSQL).

- ISNULL(x, y) has x's type: ISNULL(CAST(NULL AS varchar(2)), 'abc') = 'ab' (COALESCE takes the wider type).
- DATALENGTH(N'abc') = 6: an nvarchar literal is two bytes a character; DATALENGTH(NEWID()) = 16.
- PATINDEX with a literal pattern is regexp_instr (PostgreSQL 15+).
- STRING_SPLIT in FROM / APPLY is unnest(string_to_array(...)) with its value column.
- a datetime2 literal's seventh fraction digit is dropped, not rounded into the next second.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context
from converters.rewrites.tsql_dates import datepart_fields


def isnull_first_type(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ISNULL's result is of the first argument's type: a replacement longer than a sized string is cut."""
    if not (isinstance(node, exp.Coalesce) and node.args.get("is_null")):
        return node
    first = node.this
    if not (isinstance(first, exp.Cast) and first.to.expressions and first.to.is_type(*exp.DataType.TEXT_TYPES)):
        return node
    for other in list(node.expressions):
        other.replace(exp.Cast(this=other.copy(), to=first.to.copy()))
    return node


def national_datalength(node: exp.Expression, ctx: Context) -> exp.Expression | None:
    """DATALENGTH of an N'...' literal: two bytes a character (UTF-16), exactly; None when it does not apply."""
    (value,) = args_of(node)[:1] or [None]
    if isinstance(value, exp.National):
        return exp.Mul(this=exp.Literal.number(2), expression=call("length", exp.Literal.string(value.name)))
    if isinstance(value, exp.Uuid) or (isinstance(value, exp.Anonymous) and value.name.upper() == "NEWID"):
        return exp.Literal.number(16)  # a uniqueidentifier is 16 bytes
    return None


_SEVEN_DIGITS = re.compile(r"^\s*\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\.\d{7}\s*$")
_DATE_FUNCTIONS = (exp.TimeStrToTime, exp.DateDiff, exp.DateAdd, exp.Extract, exp.Cast)


def seven_digit_fraction(node: exp.Expression, ctx: Context) -> exp.Expression:
    """A datetime2(7) literal read as a date ('2005-12-31 23:59:59.9999999'): PostgreSQL keeps microseconds and
    would round it up to the next second (and year: DATEDIFF(year, ...) of the documentation's example would be
    0, not 1). Dropping the 100-nanosecond digit keeps every boundary down to the microsecond."""
    if not (isinstance(node, exp.Literal) and node.is_string and _SEVEN_DIGITS.match(node.name)):
        return node
    parent = node.parent
    if not isinstance(parent, _DATE_FUNCTIONS) or (
        isinstance(parent, exp.Cast) and not parent.to.is_type(*exp.DataType.TEMPORAL_TYPES)
    ):
        return node
    return exp.Literal.string(node.name.strip()[:-1])


def string_split(node: exp.Expression, ctx: Context) -> exp.Expression:
    """FROM STRING_SPLIT(s, sep): one row per piece, in a column named value; '' gives one empty piece and NULL
    none -> unnest(CASE WHEN s = '' THEN ARRAY[''] ELSE string_to_array(s, sep) END) AS alias(value).
    enable_ordinal (a third argument) is flagged."""
    args = args_of(node)
    parent = node.parent
    if len(args) != 2 or not isinstance(parent, (exp.Table, exp.Lateral)) or parent.this is not node:
        ctx.flag("CONV-TSQL-FUNC-001", node, "STRING_SPLIT outside FROM / APPLY, or with enable_ordinal")
        return node
    text, separator = args
    empty = exp.EQ(this=text.copy(), expression=exp.Literal.string(""))
    pieces = exp.Case(
        ifs=[exp.If(this=empty, true=exp.Array(expressions=[exp.Literal.string("")]))],
        default=call("string_to_array", text, separator),
    )
    alias = parent.args.get("alias")
    name = alias.this.copy() if alias is not None and alias.this else exp.to_identifier("string_split")
    parent.set("alias", exp.TableAlias(this=name, columns=[exp.to_identifier("value")]))
    return call("unnest", pieces)


def _positive_literal(node: exp.Expression | None) -> bool:
    return isinstance(node, exp.Literal) and not node.is_string and float(node.name) >= 0


def negative_count_null(node: exp.Expression, ctx: Context) -> exp.Expression:
    """REPLICATE(s, n) / SPACE(n) with a negative n are NULL (PostgreSQL's repeat gives '')."""
    count = (
        node.args.get("times") if isinstance(node, exp.Repeat) else node.this if isinstance(node, exp.Space) else None
    )
    if count is None or _positive_literal(count):
        return node
    negative = exp.LT(this=count.copy(), expression=exp.Literal.number(0))
    return exp.Case(ifs=[exp.If(this=negative, true=exp.Null())], default=node.copy())


def stuff_out_of_range(node: exp.Expression, ctx: Context, overlay: exp.Expression) -> exp.Expression:
    """STUFF is NULL when start is below 1 or past the end, or the length is negative."""
    start, length = node.args["start"], node.args.get("length")
    checks: list[exp.Expression] = [exp.GT(this=start.copy(), expression=call("length", node.this))]
    if not (_positive_literal(start) and float(start.name) >= 1):
        checks.append(exp.LT(this=start.copy(), expression=exp.Literal.number(1)))
    if length is not None and not _positive_literal(length):
        checks.append(exp.LT(this=length.copy(), expression=exp.Literal.number(0)))
    return exp.Case(ifs=[exp.If(this=exp.or_(*checks), true=exp.Null())], default=overlay)


_QUOTES = {"[": ("[", "]"), "]": ("[", "]"), '"': ('"', '"'), "'": ("'", "'"), "(": ("(", ")"), ")": ("(", ")"),
           "<": ("<", ">"), ">": ("<", ">"), "{": ("{", "}"), "}": ("{", "}"), "`": ("`", "`")}  # fmt: skip


def quotename(node: exp.Expression, ctx: Context) -> exp.Expression:
    """QUOTENAME(s[, q]): s between q's pair, the closing character doubled; NULL past 128 characters or for a
    character QUOTENAME does not take. A quote character that is not a literal is flagged."""
    args = args_of(node)
    value = args[0]
    quote = args[1] if len(args) > 1 else exp.Literal.string("[")
    if not (isinstance(quote, exp.Literal) and quote.is_string):
        ctx.flag("CONV-TSQL-FUNC-001", node, "QUOTENAME with a quote character that is not a literal")
        return node
    pair = _QUOTES.get(quote.name[:1])
    if pair is None:
        return exp.Null()
    opening, closing = pair
    inner = call("replace", value, exp.Literal.string(closing), exp.Literal.string(closing * 2))
    quoted = exp.DPipe(
        this=exp.DPipe(this=exp.Literal.string(opening), expression=inner), expression=exp.Literal.string(closing)
    )
    too_long = exp.GT(this=call("length", value), expression=exp.Literal.number(128))
    return exp.Case(ifs=[exp.If(this=too_long, true=exp.Null())], default=quoted)


def padded_literals(node: exp.Expression, ctx: Context) -> exp.Expression:
    """'a ' = 'a' and NULLIF('a ', 'a') (NULL): SQL Server compares strings padded with blanks (equality only)."""
    if not isinstance(node, (exp.EQ, exp.NEQ, exp.Nullif)):
        return node
    left, right = node.this, node.expression
    if not all(isinstance(s, exp.Literal) and s.is_string for s in (left, right)):
        return node
    same = left.name.rstrip(" ") == right.name.rstrip(" ")
    if isinstance(node, exp.Nullif):
        return exp.Null() if same else left.copy()
    return type(node)(
        this=exp.Literal.string(left.name.rstrip(" ")), expression=exp.Literal.string(right.name.rstrip(" "))
    )


_INTEGERS = (exp.DataType.Type.INT, exp.DataType.Type.BIGINT, exp.DataType.Type.SMALLINT, exp.DataType.Type.TINYINT)


def integer_cast_truncates(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CAST(3.7 AS int) is 3 in SQL Server (PostgreSQL rounds to 4): a decimal literal, arithmetic, or a column or
    variable known to hold decimals or floats (RewriteOptions.fraction_columns; money rounds on both) is truncated
    first. A name of unknown type is left as written."""
    if isinstance(node, exp.Convert) and node.args.get("style") is None and not node.args.get("safe"):
        to, key = node.this, "expression"
    elif isinstance(node, exp.Cast):
        to, key = node.to, "this"
    else:
        return node
    if not (isinstance(to, exp.DataType) and to.is_type(*_INTEGERS)):
        return node
    value = node.args[key]
    inner = value.this if isinstance(value, exp.Neg) else value
    decimal = isinstance(inner, exp.Literal) and not inner.is_string and not inner.is_int
    arithmetic = isinstance(value, (exp.Mul, exp.Div, exp.Add, exp.Sub, exp.Paren))
    fraction = isinstance(inner, exp.Column) and inner.name.lower() in ctx.options.fraction_columns
    if not (decimal or fraction or (arithmetic and value.find(exp.Literal) is not None and not value.find(exp.Cast))):
        return node
    node.set(key, call("trunc", value))
    return node


def datename(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DATENAME(part, d): the month and weekday by name (us_english), every other part as DATEPART's number
    written as text without leading zeros ('5', not '05'; '1' for the quarter)."""
    part, value = [*args_of(node), None, None][:2]
    name = part.name if isinstance(part, (exp.Column, exp.Var, exp.Literal)) else ""
    if not name.replace("_", "").isalpha() or value is None:
        ctx.flag("CONV-TSQL-FUNC-001", node, "DATENAME with a part that is not a name")
        return node
    value = exp.cast(value.copy(), exp.DataType.build("timestamp", dialect="postgres"))  # a string converts too
    extract = sqlglot.parse_one(  # the part's spelling normalised the way DATEPART's is
        f"DATEPART({name}, x)", read="tsql"
    )
    field = extract.this.name.upper() if isinstance(extract, exp.Extract) else ""
    if field in ("MONTH", "WEEKDAY", "DAYOFWEEK"):
        template = "FMMonth" if field == "MONTH" else "FMDay"
        return call("to_char", value, exp.Literal.string(template))
    number = datepart_fields(exp.Extract(this=exp.var(field), expression=value.copy()), ctx)
    return exp.cast(number, exp.DataType.build("text"))


def _like_to_regex(pattern: str) -> str | None:
    """A LIKE pattern as a regular expression: % any run, _ one character, [...] kept; None when unreadable."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                return None
            out.append("[" + pattern[i + 1 : end].replace("\\", "\\\\") + "]")
            i = end + 1
            continue
        out.append(".*" if c == "%" else "." if c == "_" else "\\" + c if c in "\\.^$*+?(){}|" else c)
        i += 1
    return "".join(out)


def patindex(node: exp.Expression, ctx: Context) -> exp.Expression:
    """PATINDEX('%pat%', s): where the pattern first matches (0 if nowhere) -> regexp_instr(s, regex) (15+); a
    pattern not starting (ending) with % is anchored at the start (end), as LIKE is."""
    pattern, value = [*args_of(node), None][:2]
    text = pattern.name if isinstance(pattern, exp.Literal) and pattern.is_string else None
    body = text.strip("%") if text is not None else None
    regex = _like_to_regex(body) if body else None
    if regex is None or value is None or ctx.options.target_version < 15:
        ctx.flag("CONV-TSQL-FUNC-001", node, "PATINDEX with a pattern that is not a literal (or before PostgreSQL 15)")
        return node
    anchored = ("" if text.startswith("%") else "^") + regex + ("" if text.endswith("%") else "$")
    return call("regexp_instr", value, exp.Literal.string(anchored))


_TEXT = (exp.DataType.Type.VARCHAR, exp.DataType.Type.NVARCHAR, exp.DataType.Type.CHAR, exp.DataType.Type.NCHAR,
         exp.DataType.Type.TEXT)  # fmt: skip


def number_text(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CAST(money_col AS varchar) is '4235.98' in SQL Server (style 0: two decimals, rounded), '4235.9800' from
    PostgreSQL's numeric(19,4): round(x, 2) first (style 2 keeps four: as written). A float / real column's text
    is SQL Server's own (six significant digits, 1.23457e+006): flagged."""
    if isinstance(node, exp.Convert):
        to, key, style = node.this, "expression", node.args.get("style")
    elif isinstance(node, exp.Cast):
        to, key, style = node.to, "this", None
    else:
        return node
    value = node.args.get(key)
    if not (isinstance(to, exp.DataType) and to.is_type(*_TEXT) and isinstance(value, exp.Column)):
        return node
    name, style_text = (
        value.name.lower(),
        style.name if isinstance(style, exp.Literal) else ("0" if style is None else "?"),
    )
    if name in ctx.options.money_columns and style_text in ("0", "2"):
        if style_text == "0":
            node.set(key, call("round", value, exp.Literal.number(2)))
        if style is not None:
            node.set("style", None)
    elif name in ctx.options.money_columns or name in ctx.options.float_columns:
        ctx.flag("CONV-TSQL-NUMTEXT-001", node, node.sql(dialect="tsql")[:80])
    return node
