"""Columns declared with an Oracle object or collection type (CREATE TYPE ... AS OBJECT / VARRAY / TABLE OF).

The PL/SQL converter turns the types into a composite type and an array domain of the same name
(converters/procedural/plsql_objtypes.py). A column of such a type gets that type, its table is deployed after it,
and a VARRAY's size limit, which an array does not keep, becomes a CHECK on the column's cardinality. Oracle's
NESTED TABLE ... STORE AS names the storage table of a nested-table column: PostgreSQL keeps the array in the
row, so the clause has nothing to create (the scanner reads past it).

AWS DMS does not migrate Oracle user-defined types (its Oracle-source data types leave out objects, VARRAYs,
nested tables and REFs), so each such column carries a finding: its data is moved by a
person (for example from a source view that flattens it into plain columns, then an UPDATE on the target).

A column whose type is itself left for a person (a collection of REFs, an object type with a REF attribute) leaves
its table for a person too: the table cannot be created before its type. A REF column holds a pointer to a row object
(its object identifier, which DEREF follows); PostgreSQL rows have no such identity, so no column type holds it.

An Oracle object table (CREATE TABLE t OF type) comes from the scan as a table whose columns are the type's
attributes (assessments/files/object_tables.py): it is created as such, its attributes' types mapped as any column's.
It is left for a person when those columns are not its rows: the type is not in the scan, or the rows may be objects
of the type's subtypes, whose own attributes Oracle keeps in hidden columns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sqlglot.tokens import TokenType

from converters.ddl_context import DdlContext, finding, make_object, qname
from converters.dialects import SOURCE_DIALECTS
from converters.names import fold, qualified, quote
from converters.rewrites.common import UserType
from converters.types import TypeChoice
from migrate.model import (
    Column,
    ConvertedObject,
    Finding,
    Inventory,
    ObjectStatus,
    Routine,
    RoutineKind,
    Severity,
    Table,
)

# source engines whose CREATE TYPE declares object and collection types that columns may use
OBJECT_TYPE_SOURCES = frozenset({"oracle"})

_COLLECTION_WORDS = ("VARRAY", "VARYING", "TABLE")


def user_types(inventory: Inventory, ctx: DdlContext) -> tuple[UserType, ...]:
    """Every object and collection type of the inventory, as the PL/SQL converter names it on the target."""
    if inventory.source.engine not in OBJECT_TYPE_SOURCES:
        return ()
    found = []
    for schema in inventory.schemas:
        for routine in schema.routines:
            if routine.kind is RoutineKind.TYPE:
                read = _read(routine, ctx)
                if read is not None:
                    found.append(read)
    objects = {t.name for t in found if not t.collection}  # an element that is none of these is a scalar
    return tuple(replace(t, element=t.element if t.element in objects else "") for t in found)


def _read(routine: Routine, ctx: DdlContext) -> UserType | None:
    tokens = SOURCE_DIALECTS[ctx.source]().tokenize(routine.source)
    words = [t.text.upper() if t.token_type is not TokenType.STRING else "" for t in tokens]
    start = next((i for i, w in enumerate(words) if w in ("AS", "IS") and i > 2), None)
    if start is None or start + 1 >= len(words):
        return None
    target = qualified(ctx.names.schema(routine.schema), fold(routine.name, ctx.source))
    kind = words[start + 1]
    if kind == "OBJECT":
        return UserType(routine.name.upper(), target, False, attributes=_attributes(words, start + 3))
    if kind not in _COLLECTION_WORDS or "OF" not in words[start:]:
        return None
    limit = None
    if kind in ("VARRAY", "VARYING"):
        number = next((t.text for t in tokens[start + 1 :] if t.token_type is TokenType.NUMBER), None)
        limit = int(number) if number and number.isdigit() else None
    of = words.index("OF", start)
    element = words[of + 1].strip('"') if of + 1 < len(words) else ""
    if of + 3 < len(words) and words[of + 2] == ".":  # schema.type
        element = words[of + 3].strip('"')
    return UserType(routine.name.upper(), target, True, element, limit)


_NOT_ATTRIBUTES = frozenset({"MEMBER", "STATIC", "MAP", "ORDER", "CONSTRUCTOR", "FINAL", "INSTANTIABLE", "NOT",
                             "OVERRIDING"})  # fmt: skip


def _attributes(words: list[str], at: int) -> tuple[str, ...]:
    """The attribute names of `OBJECT ( name type, ... )` from the word after its parenthesis (methods skipped)."""
    if at - 1 >= len(words) or words[at - 1] != "(":
        return ()
    found, depth, expect = [], 0, True
    for word in words[at:]:
        if depth == 0 and word == ")":
            break
        if depth == 0 and expect and word not in _NOT_ATTRIBUTES:
            found.append(word.strip('"'))
        expect = depth == 0 and word == ","
        depth += {"(": 1, ")": -1}.get(word, 0)
    return tuple(found)


def typed_columns(inventory: Inventory, types: tuple[UserType, ...]) -> tuple[tuple[str, str], ...]:
    """(lower column name, UPPER type name) of every column declared with one of `types`; a name declared with
    two different types is left out (a query reading it cannot be rewritten with certainty)."""
    names = {t.name for t in types}
    seen: dict[str, set[str]] = {}
    for table in inventory.tables():
        for column in table.columns:
            type_name = _type_name(column)
            if type_name in names:
                seen.setdefault(column.name.lower(), set()).add(type_name)
    return tuple((column, next(iter(kinds))) for column, kinds in sorted(seen.items()) if len(kinds) == 1)


def object_tables(inventory: Inventory) -> tuple[tuple[str, str, int], ...]:
    """(lower "schema.table" and "table", UPPER type, attribute count) of every object table whose columns are known;
    a bare name two schemas' tables share is left out (an INSERT naming it cannot be placed with certainty)."""
    tables = inventory.tables()
    named = Counter(t.name.lower() for t in tables)
    found: list[tuple[str, str, int]] = []
    for table in (t for t in tables if t.object_type and t.columns):
        kind = ((table.object_type or "").rsplit(".", 1)[-1].upper(), len(table.columns))
        found.append((table.qualified_name.lower(), *kind))
        if named[table.name.lower()] == 1:
            found.append((table.name.lower(), *kind))
    return tuple(found)


def _type_name(column: Column) -> str:
    return column.type.raw.replace('"', "").strip().upper().rsplit(".", 1)[-1]


def column_user_type(column: Column, ctx: DdlContext) -> UserType | None:
    """The object or collection type a column is declared with, if the run converts it."""
    if not ctx.user_types_declared:
        return None
    return next((t for t in ctx.user_types_declared if t.name == _type_name(column)), None)


def type_dependency(column: Column, ctx: DdlContext) -> list[str]:
    """The deploy-order key of the converted type a column is declared with (ConvertedObject.qualified_name)."""
    found = column_user_type(column, ctx)
    if found is None:
        return []
    schema, _, name = found.target.replace('"', "").rpartition(".")
    return [qname(schema, name)]


def limit_check(column: Column, ctx: DdlContext, pg_type: str | None, target_column: str) -> str:
    """A VARRAY(n)'s size limit as a column CHECK (an array has none); NULL passes, as an atomically null VARRAY.
    Only when the column got the collection's type (not a type override)."""
    found = column_user_type(column, ctx)
    if found is None or found.limit is None or pg_type != found.target:
        return ""
    return f" CHECK (cardinality({quote(target_column)}) <= {found.limit})"


def load_finding(table: Table, column: Column, found: UserType) -> Finding:
    what = "a collection" if found.collection else "an object type"
    return finding(
        "dms_user_type", Severity.MEDIUM,
        f"column {table.qualified_name}.{column.name} is of {what} ({column.type.raw}): AWS DMS does not migrate "
        "Oracle user-defined types (objects, VARRAYs, nested tables), so the load does not carry its values",
    )  # fmt: skip


def ref_column(table: Table, column: Column) -> TypeChoice | None:
    """A `REF type` column or object-table attribute has no PostgreSQL type: the table is left for a person."""
    if not column.type.name.startswith("REF "):
        return None
    what = "attribute" if table.object_type else "column"
    note = finding(
        "ref_column", Severity.HIGH,
        f"{what} {column.name} of {table.qualified_name} is {column.type.raw}: an Oracle REF points at a row object "
        "(it holds the object identifier DEREF follows); PostgreSQL rows have no such identity, so no column type "
        "holds it and the table is left for a person",
    )  # fmt: skip
    return TypeChoice(None, "an Oracle REF (a pointer to a row object)", (note,))


def object_table_findings(table: Table) -> list[Finding]:
    """What an object table's conversion says: made of its type's attributes, or why its rows have no columns."""
    if not table.object_type:
        return []
    where = f"object table {table.qualified_name} (OF {table.object_type})"
    if not table.columns:
        return [finding("object_table_rows", Severity.HIGH, f"{where}: the type is not an object type of the scanned "
                        "files, so the table's columns (the type's attributes) are not known")]  # fmt: skip
    if table.object_subtypes:
        return [finding("object_table_rows", Severity.HIGH,
                        f"{where}: its rows may also be objects of {', '.join(table.object_subtypes)} (the type is "
                        "NOT FINAL and the table is not NOT SUBSTITUTABLE AT ALL LEVELS); Oracle keeps their own "
                        "attributes in hidden columns, which a table of the type's attributes does not have")]  # fmt: skip
    return [finding("object_table", Severity.INFO, f"{where} is created as a table whose columns are the type's "
                    "attributes; INSERT INTO it VALUES (an object) stores the object's attributes, but its rows are "
                    "no longer objects: REF(t), VALUE(t) and OBJECT_VALUE have no object identifier to read")]  # fmt: skip


# kinds of the objects an object or collection type becomes (plsql_objtypes: a composite type, an array domain)
TYPE_KINDS = ("type", "domain")


def tables_of_manual_types(objects: list[ConvertedObject], ctx: DdlContext) -> list[ConvertedObject]:
    """A table with a column of a type left for a person is left for a person too, naming the column and why the
    type is (types are converted after tables, so this is known once every object is built)."""
    manual = {o.qualified_name: o for o in objects if o.status is ObjectStatus.MANUAL and o.kind in TYPE_KINDS}
    return [_waiting_for_types(o, manual, ctx) if manual and o.kind == "table" else o for o in objects]


def _waiting_for_types(obj: ConvertedObject, manual: dict[str, ConvertedObject], ctx: DdlContext) -> ConvertedObject:
    schema, _, name = obj.source_name.upper().partition(".")
    table = ctx.tables.get((schema, name))
    if table is None or obj.status is ObjectStatus.MANUAL or not any(d in manual for d in obj.depends_on):
        return obj
    notes = [
        _waits_for_type(table, column, manual[key]).on("column", f"{table.qualified_name}.{column.name}")
        for column in table.columns
        for key in type_dependency(column, ctx)
        if key in manual
    ]
    if not notes:
        return obj
    return make_object(
        obj.kind, obj.schema, obj.name, obj.sql, source_name=obj.source_name, location=obj.location,
        findings=[*obj.findings, *notes], depends_on=obj.depends_on, phase=obj.deploy_phase, columns=obj.columns,
        manual=True, source_text=table.source_text,
    )  # fmt: skip


def _waits_for_type(table: Table, column: Column, type_object: ConvertedObject) -> Finding:
    worst = max(type_object.findings, key=lambda f: f.severity.rank, default=None)
    why = f" ({worst.rule_id}: {worst.message[:200]})" if worst is not None else ""
    what = "attribute" if table.object_type else "column"
    return finding("manual_user_type", Severity.HIGH,
                   f"{what} {column.name} of {table.qualified_name} is of type {column.type.raw}, which is left for a "
                   f"person{why}: the table cannot be created before its type")  # fmt: skip
