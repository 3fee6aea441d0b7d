"""The SQL Server catalog scanner: every query parses as T-SQL, and rows shaped as SQL Server 2019's
sys.* views return them through pyodbc map into the inventory the way the tables below say."""

from __future__ import annotations

from typing import Any

import pytest
import sqlglot

from assessments.scan import CatalogQuery, scan_live
from assessments.sqlserver import mapping as m
from assessments.sqlserver import queries as q
from assessments.sqlserver import queries_code as qc
from migrate.model import Identity, IndexColumn, Inventory
from tests.assessments.rows import sqlserver_inventory as r
from tests.assessments.rows.fake import CatalogFake

ALL_QUERIES = [v for mod in (q, qc) for v in vars(mod).values() if isinstance(v, CatalogQuery)]


@pytest.mark.parametrize("query", ALL_QUERIES, ids=lambda query: query.kind)
def test_every_catalog_query_parses_as_tsql(query: CatalogQuery) -> None:
    assert sqlglot.parse_one(query.sql.format(schemas="?, ?"), read="tsql") is not None


def col(**over: Any) -> dict[str, Any]:
    return {"type_name": "int", "base_type_name": None, "max_length": 4, "precision": 10, "scale": 0, **over}


TYPES = [
    (col(type_name="nvarchar", max_length=200), "nvarchar(100)"),
    (col(type_name="nvarchar", max_length=-1), "nvarchar(max)"),
    (col(type_name="varbinary", max_length=-1), "varbinary(max)"),
    (col(type_name="char", max_length=8), "char(8)"),
    (col(type_name="decimal", precision=12, scale=2), "decimal(12,2)"),
    (col(type_name="datetime2", precision=27, scale=7), "datetime2(7)"),
    (col(type_name="float", precision=53), "float"),
    (col(type_name="float", precision=24), "float(24)"),
    (col(type_name="PhoneNumber", base_type_name="varchar", max_length=20), "varchar(20)"),
    (col(type_name="money", precision=19, scale=4), "money"),
]


@pytest.mark.parametrize(("row", "text"), TYPES)
def test_type_text(row: dict[str, Any], text: str) -> None:
    assert m.type_text(row) == text


UNWRAP = [("([a]+(1))", "[a]+(1)"), ("(a)+(b)", "(a)+(b)"), ("((0))", "(0)"), ("getdate()", "getdate()"), (None, None)]


@pytest.mark.parametrize(("stored", "expression"), UNWRAP)
def test_unwrap(stored: str | None, expression: str | None) -> None:
    assert m.unwrap(stored) == expression


DICTIONARY = {
    "sys.schemas": r.SCHEMAS, "sys.tables": r.TABLES, "sys.columns": r.COLUMNS, "sys.key_constraints": r.KEYS,
    "sys.foreign_keys": r.FOREIGN_KEYS, "sys.check_constraints": r.CHECKS, "sys.indexes": r.INDEXES,
    "sys.views": r.VIEWS, "sys.sequences": r.SEQUENCES, "sys.objects": r.MODULES, "sys.triggers": r.TRIGGERS,
    "sys.synonyms": r.SYNONYMS, "sys.servers": r.LINKED_SERVERS, "dbo.sysjobs": r.AGENT_JOBS,
    "sys.assemblies": r.FEATURES, "sys.database_permissions": r.GRANTS, "sys.databases": r.SOURCE_INFO,
    "sys.dm_exec_sessions": r.SESSIONS, "sys.dm_os_sys_info": r.SERVER,
}  # fmt: skip


class InventoryAppCatalog(CatalogFake):
    """Queries that start from the same view are told apart by what they select."""

    def dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        rows = super().dicts(sql, params)
        if "partition_ordinal" in sql:
            return [dict(x) for x in r.PARTITION_COLUMNS]
        if "parent_class = 0" in sql:
            return [dict(x) for x in r.DDL_TRIGGERS]
        return rows


def fake(fail: tuple[str, ...] = ()) -> InventoryAppCatalog:
    return InventoryAppCatalog("sqlserver", "sqlserver://scan:pw@sql01:1433/InventoryApp", DICTIONARY, fail)


@pytest.fixture
def inv() -> Inventory:
    return scan_live(fake(), ["dbo", "ops"])


def product(i: Inventory) -> Any:
    return i.find_table("dbo", "Product")


CHECKS = [
    (lambda i: [(t.qualified_name, t.kind, t.row_count) for t in i.tables()], [("dbo.Product", "table", 1520), ("dbo.PurchaseOrder", "table", 98000), ("ops.Session", "memory_optimized", 0)]),
    (lambda i: [(c.name, c.type.raw, c.type.family.value) for c in product(i).columns], [("ProductId", "int", "integer"), ("ProductGuid", "uniqueidentifier", "uuid"), ("Name", "nvarchar(200)", "string"), ("Description", "nvarchar(max)", "text"), ("Sku", "varchar(40)", "string"), ("UnitPrice", "decimal(12,2)", "decimal"), ("UnitCost", "money", "decimal"), ("Margin", "", "other"), ("Discontinued", "bit", "boolean"), ("Thumbnail", "varbinary(max)", "blob"), ("RowVer", "timestamp", "binary"), ("Phone", "varchar(20)", "string")]),
    (lambda i: (product(i).column("ProductId").identity, product(i).column("ProductGuid").default), (Identity(1000, 1, True), "(newid())")),
    (lambda i: (product(i).column("Margin").generated, product(i).column("Margin").generated_stored), ("[UnitPrice]-isnull([UnitCost],(0))", True)),
    (lambda i: (product(i).column("Name").collation, product(i).column("Name").comment, product(i).comment), ("SQL_Latin1_General_CP1_CI_AS", "display name", "Sellable item")),
    (lambda i: [(c.name, c.kind.value, c.columns, c.enabled) for c in product(i).constraints], [("PK_Product", "primary_key", ("ProductId",), True), ("UQ_Product_Sku", "unique", ("Sku",), True), ("CK_Product_Price", "check", ("UnitPrice",), True), ("CK_Product_Cost", "check", (), False)]),
    (lambda i: [(c.name, c.columns, c.ref_table, c.on_delete, c.on_update, c.validated) for c in i.find_table("dbo", "PurchaseOrder").constraints if c.kind.value == "foreign_key"], [("FK_PO_Product", ("ProductId",), "Product", "SET NULL", "NO ACTION", False)]),
    (lambda i: i.find_table("dbo", "PurchaseOrder").primary_key.columns, ("PurchaseOrderId", "OrderedAt")),
    (lambda i: [(x.name, x.columns, x.include, x.where) for x in product(i).indexes], [("IX_Product_Active", (IndexColumn("Name"),), ("UnitPrice",), "([Discontinued]=(0))")]),
    (lambda i: [(x.unique, x.columns) for x in i.find_table("dbo", "PurchaseOrder").indexes], [(True, (IndexColumn("OrderedAt", True),))]),
    (lambda i: (lambda p: (p.method, p.columns, [(x.name, x.bound) for x in p.partitions]))(i.find_table("dbo", "PurchaseOrder").partitioning), ("range", ("OrderedAt",), [("p1", "VALUES LESS THAN (2024-01-01 00:00:00.0000000 +00:00)"), ("p2", "VALUES LESS THAN (2025-01-01 00:00:00.0000000 +00:00)"), ("p3", "VALUES LESS THAN (MAXVALUE)")])),
    (lambda i: [(v.name, v.query, v.materialized, v.with_check_option) for v in i.schema("dbo").views], [("vProductCatalog", "SELECT p.ProductId, ISNULL(p.Name, N'') AS Name FROM dbo.Product AS p", False, False), ("vProductTotals", "SELECT ProductId, COUNT_BIG(*) AS n FROM dbo.Product GROUP BY ProductId", True, True)]),
    (lambda i: [(s.name, s.start, s.max_value, s.cycle, s.cache, s.last_value, s.data_type) for sc in i.schemas for s in sc.sequences], [("InvoiceNumberSeq", 100000, 9223372036854775807, False, 50, 100417, "bigint"), ("BatchSeq", 1, 99999, True, 1, 1, "int")]),
    (lambda i: sorted((x.name, x.kind.value, x.language) for sc in i.schemas for x in sc.routines), [("clr_RegexMatch", "function", "clr"), ("fn_StockForProduct", "function", "tsql"), ("usp_Hidden", "procedure", "tsql"), ("usp_ReceivePurchaseOrder", "procedure", "tsql")]),
    (lambda i: [(t.name, t.table, t.timing, t.events, t.level, t.enabled) for sc in i.schemas for t in sc.triggers], [("trg_Product_Audit", "Product", "AFTER", ("UPDATE", "DELETE"), "statement", True), ("trg_Session_Del", "Session", "INSTEAD OF", ("DELETE",), "statement", False)]),
    (lambda i: [(s.name, s.target_schema, s.target_name, s.db_link) for s in i.schema("ops").synonyms], [("Products", "dbo", "Product", None), ("RemoteRates", "dbo", "FxRates", "FINSRV")]),
    (lambda i: [(d.name, d.target, d.username, d.provider) for d in i.db_links], [("FINSRV", "fin-db.corp.example.com", "fin_reader", "SQLNCLI11")]),
    (lambda i: [(j.name, j.kind, j.owner, j.schedule, j.action, j.enabled) for j in i.jobs], [("InventoryApp - Nightly reorder report", "sql_agent", "sa", "nightly 02:00: daily at 02:00", "EXEC dbo.usp_ReorderReport;\nEXEC dbo.usp_Purge;", True)]),
    (lambda i: sorted(f.kind for f in i.features), ["clr_assembly", "ddl_trigger", "filegroup", "fulltext_index", "partition_scheme", "service_broker_queue", "temporal_table"]),
    (lambda i: [(g.grantee, g.privilege, g.grantable) for g in i.grants], [("ReportingRole", "SELECT", False), ("AppUser", "EXECUTE", True), ("Intern", "DENY SELECT", False)]),
    (lambda i: sorted(f.object_name for f in i.findings if f.rule_id == "SCAN-PARTIAL-001"), ["ops.usp_Hidden", "ops.vSecret"]),
    (lambda i: (i.source.version, i.source.collation, i.source.properties["sessions"], i.source.properties["is_read_committed_snapshot_on"], i.source.url), ("15.0.4385.2", "SQL_Latin1_General_CP1_CI_AS", "212", "True", "mssql://scan:***@sql01:1433/InventoryApp")),
    (lambda i: (i.source.properties["cpu_count"], i.source.properties["max_server_memory_bytes"]), ("8", "58720256000")),
    (lambda i: i.complete, True),
]  # fmt: skip


def test_sqlserver_scan(inv: Inventory) -> None:
    assert [(n, look(inv)) for n, (look, _) in enumerate(CHECKS)] == [(n, e) for n, (_, e) in enumerate(CHECKS)]


def test_msdb_unreadable_costs_the_jobs_only() -> None:
    inv = scan_live(fake(fail=("dbo.sysjobs",)), ["dbo"])
    assert inv.jobs == () and [f.rule_id for f in inv.findings if f.rule_id.startswith("SCAN-Q")] == ["SCAN-QUERY-001"]
    assert inv.complete  # jobs are optional detail: the schema objects are all there


def test_a_failing_required_query_makes_the_scan_incomplete() -> None:
    inv = scan_live(fake(fail=("sys.columns",)), ["dbo"])
    assert product(inv).columns == () and not inv.complete


def test_missing_schema_is_a_finding() -> None:
    inv = scan_live(fake(), ["DBO", "sales"])
    assert [(f.rule_id, "sales" in f.message) for f in inv.findings if f.rule_id == "SCAN-SCHEMA-002"] == [
        ("SCAN-SCHEMA-002", True)
    ]


def test_without_schemas_every_user_schema_is_scanned() -> None:
    conn = fake()
    inv = scan_live(conn, [])
    assert [s.name for s in inv.schemas] == ["dbo", "ops"]
    assert ("sys.columns", ["dbo", "ops"]) in conn.calls


# A filtered unique index: SQL Server counts NULLs as equal among the rows the filter covers
FILTERED_UNIQUE = {**r.INDEXES[0], "index_name": "UX_Product_Phone", "is_unique": True,
                   "filter_definition": "([Discontinued]=(0))", "column_name": "Phone", "key_ordinal": 1,
                   "is_included_column": False}  # fmt: skip


def test_sqlserver_unique_keys_and_indexes_count_nulls_as_equal() -> None:
    """A SQL Server UNIQUE constraint or unique index (filtered or not) lets one NULL key only, as PostgreSQL 15's
    NULLS NOT DISTINCT does; a primary key needs no flag (its columns are NOT NULL), nor a non-unique index."""
    dictionary = {**DICTIONARY, "sys.indexes": [*r.INDEXES, FILTERED_UNIQUE]}
    inv = scan_live(
        InventoryAppCatalog("sqlserver", "sqlserver://scan:pw@sql01:1433/InventoryApp", dictionary), ["dbo"]
    )
    assert [(c.name, c.nulls_not_distinct) for c in product(inv).constraints if c.kind.value != "check"] == [
        ("PK_Product", False),
        ("UQ_Product_Sku", True),
    ]
    assert [(x.name, x.unique, x.where, x.nulls_not_distinct) for x in product(inv).indexes] == [
        ("IX_Product_Active", False, "([Discontinued]=(0))", False),
        ("UX_Product_Phone", True, "([Discontinued]=(0))", True),
    ]
    assert [(x.name, x.nulls_not_distinct) for x in inv.find_table("dbo", "PurchaseOrder").indexes] == [
        ("IX_PO_OrderedAt", True)
    ]
    assert not inv.find_table("dbo", "PurchaseOrder").primary_key.nulls_not_distinct


def test_the_live_catalog_gives_a_temporal_tables_period_and_history() -> None:
    from assessments.sqlserver.mapping import map_period

    row = {"period_start": "ValidFrom", "period_end": "ValidTo", "hidden_columns": 0,
           "temporal_type_desc": "SYSTEM_VERSIONED_TEMPORAL_TABLE", "history_table": "dbo.Colors_Archive"}  # fmt: skip
    period = {"period": ("ValidFrom", "ValidTo"), "period_hidden": False}
    assert map_period(row) == {**period, "history_table": "dbo.Colors_Archive"}
    # a period without versioning: the columns are still filled by the engine, no history is kept
    assert map_period({**row, "temporal_type_desc": "NON_TEMPORAL_TABLE"}) == {**period, "history_table": None}
    assert map_period({**row, "hidden_columns": 2})["period_hidden"] is True  # SELECT * omits HIDDEN columns
    assert map_period({"period_start": None, "period_end": None}) == {}
