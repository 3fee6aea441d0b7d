"""Collections in expressions (a step of plsql_expr's walk): subscripts v(i) -> v[i] and the methods COUNT, FIRST,
LAST, EXISTS(i); NEXT and PRIOR on collections known to be dense (nested tables and VARRAYs of schema-level types).
A collection is a variable of the unit or of its package, or `pkg.v` of another package."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def neighbour(w: Walk, i: int, method: str, size: str) -> tuple[str, int] | None:
    """c.NEXT(n) / c.PRIOR(n) on a nested table or VARRAY of a schema-level type: dense and 1-based here (an element
    DELETE is a finding), so the next index after n is n + 1 up to the count, and 1 for any n below 1 (PRIOR alike).
    Only for a variable subscript (evaluated once per use in Oracle as here); a subscript is rounded as Oracle
    rounds a NUMBER to PLS_INTEGER."""
    close = w.matching(i + 3)
    if close != i + 5 or w.tokens[i + 4].kind not in ("word", "number"):
        return None
    n = f"round({w.inner(i + 4, close)})"
    if method == "NEXT":
        form = f"(CASE WHEN {n} < 1 THEN CASE WHEN {size} > 0 THEN 1 END WHEN {n} < {size} THEN {n}::integer + 1 END)"
    else:
        form = (
            f"(CASE WHEN {n} > {size} THEN CASE WHEN {size} > 0 THEN {size} END WHEN {n} > 1 THEN {n}::integer - 1 END)"
        )
    return w.placeholder(form), close + 1


COLLECTION_METHODS = frozenset({"COUNT", "FIRST", "LAST", "LIMIT", "EXISTS", "PRIOR", "NEXT"})


def collection(w: Walk, i: int) -> tuple[str, int] | None:
    """v(i) -> v[i]; v.COUNT / FIRST / LAST / EXISTS(i) -> array functions (collections are 1-based arrays)."""
    found = _collection_at(w, i)
    if found is None:
        return None
    var, i = found  # i: the collection's last name token from here on
    if w.text(i + 1) == "(":
        close = w.matching(i + 1)
        if all(t.kind != "word" for t in w.tokens[i + 2 : close]):
            # a constant subscript travels as a placeholder: sqlglot would shift it as if Oracle counted from 0
            return f"{var}[{w.placeholder(w.scope.src.slice((i + 2, close)))}]", close + 1
        w.closers[close] = "]"
        return var + "[", i + 2
    if w.text(i + 1) == "." and w.word(i + 2) in COLLECTION_METHODS:
        method = w.word(i + 2)
        size = f"coalesce(cardinality({var}), 0)"
        if method == "EXISTS" and w.text(i + 3) == "(":
            close = w.matching(i + 3)
            index = w.inner(i + 4, close)
            return w.placeholder(f"(({index}) BETWEEN 1 AND {size})"), close + 1
        simple = {"COUNT": size, "LAST": f"array_upper({var}, 1)", "FIRST": f"array_lower({var}, 1)"}
        if method in simple:  # v.COUNT() with empty parentheses, as PL/SQL also accepts, is v.COUNT
            empty = w.text(i + 3) == "(" and w.text(i + 4) == ")"
            return w.placeholder(simple[method]), i + (5 if empty else 3)
        if method in ("NEXT", "PRIOR") and w.word(i) in w.scope.elements and w.text(i + 3) == "(":
            step = neighbour(w, i, method, size)
            if step is not None:
                return step
        w.scope.flag("AM-PLSQL-019", i, f"{var}.{method}")
    return None


def _collection_at(w: Walk, i: int) -> tuple[str, int] | None:
    """(how the statement reads it, index of its last name token) for a collection named at i: a variable of the
    unit or of its package, or `pkg.v` of another package (read through its accessor)."""
    if i > w.first and w.text(i - 1) == ".":
        return None
    name = w.word(i)
    if name in w.scope.collections:
        return reference(w, i), i
    package = w.scope.package_of(name) if w.text(i + 1) == "." else None
    variable = package.variables.get(w.word(i + 2)) if package is not None else None
    if package is None or variable is None or not variable.type.endswith("[]"):
        return None
    return w.placeholder(f"({package.schema}.{w.word(i + 2).lower()}())"), i + 2


def reference(w: Walk, i: int) -> str:
    """How the statement reads the collection named at `i`: itself, or its package accessor's value."""
    scope, name = w.scope, w.word(i)
    own = scope.package
    if own is not None and name in own.variables and name not in scope.locals:
        return w.placeholder(f"({own.schema}.{name.lower()}())")
    return w.tokens[i].text
