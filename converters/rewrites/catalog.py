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


# sysobjects.type / xtype -> where PostgreSQL lists that kind of object, and how it is told apart
_KINDS = {
    "U": ("pg_class", "relname", "relnamespace", "relkind IN ('r', 'p')"),
    "V": ("pg_class", "relname", "relnamespace", "relkind IN ('v', 'm')"),
    "P": ("pg_proc", "proname", "pronamespace", "prokind = 'p'"),
    "FN": ("pg_proc", "proname", "pronamespace", "prokind = 'f'"),
    "IF": ("pg_proc", "proname", "pronamespace", "prokind = 'f'"),
    "TF": ("pg_proc", "proname", "pronamespace", "prokind = 'f'"),
}


def existence_tests(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """EXISTS (SELECT ... FROM sysobjects WHERE name = N'x' AND type = 'V'): is there an object of that name and
    kind in the database (any schema)? The same question of PostgreSQL's catalog, the name compared without case
    as SQL Server's default collation does (the converted name may be folded): exact, so it is no finding."""
    for node in list(tree.find_all(exp.Exists)):
        test = _existence_test(node.this)
        if test is not None and node is tree:
            return test
        if test is not None:
            node.replace(test)
    return tree


def _existence_test(query: exp.Expression | None) -> exp.Expression | None:
    if not isinstance(query, exp.Select) or len(query.args.get("joins") or []) or query.args.get("group"):
        return None
    source = query.args.get("from_") or query.args.get("from")
    table = source.this if isinstance(source, exp.From) else None
    if not isinstance(table, exp.Table) or table.name.lower() != "sysobjects" or table.db.lower() not in ("", "dbo"):
        return None
    where = query.args.get("where")
    terms = list(where.this.flatten()) if where is not None and isinstance(where.this, exp.And) else []
    found: dict[str, str] = {}
    for term in (t.unnest() for t in terms):
        text = term.expression if isinstance(term, exp.EQ) else None
        if isinstance(term.this, exp.Column) and (
            isinstance(text, exp.National) or (text is not None and text.is_string)
        ):
            found[term.this.name.lower()] = str(text.this) if isinstance(text, exp.National) else text.name
    kind = _KINDS.get((found.get("type") or found.get("xtype") or "").strip().upper())
    if len(terms) != 2 or "name" not in found or kind is None:
        return None
    catalog, name_column, schema_column, test = kind
    name = found["name"].replace("'", "''").lower()
    return exp.maybe_parse(
        f"EXISTS (SELECT 1 FROM pg_catalog.{catalog} AS o JOIN pg_catalog.pg_namespace AS s ON s.oid = "
        f"o.{schema_column} WHERE lower(o.{name_column}) = '{name}' AND o.{test} AND s.nspname NOT IN "
        "('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_%')",
        dialect="postgres",
    )
