"""CREATE TABLE: columns, inline and out-of-line constraints, identity, virtual/computed columns,
temporary tables, IOTs, partitioning; for Oracle, SQL Server and PostgreSQL scripts.

sqlglot is not used for table DDL: it renames source types while parsing (BINARY_DOUBLE becomes
DOUBLE PRECISION, TIMESTAMP WITH LOCAL TIME ZONE becomes TIMESTAMPLTZ) and stops at storage
clauses every DBMS_METADATA export carries, and the inventory must keep the type as written.
The statement is walked with the lexer's tokens and the source text is sliced out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assessments.files.column_attributes import ATTRIBUTE_READERS, identity_from_options, read_unknown
from assessments.files.constraints import constraint_body, is_constraint_start, nulls_equal, read_constraint_state
from assessments.files.partitions import read_partitioning
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    Index,
    IndexColumn,
    Table,
    TypeFamily,
    parse_column_type,
)
from migrate.sqltext.cursor import Cursor, split_top_level

# Words that end a column's type and start its attributes (all dialects; order does not matter).
COLUMN_ATTRIBUTE_WORDS = frozenset(
    {
        "DEFAULT", "NOT", "NULL", "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "GENERATED",
        "AS", "IDENTITY", "COLLATE", "ENABLE", "DISABLE", "VISIBLE", "INVISIBLE", "ENCRYPT", "SORT",
        "ROWGUIDCOL", "SPARSE", "FILESTREAM", "MASKED", "PERSISTED", "VIRTUAL", "STORED", "CLUSTERED",
        "NONCLUSTERED", "INDEX", "COMPRESSION", "HIDDEN", "FOREIGN", "SCOPE",
    }
)  # fmt: skip

# Table kinds from the words before TABLE, and the reason each maps as it does.
TABLE_KIND_WORDS = {
    ("GLOBAL", "TEMPORARY"): "global_temporary",  # Oracle GTT: definition permanent, rows per session/txn
    ("PRIVATE", "TEMPORARY"): "temporary",  # Oracle 18c private temporary table: gone at session end
    ("TEMPORARY",): "temporary",  # PostgreSQL
    ("TEMP",): "temporary",  # PostgreSQL
    ("UNLOGGED",): "table",  # PostgreSQL: same table, no WAL; a finding for the rules, not a kind
}


@dataclass
class TableDraft:
    """A table while its statement is read; frozen into `Table` at the end."""

    schema: str
    name: str
    kind: str = "table"
    columns: list[Column] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # clauses not understood: become SCAN-PARTIAL-001
    # clauses understood whose behaviour the model cannot carry to the target: become SCAN-BEHAVIOUR-001
    behaviour: list[str] = field(default_factory=list)
    # columns (upper-case names) whose nullability the statement decides: [NOT] NULL, or Oracle's implicit NOT NULL
    # of DEFAULT ON NULL and of an identity; ALTER TABLE MODIFY keeps the old nullability of the others
    nullability_said: set[str] = field(default_factory=set)
    period: tuple[str, str] | None = None  # T-SQL PERIOD FOR SYSTEM_TIME (start column, end column)
    hidden: list[str] = field(default_factory=list)  # T-SQL period columns declared HIDDEN (SELECT * omits them)
    default_names: dict[str, str] = field(default_factory=dict)  # T-SQL `CONSTRAINT DF_x DEFAULT 0`: DF_x -> column
    object_type: str | None = None  # Oracle `CREATE TABLE t OF type` (object_tables.py): SCHEMA.TYPE
    substitutable: bool = False  # ... and its rows may be of the type's subtypes


def read_table_head(cur: Cursor) -> str:
    """Consume CREATE [OR REPLACE] [GLOBAL TEMPORARY|...] TABLE; return the table kind."""
    cur.accept("CREATE")
    cur.accept("OR", "REPLACE")
    kind = "table"
    for words, mapped in TABLE_KIND_WORDS.items():
        if cur.accept(*words):
            kind = mapped
            break
    cur.accept("TABLE")
    cur.accept("IF", "NOT", "EXISTS")
    return kind


def read_elements(cur: Cursor, draft: TableDraft, dialect: str) -> None:
    """Read the parenthesised element list at the cursor into `draft`."""
    span = cur.group()
    if span is None:
        return
    for begin, end in split_top_level(cur.text, cur.quoting, *span):
        element = Cursor(cur.text, cur.quoting, begin, end)
        if is_constraint_start(element):
            constraint = read_out_of_line(element, draft)
            if constraint:
                draft.constraints.append(constraint)
        elif _is_inline_index(element):
            draft.indexes.append(read_inline_index(element))
        elif element.at("PERIOD", "FOR", "SYSTEM_TIME"):
            # the temporal table's period: its columns (SYSTEM_VERSIONING says where the history goes)
            element.accept("PERIOD", "FOR", "SYSTEM_TIME")
            span = element.group()
            names = [n.strip().strip('[]"') for n in element.slice(*span).split(",")] if span else []
            draft.period = (names[0], names[1]) if len(names) == 2 else None
        elif element.at("PERIOD", "FOR") or element.at("LIKE"):
            draft.unread.append(element.rest())
        else:
            read_column(element, draft, dialect)


def _is_inline_index(element: Cursor) -> bool:
    """T-SQL `INDEX ix [UNIQUE] [CLUSTERED] (cols)` — not a PostgreSQL column that is named index."""
    after = element.peek(2)
    return element.at("INDEX") and after is not None and (after.text == "(" or after.upper in INDEX_WORDS)


INDEX_WORDS = frozenset({"CLUSTERED", "NONCLUSTERED", "UNIQUE", "COLUMNSTORE", "HASH"})


def read_out_of_line(element: Cursor, draft: TableDraft) -> Constraint | None:
    name = ""
    if element.accept("CONSTRAINT"):
        name = ".".join(element.name())
    constraint = constraint_body(element, name, None)
    if constraint is None:
        draft.unread.append(element.rest())
        return None
    constraint = read_constraint_state(element, constraint, draft.unread)
    if not element.done:
        draft.unread.append(element.rest())
    return constraint


def read_inline_index(element: Cursor) -> Index:
    """T-SQL inline `INDEX name [CLUSTERED|NONCLUSTERED] (cols)`."""
    element.accept("INDEX")
    name = ".".join(element.name())
    unique = bool(element.accept("UNIQUE"))
    kind = {"CLUSTERED": "clustered", "NONCLUSTERED": "btree"}.get(
        element.accept_any("CLUSTERED", "NONCLUSTERED"), "btree"
    )
    span = element.group()
    columns = []
    for begin, end in split_top_level(element.text, element.quoting, *span) if span else []:
        col = Cursor(element.text, element.quoting, begin, end)
        names = col.name()
        columns.append(IndexColumn(".".join(names), descending=col.accept("DESC")))
    return Index(name=name, columns=tuple(columns), unique=unique, kind=kind,
                 nulls_not_distinct=unique and nulls_equal(element))  # fmt: skip


def read_column(element: Cursor, draft: TableDraft, dialect: str) -> None:
    names = element.name()
    if not names:
        draft.unread.append(element.rest())
        return
    name = names[-1]
    type_begin, type_end = element.skip_to(lambda c: c.word() in COLUMN_ATTRIBUTE_WORDS)
    raw_type = TYPE_SPELLING[element.quoting.name](element.slice(type_begin, type_end))
    column_type = parse_column_type(raw_type, dialect) if raw_type else _no_type()
    column = Column(name=name, type=TYPE_FIXES[element.quoting.name](column_type))  # type: ignore[arg-type]
    column = read_column_attributes(element, column, draft)
    draft.columns.append(column)


def _array_type(column_type: Any) -> Any:
    """integer[] is an array, not an integer (parse_column_type reads brackets as T-SQL quoting)."""
    if not column_type.raw.endswith("]"):
        return column_type
    return replace(column_type, name=f"{column_type.name}[]", family=TypeFamily.OTHER)


# How a type's text is cleaned before it is taken apart, per dialect.
TYPE_SPELLING = {
    "oracle": lambda text: text,
    "sqlserver": lambda text: text.replace("[", "").replace("]", ""),  # [nvarchar](max): brackets quote names
    "postgresql": lambda text: text,
}
# What the shared type parser cannot know, per dialect.
TYPE_FIXES = {"oracle": lambda t: t, "sqlserver": lambda t: t, "postgresql": _array_type}


def _no_type() -> object:
    # A T-SQL computed column has no declared type: its type is the expression's.
    return parse_column_type("", "sqlserver")


def read_column_attributes(element: Cursor, column: Column, draft: TableDraft) -> Column:
    """DEFAULT, [NOT] NULL, identity, virtual/computed, collation and inline constraints."""
    constraint_name = ""
    while not element.done:
        if element.accept("CONSTRAINT"):
            constraint_name = ".".join(element.name())
            continue
        reader = next((r for words, r in ATTRIBUTE_READERS if element.at(*words)), None)
        if reader is None:
            read_unknown(element, draft)
            continue
        column = reader(element, column, draft, constraint_name)
        constraint_name = ""
    return column


def freeze(draft: TableDraft, **extra: object) -> Table:
    return Table(
        schema=draft.schema,
        name=draft.name,
        columns=tuple(draft.columns),
        constraints=tuple(draft.constraints),
        indexes=tuple(draft.indexes),
        kind=draft.kind,
        **extra,  # type: ignore[arg-type]
    )


__all__ = [
    "ConstraintKind",
    "TableDraft",
    "freeze",
    "identity_from_options",
    "read_column",
    "read_elements",
    "read_partitioning",
    "read_table_head",
]
