"""Live scan of an Oracle database through its data dictionary (DBA_* views, else ALL_*)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from assessments.files.builder import Builder
from assessments.files.problems import scan_finding
from assessments.oracle import mapping as m
from assessments.oracle import queries as q
from assessments.oracle import queries_code as qc
from assessments.scan import CatalogQuery, CatalogReader, Progress, now_iso
from migrate.model import Feature, Inventory, SourceInfo


class OracleCatalog:
    """The queries of one scan, bound to the view family (DBA/ALL) and the schemas."""

    def __init__(self, reader: CatalogReader, prefix: str, schemas: list[str]) -> None:
        self.reader = reader
        self.prefix = prefix
        self.params = {f"s{i}": name for i, name in enumerate(schemas)}
        self.owners = ", ".join(f":{key}" for key in self.params) or "NULL"
        self.pre_12c_columns = False  # the 12c column attributes were not readable (see _columns)
        self.pre_23ai_columns = False  # nor DEFAULT_ON_NULL_UPD (23ai)

    def sql(self, query: CatalogQuery) -> str:
        return query.sql.format(v=self.prefix, owners=self.owners, owner_column=qc.OWNER_COLUMN[self.prefix])

    def bound(self, query: CatalogQuery) -> CatalogQuery:
        return CatalogQuery(query.kind, self.sql(query), query.reads.replace("{v}", self.prefix), query.required)

    def rows(self, query: CatalogQuery) -> list[dict[str, Any]]:
        return self.reader.rows(self.bound(query), self.params)


def fold(name: str) -> str:
    """Unquoted Oracle names are upper case; "Quoted" ones are kept as written."""
    return name[1:-1] if name.startswith('"') and name.endswith('"') else name.upper()


def scan(conn: Any, schemas: list[str], progress: Progress | None = None) -> Inventory:
    reader = CatalogReader(conn, progress, total=len(q.TABLE_QUERIES) + len(qc.CODE_QUERIES) + 6)
    prefix = "DBA" if reader.try_rows(q.PROBE_DBA) is not None else "ALL"
    if prefix == "ALL":
        reader.findings.append(scan_finding("SCAN-PRIVILEGE-001", "DBA_* views are not readable; ALL_* views used"))
    wanted = [fold(s) for s in schemas] or [str(conn.url.username or "").upper()]
    catalog = OracleCatalog(reader, prefix, wanted)
    present = [r["username"] for r in catalog.rows(q.SCHEMAS)]
    reader.missing_schemas(wanted, present, str)
    builder = Builder("oracle")
    for name in present:
        builder.note_schema(name)
    options = _tables(catalog, builder)
    _code(catalog, builder, options)
    source = _source(reader, conn, catalog)
    version = source.version or "(version unknown)"
    if catalog.pre_12c_columns and not _before(source.version, 12):
        reader.findings.append(
            scan_finding(
                "SCAN-PARTIAL-001",
                f"Oracle {version}: {catalog.prefix}_TAB_COLS.DEFAULT_ON_NULL and IDENTITY_COLUMN could not be read, "
                "so identity columns and DEFAULT ON NULL are not in this inventory (columns were read as on 11g)",
            )
        )
    elif catalog.pre_23ai_columns and not _before(source.version, 23):  # (the finding above covers this one too)
        reader.findings.append(
            scan_finding(
                "SCAN-PARTIAL-001",
                f"Oracle {version}: {catalog.prefix}_TAB_COLS.DEFAULT_ON_NULL_UPD could not be read, so "
                "DEFAULT ON NULL FOR INSERT AND UPDATE is not in this inventory (those columns are reported "
                "as DEFAULT ON NULL, for inserts only)",
            )
        )
    builder.findings.extend(reader.findings)
    sizes = [t.size_bytes for t in builder.objects["tables"].values() if t.size_bytes]
    return builder.build(replace(source, size_bytes=sum(sizes) if sizes else None), reader.complete)


def _tables(c: OracleCatalog, b: Builder) -> dict[tuple[str, str], set[str]]:
    """Tables with their columns, constraints, indexes and partitions; returns view options (O/V)."""
    columns, notes = _columns(c)
    cons_columns: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in c.rows(q.CONSTRAINT_COLUMNS):
        cons_columns[(row["owner"], row["constraint_name"])].append(row["column_name"])
    constraints: dict[tuple[str, str], list[Any]] = defaultdict(list)
    view_options: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in c.rows(q.CONSTRAINTS):
        if row["constraint_type"] in ("O", "V"):
            view_options[(row["owner"], row["table_name"])].add(row["constraint_type"])
        elif not m.is_not_null_check(row):
            constraints[(row["owner"], row["table_name"])].append(m.map_constraint(row, cons_columns))
    indexes = _indexes(c)
    partitions: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in c.rows(q.PARTITIONS):
        partitions[(row["table_owner"], row["table_name"])].append(row)
    schemes = {(r["owner"], r["table_name"]): r for r in c.rows(q.PARTITIONED_TABLES)}
    external = {(r["owner"], r["table_name"]) for r in c.rows(q.EXTERNAL_TABLES)}
    sizes = _sizes(c)
    for row in c.rows(q.TABLES):
        key = (row["owner"], row["table_name"])
        table = m.map_table(
            row, columns=tuple(columns[key]), constraints=tuple(constraints[key]), indexes=tuple(indexes[key])
        )
        scheme = m.map_partitioning(schemes[key], partitions[key]) if key in schemes else None
        table = replace(table, partitioning=scheme, size_bytes=sizes.get(key))
        b.put("tables", replace(table, kind="external") if key in external else table)
        qualified = f"{row['owner']}.{row['table_name']}"
        b.findings.extend(
            scan_finding("SCAN-BEHAVIOUR-001", f"table {qualified}: {note}", None, "table", qualified)
            for note in notes[key]
        )
    for row in c.rows(q.LOBS):
        b.features.append(Feature("lob", f"{row['owner']}.{row['table_name']}.{row['column_name']}",
                                  f"securefile={row['securefile']} in_row={row['in_row']}"))  # fmt: skip
    return view_options


def _columns(c: OracleCatalog) -> tuple[dict[tuple[str, str], list[Any]], dict[tuple[str, str], list[str]]]:
    """Columns by table, and the clauses whose behaviour PostgreSQL lacks (DEFAULT ON NULL), by table."""
    c.pre_12c_columns = c.reader.try_rows(c.bound(q.PROBE_12C)) is None
    c.pre_23ai_columns = c.pre_12c_columns or c.reader.try_rows(c.bound(q.PROBE_23AI)) is None
    query = q.COLUMNS_11G if c.pre_12c_columns else q.COLUMNS if c.pre_23ai_columns else q.COLUMNS_23AI
    columns: dict[tuple[str, str], list[Any]] = defaultdict(list)
    notes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in c.rows(query):
        key = (row["owner"], row["table_name"])
        columns[key].append(m.map_column(row))
        note = m.behaviour_note(row)
        if note:
            notes[key].append(note)
    return columns, notes


def _indexes(c: OracleCatalog) -> dict[tuple[str, str], list[Any]]:
    index_columns: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in c.rows(q.INDEX_COLUMNS):
        index_columns[(row["index_owner"], row["index_name"])].append(m.index_column(row))
    indexes: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in c.rows(q.INDEXES):
        index = m.map_index(row, index_columns[(row["owner"], row["index_name"])])
        indexes[(row["table_owner"], row["table_name"])].append(index)
    return indexes


def _sizes(c: OracleCatalog) -> dict[tuple[str, str], int]:
    if c.prefix != "DBA":
        return {}  # DBA_SEGMENTS has no ALL_ version; the privilege finding already says so
    sizes: dict[tuple[str, str], int] = defaultdict(int)
    for row in c.rows(q.SEGMENT_SIZES):
        if str(row["segment_type"]).startswith("TABLE"):  # TABLE, TABLE PARTITION, TABLE SUBPARTITION
            sizes[(row["owner"], row["segment_name"])] += int(row["bytes"] or 0)
    return sizes


def _code(c: OracleCatalog, b: Builder, view_options: dict[tuple[str, str], set[str]]) -> None:
    view_columns: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in c.rows(qc.VIEW_COLUMNS):
        view_columns[(row["owner"], row["table_name"])].append(row["column_name"])
    for row in c.rows(qc.VIEWS):
        key = (row["owner"], row["view_name"])
        flags = view_options.get(key, set())
        view = m.map_view(row, "O" in flags, "V" in flags)
        b.put("views", replace(view, columns=tuple(view_columns[key])) if view_columns.get(key) else view)
    for row in c.rows(qc.MVIEWS):
        b.put("views", m.map_mview(row))
    for row in c.rows(qc.SEQUENCES):
        b.put("sequences", m.map_sequence(row))
    lines: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for owner, name, kind, _line, text in c.reader.each(c.bound(qc.SOURCE), c.params, qc.SOURCE_COLUMNS):
        lines[(owner, kind, name)].append(text or "")
    for row in c.rows(qc.OBJECTS):
        object_key = (row["owner"], row["object_type"], row["object_name"])
        if row["object_type"] in m.ROUTINE_KINDS:
            routine = m.map_routine(row, lines[object_key])
            b.objects["routines"][(routine.schema.upper(), f"{routine.name}/{routine.kind.value}/")] = routine
        elif row["object_type"] != "TRIGGER":
            b.features.append(
                Feature(row["object_type"].lower().replace(" ", "_"), f"{row['owner']}.{row['object_name']}")
            )
    for row in c.rows(qc.TRIGGERS):
        b.put("triggers", m.map_trigger(row, lines[(row["owner"], "TRIGGER", row["trigger_name"])]))
    for row in c.rows(qc.SYNONYMS):
        b.put("synonyms", m.map_synonym(row))
    wanted = set(c.params.values())
    b.db_links.extend(m.map_db_link(r) for r in c.rows(qc.DB_LINKS) if r["owner"] in wanted | {"PUBLIC"})
    b.jobs.extend(m.map_scheduler_job(r) for r in c.rows(qc.SCHEDULER_JOBS))
    b.jobs.extend(m.map_dbms_job(r) for r in c.rows(qc.DBMS_JOBS))
    b.grants.extend(m.map_grant(r) for r in c.rows(qc.GRANTS))
    b.features.extend(
        Feature("directory", r["directory_name"], r["directory_path"] or "") for r in c.rows(qc.DIRECTORIES)
    )
    b.features.extend(
        Feature("aq_queue", f"{r['owner']}.{r['name']}", f"{r['queue_type']} on {r['queue_table']}")
        for r in c.rows(qc.QUEUES)
    )


def _before(version: str, release: int) -> bool:
    """The server is older than `release`, so it has none of that release's column attributes and nothing is missed
    (11g: no identity columns, no DEFAULT ON NULL; before 23ai: no DEFAULT ON NULL FOR INSERT AND UPDATE).
    An unknown version is not older: what could not be read is reported."""
    major = version.split(".")[0]
    return major.isdigit() and int(major) < release


def _source(reader: CatalogReader, conn: Any, c: OracleCatalog) -> SourceInfo:
    rows = reader.rows(q.SOURCE_INFO)
    info = rows[0] if rows else {}
    instance = reader.rows(q.INSTANCE)
    sizing = {k: str(v) for k, v in (instance[0] if instance else {}).items() if v is not None}
    return SourceInfo(
        engine="oracle",
        version=str(info.get("version") or ""),
        mode="live",
        url=conn.url.masked,
        database=str(info.get("db_name") or ""),
        charset=str(info.get("charset") or ""),
        scanned_at=now_iso(),
        properties={
            "catalog_views": c.prefix,
            **{k: str(info[k]) for k in ("ncharset", "nls_comp", "nls_sort") if info.get(k)},
            **sizing,  # sessions, cpu_count, sga_target (bytes), processes: the sizing hints' inputs
        },
    )
