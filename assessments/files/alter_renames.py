"""ALTER TABLE actions that rename, in Oracle and PostgreSQL: RENAME COLUMN, RENAME CONSTRAINT and RENAME TO (the
table's new name). SQL Server renames with `EXEC sp_rename`, a script batch the scanner keeps for review
(SCAN-UNSUPPORTED-001) and does not apply.

Oracle and PostgreSQL keep what refers to the renamed object by identity, not by name: the constraints, indexes
and foreign keys that use a renamed column use it under its new name, so the inventory renames it everywhere it
holds it. A CHECK's, an index's or a generated column's expression is SQL text: the renamed column's whole names
are rewritten in it, nothing else. Views, triggers' bodies and routines are source text the scanner does not take
apart: they keep the old name (alter_dependents), and fail at deploy if they use it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessments.files.alter_dependents import (
    KEYS,
    everywhere,
    find_named,
    pin_postgres_names,
    references,
    rename_in_expression,
)
from assessments.files.alter_grammar import Alter, find_column, unread_rest
from assessments.files.builder import Builder
from migrate.sqltext.cursor import Cursor
from migrate.sqltext.lexer import Quoting


def _old_and_new(cur: Cursor) -> tuple[str, str, str]:
    """`old TO new` at the cursor: the old name, the new one (folded as the dialect stores names), and the new one
    as written (quotes kept), for expressions; ("", "", "") if that is not what follows."""
    old = cur.name()
    if not old or not cur.accept("TO"):
        return "", "", ""
    new = cur.name()
    if not new:
        return "", "", ""
    return old[-1], new[-1], cur.tokens[cur.pos - 1].text


def rename_column(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle `RENAME COLUMN a TO b`, PostgreSQL `RENAME [COLUMN] a TO b`. The column keeps everything (type,
    default, comment); the table's constraints (key, foreign key and CHECK columns), indexes (keys, expressions,
    INCLUDE, WHERE), generated columns, partition key and period name it by its new name, and so do the foreign
    keys of other tables that reference it. A column the table lacks, or a new name another column has, applies
    nothing: the engine fails the statement."""
    text = cur.rest()
    table = pin_postgres_names(table, cur.quoting)
    cur.accept("RENAME")
    cur.accept("COLUMN")
    old, new, spelled = _old_and_new(cur)
    if not old:
        alter.not_read.append(text)
        return None
    unread_rest(cur, b)
    column = find_column(table, old)
    if column is None:
        alter.missing.append(f"column {old} is not in the table ({text})")
        return None
    other = find_column(table, new)
    if other is not None and (other is not column or column.name == new):
        alter.missing.append(f"column {other.name} is already in the table ({text})")
        return None

    def name(written: str) -> str:
        return new if written.upper() == column.name.upper() else written

    def names(written: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name(n) for n in written)

    def in_references(owner: Any) -> Any:
        fks = tuple(
            replace(c, ref_columns=names(c.ref_columns)) if references(c, owner.schema, table) else c
            for c in owner.constraints
        )
        return owner if fks == owner.constraints else replace(owner, constraints=fks)

    changed = everywhere(b, table, in_references)
    return _renamed_in_table(changed, column.name, new, spelled, cur.quoting)


def _renamed_in_table(table: Any, old: str, new: str, spelled: str, quoting: Quoting) -> Any:
    """`table` with its column `old` named `new` wherever the table names it."""

    def name(written: str) -> str:
        return new if written.upper() == old.upper() else written

    def names(written: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name(n) for n in written)

    def text(expression: str | None) -> str | None:
        return rename_in_expression(expression, quoting, old, spelled)

    def key(part: Any) -> Any:  # an index's key: a column, or an expression of columns
        return replace(part, expression=text(part.expression) if part.is_expression else name(part.expression))

    columns = tuple(replace(c, name=name(c.name), generated=text(c.generated)) for c in table.columns)
    constraints = tuple(
        replace(c, columns=names(c.columns), check_expression=text(c.check_expression)) for c in table.constraints
    )
    indexes = tuple(
        replace(i, columns=tuple(key(k) for k in i.columns), include=names(i.include), where=text(i.where))
        for i in table.indexes
    )
    scheme = table.partitioning
    if scheme is not None:
        scheme = replace(scheme, columns=names(scheme.columns), subpartition_columns=names(scheme.subpartition_columns))
    period = names(table.period) if table.period else table.period
    return replace(table, columns=columns, constraints=constraints, indexes=indexes, partitioning=scheme, period=period)


def rename_constraint(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle and PostgreSQL `RENAME CONSTRAINT a TO b`. PostgreSQL renames a primary or unique key's index with
    it (the index carries the key's name); Oracle keeps the index's name. A constraint the table lacks, or a new
    name another of its constraints has, applies nothing."""
    text = cur.rest()
    table = pin_postgres_names(table, cur.quoting)
    cur.accept("RENAME", "CONSTRAINT")
    old, new, _ = _old_and_new(cur)
    if not old:
        alter.not_read.append(text)
        return None
    unread_rest(cur, b)
    constraint = find_named(table, old, cur.quoting)
    if constraint is None:
        alter.missing.append(f"constraint {old} is not in the table ({text})")
        return None
    other = find_named(table, new, cur.quoting)
    if other is not None and (other is not constraint or constraint.name == new):
        alter.missing.append(f"constraint {new} is already in the table ({text})")
        return None
    constraints = tuple(replace(c, name=new) if c is constraint else c for c in table.constraints)
    indexes = table.indexes
    if cur.quoting.name == "postgresql" and constraint.kind in KEYS:
        indexes = tuple(replace(i, name=new) if i.name.upper() == old.upper() else i for i in indexes)
    return replace(table, constraints=constraints, indexes=indexes)


def rename_table(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle and PostgreSQL `RENAME TO new`: the table takes the new name, in its schema (neither engine moves it
    to another). What the inventory keys or points to by the table's name follows: the foreign keys (of any table)
    that reference it, its triggers, the grants on it, its partitions (PostgreSQL's are tables of their own). A new
    name a table or view of the schema has applies nothing (the engine fails the statement)."""
    text = cur.rest()
    table = pin_postgres_names(table, cur.quoting)
    cur.accept("RENAME", "TO")
    new = cur.name()
    if not new:
        alter.not_read.append(text)
        return None
    unread_rest(cur, b)
    name = new[-1]
    taken = b.get("tables", table.schema, name) or b.get("views", table.schema, name)
    if name.upper() == table.name.upper() and name != table.name:
        taken = None  # PostgreSQL: "p" to "P", a name the scanner compares as the same: the table itself
    if taken is not None:
        alter.missing.append(f"{table.schema}.{taken.name} is already in the scanned files ({text})")
        return None

    def in_references(owner: Any) -> Any:
        fks = tuple(replace(c, ref_table=name) if references(c, owner.schema, table) else c for c in owner.constraints)
        return owner if fks == owner.constraints else replace(owner, constraints=fks)

    changed = everywhere(b, table, in_references)
    b.objects["tables"].pop((table.schema.upper(), table.name.upper()), None)
    _follow(b, table, name)
    return replace(changed, name=name)


def _follow(b: Builder, table: Any, name: str) -> None:
    """What the builder keeps by the renamed table's name, given its new `name`: its triggers' table, the grants
    on it, its partitions' parent."""
    schema, old = table.schema.upper(), table.name.upper()
    for trigger in list(b.objects["triggers"].values()):
        parts = trigger.table.split(".")
        owner = parts[-2] if len(parts) > 1 else trigger.schema
        if (owner.upper(), parts[-1].upper()) == (schema, old):
            b.put("triggers", replace(trigger, table=".".join([*parts[:-1], name])))
    b.grants[:] = [
        replace(g, object_name=name) if (g.object_schema.upper(), g.object_name.upper()) == (schema, old) else g
        for g in b.grants
    ]
    for child, parent in list(b.partitions.items()):
        if (parent[0].upper(), parent[1].upper()) == (schema, old):
            b.partitions[child] = (parent[0], name)
