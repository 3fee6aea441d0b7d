"""SQL Server catalog rows into the model. Pure functions; rows are dicts keyed by the queries'
column aliases, values as pyodbc delivers them (str, int, bool for bit, None)."""

from __future__ import annotations

from typing import Any

from assessments.files.partitions import range_partitions
from assessments.files.read_objects import view_query
from assessments.files.read_scripts import FREQ_TYPES
from assessments.files.view_columns import view_columns
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    DbLink,
    Feature,
    Grant,
    Identity,
    Index,
    IndexColumn,
    Job,
    Partitioning,
    Routine,
    RoutineKind,
    Sequence,
    Synonym,
    Trigger,
    View,
    parse_column_type,
)
from migrate.sqltext.cursor import Cursor
from migrate.sqltext.lexer import TSQL

Row = dict[str, Any]

N_TYPES = frozenset({"nchar", "nvarchar"})  # max_length is in bytes: two per character
LENGTH_TYPES = frozenset({"char", "varchar", "binary", "varbinary", *N_TYPES})
SCALE_TYPES = frozenset({"datetime2", "time", "datetimeoffset"})  # scale = fractional-second digits
# sys.objects.type → (routine kind, language)
MODULE_KINDS = {
    "P": (RoutineKind.PROCEDURE, "tsql"),
    "PC": (RoutineKind.PROCEDURE, "clr"),
    "FN": (RoutineKind.FUNCTION, "tsql"),  # scalar
    "IF": (RoutineKind.FUNCTION, "tsql"),  # inline table-valued
    "TF": (RoutineKind.FUNCTION, "tsql"),  # multi-statement table-valued
    "FS": (RoutineKind.FUNCTION, "clr"),
    "FT": (RoutineKind.FUNCTION, "clr"),
    "AF": (RoutineKind.AGGREGATE, "clr"),
}
# sys.indexes.type_desc → the model's index kind
INDEX_KINDS = {
    "CLUSTERED": "clustered",
    "NONCLUSTERED": "btree",
    "XML": "xml",
    "SPATIAL": "spatial",
    "CLUSTERED COLUMNSTORE": "columnstore",
    "NONCLUSTERED COLUMNSTORE": "columnstore",
    "NONCLUSTERED HASH": "hash",  # memory-optimized tables
}


def type_text(row: Row) -> str:
    name = (row.get("base_type_name") or row["type_name"]).lower()
    length = row["max_length"]
    if name in LENGTH_TYPES:
        size = "max" if length == -1 else str(length // 2 if name in N_TYPES else length)
        return f"{name}({size})"
    if name in ("decimal", "numeric"):
        return f"{name}({row['precision']},{row['scale']})"
    if name in SCALE_TYPES:
        return f"{name}({row['scale']})"
    if name == "float" and row["precision"] not in (None, 53):
        return f"float({row['precision']})"
    return name


def unwrap(expression: str | None) -> str | None:
    """`([a]+(1))` → `[a]+(1)`: SQL Server stores computed columns in one extra pair of parentheses."""
    if not expression or not (expression.startswith("(") and expression.endswith(")")):
        return expression
    depth = 0
    for at, char in enumerate(expression):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and at < len(expression) - 1:
            return expression  # (a)+(b): the outer pair is not one group
    return expression[1:-1]


def _int(value: Any, default: int | None = None) -> int | None:
    if value is None or value == "":
        return default
    return int(float(value)) if isinstance(value, str) and "." in value else int(value)


def map_column(row: Row) -> Column:
    identity = None
    if row["is_identity"]:
        # explicit values are refused unless SET IDENTITY_INSERT ON: the closest is GENERATED ALWAYS
        identity = Identity(_int(row["identity_seed"], 1) or 1, _int(row["identity_increment"], 1) or 1, True)
    computed = unwrap(row["computed_definition"]) if row["is_computed"] else None
    return Column(
        name=row["column_name"],
        type=parse_column_type("" if computed else type_text(row), "sqlserver"),
        nullable=bool(row["is_nullable"]),
        default=row["default_definition"],
        identity=identity,
        generated=computed,
        generated_stored=bool(row["is_persisted"]) if computed else False,
        collation=row["collation_name"],
        comment=row["comment"],
    )


def map_keys(rows: list[Row]) -> Constraint:
    kind = ConstraintKind.PRIMARY_KEY if rows[0]["constraint_type"] == "PK" else ConstraintKind.UNIQUE
    # SQL Server's UNIQUE counts NULLs as equal (one NULL key only): PostgreSQL 15's NULLS NOT DISTINCT
    unique = kind is ConstraintKind.UNIQUE
    return Constraint(
        rows[0]["constraint_name"], kind, tuple(r["column_name"] for r in rows), nulls_not_distinct=unique
    )


def _action(text: str | None) -> str | None:
    return text.replace("_", " ") if text else None  # NO_ACTION → NO ACTION, SET_NULL → SET NULL


def map_foreign_key(rows: list[Row]) -> Constraint:
    first = rows[0]
    return Constraint(
        name=first["constraint_name"],
        kind=ConstraintKind.FOREIGN_KEY,
        columns=tuple(r["column_name"] for r in rows),
        ref_schema=first["ref_schema"],
        ref_table=first["ref_table"],
        ref_columns=tuple(r["ref_column"] for r in rows),
        on_delete=_action(first["delete_action"]),
        on_update=_action(first["update_action"]),
        enabled=not first["is_disabled"],
        validated=not first["is_not_trusted"],
    )


def map_check(row: Row) -> Constraint:
    return Constraint(
        name=row["constraint_name"],
        kind=ConstraintKind.CHECK,
        columns=(row["column_name"],) if row["column_name"] else (),
        check_expression=row["definition"],
        enabled=not row["is_disabled"],
        validated=not row["is_not_trusted"],
    )


def map_index(rows: list[Row]) -> Index:
    first = rows[0]
    keys = [r for r in rows if not r["is_included_column"] and r["key_ordinal"]]
    unique = bool(first["is_unique"])
    return Index(
        name=first["index_name"],
        columns=tuple(IndexColumn(r["column_name"], bool(r["is_descending_key"])) for r in keys),
        unique=unique,
        kind=INDEX_KINDS.get(first["index_type"], first["index_type"].lower()),
        include=tuple(r["column_name"] for r in rows if r["is_included_column"]),
        where=first["filter_definition"],
        tablespace=first["data_space"],
        nulls_not_distinct=unique,  # a unique index counts NULLs as equal too (among the rows a filter covers)
    )


def map_partitioning(row: Row) -> Partitioning:
    """A partition function's boundaries as partitions: RANGE RIGHT puts a boundary in the partition
    above it, so each partition holds values below the next boundary (Oracle's VALUES LESS THAN)."""
    bounds = [b.strip() for b in (row["boundaries"] or "").split(", ") if b.strip()]
    return Partitioning("range", (row["column_name"],), range_partitions(bounds, bool(row["boundary_value_on_right"])))


def query_of(definition: str) -> tuple[str, bool]:
    """The SELECT of a CREATE VIEW text from sys.sql_modules, and whether it has WITH CHECK OPTION."""
    cur = Cursor(definition, TSQL)
    cur.skip_to(lambda c: c.word() == "AS")
    cur.accept("AS")
    view = view_query(cur, View("", "", ""))
    return view.query, view.with_check_option


def map_view(row: Row, indexed: bool) -> View:
    query, _ = query_of(row["definition"] or "")
    return View(
        schema=row["schema_name"],
        name=row["view_name"],
        query=query,
        columns=view_columns(query, "sqlserver"),
        materialized=indexed,  # an indexed view is stored and maintained: SQL Server's materialized view
        refresh="ON COMMIT (indexed view)" if indexed else None,
        comment=row["comment"],
        source_text=row["definition"] or "",
        with_check_option=bool(row["with_check_option"]),
    )


def map_sequence(row: Row) -> Sequence:
    return Sequence(
        schema=row["schema_name"],
        name=row["sequence_name"],
        start=_int(row["start_value"]),
        increment=_int(row["increment"], 1) or 1,
        min_value=_int(row["minimum_value"]),
        max_value=_int(row["maximum_value"]),
        cycle=bool(row["is_cycling"]),
        cache=(_int(row["cache_size"]) or None) if row["is_cached"] else 1,
        last_value=_int(row["current_value"]),
        data_type=row["type_name"],
    )


def map_routine(row: Row) -> Routine:
    kind, language = MODULE_KINDS[row["object_type"].strip()]  # char(2): "P " comes padded
    return Routine(row["schema_name"], row["routine_name"], kind, row["definition"] or "", language)


def map_trigger(rows: list[Row]) -> Trigger:
    first = rows[0]
    return Trigger(
        schema=first["schema_name"],
        name=first["trigger_name"],
        table=first["table_name"],
        timing="INSTEAD OF" if first["is_instead_of_trigger"] else "AFTER",
        events=tuple(r["event"] for r in rows if r["event"]),
        level="statement",  # T-SQL triggers fire once per statement, over the inserted/deleted tables
        source=first["definition"] or "",
        language="tsql",
        enabled=not first["is_disabled"],
    )


def map_synonym(row: Row) -> Synonym:
    cur = Cursor(row["base_object_name"], TSQL)
    parts = cur.name()
    server = parts[0] if len(parts) == 4 else None
    schema = parts[-2] if len(parts) >= 2 else None
    return Synonym(row["schema_name"], row["synonym_name"], schema, parts[-1] if parts else "", server)


def map_linked_server(row: Row) -> DbLink:
    return DbLink("", row["name"], row["data_source"] or "", row["remote_user"], row["provider"])


def map_agent_job(rows: list[Row]) -> Job:
    first = rows[0]
    steps = dict.fromkeys(r["command"] for r in rows if r["command"])
    schedules = dict.fromkeys(
        f"{r['schedule_name']}: {FREQ_TYPES.get(str(r['freq_type']), 'freq_type ' + str(r['freq_type']))}"
        f" at {str(r['active_start_time']).zfill(6)[:2]}:{str(r['active_start_time']).zfill(6)[2:4]}"
        for r in rows
        if r["schedule_name"]
    )
    return Job(
        owner=first["owner_name"] or "",
        name=first["job_name"],
        kind="sql_agent",
        schedule="; ".join(schedules),
        action="\n".join(steps),
        enabled=bool(first["enabled"]),
    )


def map_feature(row: Row) -> Feature:
    return Feature(row["kind"], row["name"], row["detail"] or "")


def map_grant(row: Row) -> Grant:
    privilege = row["permission_name"] if row["state_desc"] != "DENY" else f"DENY {row['permission_name']}"
    grantable = row["state_desc"] == "GRANT_WITH_GRANT_OPTION"
    return Grant(row["grantee"], privilege, row["schema_name"], row["object_name"], grantable)


def map_period(row: dict[str, Any]) -> dict[str, Any]:
    """A system-time period (sys.periods) and, when system-versioned, its history table, as Table fields; whether
    the table has HIDDEN columns (SELECT * omits them, PostgreSQL cannot: the converter keeps such a table manual)."""
    start, end = row.get("period_start"), row.get("period_end")
    if not start or not end:
        return {}
    versioned = row.get("temporal_type_desc") == "SYSTEM_VERSIONED_TEMPORAL_TABLE"
    history = (row.get("history_table") or "") if versioned else None
    return {"period": (start, end), "history_table": history, "period_hidden": bool(row.get("hidden_columns"))}
