"""Oracle catalog queries: one per object kind, over DBA_* views when granted, else ALL_*.

`{v}` is DBA or ALL; `{owners}` is a list of bind variables (:s0, :s1...) holding the schema
names. Unconstrained NUMBER columns are read through TO_CHAR where values can pass 2**53
(sequence bounds): the driver returns those columns as float otherwise. LONG columns
(DATA_DEFAULT, SEARCH_CONDITION, TEXT, HIGH_VALUE, COLUMN_EXPRESSION) arrive as str.
"""

from __future__ import annotations

from assessments.scan import CatalogQuery

PROBE_DBA = CatalogQuery(
    "DBA_* access", "SELECT COUNT(*) AS n FROM dba_tables WHERE ROWNUM = 1", "DBA_TABLES (probe)", required=False
)

SOURCE_INFO = CatalogQuery(
    "database",
    """SELECT SYS_CONTEXT('USERENV', 'DB_NAME') AS db_name,
              (SELECT MAX(version) FROM product_component_version WHERE product LIKE 'Oracle Database%') AS version,
              (SELECT value FROM nls_database_parameters WHERE parameter = 'NLS_CHARACTERSET') AS charset,
              (SELECT value FROM nls_database_parameters WHERE parameter = 'NLS_NCHAR_CHARACTERSET') AS ncharset,
              (SELECT value FROM nls_database_parameters WHERE parameter = 'NLS_COMP') AS nls_comp,
              (SELECT value FROM nls_database_parameters WHERE parameter = 'NLS_SORT') AS nls_sort
         FROM dual""",
    "PRODUCT_COMPONENT_VERSION: PRODUCT, VERSION; NLS_DATABASE_PARAMETERS: PARAMETER, VALUE",
    required=False,
)

INSTANCE = CatalogQuery(
    "instance",
    """SELECT (SELECT COUNT(*) FROM v$session WHERE type = 'USER') AS sessions,
              (SELECT value FROM v$parameter WHERE name = 'cpu_count') AS cpu_count,
              (SELECT value FROM v$parameter WHERE name = 'sga_target') AS sga_target,
              (SELECT value FROM v$parameter WHERE name = 'processes') AS processes
         FROM dual""",
    "V$SESSION: TYPE; V$PARAMETER: cpu_count, sga_target, processes (need SELECT_CATALOG_ROLE; for sizing only)",
    required=False,
)

SCHEMAS = CatalogQuery("schemas", "SELECT username FROM {v}_users WHERE username IN ({owners})", "{v}_USERS: USERNAME")

TABLES = CatalogQuery(
    "tables",
    """SELECT t.owner, t.table_name, t.iot_type, t.temporary, t.duration, t.partitioned, t.num_rows,
              t.avg_row_len, t.blocks, c.comments
         FROM {v}_tables t
         LEFT JOIN {v}_tab_comments c ON c.owner = t.owner AND c.table_name = t.table_name
        WHERE t.owner IN ({owners}) AND t.nested = 'NO' AND t.secondary = 'N' AND t.dropped = 'NO'
          AND (t.iot_type IS NULL OR t.iot_type = 'IOT')
          AND NOT EXISTS (SELECT 1 FROM {v}_mviews m WHERE m.owner = t.owner AND m.mview_name = t.table_name)
        ORDER BY t.owner, t.table_name""",
    "{v}_TABLES: OWNER, TABLE_NAME, IOT_TYPE, TEMPORARY, DURATION, PARTITIONED, NUM_ROWS, AVG_ROW_LEN, BLOCKS, "
    "NESTED, SECONDARY, DROPPED; {v}_TAB_COMMENTS: COMMENTS; {v}_MVIEWS (container tables left out)",
)

EXTERNAL_TABLES = CatalogQuery(
    "external tables",
    "SELECT owner, table_name, type_name, default_directory_name FROM {v}_external_tables WHERE owner IN ({owners})",
    "{v}_EXTERNAL_TABLES: OWNER, TABLE_NAME, TYPE_NAME, DEFAULT_DIRECTORY_NAME",
)

SEGMENT_SIZES = CatalogQuery(
    "segment sizes",
    """SELECT owner, segment_name, segment_type, SUM(bytes) AS bytes FROM dba_segments
        WHERE owner IN ({owners}) GROUP BY owner, segment_name, segment_type""",
    "DBA_SEGMENTS: OWNER, SEGMENT_NAME, SEGMENT_TYPE, BYTES (no ALL_ version: sizes need DBA access)",
    required=False,
)

# Identity columns and DEFAULT ON NULL are Oracle 12c: an 11g dictionary has neither the columns that describe
# them nor {v}_TAB_IDENTITY_COLS. Like the DBA probe, this one's failure is an answer: COLUMNS_11G is read instead.
PROBE_12C = CatalogQuery(
    "12c column attributes",
    "SELECT c.default_on_null, c.identity_column FROM {v}_tab_cols c WHERE ROWNUM = 1",
    "{v}_TAB_COLS: DEFAULT_ON_NULL, IDENTITY_COLUMN (probe: absent before 12c)",
    required=False,
)

# DEFAULT ON NULL FOR INSERT AND UPDATE is Oracle 23ai: before it, {v}_TAB_COLS has no DEFAULT_ON_NULL_UPD
# (ORA-00904). The same kind of probe: its failure means COLUMNS (12c-21c) is read instead of COLUMNS_23AI.
PROBE_23AI = CatalogQuery(
    "23ai column attributes",
    "SELECT c.default_on_null_upd FROM {v}_tab_cols c WHERE ROWNUM = 1",
    "{v}_TAB_COLS: DEFAULT_ON_NULL_UPD (probe: absent before 23ai)",
    required=False,
)


def _columns_query(release: int) -> CatalogQuery:
    """Columns with comments as the dictionary of Oracle `release` (11, 12 or 23) holds them: from 12c also identity
    options and DEFAULT ON NULL, from 23ai also DEFAULT_ON_NULL_UPD; what a release lacks is read as NULL."""
    with_12c, with_23ai = release >= 12, release >= 23
    twelve = (
        ("c.identity_column", "i.generation_type", "i.identity_options", "c.default_on_null")
        if with_12c
        else (
            "NULL AS identity_column",
            "NULL AS generation_type",
            "NULL AS identity_options",
            "NULL AS default_on_null",
        )
    )
    on_update = "c.default_on_null_upd" if with_23ai else "NULL AS default_on_null_upd"
    identity_join = (
        """
         LEFT JOIN {v}_tab_identity_cols i
                ON i.owner = c.owner AND i.table_name = c.table_name AND i.column_name = c.column_name"""
        if with_12c
        else ""
    )
    reads = (
        "{v}_TAB_COLS: DATA_TYPE, DATA_TYPE_OWNER, DATA_LENGTH, DATA_PRECISION, DATA_SCALE, CHAR_LENGTH, CHAR_USED, "
        "NULLABLE, DATA_DEFAULT, VIRTUAL_COLUMN, AVG_COL_LEN, HIDDEN_COLUMN, USER_GENERATED"
        + (
            ", IDENTITY_COLUMN, DEFAULT_ON_NULL"
            if with_12c
            else " (Oracle 11g: no identity columns, no DEFAULT ON NULL)"
        )
        + (", DEFAULT_ON_NULL_UPD" if with_23ai else "")
        + (" (before 23ai: no DEFAULT ON NULL FOR INSERT AND UPDATE)" if with_12c and not with_23ai else "")
        + "; {v}_COL_COMMENTS: COMMENTS"
        + ("; {v}_TAB_IDENTITY_COLS: GENERATION_TYPE, IDENTITY_OPTIONS" if with_12c else "")
    )
    return CatalogQuery(
        "columns",
        f"""SELECT c.owner, c.table_name, c.column_name, c.column_id, c.data_type, c.data_type_owner, c.data_length,
              c.data_precision, c.data_scale, c.char_length, c.char_used, c.nullable, c.data_default,
              c.virtual_column, {twelve[0]}, c.avg_col_len, m.comments,
              {twelve[1]}, {twelve[2]}, {twelve[3]}, {on_update}
         FROM {{v}}_tab_cols c
         JOIN {{v}}_tables t ON t.owner = c.owner AND t.table_name = c.table_name
         LEFT JOIN {{v}}_col_comments m
                ON m.owner = c.owner AND m.table_name = c.table_name AND m.column_name = c.column_name{identity_join}
        WHERE c.owner IN ({{owners}}) AND c.hidden_column = 'NO' AND c.user_generated = 'YES'
        ORDER BY c.owner, c.table_name, c.column_id""",
        reads,
    )


COLUMNS_23AI = _columns_query(23)
COLUMNS = _columns_query(12)  # 12c to 21c
COLUMNS_11G = _columns_query(11)

CONSTRAINTS = CatalogQuery(
    "constraints",
    """SELECT c.owner, c.constraint_name, c.constraint_type, c.table_name, c.search_condition, c.r_owner,
              r.table_name AS r_table_name, c.r_constraint_name, c.delete_rule, c.status, c.deferrable, c.deferred,
              c.validated, c.generated
         FROM {v}_constraints c
         LEFT JOIN {v}_constraints r ON r.owner = c.r_owner AND r.constraint_name = c.r_constraint_name
        WHERE c.owner IN ({owners}) AND c.constraint_type IN ('P', 'U', 'R', 'C', 'O', 'V')
          AND c.table_name NOT LIKE 'BIN$%'
        ORDER BY c.owner, c.table_name, c.constraint_name""",
    "{v}_CONSTRAINTS: CONSTRAINT_NAME, CONSTRAINT_TYPE, TABLE_NAME, SEARCH_CONDITION, R_OWNER, R_CONSTRAINT_NAME, "
    "DELETE_RULE, STATUS, DEFERRABLE, DEFERRED, VALIDATED, GENERATED",
)

CONSTRAINT_COLUMNS = CatalogQuery(
    "constraint columns",
    """SELECT k.owner, k.constraint_name, k.table_name, k.column_name, k.position
         FROM {v}_cons_columns k
        WHERE k.owner IN ({owners})
           OR (k.owner, k.constraint_name) IN (SELECT c.r_owner, c.r_constraint_name FROM {v}_constraints c
                                                 WHERE c.owner IN ({owners}) AND c.constraint_type = 'R')
        ORDER BY k.owner, k.constraint_name, k.position""",
    "{v}_CONS_COLUMNS: OWNER, CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, POSITION",
)

INDEXES = CatalogQuery(
    "indexes",
    """SELECT i.owner, i.index_name, i.index_type, i.table_owner, i.table_name, i.uniqueness, i.tablespace_name,
              i.partitioned
         FROM {v}_indexes i
        WHERE i.table_owner IN ({owners}) AND i.index_type NOT IN ('LOB', 'IOT - TOP', 'CLUSTER')
          AND i.table_name NOT LIKE 'BIN$%'
          AND NOT EXISTS (SELECT 1 FROM {v}_constraints k WHERE k.owner = i.table_owner
                            AND k.index_name = i.index_name AND k.constraint_type IN ('P', 'U'))
        ORDER BY i.table_owner, i.table_name, i.index_name""",
    "{v}_INDEXES: INDEX_NAME, INDEX_TYPE, TABLE_OWNER, TABLE_NAME, UNIQUENESS, TABLESPACE_NAME, PARTITIONED "
    "(indexes that back a PRIMARY KEY or UNIQUE constraint are left out: the constraint makes them)",
)

INDEX_COLUMNS = CatalogQuery(
    "index columns",
    """SELECT c.index_owner, c.index_name, c.column_name, c.column_position, c.descend, e.column_expression
         FROM {v}_ind_columns c
         LEFT JOIN {v}_ind_expressions e ON e.index_owner = c.index_owner AND e.index_name = c.index_name
                                        AND e.column_position = c.column_position
        WHERE c.table_owner IN ({owners})
        ORDER BY c.index_owner, c.index_name, c.column_position""",
    "{v}_IND_COLUMNS: INDEX_OWNER, INDEX_NAME, COLUMN_NAME, COLUMN_POSITION, DESCEND; "
    "{v}_IND_EXPRESSIONS: COLUMN_EXPRESSION",
)

PARTITIONED_TABLES = CatalogQuery(
    "partitioning",
    """SELECT p.owner, p.table_name, p.partitioning_type, p.subpartitioning_type, p.partition_count, p."INTERVAL",
              (SELECT LISTAGG(k.column_name, ',') WITHIN GROUP (ORDER BY k.column_position) FROM {v}_part_key_columns k
                WHERE k.owner = p.owner AND k.name = p.table_name AND k.object_type = 'TABLE') AS key_columns,
              (SELECT LISTAGG(k.column_name, ',') WITHIN GROUP (ORDER BY k.column_position)
                 FROM {v}_subpart_key_columns k
                WHERE k.owner = p.owner AND k.name = p.table_name AND k.object_type = 'TABLE') AS subkey_columns
         FROM {v}_part_tables p
        WHERE p.owner IN ({owners})""",
    "{v}_PART_TABLES: PARTITIONING_TYPE, SUBPARTITIONING_TYPE, PARTITION_COUNT, INTERVAL; "
    "{v}_PART_KEY_COLUMNS, {v}_SUBPART_KEY_COLUMNS: COLUMN_NAME, COLUMN_POSITION",
)

PARTITIONS = CatalogQuery(
    "partitions",
    """SELECT p.table_owner, p.table_name, p.partition_name, p.partition_position, p.high_value, p.num_rows
         FROM {v}_tab_partitions p
        WHERE p.table_owner IN ({owners})
        ORDER BY p.table_owner, p.table_name, p.partition_position""",
    "{v}_TAB_PARTITIONS: TABLE_OWNER, TABLE_NAME, PARTITION_NAME, PARTITION_POSITION, HIGH_VALUE, NUM_ROWS",
)

LOBS = CatalogQuery(
    "LOB columns",
    """SELECT l.owner, l.table_name, l.column_name, l.securefile, l.in_row, l.chunk
         FROM {v}_lobs l WHERE l.owner IN ({owners})""",
    "{v}_LOBS: OWNER, TABLE_NAME, COLUMN_NAME, SECUREFILE, IN_ROW, CHUNK",
    required=False,
)

TABLE_QUERIES = (
    TABLES,
    COLUMNS,
    CONSTRAINTS,
    CONSTRAINT_COLUMNS,
    INDEXES,
    INDEX_COLUMNS,
    PARTITIONED_TABLES,
    PARTITIONS,
)
