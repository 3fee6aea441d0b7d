"""Hexadecimal format models: TO_NUMBER(text, 'XXXX'). PostgreSQL's to_number has no X element.

Oracle's X element ("Format Models", number format elements) reads or writes hexadecimal digits; a model of X's may
be led by 0's and FM only. TO_NUMBER reads text of at most as many hexadecimal digits as the model has digit
positions (either case) and raises an invalid-number error for anything else (a sign, a blank, one digit too many).
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
