"""SQL Server system catalog views, DMVs and the SQL Server 2000 system tables read by user code.

They do not exist on PostgreSQL (a query on them fails when it runs, or, for a table of the same name in the
search path, reads something else). Each reference is a finding naming the PostgreSQL catalog that holds the same
facts; the query is left for a person, since the columns and their meaning differ.
"""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context

# view (lower case, without schema for the sys schema) -> where PostgreSQL keeps the same facts; first match wins,
# a trailing * matches a prefix
REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("objects", "pg_class / pg_proc, or to_regclass('name') IS NOT NULL for an existence test"),
    ("all_objects", "pg_class / pg_proc"),
    ("tables", "information_schema.tables or pg_class (relkind 'r')"),
    ("views", "information_schema.views or pg_class (relkind 'v')"),
    ("columns", "information_schema.columns or pg_attribute"),
    ("all_columns", "pg_attribute"),
    ("indexes", "pg_index / pg_indexes"),
    ("index_columns", "pg_index.indkey"),
    ("schemas", "pg_namespace or information_schema.schemata"),
    ("types", "pg_type"),
    ("procedures", "pg_proc (prokind 'p')"),
    ("sql_modules", "pg_proc.prosrc / pg_get_functiondef(oid)"),
    ("parameters", "information_schema.parameters"),
    ("triggers", "pg_trigger"),
    ("foreign_keys", "pg_constraint (contype 'f')"),
    ("key_constraints", "pg_constraint (contype 'p' / 'u')"),
    ("check_constraints", "pg_constraint (contype 'c')"),
    ("default_constraints", "pg_attrdef"),
    ("identity_columns", "pg_attribute.attidentity / pg_sequences"),
    ("sequences", "pg_sequences"),
    ("databases", "pg_database (one database per connection on PostgreSQL)"),
    ("database_principals", "pg_roles"),
    ("server_principals", "pg_roles"),
    ("partitions", "pg_class.reltuples / pg_stat_user_tables.n_live_tup"),
    ("dm_exec_sessions", "pg_stat_activity"),
    ("dm_exec_requests", "pg_stat_activity / pg_locks"),
    ("dm_exec_connections", "pg_stat_activity / pg_stat_ssl"),
    ("dm_tran_locks", "pg_locks"),
    ("dm_db_index_usage_stats", "pg_stat_user_indexes"),
    ("dm_db_index_physical_stats", "pgstattuple"),
    ("dm_db_partition_stats", "pg_class / pg_total_relation_size()"),
    ("dm_exec_query_stats", "pg_stat_statements"),
    ("dm_os_*", "pg_stat_* views and the operating system's own tools"),
    ("dm_*", "the pg_stat_* statistics views"),
    ("*", "pg_catalog or information_schema"),
)
# SQL Server 2000 system tables, read without a schema (dbo.sysobjects works too)
LEGACY = frozenset({"sysobjects", "syscolumns", "sysindexes", "sysusers", "sysdatabases", "sysprocesses",
                    "syscomments", "systypes", "sysforeignkeys", "sysreferences", "sysfiles", "syslogins"})  # fmt: skip


def system_catalog(node: exp.Expression, ctx: Context) -> exp.Expression:
    if not isinstance(node, exp.Table) or not isinstance(node.this, exp.Identifier):
        return node
    name, schema = node.name.lower(), node.db.lower()
    if schema == "sys" or (name in LEGACY and schema in ("", "dbo")):
        view = name.removeprefix("sys") if name in LEGACY else name
        ctx.flag("CONV-TSQL-CATALOG-001", node, f"{node.sql(dialect='tsql')}: {_replacement(view)}")
    return node


def _replacement(view: str) -> str:
    for pattern, where in REPLACEMENTS:
        if view == pattern or (pattern.endswith("*") and view.startswith(pattern[:-1])):
            return where
    return REPLACEMENTS[-1][1]
