"""What in the inventory depends on a table's columns and keys, for the ALTER TABLE actions that drop or rename
them (alter_drops, alter_renames): the columns a constraint, an index or a generated column uses, the foreign keys
of any table that reference the table, and a column's name inside an expression's text.

Only what the inventory holds is known here. Views, triggers and routines that name a column or a table are
source text the scanner does not take apart: a drop or a rename leaves them as they are, and they fail at deploy,
where the failure is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from assessments.files.alter_grammar import find_constraint
from assessments.files.builder import Builder
from migrate.model import ConstraintKind
from migrate.sqltext.cursor import folder
from migrate.sqltext.lexer import Quoting, Token, tokenize

K = ConstraintKind
KEYS = (K.PRIMARY_KEY, K.UNIQUE)


def _is_name(tokens: list[Token], at: int) -> bool:
    """A word or quoted name that is not a function's name (`upper(a)`: upper is called, a is a name)."""
    if tokens[at].kind not in ("word", "qident"):
        return False
    return at + 1 == len(tokens) or tokens[at + 1].text != "("


def expression_names(text: str | None, quoting: Quoting) -> set[str]:
    """The names (upper case, as the scanner compares them) an expression's text uses: a CHECK's, an index
    expression's, a generated column's. It is SQL, so a column is found only as a whole name: `a` in `a > 0`,
    never in `'a'` (a string) nor in `alpha`. Keywords come along (AND, NULL...): callers keep the table's columns."""
    if not text:
        return set()
    fold = folder(quoting)
    tokens = tokenize(text, quoting)
    return {fold(t).upper() for at, t in enumerate(tokens) if _is_name(tokens, at)}


def rename_in_expression(text: str | None, quoting: Quoting, old: str, spelled: str) -> str | None:
    """`text` with every whole name equal to `old` (compared as the scanner compares names) written `spelled`:
    the new name as the RENAME statement wrote it, quotes included, so that it folds to the new name again."""
    if not text:
        return text
    fold = folder(quoting)
    tokens = tokenize(text, quoting)
    pieces: list[str] = []
    done = 0
    for at, token in enumerate(tokens):
        if _is_name(tokens, at) and fold(token).upper() == old.upper():
            pieces += [text[done : token.start], spelled]
            done = token.end
    return "".join([*pieces, text[done:]])


def column_names(table: Any) -> set[str]:
    return {c.name.upper() for c in table.columns}


def constraint_columns(constraint: Any, table: Any, quoting: Quoting) -> set[str]:
    """The table's columns a constraint uses: a key's or a foreign key's column list; a CHECK's, the columns its
    expression names (an out-of-line CHECK lists no columns)."""
    names = {c.upper() for c in constraint.columns}
    if constraint.kind is K.CHECK:
        names |= expression_names(constraint.check_expression, quoting)
    return names & column_names(table)


def index_columns(index: Any, table: Any, quoting: Quoting) -> set[str]:
    """The table's columns an index uses: as keys, in key expressions, as INCLUDE columns, in its WHERE."""
    names = {c.upper() for c in index.include} | expression_names(index.where, quoting)
    for column in index.columns:
        if column.is_expression:
            names |= expression_names(column.expression, quoting)
        else:
            names.add(column.expression.upper())
    return names & column_names(table)


def references(constraint: Any, owner_schema: str, table: Any) -> bool:
    """Is `constraint` (of a table in `owner_schema`) a foreign key to `table`? `REFERENCES t` without a schema is
    a table of the foreign key's own schema."""
    if constraint.kind is not K.FOREIGN_KEY or (constraint.ref_table or "").upper() != table.name.upper():
        return False
    return (constraint.ref_schema or owner_schema).upper() == table.schema.upper()


def referenced_columns(foreign_key: Any, table: Any) -> set[str]:
    """The columns of `table` a foreign key to it references: those it lists, or (`REFERENCES t` alone) the
    primary key's."""
    key = table.primary_key
    columns = foreign_key.ref_columns or (key.columns if key is not None else ())
    return {c.upper() for c in columns}


def foreign_keys_to(b: Builder, table: Any) -> list[tuple[Any, Any]]:
    """(table, foreign key) for every foreign key of the inventory so far that references `table`, its own
    (self-references) included."""
    return [
        (owner, c) for owner in all_tables(b, table) for c in owner.constraints if references(c, owner.schema, table)
    ]


def keys_referencing(b: Builder, table: Any, key: Any) -> list[tuple[Any, Any]]:
    """The foreign keys that depend on a primary or unique key of `table`: those whose referenced columns are the
    key's (in any order, as Oracle and PostgreSQL match a foreign key to the key it uses)."""
    if key.kind not in KEYS:
        return []
    columns = {c.upper() for c in key.columns}
    found = foreign_keys_to(b, table)
    return [(owner, fk) for owner, fk in found if fk is not key and referenced_columns(fk, table) == columns]


def all_tables(b: Builder, table: Any) -> list[Any]:
    """Every table of the inventory so far: `table` as the statement being read has changed it (the builder still
    holds it as it was before the statement), and the others as the builder holds them."""
    key = (table.schema.upper(), table.name.upper())
    return [table, *(other for at, other in b.objects["tables"].items() if at != key)]


def everywhere(b: Builder, table: Any, how: Callable[[Any], Any]) -> Any:
    """`how` applied to every table: the other tables are changed in the builder; `table`, the one the statement
    alters, is returned changed (the statement's reader puts it back once its actions are read)."""
    key = (table.schema.upper(), table.name.upper())
    for at, other in list(b.objects["tables"].items()):
        if at != key and (changed := how(other)) is not other:
            b.put("tables", changed)
    return how(table)


def without(gone: Iterable[Any]) -> Callable[[Any], Any]:
    """A table change removing the constraints `gone` (the very objects, so that an equal constraint of another
    table stays); the table itself when it had none of them."""
    doomed = list(gone)

    def change(table: Any) -> Any:
        kept = tuple(c for c in table.constraints if not any(c is d for d in doomed))
        return table if len(kept) == len(table.constraints) else replace(table, constraints=kept)

    return change


def find_named(table: Any, name: str, quoting: Quoting) -> Any:
    """The table's constraint a DROP or RENAME CONSTRAINT names: by its name, or, in PostgreSQL, an unnamed one by
    the name PostgreSQL gave it (`t_pkey`: a script written against the database uses that name)."""
    found = find_constraint(table, name)
    if found is not None or quoting.name != "postgresql" or not name:
        return found
    return next((c for c, given in postgres_names(table, quoting) if given.upper() == name.upper()), None)


# The suffix PostgreSQL names an unnamed constraint with, by kind.
POSTGRES_SUFFIX = {K.PRIMARY_KEY: "pkey", K.UNIQUE: "key", K.FOREIGN_KEY: "fkey", K.CHECK: "check"}


def postgres_names(table: Any, quoting: Quoting) -> list[tuple[Any, str]]:
    """(constraint, the name PostgreSQL gives it) for the table's unnamed constraints, in the order they were
    created: `<table>_pkey`; `<table>_<columns>_key` and `_fkey`; `<table>_<column>_check` for a CHECK whose expression
    uses exactly one column (where the CHECK is written does not count), else `<table>_check`; a name already taken
    gets 1, 2... after it. (PostgreSQL also shortens names longer than 63 bytes: not done here, such a name is not
    found.) The names are the table's and columns' when the constraint was made: `pin_postgres_names` keeps them
    before a rename or a drop changes what they are computed from."""
    taken = {c.name.upper() for c in table.constraints if c.name}
    named: list[tuple[Any, str]] = []
    for constraint in table.constraints:
        suffix = POSTGRES_SUFFIX.get(constraint.kind)
        if constraint.name or suffix is None:
            continue
        columns = list(constraint.columns)
        if constraint.kind is K.CHECK:
            used = expression_names(constraint.check_expression, quoting)
            columns = [c.name for c in table.columns if c.name.upper() in used]
            columns = columns if len(columns) == 1 else []
        if constraint.kind is K.PRIMARY_KEY:
            columns = []
        base = "_".join([table.name, *columns])
        given = f"{base}_{suffix}"
        count = 0
        while given.upper() in taken:
            count += 1
            given = f"{base}_{suffix}{count}"
        taken.add(given.upper())
        named.append((constraint, given))
    return named


def pin_postgres_names(table: Any, quoting: Quoting) -> Any:
    """A PostgreSQL table with its unnamed constraints named as PostgreSQL named them: a renamed column or table,
    or a dropped constraint, does not rename the others, so their names are fixed before it happens. Other dialects'
    names for unnamed constraints are the server's own (SYS_C0012, PK__t__3213E83F): the table is returned as is."""
    if quoting.name != "postgresql":
        return table
    given = {id(constraint): name for constraint, name in postgres_names(table, quoting)}
    if not given:
        return table
    named = tuple(replace(c, name=given[id(c)]) if id(c) in given else c for c in table.constraints)
    return replace(table, constraints=named)


def described(constraint: Any) -> str:
    """A constraint as a message names it: by its name, or, unnamed, by its kind and columns."""
    if constraint.name:
        return f"constraint {constraint.name}"
    if constraint.kind is K.CHECK:
        return f"the check ({constraint.check_expression})"
    return f"the {constraint.kind.value.replace('_', ' ')} ({', '.join(constraint.columns)})"
