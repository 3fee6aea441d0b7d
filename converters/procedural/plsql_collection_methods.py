"""Collections in PL/SQL expressions (a step of plsql_expr's walk): v(i) -> v[i], v.COUNT / FIRST / LAST / EXISTS(i)
-> array functions, and the methods that take an index on collections known to be dense (nested tables and VARRAYs
of schema-level types): NEXT and PRIOR. A collection is a variable of the unit or of its package, `pkg.v` of another
package (read through its accessor), or a collection attribute of an object: SELF.a, a alone inside a method of the
type, v.a of a variable of the type (the attribute of the composite: self.a[i])."""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_dense import dense_collection
from converters.procedural.plsql_objrefs import method_call
from converters.procedural.plsql_scope import Scope, object_members, record_collections

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

COLLECTION_METHODS = frozenset({"COUNT", "FIRST", "LAST", "LIMIT", "EXISTS", "PRIOR", "NEXT"})


def collection(w: Walk, i: int) -> tuple[str, int] | None:
    """v(i) -> v[i]; v.COUNT / FIRST / LAST / EXISTS(i) -> array functions (collections are 1-based arrays)."""
    found = _collection_at(w, i)
    if found is None:
        return None
    var, j, element = found  # j: the token after the collection's name
    if w.text(j) == "(":
        close = w.matching(j)
        member = _element_member(w, element, var, j, close)
        if member is not None:
            return member
        if all(t.kind != "word" for t in w.tokens[j + 1 : close]):
            # a constant subscript travels as a placeholder: sqlglot would shift it as if Oracle counted from 0
            return f"{var}[{w.placeholder(w.scope.src.slice((j + 1, close)))}]", close + 1
        w.closers[close] = "]"
        return var + "[", j + 1
    if w.text(j) == "." and w.word(j + 1) in COLLECTION_METHODS:
        return _method(w, i, j, var)
    return None


def _collection_at(w: Walk, i: int) -> tuple[str, int, str] | None:
    """(how the statement reads it, index of the token after its name, element type) for a collection named at i: a
    variable of the unit or of its package, a collection attribute of an object, or `pkg.v` of another package (read
    through its accessor)."""
    if i > w.first and w.text(i - 1) == ".":
        return None
    scope, name = w.scope, w.word(i)
    if name in scope.collections:
        return reference(w, i), i + 1, scope.elements.get(name, scope.collections[name][:-2])
    attribute = attribute_collection(scope, i, w.end)
    if attribute is not None:
        return attribute[0], attribute[2], attribute[1][1]
    package = scope.package_of(name) if w.text(i + 1) == "." else None
    variable = package.variables.get(w.word(i + 2)) if package is not None else None
    if package is None or variable is None or not variable.type.endswith("[]"):
        return None
    return w.placeholder(f"({package.schema}.{w.word(i + 2).lower()}())"), i + 3, variable.type[:-2]


def _element_member(w: Walk, element: str, var: str, j: int, close: int) -> tuple[str, int] | None:
    """v(i).m(a) of a collection of objects -> type_m(v[i], a): the element's member function."""
    if w.text(close + 1) != "." or not element:
        return None
    target = next((t for t in object_members(w.scope.ctx).values() if t.target == element), None)
    method = w.word(close + 2)
    if target is None or not target.methods.get(method, "").startswith("MEMBER FUNCTION"):
        return None
    index = w.inner(j + 1, close)
    if all(t.kind != "word" for t in w.tokens[j + 1 : close]):  # a constant: as collection() keeps it
        index = w.placeholder(w.scope.src.slice((j + 1, close)))
    return method_call(w.scope, close + 2, w.end, target, f"{var}[{index}]")


def _method(w: Walk, i: int, j: int, var: str) -> tuple[str, int] | None:
    method = w.word(j + 1)
    size = f"coalesce(cardinality({var}), 0)"
    if method == "EXISTS" and w.text(j + 2) == "(":
        close = w.matching(j + 2)
        index = w.inner(j + 3, close)
        return w.placeholder(f"(({index}) BETWEEN 1 AND {size})"), close + 1
    simple = {"COUNT": size, "LAST": f"array_upper({var}, 1)", "FIRST": f"array_lower({var}, 1)"}
    if method in simple:  # v.COUNT() with empty parentheses, as PL/SQL also accepts, is v.COUNT
        empty = w.text(j + 2) == "(" and w.text(j + 3) == ")"
        return w.placeholder(simple[method]), j + (4 if empty else 2)
    if method in ("NEXT", "PRIOR") and j == i + 1 and w.text(j + 2) == "(":
        step = neighbour(w, i, method, size) if _dense(w, i) else _bounded_neighbour(w, i, method, var)
        if step is not None:
            return step
    w.scope.flag("AM-PLSQL-019", i, f"{var}.{method}")
    return None


def _dense(w: Walk, i: int) -> bool:
    return w.word(i) in w.scope.elements or dense_collection(w.scope, w.word(i), i)


def reference(w: Walk, i: int) -> str:
    """How the statement reads the collection named at `i`: itself, or its package accessor's value."""
    scope, name = w.scope, w.word(i)
    own = scope.package
    if own is not None and name in own.variables and name not in scope.locals:
        return w.placeholder(f"({own.schema}.{name.lower()}())")
    return w.tokens[i].text


def attribute_collection(scope: Scope, i: int, end: int) -> tuple[str, tuple[str, str], int] | None:
    """(PostgreSQL reference, (array type, element type), index after it) of a collection attribute of an object
    named from token i: SELF.a, a alone in a method of the type, v.a of a variable of the type."""
    tokens, registry = scope.src.tokens, object_members(scope.ctx)
    if not (registry or scope.record_vars) or tokens[i].kind != "word":
        return None
    own = registry.get(scope.self_type)
    name = tokens[i].upper
    if own is not None and name in own.collections and name not in scope.locals:
        return f"self.{tokens[i].text}", own.collections[name], i + 1
    if i + 2 >= end or tokens[i + 1].text != ".":
        return None
    attribute = tokens[i + 2].upper
    fields = record_collections(scope.ctx).get(scope.record_vars.get(name, ""), {})
    if attribute in fields:  # a RECORD variable's collection field
        return f"{tokens[i].text}.{tokens[i + 2].text}", fields[attribute], i + 3
    target = own if name == "SELF" else registry.get(scope.object_vars.get(name, ""))
    if target is None or attribute not in target.collections:
        return None
    var = "self" if name == "SELF" else tokens[i].text
    return f"{var}.{tokens[i + 2].text}", target.collections[attribute], i + 3


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


def _bounded_neighbour(w: Walk, i: int, method: str, var: str) -> tuple[str, int] | None:
    """c.NEXT(n) / c.PRIOR(n) on an INDEX BY PLS_INTEGER table: an array here, whose every write is checked to
    leave no gap (plsql_elements), so its indices are array_lower .. array_upper with none missing (a caller may
    pass one that starts elsewhere than 1). The next index after n is the lower bound for n below it, n + 1 below
    the upper bound, NULL from there (PRIOR alike); NULL for a NULL n or an empty table, as in Oracle."""
    if w.word(i) not in w.scope.collections:
        return None
    close = w.matching(i + 3)
    if close != i + 5 or w.tokens[i + 4].kind not in ("word", "number"):
        return None
    n = f"round({w.inner(i + 4, close)})"
    low, high = f"array_lower({var}, 1)", f"array_upper({var}, 1)"
    if method == "NEXT":
        form = f"(CASE WHEN {n} < {low} THEN {low} WHEN {n} < {high} THEN {n}::integer + 1 END)"
    else:
        form = f"(CASE WHEN {n} > {high} THEN {high} WHEN {n} > {low} THEN {n}::integer - 1 END)"
    return w.placeholder(form), close + 1
