"""Whole records in DML: INSERT ... VALUES r and UPDATE ... SET ROW = r (steps of plsql_expr's walk)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.names import quote

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def record_values(w: Walk, i: int) -> tuple[str, int] | None:
    """INSERT INTO t VALUES r (a record variable) -> VALUES (r.*); VALUES c(i) (an element of a collection of
    records) -> VALUES ((c[i]).*)."""
    if w.word(i) != "VALUES" or w.text(i + 1) == "(" or w.word(i + 1) not in w.scope.locals:
        return None
    name = w.tokens[i + 1].text
    if w.text(i + 2) == "(" and w.word(i + 1) in w.scope.collections:
        close = w.matching(i + 2)
        return f"VALUES ({w.placeholder(f'({name}[{w.inner(i + 3, close)}]).*')})", close + 1
    return f"VALUES ({w.placeholder(name + '.*')})", i + 2


def set_row(w: Walk, i: int) -> tuple[str, int] | None:
    """UPDATE t SET ROW = r -> UPDATE t SET (every column of t) = ROW(r.*), from the inventory's table."""
    if not (w.word(i) == "ROW" and w.text(i + 1) == "=" and i > w.first and w.word(i - 1) == "SET"):
        return None
    if w.word(w.first) != "UPDATE" or w.word(i + 2) not in w.scope.locals:
        return None
    name = [w.tokens[j].text for j in range(w.first + 1, i - 1) if w.tokens[j].kind in ("word", "qident")]
    owner = name[-2] if len(name) >= 2 else w.scope.owner
    table = w.scope.ctx.tables.get((owner.upper(), name[-1].upper())) if name else None
    if table is None:
        return None
    columns = ", ".join(quote(w.scope.ctx.names.name(c.name)) for c in table.columns)
    record = w.placeholder(f"ROW({w.tokens[i + 2].text}.*)")
    return f"{w.placeholder(f'({columns})')} = {record}", i + 3
