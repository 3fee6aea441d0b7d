"""ALTER TABLE actions that drop columns and constraints, applied as the engine applies them: DROP COLUMN (Oracle
also `DROP (a, b)` and SET UNUSED), DROP CONSTRAINT, Oracle DROP PRIMARY KEY and DROP UNIQUE (cols).

A dropped column or key takes with it what the engine drops with it, and a drop the engine refuses applies nothing
and is reported (Alter.missing: SCAN-ORPHAN-001, the statement kept for review): a script that ran on the source
did not do what the engine refuses, so the inventory must not either. What depends on what comes from the inventory
(alter_dependents): constraints, indexes, generated columns, partition keys, foreign keys of other tables. Views,
triggers and routines are source text: a drop leaves them as they are (PostgreSQL's CASCADE would drop a view,
Oracle invalidates it), and what names a dropped column fails at deploy, where it is reported.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessments.files.alter_dependents import (
    KEYS,
    constraint_columns,
    described,
    everywhere,
    expression_names,
    find_named,
    foreign_keys_to,
    index_columns,
    keys_referencing,
    pin_postgres_names,
    referenced_columns,
    without,
)
from assessments.files.alter_grammar import Alter, find_column, grammar, unread_rest
from assessments.files.builder import Builder
from assessments.files.constraints import column_list
from migrate.model import ConstraintKind
from migrate.sqltext.cursor import Cursor, split_top_level
from migrate.sqltext.lexer import Quoting

# What may follow the dropped columns or constraint, in any order: CASCADE [CONSTRAINTS] and RESTRICT say what
# happens to what depends on it; Oracle's KEEP | DROP INDEX, INVALIDATE, CHECKPOINT n and ONLINE, and T-SQL's
# WITH (ONLINE = ON...) are how the engine does it.
DROP_OPTIONS = ("CASCADE CONSTRAINTS", "CASCADE", "RESTRICT", "KEEP INDEX", "DROP INDEX", "INVALIDATE", "ONLINE")

# Why each engine refuses to drop a column a foreign key references, when the statement does not cascade.
REFERENCED_COLUMN = {
    "oracle": "Oracle drops a column a foreign key references only with CASCADE CONSTRAINTS (ORA-12992)",
    "postgresql": "PostgreSQL drops a column a foreign key depends on only with CASCADE",
    "sqlserver": "SQL Server drops no column a foreign key references (the script must drop the foreign key first)",
}
# Why each engine refuses to drop a primary or unique key a foreign key references, when the statement does not
# cascade (T-SQL's DROP CONSTRAINT has no CASCADE).
REFERENCED_KEY = {
    "oracle": "Oracle drops a key foreign keys reference only with CASCADE (ORA-02273)",
    "postgresql": "PostgreSQL drops a key foreign keys depend on only with CASCADE",
    "sqlserver": "SQL Server drops no key a foreign key references (the script must drop the foreign key first)",
}
ENGINE = {"oracle": "Oracle", "postgresql": "PostgreSQL", "sqlserver": "SQL Server"}


def _options(cur: Cursor) -> set[str]:
    """The options after what is dropped (DROP_OPTIONS); the cursor stops at anything else."""
    said: set[str] = set()
    while not cur.done:
        if cur.accept("CHECKPOINT"):  # Oracle: CHECKPOINT [n], how often a long drop commits
            if cur.peek() is not None and cur.peek().kind == "number":  # type: ignore[union-attr]
                cur.next()
        elif cur.at("WITH", "("):
            cur.accept("WITH")
            cur.group()
        elif word := cur.accept_any(*DROP_OPTIONS):
            said.add(word)
        else:
            break
    return said


def _column_names(cur: Cursor) -> list[str]:
    """`(a, b)` or `a`: the names of the columns dropped."""
    span = cur.group() if cur.at("(") else None
    if span is None:
        name = cur.name()
        return [name[-1]] if name else []
    items = (Cursor(cur.text, cur.quoting, *item).name() for item in split_top_level(cur.text, cur.quoting, *span))
    return [name[-1] for name in items if name]


def drop_columns(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle `DROP COLUMN c`, `DROP (c1, c2)`, `SET UNUSED COLUMN c` and `SET UNUSED (c1, c2)`, each with
    [CASCADE CONSTRAINTS] (an unused column is gone for every purpose: no statement sees it, its name can be used
    again, only its storage waits for DROP UNUSED COLUMNS); PostgreSQL `DROP [COLUMN] [IF EXISTS] c [CASCADE |
    RESTRICT]`; T-SQL `DROP COLUMN [IF EXISTS] c` (its `DROP COLUMN a, b` comes here one column at a time). A column
    the table lacks applies nothing, as the engine fails the statement, unless IF EXISTS passes over it."""
    text = cur.rest()
    table = pin_postgres_names(table, cur.quoting)
    if not cur.accept("SET", "UNUSED"):
        cur.accept("DROP")
    cur.accept("COLUMN")
    if_exists = cur.accept("IF", "EXISTS")
    names = _column_names(cur)
    cascade = bool(_options(cur) & {"CASCADE", "CASCADE CONSTRAINTS"})
    if not names:
        alter.not_read.append(text)
        return None
    unread_rest(cur, b)
    absent = [name for name in names if find_column(table, name) is None]
    if absent and not if_exists:
        alter.missing.append(f"column {', '.join(absent)} is not in the table ({text})")
        return None
    if absent:
        alter.ignored.append(f"IF EXISTS: column {', '.join(absent)} is not in the table")
    doomed = {name.upper() for name in names} - {name.upper() for name in absent}
    if not doomed:
        return None
    dropped = _drop(b, table, doomed, cascade, cur.quoting)
    if isinstance(dropped, str):
        alter.missing.append(f"{dropped} ({text})")
        return None
    return dropped


def _drop(b: Builder, table: Any, doomed: set[str], cascade: bool, quoting: Quoting) -> Any:
    """The table without the columns `doomed` (upper-case names) and what the engine drops with them, or why the
    engine refuses (a message). Constraints: one on dropped columns only goes with them; one on a dropped and a
    kept column goes too in PostgreSQL, and in Oracle only with CASCADE CONSTRAINTS (ORA-12991 without); SQL Server
    drops no column a constraint uses. A foreign key (of any table) that references a dropped column goes with
    CASCADE [CONSTRAINTS], and without it the engine refuses. Indexes that use a dropped column go with it, in every
    dialect: Oracle and PostgreSQL drop them, and SQL Server, which refuses, ran a DROP INDEX first (the scanner
    passes over DROP statements, so that index is still in the inventory)."""
    dialect = quoting.name
    doomed = _with_generated(table, doomed, cascade and dialect == "postgresql", quoting)
    refusal = _structure_refusal(table, doomed, quoting) or _bound_default(b, table, doomed)
    if refusal:
        return refusal
    gone: list[Any] = []
    for constraint in table.constraints:
        used = constraint_columns(constraint, table, quoting)
        if not used & doomed:
            continue
        if dialect == "sqlserver":
            return (
                f"{described(constraint)} uses column {_listed(used & doomed, table)}: SQL Server drops no column "
                "a constraint uses (the script must drop the constraint first)"
            )
        if dialect == "oracle" and not cascade and not used <= doomed:
            return (
                f"{described(constraint)} is on column {_listed(used & doomed, table)} and on column "
                f"{_listed(used - doomed, table)}, which stays: Oracle drops it only with CASCADE CONSTRAINTS "
                "(ORA-12991)"
            )
        gone.append(constraint)
    notes = []
    for owner, foreign_key in foreign_keys_to(b, table):
        hit = referenced_columns(foreign_key, table) & doomed
        if not hit or any(foreign_key is g for g in gone):
            continue
        if not cascade:
            referencing = f"{described(foreign_key)} of {owner.qualified_name}"
            return f"{referencing} references column {_listed(hit, table)}: {REFERENCED_COLUMN[dialect]}"
        gone.append(foreign_key)
        if owner is not table:
            referencing = f"{described(foreign_key)} of {owner.qualified_name}"
            notes.append(f"dropping column {_listed(hit, table)} also drops {referencing}, which references it")
    changed = everywhere(b, table, without(gone))
    b.implicit.extend(notes)
    columns = tuple(c for c in changed.columns if c.name.upper() not in doomed)
    indexes = tuple(i for i in changed.indexes if not index_columns(i, changed, quoting) & doomed)
    return replace(changed, columns=columns, indexes=indexes)


def _with_generated(table: Any, doomed: set[str], cascade: bool, quoting: Quoting) -> set[str]:
    """The columns dropped, with (PostgreSQL's CASCADE) the generated columns computed from them, and from those."""
    while cascade and (more := _computed_from(table, doomed, quoting)):
        doomed = doomed | {c.name.upper() for c in more}
    return doomed


def _computed_from(table: Any, doomed: set[str], quoting: Quoting) -> list[Any]:
    """The kept generated (virtual, computed) columns whose expression uses a dropped column."""
    kept = (c for c in table.columns if c.generated and c.name.upper() not in doomed)
    return [c for c in kept if expression_names(c.generated, quoting) & doomed]


def _structure_refusal(table: Any, doomed: set[str], quoting: Quoting) -> str:
    """Why the engine refuses to drop the columns whatever the statement says, or "": a generated column computed
    from one of them (PostgreSQL's CASCADE has dropped it already), a column of the partition key or of SQL Server's
    system-time period, every column of the table (Oracle ORA-12983 and SQL Server keep one; PostgreSQL does not)."""
    engine = ENGINE[quoting.name]
    computed = _computed_from(table, doomed, quoting)
    if computed:
        used = expression_names(computed[0].generated, quoting) & doomed
        hint = " (PostgreSQL drops it too only with CASCADE)" if quoting.name == "postgresql" else ""
        computing = f"generated column {computed[0].name} is computed from column {_listed(used, table)}"
        return f"{computing}: {engine} refuses to drop it{hint}"
    scheme = table.partitioning
    structural = [*(scheme.columns if scheme else ()), *(scheme.subpartition_columns if scheme else ())]
    keyed = {c.upper() for c in [*structural, *(table.period or ())]} & doomed
    if keyed:
        return f"column {_listed(keyed, table)} is in the table's partition key or period: {engine} refuses to drop it"
    if quoting.name != "postgresql" and len(doomed) >= len(table.columns):
        return f"{engine} refuses to drop every column of a table{' (ORA-12983)' if quoting.name == 'oracle' else ''}"
    return ""


def _bound_default(b: Builder, table: Any, doomed: set[str]) -> str:
    """Why SQL Server refuses to drop a column whose named default is still there (the script drops the default
    first, by its name), or "". An unnamed default has a name SQL Server made up, which a script can only find at
    run time (dynamic SQL the scanner does not read): the column is dropped with it."""
    key = (table.schema.upper(), table.name.upper())
    for (schema, name, _), (constraint, column) in b.default_names.items():
        if (schema, name) == key and column.upper() in doomed:
            return (
                f"default {constraint} is bound to column {column}: SQL Server drops no column a default is bound to "
                "(the script must drop the default first)"
            )
    return ""


def _listed(names: set[str], table: Any) -> str:
    """Column names as the table spells them, in the table's order."""
    return ", ".join(c.name for c in table.columns if c.name.upper() in names)


def drop_constraint(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """`DROP CONSTRAINT [IF EXISTS] name [CASCADE | RESTRICT]` in the three dialects (T-SQL may leave out the word
    CONSTRAINT, and its `DROP CONSTRAINT a, b` comes here one name at a time); Oracle `DROP PRIMARY KEY` and `DROP
    UNIQUE (cols)`, with [CASCADE] [KEEP | DROP INDEX] [ONLINE], and several of them one after another. A
    constraint the table lacks applies nothing, as the engine fails the statement, unless IF EXISTS passes over it;
    what goes with the key, or keeps it, is in `_without`."""
    text = cur.rest()
    table = pin_postgres_names(table, cur.quoting)
    cur.accept("DROP")
    if_exists, name = False, ""
    if cur.accept("PRIMARY", "KEY"):
        constraint, absent = table.primary_key, "the table has no primary key"
    elif cur.accept("UNIQUE"):
        columns = column_list(cur)
        constraint = _unique_on(table, columns)
        absent = f"the table has no unique key on ({', '.join(columns)})"
    else:
        cur.accept("CONSTRAINT")
        if_exists = cur.accept("IF", "EXISTS")
        name = (cur.name() or ("",))[-1]
        constraint, absent = find_named(table, name, cur.quoting), f"constraint {name} is not in the table"
    options = _options(cur)
    if constraint is None and (defaulted := _without_default(b, table, name)) is not None:
        unread_rest(cur, b)
        return defaulted
    if constraint is None and if_exists:
        alter.ignored.append(f"IF EXISTS: {absent}")
        return None
    if constraint is None:
        alter.missing.append(f"{absent} ({text})")
        return None
    changed = _without(b, table, constraint, options, cur.quoting.name)
    if isinstance(changed, str):
        alter.missing.append(f"{changed} ({text})")
        return None
    if cur.at("DROP") and grammar(cur).constraints_in_a_row:  # Oracle: DROP PRIMARY KEY DROP UNIQUE (x)
        return drop_constraint(cur, b, changed, alter) or changed
    unread_rest(cur, b)
    return changed


def _without_default(b: Builder, table: Any, name: str) -> Any:
    """T-SQL: the table without the named default `name` (`CONSTRAINT DF_x DEFAULT 0`): its column has no default
    any more. None if the table has no default of that name."""
    key = (table.schema.upper(), table.name.upper(), name.upper())
    column = find_column(table, b.default_names.get(key, ("", ""))[1])
    if column is None:
        return None
    del b.default_names[key]
    return replace(table, columns=tuple(replace(c, default=None) if c is column else c for c in table.columns))


def _unique_on(table: Any, columns: tuple[str, ...]) -> Any:
    wanted = {c.upper() for c in columns}
    unique = (c for c in table.constraints if c.kind is ConstraintKind.UNIQUE)
    return next((c for c in unique if {n.upper() for n in c.columns} == wanted), None)


def _without(b: Builder, table: Any, constraint: Any, options: set[str], dialect: str) -> Any:
    """The table without `constraint`, or why the engine refuses (a message). The foreign keys (of any table) that
    reference a dropped primary or unique key go with it under CASCADE; without it the engine refuses. The key's
    own index goes with it: PostgreSQL's carries the key's name; Oracle drops a user-made index only when told
    DROP INDEX (it keeps one by default, and with KEEP INDEX), and one it made for the key is not in the inventory."""
    dependents = keys_referencing(b, table, constraint)
    if dependents and "CASCADE" not in options:
        owner, foreign_key = dependents[0]
        referencing = f"{described(foreign_key)} of {owner.qualified_name}"
        return f"{referencing} references {described(constraint)}: {REFERENCED_KEY[dialect]}"
    for owner, foreign_key in dependents:
        if owner is not table:
            referencing = f"{described(foreign_key)} of {owner.qualified_name}"
            b.implicit.append(f"dropping {described(constraint)} also drops {referencing}, which references it")
    changed = everywhere(b, table, without([constraint, *(fk for _, fk in dependents)]))
    if constraint.kind not in KEYS:
        return changed
    columns = tuple(c.upper() for c in constraint.columns)

    def its_index(index: Any) -> bool:
        named = bool(constraint.name) and index.name.upper() == constraint.name.upper()
        if dialect == "postgresql":
            return named
        same = index.unique and tuple(c.expression.upper() for c in index.columns) == columns
        return "DROP INDEX" in options and (named or same)

    return replace(changed, indexes=tuple(i for i in changed.indexes if not its_index(i)))
