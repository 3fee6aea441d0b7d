"""Oracle's LOB constructors and conversions: a CLOB / NCLOB is PostgreSQL text, a BLOB is bytea (the type table),
so what Oracle builds or converts into a LOB is the same value in the matching PostgreSQL type. And the length in
bytes of a text (LENGTHB), and a RAW from its hex digits (HEXTORAW)."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context, pg_type
from converters.rewrites.oracle_builders import to_char
from converters.rewrites.oracle_calls import is_oracle_date
from converters.rewrites.oracle_numbers import number_kind_of


def empty_clob(node: exp.Expression, ctx: Context) -> exp.Expression:
    """EMPTY_CLOB(): an empty LOB is a value, not NULL ("an empty LOB ... is not NULL", Oracle's LOB guide): so is
    PostgreSQL's empty text. IS NULL is false, the length is 0, `lob != EMPTY_CLOB()` tells empty from not."""
    return exp.cast(exp.Literal.string(""), pg_type("text"))


def empty_blob(node: exp.Expression, ctx: Context) -> exp.Expression:
    """EMPTY_BLOB(): the empty bytea, a value (not NULL) of length 0, as Oracle's empty BLOB."""
    return exp.cast(exp.Literal.string("\\x"), pg_type("bytea"))


def to_clob(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TO_CLOB(char) / TO_NCLOB(char): the same characters as a LOB, i.e. text. A NUMBER or DATE argument is first
    converted as Oracle's implicit conversion does (TO_CHAR without a format). The BLOB / BFILE forms (a character
    set id, a MIME type) decode bytes: flagged."""
    args = args_of(node)
    if len(args) != 1:
        ctx.flag("CONV-ORA-FUNC-001", node, f"{node.name.upper()} of a BLOB / BFILE with a character set")
        return node
    if is_oracle_date(args[0], ctx) or number_kind_of(args[0], ctx):
        return to_char(node, ctx)
    return exp.cast(args[0].copy(), pg_type("text"))


def to_blob(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TO_BLOB(raw): the same bytes as a LOB, i.e. bytea. The BFILE form (a MIME type) reads a file: flagged."""
    args = args_of(node)
    if len(args) != 1:
        ctx.flag("CONV-ORA-FUNC-001", node, "TO_BLOB of a BFILE")
        return node
    return exp.cast(args[0].copy(), pg_type("bytea"))


def lengthb(node: exp.Expression, ctx: Context) -> exp.Expression:
    """LENGTHB counts bytes in the database character set: octet_length when that is AL32UTF8 / UTF8 (PostgreSQL's
    UTF8, Aurora's default encoding); in another character set the counts differ (flagged)."""
    if ctx.options.nls_characterset.upper() not in ("AL32UTF8", "UTF8"):
        ctx.flag("CONV-ORA-FUNC-001", node, f"LENGTHB in the {ctx.options.nls_characterset} character set")
        return node
    return call("octet_length", *[a.copy() for a in args_of(node)])


def ascii_code(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ASCII(s) is "the decimal representation in the database character set of the first character": on AL32UTF8
    the number its UTF-8 bytes spell (é, C3 A9, is 50089), where PostgreSQL's ascii() gives the code point (233).
    The same for every character of the ASCII range. Another character set's bytes differ: flagged."""
    if ctx.options.nls_characterset.upper() != "AL32UTF8":
        ctx.flag("CONV-ORA-FUNC-001", node, f"ASCII in the {ctx.options.nls_characterset} character set")
        return node
    first = call("substr", args_of(node)[0].copy(), exp.Literal.number(1), exp.Literal.number(1))
    digits = call("encode", call("convert_to", first, exp.Literal.string("UTF8")), exp.Literal.string("hex"))
    bits = exp.DPipe(this=exp.Literal.string("x"), expression=call("lpad", digits, exp.Literal.number(16),
                     exp.Literal.string("0")))  # fmt: skip
    return exp.cast(exp.cast(bits, exp.DataType.build("bit(64)")), exp.DataType.build("bigint"))


# SUBSTRB(t, 1, l) over the text's characters and the bytes each one ends at: a character within the first l bytes
# is kept, each byte of the one the end cuts is a space, the rest dropped; nothing left is NULL (Oracle's '')
_SUBSTRB = """(SELECT nullif(string_agg(CASE WHEN b.l IS NULL THEN NULL WHEN c.en <= b.l THEN c.ch
 WHEN c.en - octet_length(c.ch) + 1 > b.l THEN '' ELSE repeat(' ', CAST(b.l - c.en + octet_length(c.ch) AS INT)) END,
 '' ORDER BY c.i), '')
 FROM (SELECT aurora_t AS t, trunc(CAST(aurora_l AS NUMERIC)) AS l) AS b
 CROSS JOIN LATERAL (SELECT x.ch, x.i, sum(octet_length(x.ch)) OVER (ORDER BY x.i) AS en
   FROM regexp_split_to_table(b.t, '') WITH ORDINALITY AS x(ch, i)) AS c)"""


def substrb(node: exp.Expression, ctx: Context) -> exp.Expression:
    """SUBSTRB(s, 1, len) counts bytes of the database character set (AL32UTF8 / UTF8 here), the usual way to cut
    a text to a byte size: len below 1 or NULL gives NULL; a last character cut by the end becomes one space per
    byte taken of it (as Oracle pads it on AL32UTF8), so the result has the bytes asked for. From another position
    a character cut at the start has no documented result, and another character set counts differently: flagged."""
    args = args_of(node)
    first = len(args) in (2, 3) and isinstance(args[1], exp.Literal) and args[1].name in ("0", "1")
    charset = ctx.options.nls_characterset
    if charset.upper() not in ("AL32UTF8", "UTF8") or not first:
        why = f"in the {charset} character set" if first else "from another byte than the first (a cut character)"
        ctx.flag("CONV-ORA-FUNC-001", node, f"SUBSTRB {why}")
        return node
    length = args[2].copy() if len(args) == 3 else call("octet_length", args[0].copy())
    values = {"aurora_t": exp.cast(args[0].copy(), pg_type("text")), "aurora_l": length}
    built = sqlglot.parse_one(_SUBSTRB, read="postgres")
    for column in list(built.find_all(exp.Column)):
        if column.name in values and not column.table:
            column.replace(values[column.name].copy())
    return built


def hextoraw(node: exp.Expression, ctx: Context) -> exp.Expression:
    """HEXTORAW(text): the bytes its hex digits spell, a RAW (bytea). An odd number of digits reads as if a 0 led
    them (Oracle's HEXTORAW('A') is 0A); a character that is not a hex digit raises in both (PostgreSQL's decode
    skips white space, so it becomes a `g`, which decode refuses, as Oracle refuses the space)."""
    text = args_of(node)[0]
    length = call("length", text.copy())
    even = call(
        "lpad",
        text.copy(),
        exp.Add(this=length, expression=exp.Mod(this=length.copy(), expression=exp.Literal.number(2))),
        exp.Literal.string("0"),
    )
    spaces = exp.DPipe(
        this=exp.DPipe(
            this=exp.DPipe(this=exp.Literal.string(" "), expression=call("chr", exp.Literal.number(9))),
            expression=call("chr", exp.Literal.number(10)),
        ),
        expression=call("chr", exp.Literal.number(13)),
    )
    strict = call("translate", even, spaces, exp.Literal.string("gggg"))
    decode = call("decode", strict, exp.Literal.string("hex"))  # pg_catalog's: not Oracle's DECODE left over
    return exp.Dot(this=exp.to_identifier("pg_catalog"), expression=decode)
