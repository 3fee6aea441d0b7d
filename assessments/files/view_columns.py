"""A view's column names from its query, read with sqlglot where the query parses.

The inventory's views keep their query as the source wrote it; their column names (needed to
create the view on the target and to trace dependencies) come from the parsed SELECT list. A
query sqlglot cannot parse, or one with `*`, keeps no column list here: the rule tables report
queries that do not parse, so nothing is lost by leaving the names out.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from assessments.files.lexer import ORACLE, POSTGRES, TSQL, tokenize

# sqlglot's name for each dialect's SQL
SQLGLOT_DIALECT = {"oracle": "oracle", "tsql": "tsql", "postgresql": "postgres"}
# How an unquoted name is stored, per dialect (quoted names are kept as written).
UNQUOTED = {"oracle": str.upper, "tsql": lambda name: name, "postgresql": str.lower}


def view_columns(query: str, dialect: str) -> tuple[str, ...]:
    try:
        tree = sqlglot.parse_one(select_list(query, dialect), read=SQLGLOT_DIALECT[dialect])
    except (SqlglotError, ValueError, RecursionError):
        return ()
    while isinstance(tree, exp.SetOperation):
        tree = tree.left  # a UNION / MINUS takes its column names from its first branch
    if not isinstance(tree, exp.Select):
        return ()
    names = [_name(projection, dialect) for projection in tree.expressions]
    return tuple(names) if all(names) else ()


def select_list(query: str, dialect: str) -> str:
    """`SELECT <list>` of the query's first top-level SELECT: only the list names the columns, and
    parsing it alone is much cheaper than parsing joins and predicates (views can be long)."""
    quoting = {"oracle": ORACLE, "tsql": TSQL, "postgresql": POSTGRES}[dialect]
    depth, start = 0, None
    for token in tokenize(query, quoting):
        if token.kind == "op" and token.text in "()":
            depth += 1 if token.text == "(" else -1
        elif depth == 0 and start is None and token.upper == "SELECT":
            start = token.start
        elif depth == 0 and start is not None and token.upper in LIST_ENDS:
            return query[start : token.start]
    return query[start:] if start is not None else query


# Words that end a SELECT list at its own level.
LIST_ENDS = frozenset({"FROM", "INTO", "UNION", "MINUS", "EXCEPT", "INTERSECT", "WHERE", "ORDER", "GROUP"})


def _name(projection: exp.Expression, dialect: str) -> str:
    identifier = projection.args.get("alias") if isinstance(projection, exp.Alias) else None
    if identifier is None and isinstance(projection, exp.Column) and not isinstance(projection.this, exp.Star):
        identifier = projection.this
    if not isinstance(identifier, exp.Identifier):
        return ""
    return identifier.name if identifier.quoted else UNQUOTED[dialect](identifier.name)
