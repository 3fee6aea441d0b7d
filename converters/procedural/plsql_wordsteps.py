"""Steps of the expression walk (plsql_expr.STEPS) over single words and dotted names: Oracle's float literals,
PL/SQL's infix MOD, fields of record fields, and variables named by PostgreSQL's reserved key words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.names import variable_name

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

_FLOAT_SUFFIXES = {"D": "double precision", "F": "real"}  # BINARY_DOUBLE, BINARY_FLOAT: IEEE 754 as PostgreSQL's


def float_literal(w: Walk, i: int) -> tuple[str, int] | None:
    """1d / 2.5f: Oracle's BINARY_DOUBLE / BINARY_FLOAT literals (the suffix written against the number)."""
    token = w.tokens[i]
    if token.kind != "number" or i + 1 >= w.end:
        return None
    suffix = w.tokens[i + 1]
    if suffix.kind != "word" or suffix.upper not in _FLOAT_SUFFIXES or suffix.start != token.end:
        return None
    return w.placeholder(f"CAST({token.text} AS {_FLOAT_SUFFIXES[suffix.upper]})"), i + 2


def infix_mod(w: Walk, i: int) -> tuple[str, int] | None:
    """`a MOD b`: PL/SQL's MOD operator (the precedence of * and /) -> `a % b`, which the query rewrites read as
    Oracle's MOD (the dividend's sign; MOD(a, 0) is a: oracle_documented.mod_zero)."""
    if w.word(i) != "MOD" or w.text(i + 1) == "(" or i == w.first or "MOD" in w.scope.locals:
        return None
    before = w.tokens[i - 1]
    if before.kind not in ("word", "qident", "number", "string") and before.text != ")":
        return None
    return "%", i + 1


def nested_field(w: Walk, i: int) -> tuple[str, int] | None:
    """v.a.b (a field of a record field of a variable): PostgreSQL reads three names as schema.table.column, so the
    first field is selected in parentheses, `(v.a).b`."""
    token = w.tokens[i]
    if token.kind != "word" or token.upper not in w.scope.locals or (i > w.first and w.text(i - 1) == "."):
        return None
    if w.text(i + 1) != "." or w.text(i + 3) != "." or w.tokens[i + 2].kind not in ("word", "qident"):
        return None
    if w.tokens[i + 4].kind not in ("word", "qident") or w.text(i + 5) == "(":  # not a method call
        return None
    end = i + 3
    while w.text(end) == "." and end + 1 < w.end and w.tokens[end + 1].kind in ("word", "qident"):
        end += 2
    if w.text(end) == ":=" or (i == w.first and end == w.end):  # assigned (PL/pgSQL takes a.b.c := x as written)
        return None
    return f"({variable_name(token.text)}.{w.tokens[i + 2].text})", i + 3


def reserved_variable(w: Walk, i: int) -> tuple[str, int] | None:
    """A variable or parameter named by a PostgreSQL reserved key word (offset, limit), or such a field of a record
    variable (`s.offset`): in quotes (variable_name), as the record's type declares it (plsql_types.record_type)."""
    token = w.tokens[i]
    after_dot = i > w.first and w.text(i - 1) == "."
    field = after_dot and i - 2 >= w.first and w.tokens[i - 2].upper in w.scope.locals
    if token.kind != "word" or (token.upper not in w.scope.locals and not field) or (after_dot and not field):
        return None
    quoted = variable_name(token.text)
    return (quoted, i + 1) if quoted != token.text else None
