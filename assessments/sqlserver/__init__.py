"""Live scan of a SQL Server database (the connection's current database) through sys.* views."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from itertools import groupby
from typing import Any

from assessments.files.builder import Builder
from assessments.files.problems import scan_finding
from assessments.scan import CatalogQuery, CatalogReader, Progress, now_iso
from assessments.sqlserver import mapping as m
from assessments.sqlserver import queries as q
from assessments.sqlserver import queries_code as qc
from migrate.model import Feature, Inventory, SourceInfo, Table

Key = tuple[str, str]


class SqlServerCatalog:
    def __init__(self, reader: CatalogReader, schemas: list[str]) -> None:
        self.reader = reader
        self.params = list(schemas)
        self.markers = ", ".join("?" for _ in schemas) or "NULL"

    def rows(self, query: CatalogQuery) -> list[dict[str, Any]]:
        sql = query.sql.format(schemas=self.markers)
        uses = "{schemas}" in query.sql
        return self.reader.rows(
            CatalogQuery(query.kind, sql, query.reads, query.required), self.params if uses else None
        )


def _groups(rows: list[dict[str, Any]], *fields: str) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    """Rows grouped by `fields`, in the order the query returned them."""
    return {k: list(g) for k, g in groupby(rows, key=lambda r: tuple(r[f] for f in fields))}


def scan(conn: Any, schemas: list[str], progress: Progress | None = None) -> Inventory:
    reader = CatalogReader(conn, progress, total=len(q.TABLE_QUERIES) + len(qc.CODE_QUERIES) + 4)
    wanted = schemas or [r["schema_name"] for r in SqlServerCatalog(reader, []).rows(q.USER_SCHEMAS)] or ["dbo"]
    catalog = SqlServerCatalog(reader, wanted)
    present = [r["schema_name"] for r in catalog.rows(q.SCHEMAS)]
    reader.missing_schemas(wanted, present, str.upper)  # names compare as the default collation does: no case
    builder = Builder("sqlserver")
    for name in present:
        builder.note_schema(name)
    indexed_views = _tables(catalog, builder)
    _code(catalog, builder, indexed_views)
    builder.findings.extend(reader.findings)
    return builder.build(_source(catalog, conn), reader.complete)


def _tables(c: SqlServerCatalog, b: Builder) -> set[Key]:
    columns: dict[Key, list[Any]] = defaultdict(list)
    for row in c.rows(q.COLUMNS):
        columns[(row["schema_name"], row["table_name"])].append(m.map_column(row))
    constraints: dict[Key, list[Any]] = defaultdict(list)
    for (schema, table, _), rows in _groups(c.rows(q.KEYS), "schema_name", "table_name", "constraint_name").items():
        constraints[(schema, table)].append(m.map_keys(rows))
    for (schema, table, _), rows in _groups(
        c.rows(q.FOREIGN_KEYS), "schema_name", "table_name", "constraint_name"
    ).items():
        constraints[(schema, table)].append(m.map_foreign_key(rows))
    for row in c.rows(q.CHECKS):
        constraints[(row["schema_name"], row["table_name"])].append(m.map_check(row))
    indexes: dict[Key, list[Any]] = defaultdict(list)
    indexed_views: set[Key] = set()
    index_rows = _groups(c.rows(q.INDEXES), "schema_name", "table_name", "index_name")
    for (schema, table, _), rows in index_rows.items():
        indexes[(schema, table)].append(m.map_index(rows))
        if rows[0]["object_type"].strip() == "V":
            indexed_views.add((schema, table))
    schemes = {(r["schema_name"], r["table_name"]): m.map_partitioning(r) for r in c.rows(q.PARTITION_COLUMNS)}
    for row in c.rows(q.TABLES):
        key = (row["schema_name"], row["table_name"])
        kind = "memory_optimized" if row["is_memory_optimized"] else "external" if row["is_external"] else "table"
        table = Table(
            schema=key[0], name=key[1], columns=tuple(columns[key]), constraints=tuple(constraints[key]),
            indexes=tuple(indexes[key]), kind=kind, partitioning=schemes.get(key), comment=row["comment"],
            row_count=row["row_count"], size_bytes=row["size_bytes"], **m.map_period(row),
        )  # fmt: skip
        b.put("tables", table)
        if row["temporal_type_desc"] == "SYSTEM_VERSIONED_TEMPORAL_TABLE":  # history kept by the engine
            b.features.append(Feature("temporal_table", f"{key[0]}.{key[1]}", "SYSTEM_VERSIONING = ON"))
    return indexed_views


def _code(c: SqlServerCatalog, b: Builder, indexed_views: set[Key]) -> None:
    for row in c.rows(qc.VIEWS):
        b.put("views", m.map_view(row, (row["schema_name"], row["view_name"]) in indexed_views))
        if row["definition"] is None:
            _encrypted(b, "view", row["schema_name"], row["view_name"])
    for row in c.rows(qc.SEQUENCES):
        b.put("sequences", m.map_sequence(row))
    for row in c.rows(qc.MODULES):
        routine = m.map_routine(row)
        b.objects["routines"][(routine.schema.upper(), f"{routine.name}/{routine.kind.value}/")] = routine
        if row["definition"] is None and routine.language == "tsql":
            _encrypted(b, routine.kind.value, routine.schema, routine.name)
    for _, rows in _groups(c.rows(qc.TRIGGERS), "schema_name", "trigger_name").items():
        b.put("triggers", m.map_trigger(rows))
    for row in c.rows(qc.DDL_TRIGGERS):
        b.features.append(Feature("ddl_trigger", row["trigger_name"], "disabled" if row["is_disabled"] else ""))
    for row in c.rows(qc.SYNONYMS):
        b.put("synonyms", m.map_synonym(row))
    b.db_links.extend(m.map_linked_server(r) for r in c.rows(qc.LINKED_SERVERS))
    b.jobs.extend(m.map_agent_job(rows) for rows in _groups(c.rows(qc.AGENT_JOBS), "job_name").values())
    b.features.extend(m.map_feature(r) for r in c.rows(qc.FEATURES))
    b.grants.extend(m.map_grant(r) for r in c.rows(qc.GRANTS))


def _encrypted(b: Builder, kind: str, schema: str, name: str) -> None:
    b.findings.append(
        scan_finding(
            "SCAN-PARTIAL-001",
            f"{kind} {schema}.{name} is WITH ENCRYPTION: its source cannot be read from the catalog",
            object_kind=kind,
            object_name=f"{schema}.{name}",
        )
    )


def _source(c: SqlServerCatalog, conn: Any) -> SourceInfo:
    rows = c.rows(q.SOURCE_INFO)
    info = rows[0] if rows else {}
    sessions = c.rows(q.SESSIONS)
    properties = {
        k: str(info[k])
        for k in ("edition", "compatibility_level", "is_read_committed_snapshot_on", "snapshot_isolation_state_desc",
                  "is_broker_enabled", "server_collation")
        if info.get(k) is not None
    }  # fmt: skip
    if sessions:
        properties["sessions"] = str(sessions[0]["sessions"])
    server = c.rows(q.SERVER)
    properties.update({k: str(v) for k, v in (server[0] if server else {}).items() if v is not None})
    return replace(
        SourceInfo(engine="sqlserver", mode="live", url=conn.url.masked, scanned_at=now_iso()),
        version=str(info.get("product_version") or ""),
        database=str(info.get("database_name") or ""),
        collation=str(info.get("collation_name") or ""),
        size_bytes=info.get("size_bytes"),
        properties=properties,
    )
