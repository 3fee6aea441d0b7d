"""The fields of a query FOR loop's record that the query computes: `FOR r IN (SELECT TO_CHAR(d, 'YYYY') AS d ...)`.

The query rewrites read a column's type from its name (a DATE column `d` in the run's tables makes `r.d` a DATE:
`r.d + 1` is date arithmetic, `'x' || r.d` prints it in NLS_DATE_FORMAT). A field the select list computes under
a column's name is not that column: its `rec.field` goes to RewriteOptions.computed_fields, and the rewrites read
it as of unknown type; a column under another name (`o.order_date booked`) is that column: `rec.field=column`.
"""

from __future__ import annotations

from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_tree import Stmt
from migrate.sqltext.lexer import Token

_NAMES = ("word", "qident")


def query_head(scope: Scope, stmt: Stmt) -> str:
    """`FOR r IN (query) LOOP`: the record declared (PL/pgSQL needs it), its computed fields noted first."""
    scope.records.setdefault(stmt.name, "record")
    scope.computed |= computed_fields(scope.src.tokens, *stmt.spans["query"], stmt.name)
    return f"FOR {stmt.name} IN {convert_span(scope, stmt.spans['query'], statement=True)} LOOP"


def computed_fields(tokens: list[Token], first: int, end: int, record: str) -> set[str]:
    """`record.alias` (lower case) for each select-list item of the query in tokens [first, end) that is not a
    bare column of the alias's own name."""
    while first < end and tokens[first].text == "(":
        first += 1
    if first >= end or tokens[first].upper != "SELECT":
        return set()
    items, start, depth = [], first + 1, 0
    for i in range(first + 1, end):
        text = tokens[i].upper or tokens[i].text
        depth += {"(": 1, ")": -1}.get(text, 0)
        if depth == 0 and text in (",", "FROM"):
            items.append(tokens[start:i])
            start = i + 1
            if text == "FROM":
                break
    out = set()
    for item in items:
        while item and item[0].upper in ("DISTINCT", "UNIQUE", "ALL"):
            item = item[1:]
        alias = _alias(item)
        column = _bare_column(item) or _aggregated_column(item)
        if alias and column != alias.lower():  # computed, or a column renamed: 'r.f' / 'r.f=column'
            out.add(f"{record}.{alias}".lower() + (f"={column}" if column else ""))
    return out


def _alias(item: list[Token]) -> str:
    """The item's alias: after AS, or a name right after a value (`count(*) n`, `t.x y`, `CASE ... END z`), not the
    last operand of an expression (`a + b`)."""
    if len(item) < 2 or item[-1].kind not in _NAMES:
        return ""
    before = item[-2]
    if before.upper == "AS" or before.text == ")" or before.kind in ("word", "qident", "string", "number"):
        return item[-1].text.strip('"')
    return ""


# aggregates whose result has their column's type (SUM of a NUMBER column: a NUMBER of its scale)
_SAME_TYPE = frozenset({"MIN", "MAX", "SUM"})


def _aggregated_column(item: list[Token]) -> str:
    """The column an aliased MIN / MAX / SUM of one column is (`MAX(t.d) last_day` -> 'd'): its field has that
    column's type, as a renamed column's does; '' for anything else."""
    expr = item[:-2] if len(item) >= 2 and item[-2].upper == "AS" else item[:-1]
    if len(expr) < 4 or expr[0].upper not in _SAME_TYPE or expr[1].text != "(" or expr[-1].text != ")":
        return ""
    inner = expr[2:-1]
    if inner and inner[0].upper in ("DISTINCT", "ALL"):
        inner = inner[1:]
    return _bare_column([*inner, item[-1]])


def _bare_column(item: list[Token]) -> str:
    """The column an aliased item is (`x AS y`, `t.x y` -> 'x'), '' for an expression."""
    expr = item[:-2] if len(item) >= 2 and item[-2].upper == "AS" else item[:-1]
    named = len(expr) == 1 or (len(expr) == 3 and expr[1].text == ".")
    return expr[-1].text.strip('"').lower() if named and expr[-1].kind in _NAMES else ""
