"""SQL Server semantics its documentation states and PostgreSQL spells differently: each rewrite here is proved by a
row of tests/converters/test_documented_tsql.py (the documented result, run on PostgreSQL).

- ISNULL(x, y) has x's type: ISNULL(CAST(NULL AS varchar(2)), 'abc') = 'ab' (COALESCE takes the wider type).
- DATALENGTH(N'abc') = 6: an nvarchar literal is two bytes a character.
"""

from __future__ import annotations

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
    return None
