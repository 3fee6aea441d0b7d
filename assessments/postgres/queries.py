"""PostgreSQL catalog queries (pg_catalog), one per object kind; `%(schemas)s` is a text[] of schema names.

Objects that belong to an extension (pg_depend deptype 'e') are left out: the extension recreates
them on the target. Identity sequences (deptype 'i') are part of their column.
"""

from __future__ import annotations

from assessments.scan import CatalogQuery

_USER_SCHEMAS = "n.nspname = ANY(%(schemas)s)"
_NOT_EXTENSION = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"

SOURCE = CatalogQuery(
    "source",
    """SELECT version() AS version, current_database() AS database,
              pg_encoding_to_char(d.encoding) AS charset, d.datcollate AS collation,
              pg_database_size(current_database()) AS size_bytes,
              current_setting('max_connections') AS max_connections,
              (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()) AS sessions
         FROM pg_database d WHERE d.datname = current_database()""",
    "pg_database: encoding, datcollate; version(), pg_database_size(), pg_stat_activity",
)

SCHEMAS = CatalogQuery(
    "schemas",
    """SELECT n.nspname AS schema_name FROM pg_namespace n
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
          AND n.nspname NOT LIKE 'pg\\_temp\\_%%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%%'
          AND """
    + _NOT_EXTENSION.format(oid="n.oid")
    + " ORDER BY 1",
    "pg_namespace: nspname",
)

TABLES = CatalogQuery(
    "tables",
    """SELECT c.oid AS oid, n.nspname AS schema_name, c.relname AS table_name, c.relkind AS relkind,
              c.relpersistence AS persistence, c.relispartition AS is_partition,
              CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
              CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
              (SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid LIMIT 1) AS parent_oid,
              c.reltuples::bigint AS row_estimate, pg_total_relation_size(c.oid) AS size_bytes,
              obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'f') AND """
    + _USER_SCHEMAS
    + " AND "
    + _NOT_EXTENSION.format(oid="c.oid")
    + " ORDER BY 2, 3",
    "pg_class: relname, relkind, relpersistence, relispartition, relpartbound, reltuples; pg_inherits; "
    "pg_get_partkeydef(); pg_total_relation_size()",
)

COLUMNS = CatalogQuery(
    "columns",
    """SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name, a.attnum AS position,
              format_type(a.atttypid, a.atttypmod) AS data_type, a.attnotnull AS not_null,
              pg_get_expr(ad.adbin, ad.adrelid) AS default_expr, a.attidentity AS identity,
              a.attgenerated AS generated, co.collname AS collation,
              col_description(c.oid, a.attnum) AS comment, s.avg_width AS avg_width,
              seq.seqstart AS identity_start, seq.seqincrement AS identity_increment
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
         LEFT JOIN pg_collation co ON co.oid = a.attcollation AND co.collname <> 'default'
         LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
         LEFT JOIN pg_depend dep ON dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
                                AND dep.classid = 'pg_class'::regclass
         LEFT JOIN pg_sequence seq ON seq.seqrelid = dep.objid
        WHERE c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND """
    + _USER_SCHEMAS
    + " ORDER BY 1, 2, 4",
    "pg_attribute: attname, attnum, atttypid, atttypmod, attnotnull, attidentity, attgenerated; pg_attrdef; "
    "pg_collation; pg_stats: avg_width; pg_sequence (identity start/increment)",
)

CONSTRAINTS = CatalogQuery(
    "constraints",
    """SELECT n.nspname AS schema_name, c.relname AS table_name, k.conname AS constraint_name,
              k.contype AS constraint_type,
              ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(num, pos)
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.pos) AS columns,
              rn.nspname AS ref_schema, rc.relname AS ref_table,
              ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(num, pos)
                      JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.pos) AS ref_columns,
              k.confdeltype AS delete_rule, k.confupdtype AS update_rule,
              CASE WHEN k.contype IN ('c', 'x') THEN pg_get_constraintdef(k.oid, true) END AS check_definition,
              k.condeferrable AS deferrable, k.condeferred AS deferred, k.convalidated AS validated,
              {nulls_not_distinct} AS nulls_not_distinct
         FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_class rc ON rc.oid = k.confrelid
         LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
         LEFT JOIN pg_index ux ON ux.indexrelid = k.conindid AND k.contype = 'u'
        WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND k.conislocal AND """
    + _USER_SCHEMAS
    + " ORDER BY 1, 2, 3",
    "pg_constraint: conname, contype, conkey, confrelid, confkey, confdeltype, confupdtype, condeferrable, "
    "condeferred, convalidated, conindid; pg_index: indnullsnotdistinct (15+); pg_get_constraintdef()",
)

INDEXES = CatalogQuery(
    "indexes",
    """SELECT n.nspname AS schema_name, t.relname AS table_name, i.relname AS index_name,
              x.indisunique AS is_unique, am.amname AS method, x.indnkeyatts AS key_count,
              ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnatts) k) AS columns,
              ARRAY(SELECT (x.indoption[k - 1] & 1) = 1 FROM generate_series(1, x.indnkeyatts) k) AS descending,
              ARRAY(SELECT x.indkey[k - 1] = 0 FROM generate_series(1, x.indnatts) k) AS is_expression,
              pg_get_expr(x.indpred, x.indrelid, true) AS predicate, ts.spcname AS tablespace,
              {nulls_not_distinct} AS nulls_not_distinct
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_am am ON am.oid = i.relam
         LEFT JOIN pg_tablespace ts ON ts.oid = i.reltablespace
        WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
          AND t.relkind IN ('r', 'p', 'm') AND NOT (t.relispartition AND i.relispartition) AND """
    + _USER_SCHEMAS
    + " ORDER BY 1, 2, 3",
    "pg_index: indisunique, indnkeyatts, indnatts, indoption, indkey, indpred, indnullsnotdistinct (15+); "
    "pg_am: amname; pg_get_indexdef()",
)

# pg_index.indnullsnotdistinct (UNIQUE NULLS NOT DISTINCT) exists from PostgreSQL 15 on; before, every unique key
# lets NULLs repeat. CONSTRAINTS and INDEXES read it through {nulls_not_distinct}, filled by `with_nulls_not_distinct`
PROBE_NULLS_NOT_DISTINCT = CatalogQuery(
    "PostgreSQL 15 index attributes",
    "SELECT x.indnullsnotdistinct FROM pg_index x LIMIT 1",
    "pg_index: indnullsnotdistinct (probe: absent before 15)",
    required=False,
)
NULLS_NOT_DISTINCT = {
    CONSTRAINTS.kind: "coalesce(ux.indnullsnotdistinct, false)",
    INDEXES.kind: "x.indnullsnotdistinct",
}


def with_nulls_not_distinct(query: CatalogQuery, readable: bool) -> CatalogQuery:
    """CONSTRAINTS or INDEXES reading indnullsnotdistinct if the server has it (15+), else a constant false."""
    column = NULLS_NOT_DISTINCT[query.kind] if readable else "false"
    return CatalogQuery(query.kind, query.sql.replace("{nulls_not_distinct}", column), query.reads, query.required)


VIEWS = CatalogQuery(
    "views",
    """SELECT n.nspname AS schema_name, c.relname AS view_name, c.relkind = 'm' AS materialized,
              pg_get_viewdef(c.oid, true) AS query, obj_description(c.oid, 'pg_class') AS comment,
              ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                     AND NOT a.attisdropped ORDER BY a.attnum) AS columns,
              c.reloptions AS options
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v', 'm') AND """
    + _USER_SCHEMAS
    + " AND "
    + _NOT_EXTENSION.format(oid="c.oid")
    + " ORDER BY 1, 2",
    "pg_class: relname, relkind, reloptions; pg_get_viewdef(); pg_attribute",
)

SEQUENCES = CatalogQuery(
    "sequences",
    """SELECT n.nspname AS schema_name, c.relname AS sequence_name, format_type(s.seqtypid, NULL) AS data_type,
              s.seqstart AS start_value, s.seqincrement AS increment_by, s.seqmin AS min_value,
              s.seqmax AS max_value, s.seqcycle AS cycle, s.seqcache AS cache_size, ps.last_value AS last_value
         FROM pg_sequence s
         JOIN pg_class c ON c.oid = s.seqrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = c.relname
        WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('i', 'e'))
          AND """
    + _USER_SCHEMAS
    + " ORDER BY 1, 2",
    "pg_sequence: seqtypid, seqstart, seqincrement, seqmin, seqmax, seqcycle, seqcache; pg_sequences: last_value",
)

ROUTINES = CatalogQuery(
    "routines",
    """SELECT n.nspname AS schema_name, p.proname AS routine_name, p.prokind AS kind, l.lanname AS language,
              pg_get_function_arguments(p.oid) AS arguments,
              CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) ELSE p.prosrc END AS source
         FROM pg_proc p
         JOIN pg_namespace n ON n.oid = p.pronamespace
         JOIN pg_language l ON l.oid = p.prolang
        WHERE """
    + _USER_SCHEMAS
    + " AND "
    + _NOT_EXTENSION.format(oid="p.oid")
    + " ORDER BY 1, 2, 5",
    "pg_proc: proname, prokind, prolang, prosrc; pg_language: lanname; pg_get_functiondef(), pg_get_function_arguments()",
)

TRIGGERS = CatalogQuery(
    "triggers",
    """SELECT n.nspname AS schema_name, g.tgname AS trigger_name, c.relname AS table_name, g.tgtype AS type_bits,
              g.tgenabled AS enabled, pg_get_triggerdef(g.oid, true) AS definition
         FROM pg_trigger g
         JOIN pg_class c ON c.oid = g.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT g.tgisinternal AND g.tgparentid = 0 AND """
    + _USER_SCHEMAS
    + " ORDER BY 1, 3, 2",
    "pg_trigger: tgname, tgtype, tgenabled, tgisinternal, tgparentid; pg_get_triggerdef()",
)

TYPES = CatalogQuery(
    "types",
    """SELECT n.nspname AS schema_name, t.typname AS type_name, t.typtype AS kind,
              CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
              (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                 FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels,
              (SELECT string_agg(pg_get_constraintdef(c.oid, true), ' ') FROM pg_constraint c
                WHERE c.contypid = t.oid AND c.contype = 'c') AS domain_checks,
              (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                                 ORDER BY a.attnum)
                 FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS attributes,
              (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) AS range_subtype,
              t.typnotnull AS not_null, pg_get_expr(t.typdefaultbin, 0) AS default_expr
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype IN ('e', 'd', 'c', 'r')
          AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
          AND """
    + _USER_SCHEMAS
    + " AND "
    + _NOT_EXTENSION.format(oid="t.oid")
    + " ORDER BY 1, 2",
    "pg_type: typname, typtype (enum, domain, composite, range), typbasetype, typnotnull, typdefaultbin; "
    "pg_enum: enumlabel; pg_constraint (domain checks); pg_attribute (composite fields); pg_range: rngsubtype",
)

EXTENSIONS = CatalogQuery(
    "extensions",
    "SELECT e.extname AS name, e.extversion AS version FROM pg_extension e ORDER BY 1",
    "pg_extension: extname, extversion",
)

FOREIGN_SERVERS = CatalogQuery(
    "foreign servers",
    """SELECT s.srvname AS name, w.fdwname AS wrapper, array_to_string(s.srvoptions, ' ') AS options,
              pg_get_userbyid(s.srvowner) AS owner
         FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw ORDER BY 1""",
    "pg_foreign_server: srvname, srvoptions, srvowner; pg_foreign_data_wrapper: fdwname",
)

GRANTS = CatalogQuery(
    "grants",
    """SELECT n.nspname AS schema_name, c.relname AS object_name,
              CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(acl.grantee) END AS grantee,
              acl.privilege_type AS privilege, acl.is_grantable AS grantable
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
              LATERAL aclexplode(c.relacl) acl
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND acl.grantee <> c.relowner AND """
    + _USER_SCHEMAS
    + " ORDER BY 1, 2, 3, 4",
    "pg_class: relacl (through aclexplode), relowner",
)

CRON_JOBS = CatalogQuery(
    "pg_cron jobs",
    "SELECT jobid, jobname, schedule, command, username, active FROM cron.job ORDER BY jobid",
    "cron.job: jobid, jobname, schedule, command, username, active",
    required=False,
)

PER_SCHEMA = (TABLES, COLUMNS, CONSTRAINTS, INDEXES, VIEWS, SEQUENCES, ROUTINES, TRIGGERS, GRANTS, TYPES)
