"""Rows as pyodbc returns them from SQL Server 2019 sys.* views for the InventoryApp database.

Keys are the queries' column aliases; values have pyodbc's types: bit -> bool, int/bigint/smallint -> int,
nvarchar -> str, char(2) object types padded ("P ", "V "), sql_variant cast to nvarchar -> str, NULL -> None.
"""

from __future__ import annotations

from tests.assessments.rows.oracle_hr import table

SCHEMAS = table("schema_name", ("dbo",), ("ops",))

TABLES = table(
    "schema_name table_name is_memory_optimized temporal_type_desc is_external data_space data_space_type row_count size_bytes comment",
    ("dbo", "Product", False, "NON_TEMPORAL_TABLE", False, "PRIMARY", "ROWS_FILEGROUP", 1520, 270336, "Sellable item"),
    ("dbo", "PurchaseOrder", False, "SYSTEM_VERSIONED_TEMPORAL_TABLE", False, "psOrderedAt", "PARTITION_SCHEME", 98000, 9437184, None),
    ("ops", "Session", True, "NON_TEMPORAL_TABLE", False, "PRIMARY", "ROWS_FILEGROUP", 0, 0, None),
)  # fmt: skip

_COLS = (
    "schema_name table_name column_name column_id type_name base_type_name max_length precision scale is_nullable "
    "is_identity identity_seed identity_increment is_computed computed_definition is_persisted default_definition "
    "collation_name comment"
)
COLUMNS = table(
    _COLS,
    ("dbo", "Product", "ProductId", 1, "int", None, 4, 10, 0, False, True, "1000", "1", False, None, None, None, None, None),
    ("dbo", "Product", "ProductGuid", 2, "uniqueidentifier", None, 16, 0, 0, False, False, None, None, False, None, None, "(newid())", None, None),
    ("dbo", "Product", "Name", 3, "nvarchar", None, 400, 0, 0, False, False, None, None, False, None, None, None, "SQL_Latin1_General_CP1_CI_AS", "display name"),
    ("dbo", "Product", "Description", 4, "nvarchar", None, -1, 0, 0, True, False, None, None, False, None, None, None, "SQL_Latin1_General_CP1_CI_AS", None),
    ("dbo", "Product", "Sku", 5, "varchar", None, 40, 0, 0, False, False, None, None, False, None, None, None, "SQL_Latin1_General_CP1_CI_AS", None),
    ("dbo", "Product", "UnitPrice", 6, "decimal", None, 9, 12, 2, False, False, None, None, False, None, None, None, None, None),
    ("dbo", "Product", "UnitCost", 7, "money", None, 8, 19, 4, True, False, None, None, False, None, None, None, None, None),
    ("dbo", "Product", "Margin", 8, "decimal", None, 9, 13, 2, True, False, None, None, True, "([UnitPrice]-isnull([UnitCost],(0)))", True, None, None, None),
    ("dbo", "Product", "Discontinued", 9, "bit", None, 1, 1, 0, False, False, None, None, False, None, None, "((0))", None, None),
    ("dbo", "Product", "Thumbnail", 10, "varbinary", None, -1, 0, 0, True, False, None, None, False, None, None, None, None, None),
    ("dbo", "Product", "RowVer", 11, "timestamp", None, 8, 0, 0, False, False, None, None, False, None, None, None, None, None),
    ("dbo", "Product", "Phone", 12, "PhoneNumber", "varchar", 20, 0, 0, True, False, None, None, False, None, None, None, "SQL_Latin1_General_CP1_CI_AS", None),
    ("dbo", "PurchaseOrder", "PurchaseOrderId", 1, "bigint", None, 8, 19, 0, False, True, "1", "1", False, None, None, None, None, None),
    ("dbo", "PurchaseOrder", "OrderedAt", 2, "datetimeoffset", None, 10, 34, 7, False, False, None, None, False, None, None, "(sysdatetimeoffset())", None, None),
    ("dbo", "PurchaseOrder", "ExpectedAt", 3, "datetime2", None, 7, 23, 3, True, False, None, None, False, None, None, None, None, None),
    ("dbo", "PurchaseOrder", "Weight", 4, "float", None, 8, 53, 0, True, False, None, None, False, None, None, None, None, None),
    ("ops", "Session", "SessionId", 1, "int", None, 4, 10, 0, False, False, None, None, False, None, None, None, None, None),
)  # fmt: skip

KEYS = table(
    "schema_name table_name constraint_name constraint_type index_type column_name key_ordinal",
    ("dbo", "Product", "PK_Product", "PK", "CLUSTERED", "ProductId", 1),
    ("dbo", "Product", "UQ_Product_Sku", "UQ", "NONCLUSTERED", "Sku", 1),
    ("dbo", "PurchaseOrder", "PK_PurchaseOrder", "PK", "CLUSTERED", "PurchaseOrderId", 1),
    ("dbo", "PurchaseOrder", "PK_PurchaseOrder", "PK", "CLUSTERED", "OrderedAt", 2),
)

FOREIGN_KEYS = table(
    "schema_name table_name constraint_name delete_action update_action is_disabled is_not_trusted ref_schema ref_table column_name ref_column constraint_column_id",
    ("dbo", "PurchaseOrder", "FK_PO_Product", "SET_NULL", "NO_ACTION", False, True, "dbo", "Product", "ProductId", "ProductId", 1),
)  # fmt: skip

CHECKS = table(
    "schema_name table_name constraint_name definition is_disabled is_not_trusted column_name",
    ("dbo", "Product", "CK_Product_Price", "([UnitPrice]>=(0))", False, False, "UnitPrice"),
    ("dbo", "Product", "CK_Product_Cost", "([UnitCost]<=[UnitPrice])", True, False, None),
)

INDEXES = table(
    "schema_name table_name object_type index_name index_type is_unique filter_definition column_name key_ordinal is_descending_key is_included_column data_space",
    ("dbo", "Product", "U ", "IX_Product_Active", "NONCLUSTERED", False, "([Discontinued]=(0))", "Name", 1, False, False, "PRIMARY"),
    ("dbo", "Product", "U ", "IX_Product_Active", "NONCLUSTERED", False, "([Discontinued]=(0))", "UnitPrice", 0, False, True, "PRIMARY"),
    ("dbo", "PurchaseOrder", "U ", "IX_PO_OrderedAt", "NONCLUSTERED", True, None, "OrderedAt", 1, True, False, "psOrderedAt"),
    ("dbo", "vProductTotals", "V ", "CIX_vProductTotals", "CLUSTERED", True, None, "ProductId", 1, False, False, "PRIMARY"),
)  # fmt: skip

PARTITION_COLUMNS = table(
    "schema_name table_name scheme_name function_name function_type boundary_value_on_right column_name boundaries",
    ("dbo", "PurchaseOrder", "psOrderedAt", "pfOrderedAt", "RANGE", True, "OrderedAt", "2024-01-01 00:00:00.0000000 +00:00, 2025-01-01 00:00:00.0000000 +00:00"),
)  # fmt: skip

VIEWS = table(
    "schema_name view_name definition with_check_option is_schema_bound comment",
    ("dbo", "vProductCatalog", "CREATE VIEW [dbo].[vProductCatalog]\nAS\nSELECT p.ProductId, ISNULL(p.Name, N'') AS Name FROM dbo.Product AS p\n", False, False, None),
    ("dbo", "vProductTotals", "CREATE VIEW dbo.vProductTotals WITH SCHEMABINDING AS SELECT ProductId, COUNT_BIG(*) AS n FROM dbo.Product GROUP BY ProductId WITH CHECK OPTION", True, True, "indexed"),
    ("ops", "vSecret", None, False, False, None),
)  # fmt: skip

SEQUENCES = table(
    "schema_name sequence_name type_name start_value increment minimum_value maximum_value is_cycling is_cached cache_size current_value",
    ("dbo", "InvoiceNumberSeq", "bigint", "100000", "1", "100000", "9223372036854775807", False, True, 50, "100417"),
    ("ops", "BatchSeq", "int", "1", "1", "1", "99999", True, False, None, "1"),
)  # fmt: skip

MODULES = table(
    "schema_name routine_name object_type definition assembly_name",
    ("dbo", "usp_ReceivePurchaseOrder", "P ", "CREATE PROCEDURE dbo.usp_ReceivePurchaseOrder @Id bigint AS BEGIN SET NOCOUNT ON; END", None),
    ("dbo", "fn_StockForProduct", "IF", "CREATE FUNCTION dbo.fn_StockForProduct (@Id int) RETURNS TABLE AS RETURN (SELECT 1 AS x)", None),
    ("dbo", "clr_RegexMatch", "FS", None, "RegexUtils"),
    ("ops", "usp_Hidden", "P ", None, None),
)  # fmt: skip

TRIGGERS = table(
    "schema_name trigger_name table_name is_instead_of_trigger is_disabled event definition",
    ("dbo", "trg_Product_Audit", "Product", False, False, "UPDATE", "CREATE TRIGGER dbo.trg_Product_Audit ON dbo.Product AFTER UPDATE, DELETE AS SELECT 1"),
    ("dbo", "trg_Product_Audit", "Product", False, False, "DELETE", "CREATE TRIGGER dbo.trg_Product_Audit ON dbo.Product AFTER UPDATE, DELETE AS SELECT 1"),
    ("ops", "trg_Session_Del", "Session", True, True, "DELETE", "CREATE TRIGGER ops.trg_Session_Del ON ops.Session INSTEAD OF DELETE AS SELECT 1"),
)  # fmt: skip

DDL_TRIGGERS = table("trigger_name is_disabled", ("trg_BlockDrops", False))

SYNONYMS = table(
    "schema_name synonym_name base_object_name",
    ("ops", "Products", "[InventoryApp].[dbo].[Product]"),
    ("ops", "RemoteRates", "[FINSRV].[Finance].[dbo].[FxRates]"),
)

LINKED_SERVERS = table(
    "name product provider data_source remote_user",
    ("FINSRV", "", "SQLNCLI11", "fin-db.corp.example.com", "fin_reader"),
)

AGENT_JOBS = table(
    "job_name enabled owner_name step_id subsystem command database_name schedule_name freq_type active_start_time",
    ("InventoryApp - Nightly reorder report", 1, "sa", 1, "TSQL", "EXEC dbo.usp_ReorderReport;", "InventoryApp", "nightly 02:00", 4, 20000),
    ("InventoryApp - Nightly reorder report", 1, "sa", 2, "TSQL", "EXEC dbo.usp_Purge;", "InventoryApp", "nightly 02:00", 4, 20000),
)  # fmt: skip

FEATURES = table(
    "kind name detail",
    ("clr_assembly", "RegexUtils", "SAFE_ACCESS"),
    ("service_broker_queue", "OrderQueue", "SERVICE_QUEUE"),
    ("fulltext_index", "dbo.Product", "ftCatalog"),
    ("partition_scheme", "psOrderedAt", "pfOrderedAt"),
    ("filegroup", "PRIMARY", "ROWS_FILEGROUP"),
)

GRANTS = table(
    "grantee permission_name state_desc schema_name object_name",
    ("ReportingRole", "SELECT", "GRANT", "dbo", "Product"),
    ("AppUser", "EXECUTE", "GRANT_WITH_GRANT_OPTION", "dbo", "usp_ReceivePurchaseOrder"),
    ("Intern", "SELECT", "DENY", "dbo", "PurchaseOrder"),
)

SOURCE_INFO = table(
    "product_version edition server_collation database_name collation_name compatibility_level is_read_committed_snapshot_on snapshot_isolation_state_desc is_broker_enabled size_bytes",
    ("15.0.4385.2", "Enterprise Edition (64-bit)", "SQL_Latin1_General_CP1_CI_AS", "InventoryApp", "SQL_Latin1_General_CP1_CI_AS", 150, True, "OFF", True, 1073741824),
)  # fmt: skip

SESSIONS = table("sessions", (212,))

SERVER = table("cpu_count physical_memory_bytes max_server_memory_bytes", (8, 68719476736, 58720256000))
