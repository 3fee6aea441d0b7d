"""Oracle catalog rows into the model. Pure functions; rows are dicts keyed by lower-case column
name with values as python-oracledb delivers them (str, int, float, None; LONG columns as str)."""

from __future__ import annotations

import re
from typing import Any

from assessments.files.view_columns import view_columns
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    DbLink,
    Grant,
    Identity,
    Index,
    IndexColumn,
    Job,
    Location,
    Partition,
    Partitioning,
    Routine,
    RoutineKind,
    Sequence,
    Synonym,
    Table,
    Trigger,
    View,
    parse_column_type,
)

Row = dict[str, Any]

# ALL_CONSTRAINTS.CONSTRAINT_TYPE → kind (O and V are view options, read separately)
CONSTRAINT_KINDS = {
    "P": ConstraintKind.PRIMARY_KEY,
    "U": ConstraintKind.UNIQUE,
    "R": ConstraintKind.FOREIGN_KEY,
    "C": ConstraintKind.CHECK,
}
# ALL_INDEXES.INDEX_TYPE → the model's index kind
INDEX_KINDS = {
    "NORMAL": "btree",
    "NORMAL/REV": "reverse",  # reverse-key: spreads sequence inserts over blocks; plain B-tree on the target
    "BITMAP": "bitmap",
    "FUNCTION-BASED NORMAL": "function",
    "FUNCTION-BASED NORMAL/REV": "function",
    "FUNCTION-BASED BITMAP": "bitmap",
    "FUNCTION-BASED DOMAIN": "domain",
    "DOMAIN": "domain",  # Oracle Text / Spatial indexes: need a different design on the target
}
# ALL_OBJECTS / ALL_SOURCE TYPE → routine kind
ROUTINE_KINDS = {
    "PROCEDURE": RoutineKind.PROCEDURE,
    "FUNCTION": RoutineKind.FUNCTION,
    "PACKAGE": RoutineKind.PACKAGE,
    "PACKAGE BODY": RoutineKind.PACKAGE_BODY,
    "TYPE": RoutineKind.TYPE,
    "TYPE BODY": RoutineKind.TYPE_BODY,
}
# ALL_TABLES.DURATION of a global temporary table → how long rows live
GTT_SCOPE = {"SYS$TRANSACTION": "transaction", "SYS$SESSION": "session"}
_NOT_NULL_CHECK = re.compile(r'^\s*"[^"]+"\s+IS\s+NOT\s+NULL\s*$', re.IGNORECASE)
_QUOTED_NAME = re.compile(r'^"([^"]+)"$')


def type_text(row: Row) -> str:
    """The column type as DDL spells it, from DATA_TYPE and the length/precision columns."""
    data_type = row["data_type"]
    precision, scale = row["data_precision"], row["data_scale"]
    if data_type == "NUMBER":
        if precision is None:
            return "INTEGER" if scale == 0 else "NUMBER"  # INTEGER is NUMBER(*,0)
        return f"NUMBER({int(precision)},{int(scale)})" if scale else f"NUMBER({int(precision)})"
    if data_type == "FLOAT":
        return f"FLOAT({int(precision)})" if precision else "FLOAT"
    if data_type in ("VARCHAR2", "CHAR"):
        return f"{data_type}({int(row['char_length'])} {'CHAR' if row['char_used'] == 'C' else 'BYTE'})"
    if data_type in ("NVARCHAR2", "NCHAR"):
        return f"{data_type}({int(row['char_length'])})"
    if data_type == "RAW":
        return f"RAW({int(row['data_length'])})"
    return data_type  # DATE, TIMESTAMP(6) WITH TIME ZONE, INTERVAL DAY(2) TO SECOND(6), CLOB, XMLTYPE...


def identity(row: Row) -> Identity | None:
    """ALL_TAB_IDENTITY_COLS: GENERATION_TYPE and IDENTITY_OPTIONS ('START WITH: 1, INCREMENT BY: 1, ...')."""
    if row.get("identity_column") != "YES":
        return None
    options = dict(
        (key.strip().upper(), value.strip())
        for key, _, value in (part.partition(":") for part in (row.get("identity_options") or "").split(","))
    )
    return Identity(
        start=_int(options.get("START WITH"), 1),
        increment=_int(options.get("INCREMENT BY"), 1),
        always=row.get("generation_type") == "ALWAYS",
    )


def _int(value: Any, default: int | None = None) -> int | None:
    if value is None or value == "":
        return default
    try:
        return int(value)  # str from TO_CHAR, int or float from the driver
    except ValueError:
        return default


def map_column(row: Row) -> Column:
    default = (row["data_default"] or "").strip() or None
    virtual = row["virtual_column"] == "YES"
    ident = identity(row)
    return Column(
        name=row["column_name"],
        type=parse_column_type(type_text(row), "oracle"),
        nullable=row["nullable"] == "Y",
        default=None if virtual or ident else default,
        identity=ident,
        generated=default if virtual else None,
        comment=row["comments"],
        avg_length=_int(row.get("avg_col_len")),
    )


def is_not_null_check(row: Row) -> bool:
    """Oracle keeps NOT NULL as a CHECK constraint; the column's nullable flag already says it."""
    return row["constraint_type"] == "C" and bool(_NOT_NULL_CHECK.match(row["search_condition"] or ""))


def map_constraint(row: Row, columns: dict[tuple[str, str], list[str]]) -> Constraint:
    kind = CONSTRAINT_KINDS[row["constraint_type"]]
    ref = (row["r_owner"], row["r_constraint_name"])
    return Constraint(
        name=row["constraint_name"],
        kind=kind,
        columns=tuple(columns.get((row["owner"], row["constraint_name"]), ())),
        ref_schema=row["r_owner"] if kind is ConstraintKind.FOREIGN_KEY else None,
        ref_table=row["r_table_name"] if kind is ConstraintKind.FOREIGN_KEY else None,
        ref_columns=tuple(columns.get(ref, ())) if kind is ConstraintKind.FOREIGN_KEY else (),
        on_delete=row["delete_rule"] if kind is ConstraintKind.FOREIGN_KEY else None,
        check_expression=row["search_condition"] if kind is ConstraintKind.CHECK else None,
        deferrable=row["deferrable"] == "DEFERRABLE",
        initially_deferred=row["deferred"] == "DEFERRED",
        enabled=row["status"] == "ENABLED",
        validated=row["validated"] == "VALIDATED",
    )


def index_column(row: Row) -> IndexColumn:
    """A DESC column is stored as a hidden expression `"HIRE_DATE"`: that is still a plain column."""
    expression = (row["column_expression"] or "").strip()
    descending = row["descend"] == "DESC"
    if not expression:
        return IndexColumn(row["column_name"], descending)
    plain = _QUOTED_NAME.match(expression)
    return IndexColumn(plain.group(1), descending) if plain else IndexColumn(expression, descending, True)


def map_index(row: Row, columns: list[IndexColumn]) -> Index:
    return Index(
        name=row["index_name"],
        columns=tuple(columns),
        unique=row["uniqueness"] == "UNIQUE",
        kind=INDEX_KINDS.get(row["index_type"], row["index_type"].lower()),
        tablespace=row["tablespace_name"],
    )


def partition_bound(method: str, high_value: str | None) -> str:
    if not high_value:
        return ""
    return f"VALUES LESS THAN ({high_value})" if method in ("RANGE", "INTERVAL") else f"VALUES ({high_value})"


def map_partitioning(row: Row, partitions: list[Row]) -> Partitioning:
    interval = (row.get("interval") or "").strip() or None
    method = row["partitioning_type"]
    return Partitioning(
        method="interval" if interval else method.lower(),
        columns=tuple(c for c in (row["key_columns"] or "").split(",") if c),
        partitions=tuple(Partition(p["partition_name"], partition_bound(method, p["high_value"])) for p in partitions),
        subpartition_method=None
        if row["subpartitioning_type"] in (None, "NONE")
        else row["subpartitioning_type"].lower(),
        subpartition_columns=tuple(c for c in (row["subkey_columns"] or "").split(",") if c),
        interval=interval,
    )


def map_table(row: Row, **parts: Any) -> Table:
    kind = "iot" if row["iot_type"] == "IOT" else "global_temporary" if row["temporary"] == "Y" else "table"
    return Table(
        schema=row["owner"],
        name=row["table_name"],
        kind=kind,
        temporary_scope=GTT_SCOPE.get(row["duration"] or "") if kind == "global_temporary" else None,
        comment=row["comments"],
        row_count=_int(row["num_rows"]),
        **parts,
    )


def map_view(row: Row, read_only: bool, check_option: bool) -> View:
    query = (row["text"] or "").strip()
    return View(
        schema=row["owner"],
        name=row["view_name"],
        query=query,
        columns=view_columns(query, "oracle"),
        comment=row["comments"],
        read_only=read_only,
        with_check_option=check_option,
    )


def map_mview(row: Row) -> View:
    query = (row["query"] or "").strip()
    return View(
        schema=row["owner"],
        name=row["mview_name"],
        query=query,
        columns=view_columns(query, "oracle"),
        materialized=True,
        refresh=f"{row['refresh_method']} ON {row['refresh_mode']}",
        comment=row["comments"],
    )


def map_sequence(row: Row) -> Sequence:
    return Sequence(
        schema=row["sequence_owner"],
        name=row["sequence_name"],
        start=_int(row["last_number"]),  # where the target must start: the next value Oracle would give
        increment=_int(row["increment_by"], 1) or 1,
        min_value=_int(row["min_value"]),
        max_value=_int(row["max_value"]),
        cycle=row["cycle_flag"] == "Y",
        cache=_int(row["cache_size"]) or 1,  # CACHE_SIZE 0 means NOCACHE
        ordered=row["order_flag"] == "Y",
        last_value=_int(row["last_number"]),
    )


def map_routine(obj: Row, lines: list[str]) -> Routine:
    return Routine(
        schema=obj["owner"],
        name=obj["object_name"],
        kind=ROUTINE_KINDS[obj["object_type"]],
        source="".join(lines),
        language="plsql",
        location=Location(None, 1, len(lines) or None),
        valid=obj["status"] == "VALID",
    )


def map_trigger(row: Row, lines: list[str]) -> Trigger:
    kind = row["trigger_type"] or ""
    timing = next((t for t in ("INSTEAD OF", "BEFORE", "AFTER", "COMPOUND") if kind.startswith(t)), kind)
    table = row["table_name"] or ""
    if row["table_owner"] and row["table_owner"] != row["owner"] and table:
        table = f"{row['table_owner']}.{table}"
    return Trigger(
        schema=row["owner"],
        name=row["trigger_name"],
        table=table,
        timing=timing,
        events=tuple(e.strip() for e in (row["triggering_event"] or "").split(" OR ") if e.strip()),
        level="row" if "ROW" in kind or timing == "INSTEAD OF" else "statement",
        when=row["when_clause"],
        source="".join(lines),
        language="plsql",
        enabled=row["status"] == "ENABLED",
        location=Location(None, 1, len(lines) or None),
    )


def map_synonym(row: Row) -> Synonym:
    return Synonym(row["owner"], row["synonym_name"], row["table_owner"], row["table_name"], row["db_link"])


def map_db_link(row: Row) -> DbLink:
    return DbLink(owner=row["owner"], name=row["db_link"], target=row["host"] or "", username=row["username"])


def map_scheduler_job(row: Row) -> Job:
    return Job(
        owner=row["owner"],
        name=row["job_name"],
        kind="scheduler",
        schedule=row["repeat_interval"] or row["schedule_name"] or "",
        action=row["job_action"] or row["program_name"] or "",
        enabled=str(row["enabled"]).upper() == "TRUE",
    )


def map_dbms_job(row: Row) -> Job:
    return Job(
        owner=row["schema_user"],
        name=f"job {_int(row['job'])}",
        kind="dbms_job",
        schedule=row["repeat_interval"] or "",
        action=row["what"] or "",
        enabled=row["broken"] != "Y",
    )


def map_grant(row: Row) -> Grant:
    return Grant(row["grantee"], row["privilege"], row["owner"], row["table_name"], row["grantable"] == "YES")
