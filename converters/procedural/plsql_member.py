"""The MEMBER condition: `x [NOT] MEMBER [OF] coll` (SQL Language Reference, Multiset Conditions: TRUE when x is
a member of the nested table or varray; "The return value is NULL if expr is null or if the nested table is empty";
NOT reverses it). A collection is an array here, so

    x MEMBER OF coll      ->  (CASE WHEN cardinality(coll) = 0 THEN NULL ELSE x = ANY(coll) END)
    x NOT MEMBER OF coll  ->  (NOT (CASE ... END))

`= ANY` gives NULL for a NULL x, for a NULL collection, and when no element is equal but one is NULL, as Oracle's
equality does; the CASE gives Oracle's NULL for an empty collection, where `= ANY` would say FALSE. The operands are
the primaries on either side (a name, dotted, with its call or subscript; a literal; a parenthesised group). The
collection is read twice, so it must be a name (a call could give another value the second time: such a condition
is left to the SQL parser, which refuses it, and the unit stays manual).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_exponent import primary_end

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def member_of(w: Walk, i: int) -> tuple[str, int] | None:
    if i > w.first and w.text(i - 1) == ".":
        return None
    left = primary_end(w, i)
    if left is None:
        return None
    negated = w.word(left) == "NOT"
    at = left + negated
    if w.word(at) != "MEMBER":
        return None
    first = at + 1 + (w.word(at + 1) == "OF")
    right = primary_end(w, first)
    if right is None or any(w.text(k) == "(" for k in range(first, right)):
        return None  # the collection is read twice: only a name (a call may not give the same twice)
    value, coll = w.inner(i, left), w.inner(first, right)
    condition = f"(CASE WHEN cardinality({coll}) = 0 THEN NULL ELSE {value} = ANY({coll}) END)"
    return (f"(NOT {condition})" if negated else condition), right
