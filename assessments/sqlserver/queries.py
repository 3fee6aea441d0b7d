"""SQL Server catalog queries (sys.* views), one per object kind, for the current database.

`{schemas}` is a list of `?` markers (pyodbc binds by position). sql_variant values (SERVERPROPERTY,
sequence bounds, identity seeds, partition boundaries) are CAST to text in SQL: pyodbc cannot fetch
sql_variant (ODBC type -150). Rows come back with the column aliases below as keys.
"""

from __future__ import annotations

from assessments.scan import CatalogQuery

_IN_SCHEMAS = "s.name IN ({schemas})"

SOURCE_INFO = CatalogQuery(
    "database",
    """SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
              CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
              CAST(SERVERPROPERTY('Collation') AS nvarchar(128)) AS server_collation,
              d.name AS database_name, d.collation_name, d.compatibility_level, d.is_read_committed_snapshot_on,
              d.snapshot_isolation_state_desc, d.is_broker_enabled,
              (SELECT SUM(CAST(f.size AS bigint)) * 8192 FROM sys.database_files f) AS size_bytes
         FROM sys.databases d WHERE d.database_id = DB_ID()""",
    "SERVERPROPERTY(); sys.databases: name, collation_name, compatibility_level, is_read_committed_snapshot_on, "
    "snapshot_isolation_state_desc, is_broker_enabled; sys.database_files: size",
    required=False,
)

SESSIONS = CatalogQuery(
    "sessions",
    "SELECT COUNT(*) AS sessions FROM sys.dm_exec_sessions WHERE is_user_process = 1",
    "sys.dm_exec_sessions (needs VIEW SERVER STATE)",
    required=False,
)

SERVER = CatalogQuery(
    "server",
    """SELECT i.cpu_count, i.physical_memory_kb * 1024 AS physical_memory_bytes,
              (SELECT CAST(c.value_in_use AS bigint) * 1048576 FROM sys.configurations c
                WHERE c.name = 'max server memory (MB)') AS max_server_memory_bytes
         FROM sys.dm_os_sys_info i""",
    "sys.dm_os_sys_info: cpu_count, physical_memory_kb; sys.configurations: max server memory (MB) "
    "(needs VIEW SERVER STATE; for sizing only)",
    required=False,
)

SCHEMAS = CatalogQuery(
    "schemas", "SELECT s.name AS schema_name FROM sys.schemas s WHERE " + _IN_SCHEMAS, "sys.schemas: name"
)

USER_SCHEMAS = CatalogQuery(
    "schemas",
    """SELECT s.name AS schema_name FROM sys.schemas s
        WHERE s.schema_id < 16384 AND s.name NOT IN ('sys', 'INFORMATION_SCHEMA', 'guest')
          AND EXISTS (SELECT 1 FROM sys.objects o WHERE o.schema_id = s.schema_id AND o.is_ms_shipped = 0)
        ORDER BY s.name""",
    "sys.schemas (user schemas that hold objects; ids from 16384 up are database roles)",
)

TABLES = CatalogQuery(
    "tables",
    """SELECT s.name AS schema_name, t.name AS table_name, t.is_memory_optimized, t.temporal_type_desc,
              t.is_external, ds.name AS data_space, ds.type_desc AS data_space_type,
              (SELECT SUM(p.rows) FROM sys.partitions p WHERE p.object_id = t.object_id AND p.index_id IN (0, 1)) AS row_count,
              (SELECT SUM(a.total_pages) * 8192 FROM sys.partitions p JOIN sys.allocation_units a ON a.container_id = p.partition_id
                WHERE p.object_id = t.object_id) AS size_bytes,
              CAST(ep.value AS nvarchar(4000)) AS comment,
              (SELECT sc.name FROM sys.periods pr JOIN sys.columns sc ON sc.object_id = pr.object_id
                 AND sc.column_id = pr.start_column_id WHERE pr.object_id = t.object_id) AS period_start,
              (SELECT ec.name FROM sys.periods pr JOIN sys.columns ec ON ec.object_id = pr.object_id
                 AND ec.column_id = pr.end_column_id WHERE pr.object_id = t.object_id) AS period_end,
              (SELECT COUNT(*) FROM sys.columns hc WHERE hc.object_id = t.object_id AND hc.is_hidden = 1) AS hidden_columns,
              (SELECT hs.name + '.' + ht.name FROM sys.tables ht JOIN sys.schemas hs ON hs.schema_id = ht.schema_id
                WHERE ht.object_id = t.history_table_id) AS history_table
         FROM sys.tables t
         JOIN sys.schemas s ON s.schema_id = t.schema_id
         JOIN sys.indexes i ON i.object_id = t.object_id AND i.index_id IN (0, 1)
         LEFT JOIN sys.data_spaces ds ON ds.data_space_id = i.data_space_id
         LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = t.object_id AND ep.minor_id = 0
                                              AND ep.name = 'MS_Description'
        WHERE t.is_ms_shipped = 0 AND """
    + _IN_SCHEMAS
    + " ORDER BY s.name, t.name",
    "sys.tables: is_memory_optimized, temporal_type_desc, history_table_id, is_external; sys.periods: the "
    "SYSTEM_TIME period's columns; sys.indexes/sys.data_spaces (heap or "
    "clustered index: filegroup or partition scheme); sys.partitions: rows; sys.allocation_units: total_pages; "
    "sys.extended_properties: MS_Description",
)

COLUMNS = CatalogQuery(
    "columns",
    """SELECT s.name AS schema_name, t.name AS table_name, c.name AS column_name, c.column_id,
              ty.name AS type_name, bt.name AS base_type_name, c.max_length, c.precision, c.scale, c.is_nullable,
              c.is_identity, CAST(ic.seed_value AS nvarchar(40)) AS identity_seed,
              CAST(ic.increment_value AS nvarchar(40)) AS identity_increment, c.is_computed,
              cc.definition AS computed_definition, cc.is_persisted, dc.definition AS default_definition,
              c.collation_name, CAST(ep.value AS nvarchar(4000)) AS comment
         FROM sys.columns c
         JOIN sys.tables t ON t.object_id = c.object_id
         JOIN sys.schemas s ON s.schema_id = t.schema_id
         JOIN sys.types ty ON ty.user_type_id = c.user_type_id
         LEFT JOIN sys.types bt ON bt.user_type_id = ty.system_type_id AND ty.is_user_defined = 1
         LEFT JOIN sys.identity_columns ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id
         LEFT JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id
         LEFT JOIN sys.default_constraints dc ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id
         LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = c.object_id
                                              AND ep.minor_id = c.column_id AND ep.name = 'MS_Description'
        WHERE t.is_ms_shipped = 0 AND """
    + _IN_SCHEMAS
    + " ORDER BY s.name, t.name, c.column_id",
    "sys.columns: name, max_length (bytes, -1 = MAX), precision, scale, is_nullable, is_identity, is_computed, "
    "collation_name; sys.types (alias types through their base type); sys.identity_columns: seed_value, "
    "increment_value; sys.computed_columns: definition, is_persisted; sys.default_constraints: definition",
)

KEYS = CatalogQuery(
    "keys",
    """SELECT s.name AS schema_name, t.name AS table_name, k.name AS constraint_name, k.type AS constraint_type,
              i.type_desc AS index_type, col.name AS column_name, ic.key_ordinal
         FROM sys.key_constraints k
         JOIN sys.tables t ON t.object_id = k.parent_object_id
         JOIN sys.schemas s ON s.schema_id = t.schema_id
         JOIN sys.indexes i ON i.object_id = k.parent_object_id AND i.index_id = k.unique_index_id
         JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal > 0
         JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
        WHERE """
    + _IN_SCHEMAS
    + " ORDER BY s.name, t.name, k.name, ic.key_ordinal",
    "sys.key_constraints: name, type (PK/UQ); sys.indexes: type_desc; sys.index_columns: key_ordinal",
)

FOREIGN_KEYS = CatalogQuery(
    "foreign keys",
    """SELECT s.name AS schema_name, t.name AS table_name, fk.name AS constraint_name,
              fk.delete_referential_action_desc AS delete_action, fk.update_referential_action_desc AS update_action,
              fk.is_disabled, fk.is_not_trusted, rs.name AS ref_schema, rt.name AS ref_table,
              pc.name AS column_name, rc.name AS ref_column, fkc.constraint_column_id
         FROM sys.foreign_keys fk
         JOIN sys.tables t ON t.object_id = fk.parent_object_id
         JOIN sys.schemas s ON s.schema_id = t.schema_id
         JOIN sys.tables rt ON rt.object_id = fk.referenced_object_id
         JOIN sys.schemas rs ON rs.schema_id = rt.schema_id
         JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
         JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
         JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
        WHERE """
    + _IN_SCHEMAS
    + " ORDER BY s.name, t.name, fk.name, fkc.constraint_column_id",
    "sys.foreign_keys: delete/update_referential_action_desc, is_disabled, is_not_trusted; sys.foreign_key_columns",
)

CHECKS = CatalogQuery(
    "check constraints",
    """SELECT s.name AS schema_name, t.name AS table_name, cc.name AS constraint_name, cc.definition,
              cc.is_disabled, cc.is_not_trusted, col.name AS column_name
         FROM sys.check_constraints cc
         JOIN sys.tables t ON t.object_id = cc.parent_object_id
         JOIN sys.schemas s ON s.schema_id = t.schema_id
         LEFT JOIN sys.columns col ON col.object_id = cc.parent_object_id AND col.column_id = cc.parent_column_id
        WHERE """
    + _IN_SCHEMAS
    + " ORDER BY s.name, t.name, cc.name",
    "sys.check_constraints: name, definition, is_disabled, is_not_trusted, parent_column_id",
)

INDEXES = CatalogQuery(
    "indexes",
    """SELECT s.name AS schema_name, o.name AS table_name, o.type AS object_type, i.name AS index_name,
              i.type_desc AS index_type, i.is_unique, i.filter_definition, col.name AS column_name, ic.key_ordinal,
              ic.is_descending_key, ic.is_included_column, ds.name AS data_space
         FROM sys.indexes i
         JOIN sys.objects o ON o.object_id = i.object_id
         JOIN sys.schemas s ON s.schema_id = o.schema_id
         JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
         JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
         LEFT JOIN sys.data_spaces ds ON ds.data_space_id = i.data_space_id
        WHERE i.type > 0 AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.is_hypothetical = 0
          AND o.type IN ('U', 'V') AND o.is_ms_shipped = 0 AND """
    + _IN_SCHEMAS
    + " ORDER BY s.name, o.name, i.name, ic.is_included_column, ic.key_ordinal, ic.index_column_id",
    "sys.indexes: name, type_desc, is_unique, filter_definition; sys.index_columns: key_ordinal, "
    "is_descending_key, is_included_column (indexes on views make them indexed views)",
)

PARTITION_COLUMNS = CatalogQuery(
    "partitioning",
    """SELECT s.name AS schema_name, t.name AS table_name, ps.name AS scheme_name, pf.name AS function_name,
              pf.type_desc AS function_type, pf.boundary_value_on_right, col.name AS column_name,
              (SELECT STUFF((SELECT ', ' + CAST(v.value AS nvarchar(400)) FROM sys.partition_range_values v
                               WHERE v.function_id = pf.function_id ORDER BY v.boundary_id
                               FOR XML PATH('')), 1, 2, '')) AS boundaries
         FROM sys.tables t
         JOIN sys.schemas s ON s.schema_id = t.schema_id
         JOIN sys.indexes i ON i.object_id = t.object_id AND i.index_id IN (0, 1)
         JOIN sys.partition_schemes ps ON ps.data_space_id = i.data_space_id
         JOIN sys.partition_functions pf ON pf.function_id = ps.function_id
         JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.partition_ordinal = 1
         JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
        WHERE """
    + _IN_SCHEMAS,
    "sys.partition_schemes, sys.partition_functions: type_desc, boundary_value_on_right; "
    "sys.partition_range_values: value; sys.index_columns: partition_ordinal",
)

TABLE_QUERIES = (TABLES, COLUMNS, KEYS, FOREIGN_KEYS, CHECKS, INDEXES, PARTITION_COLUMNS)
