"""Writing one element of a collection that became an array: `v(i) := x`.

A PostgreSQL array assigned past its bounds grows and fills the gap with NULLs (`v[5]` on `{a}` gives five
elements), so COUNT, EXISTS and NEXT would count the gap. Oracle differs by kind:
- an INDEX BY table keeps only the elements written (v(1), v(5): COUNT 2, EXISTS(3) false). The array is exact
  while writes keep it 1..n without gaps, which is how such tables are usually filled (`v(v.COUNT + 1)`, a FOR
  loop from 1). A write that would leave a gap (or an index below 1) raises here instead of going on with other
  results: 0A000 (feature_not_supported), the message saying why.
- a nested table or VARRAY raises SUBSCRIPT_BEYOND_COUNT (ORA-06533) past its COUNT and SUBSCRIPT_OUTSIDE_LIMIT
  (ORA-06532) below 1: the same errors here (SQLSTATE 2202E, array_subscript_error, with Oracle's message).
The subscript goes through a small function of the unit's schema that checks it against the array's COUNT and
returns it (the index is read once, the array is not copied): `v[s.aurora_slot(cardinality(v), i, false)] := x`.
`v(v.COUNT + 1) := x`, which never leaves a gap in an INDEX BY table, is written as it is.
"""

from __future__ import annotations

from converters.procedural.plsql_collection_methods import attribute_collection
from converters.procedural.plsql_dense import dense_collection
from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_tree import closing

_HELPER = """CREATE OR REPLACE FUNCTION {s}.aurora_slot(n integer, i numeric, dense boolean) RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN  -- the subscript of v(i) := x on an array of n elements (plsql_elements)
    n := coalesce(n, 0);
    IF dense AND i > n THEN
        RAISE EXCEPTION 'ORA-06533: Subscript beyond count' USING ERRCODE = 'array_subscript_error';
    ELSIF dense AND (i IS NULL OR round(i) < 1) THEN
        RAISE EXCEPTION 'ORA-06532: Subscript outside of limit' USING ERRCODE = 'array_subscript_error';
    ELSIF i IS NULL OR round(i) < 1 OR round(i) > n + 1 THEN
        RAISE EXCEPTION 'element % of an INDEX BY table would leave a gap: converted to an array, it holds elements 1..COUNT only', i
            USING ERRCODE = 'feature_not_supported';
    END IF;
    RETURN round(i);
END $f$;
"""


def element_target(scope: Scope, first: int, at: int) -> str | None:
    """The target to assign for `v(i) :=` / `r.f(i) :=` of a local collection (tokens first..at), its subscript
    checked; None when the target is no such element."""
    found = _element(scope, first, at)
    if found is None:
        return None
    reference, open_, dense = found
    tokens = scope.src.tokens
    close = closing(tokens, open_, at)
    fields = scope.src.slice((close + 1, at)) if close + 1 < at else ""  # v(i).f := x: a field of the element
    if close >= at or open_ + 1 >= close or (fields and tokens[close + 1].text != "."):
        return None
    index = convert_span(scope, (open_ + 1, close))
    count = f"cardinality({reference})"
    if not dense and index.replace(" ", "") == f"coalesce({count},0)+1":
        return f"{reference}[{index}]{fields}"  # v(v.COUNT + 1): the next element, never a gap
    if dense and _after_extend(scope, first, open_, close + 1):
        return f"{reference}[{index}]{fields}"  # v.EXTEND; v(v.COUNT) := x: the element EXTEND just made
    return f"{reference}[{slot(scope, reference, index, dense)}]{fields}"


def slot(scope: Scope, reference: str, index: str, dense: bool) -> str:
    """The checked subscript for writing element `index` of the array `reference` (the helper created first)."""
    home = f'"{scope.home or scope.schema}"'
    helper = _HELPER.format(s=home)
    if helper not in scope.prelude:
        scope.prelude.append(helper)
    return f"{home}.aurora_slot(cardinality({reference}), {index}, {'true' if dense else 'false'})"


def element_into(scope: Scope, first: int, at: int) -> tuple[str, str, str] | None:
    """INTO v(i) (SELECT, FETCH, RETURNING): PL/pgSQL reads INTO a variable, not an element. (helper variable, its
    type, the assignment to run after: `v[...] := helper`, its subscript checked as for `v(i) := x`)."""
    found = _element(scope, first, at)
    whole = found is not None and closing(scope.src.tokens, found[1], at) == at - 1  # INTO v(i).f: left as it was
    target = element_target(scope, first, at) if found is not None and whole else None
    if found is None or target is None:
        return None
    reference = found[0]
    tokens = scope.src.tokens
    name = tokens[first].upper
    attribute = attribute_collection(scope, first, at) if name not in scope.collections else None
    array = attribute[1][0] if attribute is not None else scope.collections[name]
    if not array.endswith("[]"):
        return None
    helper = f"aurora_into_{reference.replace('.', '_').replace(chr(34), '').lower()}"
    return helper, array[:-2], f"{target} := {helper};"


def _after_extend(scope: Scope, first: int, open_: int, at: int) -> bool:
    """`v.EXTEND; v(v.COUNT) := x` (or v.LAST): the statement before, in the same list, added an element, so the
    last index is at least 1 and within the COUNT."""
    tokens, previous = scope.src.tokens, scope.previous
    name = tokens[first].upper
    index = [t.upper or t.text for t in tokens[open_ + 1 : at - 1]]
    if open_ != first + 1 or index not in ([name, ".", "COUNT"], [name, ".", "LAST"]) or previous is None:
        return False
    words = [t.upper or t.text for t in tokens[previous.first : previous.end] if t.text != ";"]
    return words[:3] == [name, ".", "EXTEND"] and (len(words) == 3 or (words[3:5] == ["(", "1"] and words[5:] == [")"]))


def _element(scope: Scope, first: int, at: int) -> tuple[str, int, bool] | None:
    """(the array's reference, index of the subscript's `(`, dense?) for a target `v(...)` of a collection variable
    or parameter of the routine, or `r.f(...)` of a RECORD variable's collection field."""
    tokens = scope.src.tokens
    name = tokens[first].upper
    own = name in scope.locals or name in scope.params  # not a package's (plsql_stmt._assign_part checks those)
    if first + 1 < at and tokens[first + 1].text == "(" and name in scope.collections and own:
        dense = name in scope.elements or dense_collection(scope, name, first)
        return tokens[first].text, first + 1, dense
    attribute = attribute_collection(scope, first, at)
    if attribute is not None and name in scope.record_vars and attribute[2] < at and tokens[attribute[2]].text == "(":
        return attribute[0], attribute[2], False
    return None
