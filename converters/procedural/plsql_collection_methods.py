"""Collection methods that take an index, on collections known to be dense (nested tables and VARRAYs of
schema-level types): NEXT and PRIOR. Split from plsql_expr, whose walk calls them."""

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
