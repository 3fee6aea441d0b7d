"""SQL Server semantics its documentation states and PostgreSQL spells differently: each rewrite here is proved by a
row of tests/converters/test_documented_tsql.py (the documented result, run on PostgreSQL).

- ISNULL(x, y) has x's type: ISNULL(CAST(NULL AS varchar(2)), 'abc') = 'ab' (COALESCE takes the wider type).
- DATALENGTH(N'abc') = 6: an nvarchar literal is two bytes a character; DATALENGTH(NEWID()) = 16.
- STRING_SPLIT in FROM / APPLY is unnest(string_to_array(...)) with its value column.
- a datetime2 literal's seventh fraction digit is dropped, not rounded into the next second.
"""

from __future__ import annotations

import re

from sqlglot import exp

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context


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
