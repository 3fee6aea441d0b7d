"""Integer arguments: Oracle built-ins take NUMBER where PostgreSQL's take integer (SUBSTR positions, LPAD lengths,
ROUND / TRUNC digits, CHR codes, REGEXP_* positions). Oracle converts a NUMBER argument to an integer by
truncating it ("floating-point numbers passed as arguments to SUBSTR are automatically converted to integers");
PostgreSQL has no numeric overload of these functions and refuses the call at compile time, which in PL/SQL code
(NUMBER parameters and variables everywhere) is the common case. So an argument in an integer position that is not
an integer literal is passed as CAST(trunc(x) AS integer): the value Oracle uses, and a no-op for integers."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context, pg_type
from converters.rewrites.oracle_numbers import number_kind_of, number_text

# typed sqlglot calls -> the argument names that are integers in PostgreSQL's signature
TYPED: dict[type[exp.Expression], tuple[str, ...]] = {
    exp.Pad: ("expression",),
    exp.Round: ("decimals",),
    exp.Repeat: ("times",),
    exp.RegexpSubstr: ("position", "occurrence", "group"),
    exp.RegexpInstr: ("position", "occurrence", "option", "group"),
    exp.Left: ("expression",),
    exp.Right: ("expression",),
}
# calls built by the function mappings (upper name) -> 0-based positions of their integer arguments
ANONYMOUS: dict[str, tuple[int, ...]] = {
    "SUBSTR": (1, 2),
    "TRUNC": (1,),
    "ORACLE.INSTR": (2, 3),  # orafce oracle.instr(text, text, integer, integer)
    "REGEXP_COUNT": (2,),
    "REGEXP_SUBSTR": (2, 3, 5),
    "REGEXP_INSTR": (2, 3, 4, 6),
    "REGEXP_REPLACE": (3, 4),
    "CHR": (0,),
}


def integer_arguments(node: exp.Expression, ctx: Context) -> exp.Expression:
    known = ctx.options.integer_columns
    if isinstance(node, exp.Anonymous):
        positions = ANONYMOUS.get(str(node.name).upper(), ())
        for index in positions:
            if index < len(node.expressions):
                node.expressions[index] = as_integer(node.expressions[index], known)
        return node
    if isinstance(node, exp.Chr) and node.expressions:
        code = node.expressions[0]
        if isinstance(code, exp.Literal) and code.name == "0":  # would fail at run time, not at deploy
            ctx.flag("CONV-ORA-FUNC-001", node, "CHR(0): PostgreSQL text cannot hold a NUL character (use bytea)")
        node.expressions[0] = as_integer(code, known)
        return node
    for name in TYPED.get(type(node), ()):
        value = node.args.get(name)
        if isinstance(value, exp.Expression):
            node.set(name, as_integer(value, known))
    if isinstance(node, exp.Pad) and not _is_text(node.this):
        # LPAD(n, 2, '0'): Oracle pads TO_CHAR(n); for an integer that is its digits, as n::text in PostgreSQL,
        # for another NUMBER Oracle's number text (oracle_numbers: 200.00 -> '200', 0.5 -> '.5')
        if number_kind_of(node.this, ctx):
            node.set("this", number_text(node.this, ctx))
        elif _is_integer(node.this, known):
            node.set("this", exp.cast(node.this.copy(), exp.DataType.build("text")))
    fill = node.args.get("fill_pattern") if isinstance(node, exp.Pad) else None
    if isinstance(fill, exp.Literal) and not fill.is_string and fill.name.isdigit():
        node.set("fill_pattern", exp.Literal.string(fill.name))  # LPAD(x, 2, 0) pads with '0'
    return node


def _is_text(value: exp.Expression) -> bool:
    return isinstance(value, exp.Literal) and value.is_string


def as_integer(value: exp.Expression, known: frozenset[str]) -> exp.Expression:
    if _is_integer(value, known):
        return value
    return exp.cast(exp.Anonymous(this="trunc", expressions=[value.copy()]), exp.DataType.build("int"))


def _is_integer(value: exp.Expression, known: frozenset[str] = frozenset()) -> bool:
    """An integer already: a literal, a cast to an integer type, a length or position, a variable known to be one,
    or + - * of integers, a CASE whose every result is one, GREATEST / LEAST of integers."""
    if isinstance(value, (exp.Neg, exp.Paren)):
        return _is_integer(value.this, known)
    if isinstance(value, exp.Case):
        results = [i.args["true"] for i in value.args.get("ifs", [])] + [value.args.get("default") or exp.Null()]
        return all(_is_integer(r, known) for r in results)
    if isinstance(value, (exp.Greatest, exp.Least)) or (
        isinstance(value, exp.Anonymous) and str(value.name).upper() in ("GREATEST", "LEAST")
    ):
        first = [value.this] if isinstance(value, (exp.Greatest, exp.Least)) else []
        return all(_is_integer(a, known) for a in [*first, *value.expressions])
    if isinstance(value, (exp.Add, exp.Sub, exp.Mul)):
        return _is_integer(value.this, known) and _is_integer(value.expression, known)
    if isinstance(value, exp.Column):
        return not value.table and value.name.lower() in known
    if isinstance(value, exp.Literal):
        return value.is_string or value.name.isdigit()  # a string is a date unit (ROUND(d, 'MM')): not ours
    if isinstance(value, exp.Cast):
        return value.to.this in (exp.DataType.Type.INT, exp.DataType.Type.BIGINT, exp.DataType.Type.SMALLINT)
    if isinstance(value, exp.Null):
        return True
    return isinstance(value, (exp.Length, exp.StrPosition)) or (
        isinstance(value, exp.Anonymous) and str(value.name).upper() in ("LENGTH", "STRPOS", "CARDINALITY")
    )


# what a position or length function returns: never negative (0 when not found), or NULL
_NOT_NEGATIVE = (exp.StrPosition, exp.Length)
_NOT_NEGATIVE_CALLS = frozenset({"STRPOS", "REGEXP_INSTR", "LENGTH"})


def at_least_one(start: exp.Expression) -> bool:
    """A start PostgreSQL's substr reads as Oracle's SUBSTR does: `INSTR(s, x) + 1`, `LENGTH(s) + 1` (a position
    or a length, plus a positive integer) is 1 or more, or NULL."""
    start = start.unnest()
    if not isinstance(start, exp.Add):
        return False
    for one, other in ((start.this, start.expression), (start.expression, start.this)):
        if isinstance(one, exp.Literal) and one.is_int and int(one.name) >= 1:
            other = other.unnest()
            if isinstance(other, _NOT_NEGATIVE) or (
                isinstance(other, exp.Anonymous) and other.name.upper() in _NOT_NEGATIVE_CALLS
            ):
                return True
    return False


def bitand(node: exp.Expression, ctx: Context) -> exp.Expression:
    """BITAND(a, b) -> (a & b): in parentheses, as a call is one operand (PostgreSQL's & binds looser than + and -:
    `x + y - x & y` would be `(x + y - x) & y`). Oracle first truncates each argument towards zero (SIGN(A) *
    FLOOR(ABS(A))); PostgreSQL has no & on numeric, so a NUMBER not known to be an integer is trunc()ed and cast to
    bigint (outside bigint's range PostgreSQL raises, where Oracle computes on 128 bits)."""
    left, right = (_whole_bigint(a, ctx) for a in args_of(node))
    return exp.Paren(this=exp.BitwiseAnd(this=left, expression=right))


def _whole_bigint(arg: exp.Expression, ctx: Context) -> exp.Expression:
    if _is_integer(arg, ctx.options.integer_columns):  # a PostgreSQL integer already (a literal, an int variable)
        return exp.paren(arg.copy()) if isinstance(arg, exp.Binary) else arg.copy()
    if number_kind_of(arg, ctx) == "integer":  # whole, but a numeric here (PL/SQL INTEGER is NUMBER(38))
        return exp.cast(arg.copy(), pg_type("bigint"))
    return exp.cast(call("trunc", exp.cast(arg.copy(), pg_type("numeric"))), pg_type("bigint"))
