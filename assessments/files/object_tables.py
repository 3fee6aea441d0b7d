"""Oracle object tables: `CREATE TABLE t OF [schema.]type [[NOT] SUBSTITUTABLE AT ALL LEVELS] [(object properties)]
[OBJECT IDENTIFIER IS {SYSTEM GENERATED | PRIMARY KEY}] [OIDINDEX ...] [physical and table properties]`.

An object table's rows are objects of its type, and its relational columns are the type's attributes, in order, a
subtype's inherited attributes first: Oracle's dictionary lists them as the table's columns (ALL_TAB_COLUMNS), with
the attribute's declared type. So the table gets those columns here, each read as a CREATE TABLE column of that type
would be, and every later step (ALTER TABLE, indexes, the converters, validation) sees an ordinary table. What Oracle
adds beside them is not relational: the hidden object identifier (SYS_NC_OID$, what REFs to the rows hold, whether
SYSTEM GENERATED or the PRIMARY KEY) and the OIDINDEX on it.

The list in parentheses names no types: out-of-line constraints and, per attribute, a DEFAULT and inline constraints
(`id PRIMARY KEY`, `name NOT NULL`). A type declared later in the files than the table is read first: the statement
waits for the end of the scan (Builder.defer). Which subtypes a substitutable table may hold (their own attributes
live in hidden columns the table here does not have) is known only once every type is read: `finish_object_tables`.
"""

from __future__ import annotations

from dataclasses import replace

from assessments.files.builder import Builder
from assessments.files.constraints import is_constraint_start
from assessments.files.tables import TableDraft, read_column, read_column_attributes, read_out_of_line
from migrate.model import Column, Routine, RoutineKind
from migrate.sqltext.cursor import Cursor, split_top_level
from migrate.sqltext.lexer import QUOTING, Quoting
from migrate.sqltext.statement import Statement

# Dialects whose `CREATE TABLE t OF type` is read here (PostgreSQL typed tables are not read yet).
OBJECT_TABLE_DIALECTS = frozenset({"oracle"})
# Words that start a method or a pragma in an object type's list, not an attribute.
METHOD_WORDS = frozenset({"MEMBER", "STATIC", "MAP", "ORDER", "CONSTRUCTOR", "FINAL", "NOT", "OVERRIDING",
                          "INSTANTIABLE", "PRAGMA"})  # fmt: skip
DEPTH = 32  # supertypes followed at most (a cycle in broken scripts ends there)

Name = tuple[str, str]


def is_object_table(cur: Cursor) -> bool:
    return cur.at("OF") and cur.quoting.name in OBJECT_TABLE_DIALECTS


def read_object_table(stmt: Statement, cur: Cursor, b: Builder, draft: TableDraft) -> bool:
    """From `OF type` to the end of the object properties; False when the statement waits for its type."""
    cur.accept("OF")
    parts = cur.name()
    type_name = (parts[-2], parts[-1]) if len(parts) > 1 else (b.current_schema or draft.schema, parts[-1])
    columns, missing = type_attributes(b, type_name, cur.quoting)
    if missing and b.defer(stmt, creates=True):
        return False
    draft.object_type = ".".join(type_name)
    substitution = cur.accept_any("NOT SUBSTITUTABLE AT ALL LEVELS", "SUBSTITUTABLE AT ALL LEVELS")
    draft.substitutable = not substitution.startswith("NOT")
    if missing:
        what = "its type" if missing == type_name else f"its type's supertype {'.'.join(missing)}"
        b.problem("SCAN-ORPHAN-001", f"object table {draft.schema}.{draft.name} is OF {draft.object_type}: {what} "
                  "is not an object type of the scanned files, so its columns are not known", stmt, "table",
                  f"{draft.schema}.{draft.name}")  # fmt: skip
        cur.group()  # its constraints and column options name attributes that are not known
        return True
    draft.columns.extend(columns)
    _read_object_properties(cur, draft)
    return True


def type_attributes(b: Builder, type_name: Name, quoting: Quoting) -> tuple[tuple[Column, ...], Name | None]:
    """The columns an object table of the type has (a supertype's attributes first), and the type or supertype
    that is not an object type of the files read so far (None when every one is)."""
    found: list[Column] = []
    chain: list[tuple[Routine, tuple[int, int] | None]] = []
    at: Name | None = type_name
    while at is not None:
        routine = b.routine(RoutineKind.TYPE, *at)
        head = _type_head(routine, quoting) if routine is not None else None
        if routine is None or head is None or len(chain) == DEPTH:
            return (), at
        chain.append((routine, head[1]))
        at = head[0]
    for routine, span in reversed(chain):  # the root supertype's attributes come first
        found += _attributes(routine, span, quoting)
    return tuple(found), None


def _type_head(routine: Routine, quoting: Quoting) -> tuple[Name | None, tuple[int, int] | None] | None:
    """(supertype, span of the attribute list) of `CREATE TYPE t [options] {AS|IS} OBJECT (...)` or `UNDER s
    [(...)]`; None for any other type (a collection, an incomplete type)."""
    cur = Cursor(routine.source, quoting)
    cur.skip_to(lambda c: c.word() in ("AS", "IS", "UNDER"))
    if cur.accept("UNDER"):
        parts = cur.name()
        if not parts:
            return None
        return ((parts[-2], parts[-1]) if len(parts) > 1 else (routine.schema, parts[-1])), cur.group()
    if not cur.accept_any("AS OBJECT", "IS OBJECT"):
        return None
    span = cur.group()
    return (None, span) if span is not None else None


def _attributes(routine: Routine, span: tuple[int, int] | None, quoting: Quoting) -> list[Column]:
    """Each `name type` of the list as a CREATE TABLE column of that type (methods and pragmas left out)."""
    draft = TableDraft(routine.schema, routine.name)
    for begin, end in split_top_level(routine.source, quoting, *span) if span else []:
        item = Cursor(routine.source, quoting, begin, end)
        if item.word() not in METHOD_WORDS:
            read_column(item, draft, quoting.name)
    return draft.columns


def _read_object_properties(cur: Cursor, draft: TableDraft) -> None:
    """`(constraint, attribute [DEFAULT x] [inline constraints], ...)`: the attributes' columns get the options."""
    span = cur.group()
    for begin, end in split_top_level(cur.text, cur.quoting, *span) if span else []:
        element = Cursor(cur.text, cur.quoting, begin, end)
        if element.at("SCOPE", "FOR") or element.at("REF", "("):
            continue  # a REF column's scope or ROWID: a REF column is left for a person (converters/ddl_objtypes.py)
        if is_constraint_start(element):
            constraint = read_out_of_line(element, draft)
            if constraint:
                draft.constraints.append(constraint)
            continue
        text = element.rest()
        names = element.name()
        at = next((i for i, c in enumerate(draft.columns) if names == (c.name,)), None)
        if at is None:
            draft.unread.append(f"not an attribute of {draft.object_type}: {text}")
            continue
        draft.columns[at] = read_column_attributes(element, draft.columns[at], draft)


def read_object_option(cur: Cursor) -> bool:
    """Pass over a clause of an object table (or of a column of an object or collection type) that has nothing to
    create on PostgreSQL; False if none starts here."""
    if cur.accept("OBJECT", "IDENTIFIER", "IS"):
        # the hidden object identifier REFs hold: no REF to a converted table's rows exists on PostgreSQL
        cur.accept_any("SYSTEM GENERATED", "PRIMARY KEY")
    elif cur.accept("OIDINDEX"):
        if cur.peek() is not None and cur.peek().kind in ("word", "qident"):  # type: ignore[union-attr]
            cur.name()
        cur.group()  # the index on that identifier, and its storage
    elif cur.accept("NESTED", "TABLE"):
        # where a nested-table column's elements are stored: PostgreSQL keeps the array in the row
        cur.name()
        _skip_substitution(cur)
        cur.accept_any("LOCAL", "GLOBAL")
        if cur.accept("STORE", "AS"):
            cur.name()
            cur.group()
        if cur.accept("RETURN"):
            cur.accept("AS")
            cur.accept_any("LOCATOR", "VALUE")
    elif cur.accept("VARRAY"):  # VARRAY v STORE AS [SECUREFILE|BASICFILE] LOB [segment] [(storage)]: the same
        cur.name()
        _skip_substitution(cur)
        if cur.accept("STORE", "AS"):
            cur.accept_any("SECUREFILE", "BASICFILE")
            if cur.accept("LOB") and cur.peek() is not None and cur.peek().kind in ("word", "qident"):  # type: ignore[union-attr]
                cur.name()
            cur.group()
    elif cur.accept("COLUMN"):  # COLUMN c [NOT] SUBSTITUTABLE ... / ELEMENT IS OF TYPE (ONLY t): see below
        cur.name()
        _skip_substitution(cur)
    else:
        return False
    return True


def _skip_substitution(cur: Cursor) -> None:
    """`[NOT] SUBSTITUTABLE AT ALL LEVELS` or `[ELEMENT] IS OF [TYPE] (ONLY t)`: which subtypes a column may hold.
    PostgreSQL has no subtypes; a column of a type that has some is the type converter's finding."""
    if cur.accept_any("NOT SUBSTITUTABLE AT ALL LEVELS", "SUBSTITUTABLE AT ALL LEVELS"):
        return
    cur.accept("ELEMENT")
    if cur.accept("IS", "OF"):
        cur.accept("TYPE")
        cur.group()


def finish_object_tables(b: Builder) -> None:
    """Every type read: the subtypes (at any depth) each substitutable object table's rows may be."""
    if not b.substitutable:
        return
    quoting = QUOTING[b.dialect]
    under: dict[Name, list[Name]] = {}
    for routine in [r for r in b.objects["routines"].values() if r.kind is RoutineKind.TYPE]:
        head = _type_head(routine, quoting)
        if head is not None and head[0] is not None:
            parent = (head[0][0].upper(), head[0][1].upper())
            under.setdefault(parent, []).append((routine.schema, routine.name))
    for key in sorted(b.substitutable):
        table = b.objects["tables"].get(key)
        if table is None or not table.object_type:
            continue
        schema, _, name = table.object_type.partition(".")
        subtypes, todo = [], list(under.get((schema.upper(), name.upper()), ()))
        while todo and len(subtypes) < DEPTH:
            found = todo.pop(0)
            subtypes.append(".".join(found))
            todo += under.get((found[0].upper(), found[1].upper()), [])
        if subtypes:
            b.objects["tables"][key] = replace(table, object_subtypes=tuple(subtypes))
