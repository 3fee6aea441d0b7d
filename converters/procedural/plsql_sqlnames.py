"""Which names in a SQL statement of PL/SQL are columns: Oracle resolves a name in SQL to a column of a table the
statement reads before a PL/SQL variable of the same name (plsql_expr.package_variable asks before it reads a name
as package state)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

_TABLE_BEFORE = frozenset({"FROM", "JOIN", "INTO", "UPDATE", "USING", "TABLE"})


def column_here(w: Walk, i: int, name: str) -> bool:
    """Oracle resolves a name in SQL to a column of a table the statement reads before a PL/SQL variable of that name:
    the tables after FROM, JOIN, UPDATE, USING, MERGE INTO; an INSERT's target only in its column list (its VALUES
    cannot read it)."""
    reading, listed = _statement_columns(w)
    if name in reading:
        return True
    columns, (first, end) = listed
    return first < i < end and name in columns


def _statement_columns(w: Walk) -> tuple[frozenset[str], tuple[frozenset[str], tuple[int, int]]]:
    """(upper names of the columns of the tables the SQL statement reads, (the INSERT target's columns, the span of
    its column list))."""
    cached = getattr(w, "_columns", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    reading: set[str] = set()
    listed: tuple[frozenset[str], tuple[int, int]] = (frozenset(), (0, 0))
    insert = w.word(w.first) == "INSERT"
    for at in range(w.first, w.end - 1):
        if w.word(at) not in _TABLE_BEFORE or w.tokens[at + 1].kind not in ("word", "qident"):
            continue
        after = at + 4 if w.text(at + 2) == "." else at + 2
        columns = _table_columns(w, at + 1, after)
        if insert and w.word(at) == "INTO":
            alias = after < w.end and w.tokens[after].kind == "word" and w.word(after) not in ("VALUES", "SELECT")
            open_ = after + 1 if alias else after
            if w.text(open_) == "(":
                listed = (columns, (open_, w.matching(open_)))
        else:
            reading |= columns
    w._columns = (frozenset(reading), listed)  # type: ignore[attr-defined]
    return w._columns  # type: ignore[attr-defined,no-any-return]


def _table_columns(w: Walk, first: int, end: int) -> frozenset[str]:
    """The columns (upper) of the run's table named by tokens first..end (`t` or `schema.t`)."""
    parts = [w.tokens[j].text.strip('"').upper() for j in range(first, end) if w.tokens[j].text != "."]
    tables = w.scope.ctx.tables
    owner, name = (parts[0], parts[-1]) if len(parts) == 2 else (w.scope.owner.upper(), parts[-1])
    table = tables.get((owner, name)) or next((t for (_s, n), t in tables.items() if n == name), None)
    return frozenset(c.name.upper() for c in table.columns) if table is not None else frozenset()


# words after which SQL reads a name as a value (not as an alias of what comes before it)
_VALUE_BEFORE = frozenset({"SELECT", "WHERE", "AND", "OR", "NOT", "ON", "BY", "SET", "VALUES", "THEN", "ELSE",
                           "WHEN", "IN", "IS", "LIKE", "BETWEEN", "RETURN", "RETURNING", "INTO", "CASE", "DISTINCT",
                           "ALL", "ANY", "SOME", "HAVING", "EXISTS", "PRIOR", "ESCAPE", "WITH", "USING", "ELSIF",
                           "END", "UNION", "MINUS", "INTERSECT", "EXCEPT", "START", "CONNECT", "FIRST", "NEXT",
                           "OFFSET", "DEFAULT", "OF"})  # fmt: skip


def names_a_table(w: Walk, i: int) -> bool:
    """The name at i is a table (after FROM / JOIN / UPDATE ...) or an alias (`hr.emp e`, `AS e`, `(...) e`)."""
    if i == w.first:
        return False
    before = w.word(i - 1)
    if before in ("FROM", "JOIN", "UPDATE", "TABLE", "AS"):
        return True
    return w.text(i - 1) == ")" or (w.tokens[i - 1].kind in ("word", "qident") and before not in _VALUE_BEFORE)
