"""Statement reader for CREATE TABLE (ALTER TABLE: alter_table.py, which the reader finds here too)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessments.files.alter_table import alter_actions, read_alter_table
from assessments.files.builder import Builder
from assessments.files.constraints import skip_physical
from assessments.files.object_tables import is_object_table, read_object_option, read_object_table
from assessments.files.partitions import read_partitioning
from assessments.files.tables import (
    TableDraft,
    freeze,
    read_elements,
    read_table_head,
)
from migrate.model import Feature, Partition, Partitioning
from migrate.sqltext.cursor import Cursor
from migrate.sqltext.statement import Statement

# ON COMMIT clauses of temporary tables: what happens to the rows, in the model's words.
ON_COMMIT = {
    ("DELETE", "ROWS"): "transaction",  # Oracle default for GTTs: rows vanish at COMMIT
    ("PRESERVE", "ROWS"): "session",  # rows live until the session ends
    ("DROP",): "transaction",  # PostgreSQL: the whole table goes at COMMIT
}


def read_create_table(stmt: Statement, cur: Cursor, b: Builder) -> None:
    kind = read_table_head(cur)
    schema, name = b.qualify(cur.name())
    draft = TableDraft(schema, name, kind)
    if cur.at("PARTITION", "OF"):
        _read_partition_of(stmt, cur, b, draft)
        return
    if not is_object_table(cur):
        read_elements(cur, draft, cur.quoting.name)
    elif not read_object_table(stmt, cur, b, draft):
        return  # its type is declared further on: the statement is read again at the end of the scan
    _alias_nullability(draft, b)
    extras = _read_table_options(cur, draft)
    scheme = extras.pop("scheme", None)
    temporal = extras.pop("temporal", None)
    if temporal:
        b.features.append(Feature("temporal_table", f"{schema}.{name}", temporal, stmt.location))
    if draft.period:
        extras["period"] = draft.period
        extras["history_table"] = _history_table(temporal) if temporal else None
        extras["period_hidden"] = bool(draft.hidden)  # SELECT * omits them: the converter keeps the table manual
    if scheme:
        b.table_schemes[(schema.upper(), name.upper())] = scheme.upper()
    if draft.object_type:
        extras["object_type"] = draft.object_type
    if draft.substitutable:
        b.substitutable.add((schema.upper(), name.upper()))
    table = freeze(draft, location=stmt.location, source_text=stmt.text, **extras)
    qualified = f"{schema}.{name}"
    if draft.unread:
        unread = "; ".join(dict.fromkeys(u for u in draft.unread if u))[:300]
        b.problem("SCAN-PARTIAL-001", f"table {qualified}: not understood: {unread}", stmt, "table", qualified)
    for note in draft.behaviour:
        b.problem("SCAN-BEHAVIOUR-001", f"table {qualified}: {note}", stmt, "table", qualified)
    b.put("tables", table)
    b.name_defaults(schema, name, draft.default_names, fresh=True)
    b.record(stmt, "table", qualified)


def _alias_nullability(draft: TableDraft, b: Builder) -> None:
    """A column of an alias type declared NOT NULL is NOT NULL unless it says otherwise (CREATE TYPE:
    "the nullability of the alias type applies to columns that do not state theirs")."""
    draft.columns[:] = [
        replace(c, nullable=False)
        if c.nullable and c.name.upper() not in draft.nullability_said and b.not_null_alias(c.type.name)
        else c
        for c in draft.columns
    ]


def _history_table(options: str) -> str:
    """SYSTEM_VERSIONING = ON ( HISTORY_TABLE = s.t ...) as S.T ("" when the server names the history table)."""
    words = options.replace("(", " ").replace(")", " ").replace(",", " ").split()
    at = next((i for i, w in enumerate(words) if w == "HISTORY_TABLE"), None)
    if at is None or at + 2 >= len(words):
        return ""
    parts = words[at + 2 : at + 5 : 2] if words[at + 3 : at + 4] == ["."] else words[at + 2 : at + 3]
    return ".".join(p.strip('[]"') for p in parts)


def _read_table_options(cur: Cursor, draft: TableDraft) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    while not cur.done:
        if read_object_option(cur):
            continue
        if cur.accept("ORGANIZATION"):
            draft.kind = {"INDEX": "iot", "EXTERNAL": "external", "HEAP": draft.kind}.get(cur.next().upper, draft.kind)  # type: ignore[union-attr]
            cur.group()
        elif cur.accept("ON", "COMMIT"):
            extras["temporary_scope"] = next((scope for words, scope in ON_COMMIT.items() if cur.accept(*words)), None)
        elif cur.at("WITH", "("):
            cur.next()
            span = cur.group()
            options = " ".join(t.upper or t.text for t in Cursor(cur.text, cur.quoting, *span).tokens) if span else ""
            draft.kind = "memory_optimized" if "MEMORY_OPTIMIZED = ON" in options else draft.kind
            if "SYSTEM_VERSIONING = ON" in options:  # T-SQL temporal table: history kept by the engine
                extras["temporal"] = options
        elif cur.accept("DEFAULT", "COLLATION"):
            cur.name()  # Oracle 12.2: DBMS_METADATA also writes each column's own COLLATE
        elif cur.at("PARTITION", "BY"):
            extras["partitioning"] = read_partitioning(cur)
        elif cur.at("ON") and cur.peek(1) is not None and cur.peek(2) is not None and cur.peek(2).text == "(":  # type: ignore[union-attr]
            cur.next()
            scheme = ".".join(cur.name())
            columns = tuple(c.strip("[]") for c in cur.slice(*cur.group()).split(","))  # type: ignore[misc]
            # SQL Server partitions through a scheme; its function's boundaries are filled in at the end.
            extras["partitioning"] = Partitioning("range", columns)
            extras["scheme"] = scheme
        elif cur.at("AS") and not draft.columns:
            draft.unread.append(f"columns come from the query ({cur.rest()[:120]})")
            break
        elif not skip_physical(cur, draft.unread):
            token = cur.next()
            draft.unread.append(token.text if token else "")
    return extras


def _read_partition_of(stmt: Statement, cur: Cursor, b: Builder, draft: TableDraft) -> None:
    """PostgreSQL `CREATE TABLE child PARTITION OF parent FOR VALUES ...`: a partition of the parent."""
    cur.accept("PARTITION", "OF")
    parent_schema, parent = b.qualify(cur.name())
    bound = cur.rest()
    qualified = f"{parent_schema}.{parent}"

    def attach(table: Any) -> Any:
        scheme = table.partitioning or Partitioning("range", ())
        return replace(
            table, partitioning=replace(scheme, partitions=(*scheme.partitions, Partition(draft.name, bound)))
        )

    if b.change("tables", parent_schema, parent, attach):
        b.record(stmt, "partition", qualified)
    else:
        b.problem("SCAN-ORPHAN-001", f"partition {draft.name} of {qualified}, which is not in the files", stmt)
        b.record(stmt, "partition", qualified, "unsupported", "parent table not in the scanned files")


__all__ = ["alter_actions", "read_alter_table", "read_create_table"]
