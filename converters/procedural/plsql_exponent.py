"""PL/SQL's exponentiation operator: `a ** b` -> power(a, b) (SQL has no `**`; PostgreSQL's `^` differs in
precedence). `**` binds tighter than any other operator, unary minus included (-2 ** 2 = -4), so its operands are
the primaries on either side: a name (dotted, with its call or subscript), a literal or a parenthesised group;
the right one may carry a sign (2 ** -1). A chain (a ** b ** c) is left as written, so it stays a parse finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def primary_end(w: Walk, i: int) -> int | None:
    """The index after the primary that starts at token i, or None when none starts there."""
    if i >= w.end:
        return None
    if w.text(i) == "(":
        return w.matching(i) + 1
    kind = w.tokens[i].kind
    if kind in ("number", "string"):
        return i + 1
    if kind not in ("word", "qident"):
        return None
    j = i + 1
    while w.text(j) == "." and j + 1 < w.end and w.tokens[j + 1].kind in ("word", "qident"):
        j += 2
    while w.text(j) == "(":
        j = w.matching(j) + 1
    return j


def _is_power(w: Walk, at: int) -> bool:
    return w.text(at) == "*" and w.text(at + 1) == "*" and w.tokens[at].end == w.tokens[at + 1].start


def exponent(w: Walk, i: int) -> tuple[str, int] | None:
    if i > w.first and w.text(i - 1) == ".":
        return None
    left = primary_end(w, i)
    if left is None or not _is_power(w, left):
        return None
    right_first = left + 2
    signed = right_first + 1 if w.text(right_first) in ("-", "+") else right_first
    right = primary_end(w, signed)
    if right is None or _is_power(w, right):
        return None
    return f"power({w.inner(i, left)}, {w.inner(right_first, right)})", right
