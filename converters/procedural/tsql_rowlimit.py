"""`SET ROWCOUNT n` in a procedure: SQL Server stops every later query after n rows (0: no limit) until the next
SET ROWCOUNT or the end of the procedure.

For queries the exact form is a LIMIT read at run time: `SET ROWCOUNT @n` becomes `v_row_limit := @n`, and every
SELECT of the unit that returns rows, assigns variables or fills a table (SELECT ... INTO) ends with
`LIMIT NULLIF(v_row_limit, 0)` (NULL before any SET ROWCOUNT and for 0: no limit). A run-time value follows SET
ROWCOUNT through IFs and loops as SQL Server does; LIMIT applies to the query's final rows, as ROWCOUNT does
(subqueries are not limited by either), and an assignment SELECT keeps the n-th row's values, as SQL Server's.

SQL Server also limits INSERT / UPDATE / DELETE / MERGE, cursors and the statements of procedures called while
ROWCOUNT is set (which n rows an UPDATE changes is not defined): a unit with any of them, or a query that already
has TOP / OFFSET (the smaller limit would win), keeps PROC-TSQL-SETOPT-002."""

from __future__ import annotations

import re

from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_parse import Node, walk
from converters.procedural.tsql_scope import Scope
from converters.procedural.tsql_tokens import text_of

LIMIT = "v_row_limit"
_NOT_EXACT = frozenset({"insert", "update", "delete", "merge", "exec", "execute", "open", "fetch"})
_HAS_LIMIT = re.compile(r"\b(LIMIT|OFFSET|FETCH\s+(FIRST|NEXT))\b", re.IGNORECASE)


def plan_row_limit(nodes: list[Node], scope: Scope) -> None:
    """scope.row_limit: the unit sets ROWCOUNT and every statement it would limit is a query."""
    everything = list(walk(nodes))
    sets = [n for n in everything if n.kind == "set" and len(n.tokens) > 2 and n.tokens[1].upper == "ROWCOUNT"]
    if not sets or scope.kind not in ("procedure", "trigger"):
        return
    if any(n.kind in _NOT_EXACT or _declares_cursor(n) for n in everything):
        return
    scope.row_limit = True


def _declares_cursor(node: Node) -> bool:
    return node.kind == "declare" and any(t.upper == "CURSOR" for t in node.tokens)


def set_row_limit(node: Node, scope: Scope, out: Emitter) -> bool:
    """SET ROWCOUNT x -> v_row_limit := x (False: not in an exact shape, the caller flags it)."""
    if not scope.row_limit:
        return False
    value = scope.expression(node.tokens[2:], node.line)
    out.line(f"{scope.internal(LIMIT, 'bigint')} := {value};  -- {text_of(node.tokens, scope)}")
    return True


def limited(query: str, scope: Scope, line: int) -> str:
    """A query of a unit that sets ROWCOUNT, with the run-time limit."""
    if not scope.row_limit:
        return query
    if _HAS_LIMIT.search(query):
        scope.flag("PROC-TSQL-SETOPT-002", line, "SET ROWCOUNT and a query with TOP / OFFSET")
        return query
    return f"{query} LIMIT NULLIF({scope.internal(LIMIT, 'bigint')}, 0)"
