"""String-keyed maps (plsql_mapdomain) in PL/SQL expressions, a step of plsql_expr's walk: m(k) reads the element
(NO_DATA_FOUND when missing), m.COUNT / FIRST / LAST / EXISTS(k) / NEXT(k) / PRIOR(k) call the helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_argtypes import as_text
from converters.procedural.plsql_mapdomain import binary_order, is_record, map_of, map_types, reference
from converters.procedural.plsql_scope import Scope, date_functions, number_functions
from converters.procedural.plsql_typekinds import is_date_type, number_kind_of_type

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

_ORDERED = frozenset({"FIRST", "LAST", "NEXT", "PRIOR"})


def map_access(w: Walk, i: int) -> tuple[str, int] | None:
    """m(k) -> the element (NO_DATA_FOUND when missing); m.COUNT / FIRST / LAST / EXISTS(k) / NEXT(k) / PRIOR(k)."""
    located = _located(w, i)
    if located is None:
        return None
    var, i, (element, length, helpers) = located  # i: the map's name (`g` of `pkg.g`)
    if w.text(i + 1) == "(":  # the key is converted with the rest of the expression; NULL::t types the result
        call = f'"{helpers}".{_getter(w.scope, helpers, element)}'  # quoted: a schema named like a keyword (CACHE)
        close = w.matching(i + 1)
        number = as_text(w.scope, i + 2, close, type(w))  # a NUMBER key is its Oracle text, as in m(k) := v
        field = w.text(close + 1) == "."  # m(k).f: a record element's field, (getter(...)).f
        w.closers[close] = (
            f"{')' if number else ''}, {length}, {w.placeholder(f'NULL::{element}')}){')' if field else ''}"
        )
        return f"{'(' if field else ''}{call}({var}, {'TO_CHAR(' if number else ''}", i + 2
    method = w.word(i + 2) if w.text(i + 1) == "." else ""
    if method in _ORDERED and not binary_order(w.scope):
        w.scope.flag("AM-PLSQL-011", i, f"{w.tokens[i].text}.{method}: keys ordered by a linguistic NLS_SORT")
        return None
    if method in ("COUNT", "FIRST", "LAST"):
        empty = w.text(i + 3) == "(" and w.text(i + 4) == ")"
        return w.placeholder(f'"{helpers}".aurora_map_{method.lower()}({var})'), i + (5 if empty else 3)
    if method in ("EXISTS", "NEXT", "PRIOR") and w.text(i + 3) == "(":
        call, close = f'"{helpers}".aurora_map_{method.lower()}', w.matching(i + 3)
        number = as_text(w.scope, i + 4, close, type(w))  # as for m(k)
        w.closers[close] = "))" if number else ")"
        return f"{call}({var}, {'TO_CHAR(' if number else ''}", i + 4
    if method:
        w.scope.flag("AM-PLSQL-019", i, f"{w.tokens[i].text}.{method} on an associative array")
    return None


def _located(w: Walk, i: int) -> tuple[str, int, tuple[str, int, str]] | None:
    """(how the statement reads it, index of its name, (element, key length, helpers)) for a map named at `i`: a
    variable or parameter of the unit, of its package, or `pkg.g` of another package (read through its accessor)."""
    if i > w.first and w.text(i - 1) == ".":
        return None
    scope, name = w.scope, w.word(i)
    found = map_of(scope, name)
    if found is not None:
        return w.placeholder(reference(scope, i, name)), i, found
    package = scope.package_of(name) if w.text(i + 1) == "." and w.text(i + 3) in ("(", ".") else None
    variable = package.variables.get(w.word(i + 2)) if package is not None else None
    if package is None or variable is None or variable.type not in map_types(scope):
        return None
    read = f"({package.schema}.{w.word(i + 2).lower()}())"
    return w.placeholder(read), i + 2, map_types(scope)[variable.type]


def _getter(scope: Scope, home: str, element: str) -> str:
    """The reader of m(k) for `element`: a NUMBER's or a DATE's one is registered as returning that, so `||` (number
    text) and date arithmetic on it convert as on a variable of the type."""
    kind = number_kind_of_type(element)
    if kind:
        number_functions(scope.ctx)[f"{home}.aurora_map_get_{kind}".lower()] = kind
        return f"aurora_map_get_{kind}"
    if is_date_type(element):
        date_functions(scope.ctx).add(f"{home}.aurora_map_get_date".lower())
        return "aurora_map_get_date"
    if element.startswith("timestamp"):  # the rewrites know this name: ts - m(k) is an INTERVAL, as in Oracle
        return "aurora_map_get_timestamp"
    if is_record(scope, element):  # a JSON object read back into the record type
        return "aurora_map_get_record"
    return "aurora_map_get"
