"""Live scan of a PostgreSQL (or Aurora PostgreSQL) database through pg_catalog."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from assessments.files.builder import Builder
from assessments.postgres import mapping as m
from assessments.postgres import queries as q
from assessments.scan import CatalogReader, Progress, now_iso
from migrate.model import Inventory, Partition, SourceInfo


def scan(conn: Any, schemas: list[str], progress: Progress | None = None) -> Inventory:
    reader = CatalogReader(conn, progress, total=len(q.PER_SCHEMA) + 5)
    present = [r["schema_name"] for r in reader.rows(q.SCHEMAS)]
    reader.missing_schemas(schemas, present, str)
    wanted = [s for s in schemas if s in present] if schemas else present
    params = {"schemas": wanted}
    builder = Builder("postgresql")
    for name in wanted:
        builder.note_schema(name)
    _tables(reader, params, builder)
    _objects(reader, params, builder)
    extensions = reader.rows(q.EXTENSIONS)
    builder.features.extend(m.map_extension(r) for r in extensions)
    builder.db_links.extend(m.map_foreign_server(r) for r in reader.rows(q.FOREIGN_SERVERS))
    if any(r["name"] == "pg_cron" for r in extensions):
        builder.jobs.extend(m.map_cron_job(r) for r in reader.rows(q.CRON_JOBS))
    builder.findings.extend(reader.findings)
    return builder.build(_source(reader, conn), reader.complete)


def _tables(reader: CatalogReader, params: dict[str, Any], b: Builder) -> None:
    rows = reader.rows(q.TABLES, params)
    # before PostgreSQL 15 pg_index has no indnullsnotdistinct (and no unique key treats NULLs as equal)
    readable = reader.try_rows(q.PROBE_NULLS_NOT_DISTINCT) is not None
    by_table: dict[str, dict[tuple[str, str], list[Any]]] = {k: defaultdict(list) for k in ("col", "con", "idx")}
    for row in reader.rows(q.COLUMNS, params):
        by_table["col"][(row["schema_name"], row["table_name"])].append(m.map_column(row))
    for row in reader.rows(q.with_nulls_not_distinct(q.CONSTRAINTS, readable), params):
        if row["constraint_type"] == "x":  # EXCLUDE USING gist (...): no model kind; listed, never dropped
            b.features.append(m.map_exclusion(row))
            continue
        by_table["con"][(row["schema_name"], row["table_name"])].append(m.map_constraint(row))
    for row in reader.rows(q.with_nulls_not_distinct(q.INDEXES, readable), params):
        by_table["idx"][(row["schema_name"], row["table_name"])].append(m.map_index(row))
    children: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["is_partition"]:
            children[row["parent_oid"]].append(row)
    for row in rows:
        if row["is_partition"]:
            continue  # partitions live inside their parent's Partitioning
        key = (row["schema_name"], row["table_name"])
        table = m.map_table(row, by_table["col"][key], by_table["con"][key], by_table["idx"][key])
        scheme = m.partitioning(row["partition_key"], _partitions(row["oid"], children))
        b.put("tables", table if scheme is None else _with(table, scheme))


def _with(table: Any, scheme: Any) -> Any:
    from dataclasses import replace

    return replace(table, partitioning=scheme)


def _partitions(oid: int, children: dict[int, list[dict[str, Any]]]) -> list[Partition]:
    return [
        Partition(child["table_name"], child["partition_bound"] or "", tuple(_partitions(child["oid"], children)))
        for child in children.get(oid, [])
    ]


def _objects(reader: CatalogReader, params: dict[str, Any], b: Builder) -> None:
    for row in reader.rows(q.VIEWS, params):
        b.put("views", m.map_view(row))
    for row in reader.rows(q.SEQUENCES, params):
        b.put("sequences", m.map_sequence(row))
    for row in reader.rows(q.ROUTINES, params):
        routine = m.map_routine(row)
        b.objects["routines"][(routine.schema.upper(), f"{routine.name}/{routine.kind.value}/{routine.arguments}")] = (
            routine
        )
    for row in reader.rows(q.TYPES, params):
        routine = m.map_type(row)
        b.objects["routines"][(routine.schema.upper(), f"{routine.name}/type/")] = routine
    for row in reader.rows(q.TRIGGERS, params):
        b.put("triggers", m.map_trigger(row))
    b.grants.extend(m.map_grant(r) for r in reader.rows(q.GRANTS, params))


def _source(reader: CatalogReader, conn: Any) -> SourceInfo:
    rows = reader.rows(q.SOURCE)
    info = rows[0] if rows else {}
    return SourceInfo(
        engine="postgresql",
        version=str(info.get("version", "")),
        mode="live",
        url=conn.url.masked,
        database=str(info.get("database", "")),
        charset=str(info.get("charset", "")),
        collation=str(info.get("collation", "")),
        scanned_at=now_iso(),
        size_bytes=info.get("size_bytes"),
        properties={k: str(info[k]) for k in ("max_connections", "sessions") if k in info},
    )
