"""Whole records in SQL: INSERT ... VALUES r and UPDATE ... SET ROW = r (steps of plsql_expr's walk), INSERT
without a column list, and SELECT t(a, b) INTO v of an object type's constructor into a variable of that type."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from converters.names import quote
from converters.procedural.plsql_collection_methods import reference
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_tree import Span, comma_spans

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def record_values(w: Walk, i: int) -> tuple[str, int] | None:
    """INSERT INTO t VALUES r (a record variable, of the routine or of its package) -> VALUES (r.*); VALUES c(i) (an
    element of a collection of records) -> VALUES ((c[i]).*)."""
    if w.word(i) != "VALUES" or w.text(i + 1) == "(":
        return None
    own, upper = w.scope.package, w.word(i + 1)
    state = own.variables.get(upper) if own is not None and upper not in w.scope.locals else None
    if upper not in w.scope.locals and state is None:
        return None
    name = reference(w, i + 1)  # a variable of the package: its accessor's value
    listed = upper in w.scope.collections or (state is not None and state.type.endswith("[]"))
    if w.text(i + 2) == "(" and listed:
        close = w.matching(i + 2)
        return f"VALUES ({w.placeholder(f'({name}[{w.inner(i + 3, close)}]).*')})", close + 1
    return f"VALUES ({w.placeholder(f'({name}).*' if state is not None else name + '.*')})", i + 2


_PLAIN = re.compile(r"[A-Z][A-Z0-9_$#]*")  # a column name Oracle stores as written unquoted


def positional_insert(w: Walk, i: int) -> tuple[str, int] | None:
    """INSERT INTO t VALUES (a, b) -> INSERT INTO t (c1, c2) VALUES (a, b), the table's columns in their order
    (the inventory's): the same row, now with each value's column named, so that the query rewrites store a NUMBER
    or a DATE into a character column as Oracle's text, as they do for a written list. Only for a table without
    virtual columns whose column count the values match (Oracle refuses any other such INSERT)."""
    if w.word(i) != "VALUES" or w.text(i + 1) != "(" or w.word(w.first) != "INSERT" or w.word(w.first + 1) != "INTO":
        return None
    name = [w.tokens[j] for j in range(w.first + 2, i)]
    if not name or any(t.kind not in ("word", "qident") and t.text != "." for t in name) or name[-1].text == ".":
        return None  # an alias, a subquery, a column list already, a database link
    parts = [t.text.strip('"').upper() for t in name if t.text != "."]  # as DdlContext.tables keys them
    if len(parts) > 2:
        return None
    owner = parts[0] if len(parts) == 2 else w.scope.owner.upper()
    table = w.scope.ctx.tables.get((owner, parts[-1]))
    close = w.matching(i + 1)
    if table is None or table.object_type or any(c.generated for c in table.columns):
        return None  # an object table: VALUES (obj) is the row (oracle_objects.object_table_insert)
    if w.word(close + 1) not in ("", "RETURNING"):
        return None
    if len(comma_spans(w.tokens, i + 2, close)) != len(table.columns):
        return None
    columns = ", ".join(c.name if _PLAIN.fullmatch(c.name) else quote(c.name) for c in table.columns)
    return f"({columns}) VALUES", i + 1


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


def composite_select(scope: Scope, select: Span, targets: Span | None, text: str) -> str:
    """`SELECT t(a, b) INTO v FROM ...` with v of object type t: PL/pgSQL fills a row variable from the select
    list's columns, so the one composite value is expanded, `SELECT (t(a, b)).*` (text: the converted select part)."""
    tokens = scope.src.tokens
    first, end = select
    if targets is None or targets[1] - targets[0] != 1 or tokens[targets[0]].upper not in scope.object_vars:
        return text
    type_name = scope.object_vars[tokens[targets[0]].upper].rsplit(".", 1)[-1]
    name = first + 1
    while name + 2 < end and tokens[name + 1].text == ".":  # schema.t(...)
        name += 2
    if end - name < 3 or tokens[first].upper != "SELECT" or tokens[name].upper != type_name:
        return text
    depth = 0
    for i in range(name + 1, end):
        depth += {"(": 1, ")": -1}.get(tokens[i].text, 0)
        if depth == 0:
            if i != end - 1:
                return text  # more than the constructor in the select list
            break
    return re.sub(r"^(\s*SELECT\s+)(.*?)(\s*)$", r"\1(\2).*\3", text, count=1, flags=re.I | re.S)
