"""SQL Server BIT columns become boolean, but the source compares them with numbers: `WHERE [Active] = 1`,
`CHECK ([Flag] IN (0, 1))`, a filtered index on `([Discontinued]=(0))`. PostgreSQL has no boolean = integer
operator, so such a view or index would not deploy. This pass turns `bitcol = 0/1` into `bitcol = false/true`
in converted PostgreSQL, for column names that are boolean in every table of the scope (a name that is an
integer somewhere else is left alone, and the deploy gate reports it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlglot
from sqlglot import exp

from converters.ddl_computed import returns_type
from converters.dialects import AuroraPostgres
from converters.types import map_type
from migrate.model import Column, Routine, RoutineKind, Table, parse_column_type

TRUTH = {"0": exp.false, "1": exp.true}
COMPARISONS = (exp.EQ, exp.NEQ)


def boolean_columns(
    tables: Iterable[Table], fold: Callable[[str], str], is_boolean: Callable[[Column], bool]
) -> frozenset[str]:
    """Target names of columns that are boolean wherever that name appears."""
    booleans, others = set(), set()
    for table in tables:
        for column in table.columns:
            (booleans if is_boolean(column) else others).add(fold(column.name))
    return frozenset(booleans - others)


def boolean_functions(routines: Iterable[Routine], qualify: Callable[[Routine], str], source: str) -> frozenset[str]:
    """Target qualified names of user functions declared to return BIT (boolean on the target): `f(x) = 1` in a
    CHECK or a view compares them with a number, as with BIT columns."""
    found = set()
    for routine in routines:
        declared = returns_type(routine) if routine.kind is RoutineKind.FUNCTION else None
        if declared and map_type(parse_column_type(declared, source), source).sql == "boolean":
            found.add(qualify(routine))
    return frozenset(found)


def fix_boolean_comparisons(sql: str, booleans: frozenset[str], pretty: bool = False) -> str:
    """`sql` with `bool_col = 0|1` (either side, parentheses allowed) compared against false/true instead."""
    if not booleans or not any(name in sql for name in booleans):
        return sql
    try:
        trees = sqlglot.parse(sql, read=AuroraPostgres)
    except sqlglot.errors.SqlglotError:
        return sql
    changed = False
    for tree in trees:
        for node in list(tree.find_all(*COMPARISONS, exp.In)) if tree else []:
            changed = _fix(node, booleans) or changed
    if not changed:
        return sql
    return ";\n".join(t.sql(dialect=AuroraPostgres, pretty=pretty) for t in trees if t)


def _fix(node: exp.Expression, booleans: frozenset[str]) -> bool:
    if isinstance(node, exp.In):
        if not _is_boolean(node.this, booleans):
            return False
        values = node.expressions
        fixed = [_truth(v) for v in values]
        if any(f is None for f in fixed):
            return False
        node.set("expressions", fixed)
        return True
    left, right = node.this, node.expression
    for column, literal, side in ((left, right, "expression"), (right, left, "this")):
        truth = _truth(literal)
        if _is_boolean(column, booleans) and truth is not None:
            node.set(side, truth)
            return True
    return False


def _is_boolean(node: exp.Expression, booleans: frozenset[str]) -> bool:
    node = node.unnest()
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):  # schema.function(...)
        return f"{node.this.name}.{node.expression.name}".lower() in booleans
    return isinstance(node, exp.Column) and node.name in booleans


def _truth(node: exp.Expression) -> exp.Expression | None:
    node = node.unnest()
    if isinstance(node, exp.Literal) and not node.is_string and node.this in TRUTH:
        return TRUTH[node.this]()
    return None
