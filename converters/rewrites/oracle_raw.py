"""Oracle RAW values in the query rewrites: calls known to return one (SYS_GUID, HEXTORAW) are marked, so that where
Oracle converts a RAW to character data (a VARCHAR2 column or variable, TO_CHAR) the text is RAWTOHEX's."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.calls import Builder
from converters.rewrites.common import Context

ORACLE_RAW = "oracle_raw"  # meta key: this expression is an Oracle RAW (SYS_GUID(), HEXTORAW(...)), a bytea here


def raw_marked(build: Builder) -> Builder:
    """`build`, whose result is an Oracle RAW: marked so, where Oracle wants text it is RAWTOHEX's (raw_text)."""

    def marked(node: exp.Expression, ctx: Context) -> exp.Expression:
        result = build(node, ctx)
        result.meta[ORACLE_RAW] = True
        return result

    return marked


def is_raw(node: exp.Expression) -> bool:
    """Known to be an Oracle RAW: a call raw_marked built."""
    if isinstance(node, exp.Paren):
        return is_raw(node.this)
    return bool(node._meta and node.meta.get(ORACLE_RAW))


def raw_text(node: exp.Expression) -> exp.Expression:
    """A RAW where Oracle wants character data: its implicit conversion is RAWTOHEX, upper-case hex digits
    (PostgreSQL's own bytea text is '\\x' and lower-case digits)."""
    return exp.Anonymous(
        this="upper", expressions=[exp.Anonymous(this="encode", expressions=[node.copy(), exp.Literal.string("hex")])]
    )
