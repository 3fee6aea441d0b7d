"""Which names in a SQL statement of PL/SQL are columns: Oracle resolves a name in SQL to a column of a table the
statement reads before a PL/SQL variable of the same name (plsql_expr.package_variable asks before it reads a name
as package state)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from converters.procedural.plsql_tree import closing

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


def not_a_column(w: Walk, i: int, name: str) -> bool:
    """The bare name at i in SQL is no column: not a table or alias, no column of the tables the statement names,
    each of which the run knows (what a table the run lacks holds cannot be told), no column a subquery in FROM or a
    WITH query computes, and no alias the statement gives a select-list item (ORDER BY total)."""
    if names_a_table(w, i) or column_here(w, i, name):
        return False
    tokens, (first, end) = w.tokens, w.statement
    if tokens[first].upper == "WITH":
        return False
    for at in range(first + 1, end):
        before = tokens[at - 1]
        if before.upper in ("FROM", "JOIN") and tokens[at].text == "(":
            return False  # a derived table: its columns are what its query computes
        aliased = (
            before.upper == "AS"
            or before.text == ")"
            or (before.kind in ("word", "qident", "number", "string") and before.upper not in _VALUE_BEFORE)
        )
        if at != i and tokens[at].upper == name and aliased:
            return False  # `expr name`: an alias of the statement's own
    for at in range(first, end - 1):
        into = tokens[at].upper == "INTO" and tokens[first].upper not in ("INSERT", "MERGE")  # SELECT / FETCH INTO
        if tokens[at].upper in _TABLE_BEFORE and tokens[at + 1].kind in ("word", "qident") and not into:
            after = at + 4 if at + 2 < end and tokens[at + 2].text == "." else at + 2
            if _table(w, at + 1, after) is None:
                return False
    return True


Columns = tuple[frozenset[str], tuple[frozenset[str], tuple[int, int]]]  # (read, (INSERT target's, list span))


def _statement_columns(w: Walk) -> Columns:
    """(upper names of the columns of the tables the SQL statement reads, (the INSERT target's columns, the span of
    its column list)), over the whole statement (a sub-walk's too)."""
    cached = w.scope.statement_columns.get(w.statement)  # kept on the unit's scope: sub-walks share it
    if cached is not None:
        return cast(Columns, cached)
    tokens, (first, end) = w.tokens, w.statement
    reading: set[str] = set()
    listed: tuple[frozenset[str], tuple[int, int]] = (frozenset(), (0, 0))
    insert = tokens[first].upper == "INSERT"
    for at in range(first, end - 1):
        if tokens[at].upper not in _TABLE_BEFORE or tokens[at + 1].kind not in ("word", "qident"):
            continue
        after = at + 4 if at + 2 < end and tokens[at + 2].text == "." else at + 2
        columns = _table_columns(w, at + 1, after)
        if insert and tokens[at].upper == "INTO":
            alias = after < end and tokens[after].kind == "word" and tokens[after].upper not in ("VALUES", "SELECT")
            open_ = after + 1 if alias else after
            if open_ < end and tokens[open_].text == "(":
                listed = (columns, (open_, closing(tokens, open_, end)))
        else:
            reading |= columns
    found = (frozenset(reading), listed)
    w.scope.statement_columns[w.statement] = found
    return found


def _table_columns(w: Walk, first: int, end: int) -> frozenset[str]:
    """The columns (upper) of the run's table named by tokens first..end (`t` or `schema.t`)."""
    table = _table(w, first, end)
    return frozenset(c.name.upper() for c in table.columns) if table is not None else frozenset()


def _table(w: Walk, first: int, end: int) -> Any:
    """The run's table named by tokens first..end (`t` or `schema.t`), or None."""
    parts = [w.tokens[j].text.strip('"').upper() for j in range(first, end) if w.tokens[j].text != "."]
    tables = w.scope.ctx.tables
    owner, name = (parts[0], parts[-1]) if len(parts) == 2 else (w.scope.owner.upper(), parts[-1])
    return tables.get((owner, name)) or next((t for (_s, n), t in tables.items() if n == name), None)


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
