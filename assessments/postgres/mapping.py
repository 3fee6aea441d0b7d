"""PostgreSQL catalog rows into the model. Pure functions: a row (a dict keyed by the query's
column aliases, values as psycopg delivers them) in, a model object out."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from migrate.model import (
    Column,
    ColumnType,
    Constraint,
    ConstraintKind,
    DbLink,
    Feature,
    Grant,
    Identity,
    Index,
    IndexColumn,
    Job,
    Partition,
    Partitioning,
    Routine,
    RoutineKind,
    Sequence,
    Table,
    Trigger,
    TypeFamily,
    View,
    parse_column_type,
)

Row = dict[str, Any]

# pg_constraint.contype → kind
CONSTRAINT_KINDS = {
    "p": ConstraintKind.PRIMARY_KEY,
    "u": ConstraintKind.UNIQUE,
    "f": ConstraintKind.FOREIGN_KEY,
    "c": ConstraintKind.CHECK,
}
# pg_constraint.confdeltype / confupdtype → the action as SQL spells it
FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
# pg_proc.prokind → routine kind (a window function is called like a function)
ROUTINE_KINDS = {
    "f": RoutineKind.FUNCTION,
    "p": RoutineKind.PROCEDURE,
    "a": RoutineKind.AGGREGATE,
    "w": RoutineKind.FUNCTION,
}
# pg_class.relpersistence / relkind → table kind
TABLE_KINDS = {"t": "temporary", "f": "external"}  # temp tables; foreign tables keep their data elsewhere

# pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h: TRIGGER_TYPE_*)
ROW, BEFORE, INSERT, DELETE, UPDATE, TRUNCATE, INSTEAD = 1, 2, 4, 8, 16, 32, 64
EVENT_BITS = ((INSERT, "INSERT"), (UPDATE, "UPDATE"), (DELETE, "DELETE"), (TRUNCATE, "TRUNCATE"))


def column_type(raw: str) -> ColumnType:
    parsed = parse_column_type(raw, "postgresql")
    if raw.endswith("]"):  # integer[]: an array is not its element type
        return replace(parsed, name=f"{parsed.name}[]", family=TypeFamily.OTHER)
    return parsed


def map_column(row: Row) -> Column:
    identity = None
    if row["identity"] in ("a", "d"):
        identity = Identity(
            start=int(row.get("identity_start") or 1),
            increment=int(row.get("identity_increment") or 1),
            always=row["identity"] == "a",
        )
    generated = row["default_expr"] if row["generated"] == "s" else None
    return Column(
        name=row["column_name"],
        type=column_type(row["data_type"]),
        nullable=not row["not_null"],
        default=None if generated else row["default_expr"],
        identity=identity,
        generated=generated,
        generated_stored=bool(generated),
        collation=row["collation"],
        comment=row["comment"],
        avg_length=row.get("avg_width"),
    )


def map_constraint(row: Row) -> Constraint:
    kind = CONSTRAINT_KINDS[row["constraint_type"]]
    check = row["check_definition"]
    # pg_get_constraintdef: "CHECK (expr)", then " NO INHERIT" and " NOT VALID" when they apply; validated and
    # inheritance are read from their own columns, the expression is what is inside the parentheses
    match = re.fullmatch(r"CHECK \((.*)\)(?: NO INHERIT)?(?: NOT VALID)?", check or "", re.DOTALL)
    if match:
        check = match.group(1)
    return Constraint(
        name=row["constraint_name"],
        kind=kind,
        columns=tuple(row["columns"] or ()),
        ref_schema=row["ref_schema"],
        ref_table=row["ref_table"],
        ref_columns=tuple(row["ref_columns"] or ()),
        on_delete=FK_ACTIONS.get(row["delete_rule"] or "") if kind is ConstraintKind.FOREIGN_KEY else None,
        on_update=FK_ACTIONS.get(row["update_rule"] or "") if kind is ConstraintKind.FOREIGN_KEY else None,
        check_expression=check,
        deferrable=bool(row["deferrable"]),
        initially_deferred=bool(row["deferred"]),
        validated=bool(row["validated"]),
        nulls_not_distinct=bool(row.get("nulls_not_distinct")),
    )


def map_index(row: Row) -> Index:
    keys = int(row["key_count"])
    names = list(row["columns"])
    descending = list(row["descending"]) + [False] * len(names)
    expression = list(row["is_expression"])
    columns = tuple(IndexColumn(names[k], bool(descending[k]), bool(expression[k])) for k in range(keys))
    method = row["method"]
    kind = "function" if method == "btree" and any(c.is_expression for c in columns) else method
    return Index(
        name=row["index_name"],
        columns=columns,
        unique=bool(row["is_unique"]),
        kind=kind,
        include=tuple(names[keys:]),
        where=row["predicate"],
        tablespace=row["tablespace"],
        nulls_not_distinct=bool(row.get("nulls_not_distinct")),
    )


def partitioning(key: str | None, children: list[Partition]) -> Partitioning | None:
    """`pg_get_partkeydef` text, e.g. ``RANGE (order_date)``, with the partitions found."""
    if not key:
        return None
    method, _, rest = key.partition(" ")
    columns = tuple(c.strip() for c in rest.strip()[1:-1].split(",") if c.strip())
    return Partitioning(method.lower(), columns, tuple(children))


def map_table(row: Row, columns: list[Column], constraints: list[Constraint], indexes: list[Index]) -> Table:
    kind = TABLE_KINDS.get(row["persistence"]) or TABLE_KINDS.get(row["relkind"]) or "table"
    return Table(
        schema=row["schema_name"],
        name=row["table_name"],
        columns=tuple(columns),
        constraints=tuple(constraints),
        indexes=tuple(indexes),
        kind=kind,
        temporary_scope="session" if kind == "temporary" else None,
        comment=row["comment"],
        row_count=max(int(row["row_estimate"]), 0) if row["row_estimate"] is not None else None,
        size_bytes=row["size_bytes"],
    )


def map_view(row: Row) -> View:
    return View(
        schema=row["schema_name"],
        name=row["view_name"],
        query=(row["query"] or "").strip().rstrip(";"),
        columns=tuple(row["columns"] or ()),
        materialized=bool(row["materialized"]),
        refresh="REFRESH MATERIALIZED VIEW (manual)" if row["materialized"] else None,
        comment=row["comment"],
    )


def map_sequence(row: Row) -> Sequence:
    return Sequence(
        schema=row["schema_name"],
        name=row["sequence_name"],
        start=row["start_value"],
        increment=row["increment_by"],
        min_value=row["min_value"],
        max_value=row["max_value"],
        cycle=bool(row["cycle"]),
        cache=row["cache_size"],
        last_value=row["last_value"],
        data_type=row["data_type"],
    )


def map_routine(row: Row) -> Routine:
    return Routine(
        schema=row["schema_name"],
        name=row["routine_name"],
        kind=ROUTINE_KINDS[row["kind"]],
        source=row["source"] or "",
        language=row["language"],
        arguments=row["arguments"] or "",
    )


def map_trigger(row: Row) -> Trigger:
    bits = int(row["type_bits"])
    timing = "INSTEAD OF" if bits & INSTEAD else "BEFORE" if bits & BEFORE else "AFTER"
    return Trigger(
        schema=row["schema_name"],
        name=row["trigger_name"],
        table=row["table_name"],
        timing=timing,
        events=tuple(name for bit, name in EVENT_BITS if bits & bit),
        level="row" if bits & ROW else "statement",
        source=row["definition"],
        language="plpgsql",
        enabled=row["enabled"] != "D",
    )


def map_grant(row: Row) -> Grant:
    return Grant(row["grantee"], row["privilege"], row["schema_name"], row["object_name"], bool(row["grantable"]))


def map_extension(row: Row) -> Feature:
    return Feature("extension", row["name"], f"version {row['version']}")


def map_foreign_server(row: Row) -> DbLink:
    return DbLink(owner=row["owner"], name=row["name"], target=row["options"] or "", provider=row["wrapper"])


def map_cron_job(row: Row) -> Job:
    name = row["jobname"] or f"job {row['jobid']}"
    return Job(row["username"], name, "pg_cron", row["schedule"], row["command"], bool(row["active"]))


def _qualified(schema: str, name: str) -> str:
    def quote(part: str) -> str:
        return part if part.isidentifier() and part == part.lower() else '"' + part.replace('"', '""') + '"'

    return f"{quote(schema)}.{quote(name)}"


def _type_source(row: Row) -> str:
    """The CREATE statement that makes the type again (pg_dump writes the same)."""
    name = _qualified(row["schema_name"], row["type_name"])
    if row["kind"] == "e":
        return f"CREATE TYPE {name} AS ENUM ({row['labels'] or ''});"
    if row["kind"] == "c":
        return f"CREATE TYPE {name} AS ({row['attributes'] or ''});"
    if row["kind"] == "r":
        return f"CREATE TYPE {name} AS RANGE (subtype = {row['range_subtype']});"
    default = f" DEFAULT {row['default_expr']}" if row["default_expr"] else ""
    not_null = " NOT NULL" if row["not_null"] else ""
    checks = f" {row['domain_checks']}" if row["domain_checks"] else ""
    return f"CREATE DOMAIN {name} AS {row['base_type']}{default}{not_null}{checks};"


def map_type(row: Row) -> Routine:
    return Routine(row["schema_name"], row["type_name"], RoutineKind.TYPE, _type_source(row), "sql")


def map_exclusion(row: Row) -> Feature:
    return Feature(
        "exclusion_constraint",
        f"{row['schema_name']}.{row['table_name']}.{row['constraint_name']}",
        row["check_definition"] or "",
    )
