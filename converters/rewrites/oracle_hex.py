"""Hexadecimal format models: TO_NUMBER(text, 'XXXX') and TO_CHAR(n, 'XXXX'). PostgreSQL's to_number and to_char
have no X element.

Oracle's X element ("Format Models", number format elements) reads or writes hexadecimal digits; a model of X's may
be led by 0's and FM only. TO_NUMBER reads text of at most as many hexadecimal digits as the model has digit
positions (either case) and raises an invalid-number error for anything else (a sign, a blank, one digit too many).
TO_CHAR rounds the number to an integer and writes its hexadecimal digits right-aligned in the model's positions
(upper case for X, lower for x), led by one blank unless FM is given, the empty positions zeros where the model
has leading 0's and blanks otherwise (FM drops those blanks); a negative number is an error.
"""

from __future__ import annotations

import re

from sqlglot import exp

from converters.rewrites.calls import call
from converters.rewrites.common import pg_type

_MODEL = re.compile(r"(?:FM)?0*X+", re.IGNORECASE)  # the only hexadecimal models Oracle accepts
_WIDEST = 15  # digits whose value fits a bigint read from bit(64) without reaching its sign bit


def hex_width(model: exp.Expression | None) -> int:
    """The digit positions of a hexadecimal number model written as a literal ('XXXX', '0XX', 'FMXX'); 0 when the
    model is none."""
    if not (isinstance(model, exp.Literal) and model.is_string) or not _MODEL.fullmatch(model.name):
        return 0
    return len(model.name) - (2 if model.name.upper().startswith("FM") else 0)


def hex_to_number(text: exp.Expression, width: int) -> exp.Expression | None:
    """TO_NUMBER(text, model of `width` hexadecimal positions): a literal read now, exactly; a column or variable
    read at run time, for models of up to 15 positions (a bigint holds every such value): NULL stays NULL, text
    that is not 1 to `width` hexadecimal digits raises invalid_text_representation, as Oracle raises ORA-01722.
    None when neither applies (the caller keeps its finding)."""
    if isinstance(text, exp.Literal) and text.is_string:
        if re.fullmatch(rf"[0-9A-Fa-f]{{1,{width}}}", text.name) is None:
            return None  # Oracle raises: left to the finding
        return exp.Literal.number(int(text.name, 16))
    if not isinstance(text, (exp.Column, exp.Placeholder, exp.Parameter)) or width > _WIDEST:
        return None  # a call would be evaluated more than once
    digits = exp.RegexpLike(this=text.copy(), expression=exp.Literal.string(f"^[0-9A-Fa-f]{{1,{width}}}$"))
    bits = exp.cast(exp.DPipe(this=exp.Literal.string("x"), expression=call("lpad", text.copy(),
                    exp.Literal.number(16), exp.Literal.string("0"))), exp.DataType.build("bit(64)"))  # fmt: skip
    value = exp.cast(exp.cast(bits, exp.DataType.build("bigint")), pg_type("numeric"))
    # no number's text ends with z: the cast raises invalid_text_representation, Oracle's ORA-01722
    refused = exp.cast(exp.DPipe(this=text.copy(), expression=exp.Literal.string("z")), pg_type("numeric"))
    null = exp.If(this=exp.Is(this=text.copy(), expression=exp.Null()), true=exp.Null())
    return exp.Case(ifs=[null, exp.If(this=digits, true=value)], default=refused)


# what TO_CHAR's argument may be made of to be read more than once: no call that could change or differ
_STEADY = (exp.Column, exp.Literal, exp.Identifier, exp.Paren, exp.Neg, exp.Add, exp.Sub, exp.Mul, exp.Div,
           exp.Placeholder, exp.Parameter, exp.Cast, exp.DataType, exp.DataTypeParam, exp.Unicode, exp.Length,
           exp.Round, exp.Floor, exp.Ceil, exp.Abs, exp.Mod, exp.Ascii, exp.DPipe, exp.Substring)  # fmt: skip


_STEADY_CALLS = frozenset({"ascii", "length", "octet_length", "abs", "round", "trunc", "floor", "ceil", "mod",
                           "strpos", "sign", "substr", "lpad", "encode", "convert_to"})  # fmt: skip


def _steady_call(node: exp.Expression) -> bool:
    return isinstance(node, exp.Anonymous) and str(node.name).lower() in _STEADY_CALLS


def hex_text(value: exp.Expression, model: str) -> exp.Expression | None:
    """TO_CHAR(value, model) for a hexadecimal model of up to 15 positions whose X's are all one case; None
    otherwise (or when the value holds a call that may not be read twice), and the caller keeps its finding."""
    fill_mode = model.upper().startswith("FM")
    body = model[2:] if fill_mode else model
    digits = body.lstrip("0")
    zeros = len(body) - len(digits)
    if not (digits == "X" * len(digits) or digits == "x" * len(digits)) or len(body) > _WIDEST:
        return None
    if fill_mode and not zeros:
        return None  # FM without 0: how Oracle writes an overflow there is not documented
    if any(not isinstance(node, _STEADY) and not _steady_call(node) for node in value.walk()):
        return None
    width = len(body)
    rounded = call("round", value.copy())
    hexa = call("to_hex", exp.cast(rounded, exp.DataType.build("bigint")))
    hexa = call("upper", hexa) if digits[0] == "X" else hexa
    padded = call("lpad", hexa, exp.Literal.number(width), exp.Literal.string("0" if zeros else " "))
    text = padded if fill_mode else exp.DPipe(this=exp.Literal.string(" "), expression=padded)
    # a negative number raises (Oracle: "negative values return an error"): no number's text ends with z
    # (of the value's own text: a constant's branch would be folded, and raise, when the statement is planned)
    refused = exp.DPipe(this=exp.cast(rounded.copy(), exp.DataType.build("text")), expression=exp.Literal.string("z"))
    negative = exp.If(this=exp.LT(this=rounded.copy(), expression=exp.Literal.number(0)),
                      true=exp.cast(exp.cast(refused, pg_type("numeric")), exp.DataType.build("text")))  # fmt: skip
    overflow = exp.If(
        this=exp.GTE(this=rounded.copy(), expression=exp.Literal.number(16**width)),
        true=exp.Literal.string("#" * (width + 1)),  # Oracle fills the model's width and its sign position
    )
    null = exp.If(this=exp.Is(this=value.copy(), expression=exp.Null()), true=exp.Null())
    return exp.Case(ifs=[null, negative, overflow], default=text)
