"""Oracle data-dictionary and dynamic performance views (USER_OBJECTS, ALL_TAB_COLUMNS, V$SESSION,
NLS_SESSION_PARAMETERS...): PostgreSQL has none of them. A query reading one is flagged with the catalog that holds
the same facts on PostgreSQL, so the routine or view is finished by hand instead of failing at deploy with
"relation does not exist". A relation qualified with a schema other than SYS/PUBLIC is the user's own table."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context

_CATALOG = {
    "OBJECTS": "pg_class / pg_proc (information_schema.routines)",
    "TABLES": "information_schema.tables",
    "CATALOG": "information_schema.tables (tables and views) and information_schema.sequences",
    "TAB_COLUMNS": "information_schema.columns",
    "TAB_COLS": "information_schema.columns",
    "VIEWS": "information_schema.views",
    "SOURCE": "pg_get_functiondef(oid) from pg_proc",
    "PROCEDURES": "information_schema.routines",
    "ARGUMENTS": "information_schema.parameters",
    "CONSTRAINTS": "information_schema.table_constraints",
    "CONS_COLUMNS": "information_schema.key_column_usage",
    "INDEXES": "pg_indexes",
    "IND_COLUMNS": "pg_index / pg_attribute",
    "SEQUENCES": "information_schema.sequences",
    "TRIGGERS": "information_schema.triggers",
    "TYPES": "pg_type",
    "SYNONYMS": "(no synonyms: views or search_path)",
    "DEPENDENCIES": "pg_depend",
    "ERRORS": "(no stored compile errors: plpgsql_check)",
    "TAB_COMMENTS": "obj_description(oid)",
    "COL_COMMENTS": "col_description(oid, attnum)",
    "USERS": "pg_roles",
    "ROLE_PRIVS": "pg_auth_members",
    "TAB_PRIVS": "information_schema.table_privileges",
    "SYS_PRIVS": "pg_roles attributes",
    "SCHEDULER_JOBS": "cron.job (pg_cron)",
    "JOBS": "cron.job (pg_cron)",
    "MVIEWS": "pg_matviews",
    "TAB_PARTITIONS": "pg_inherits / pg_partitioned_table",
    "PART_TABLES": "pg_partitioned_table",
    "SEGMENTS": "pg_total_relation_size(oid)",
    "DB_LINKS": "pg_foreign_server",
    "DIRECTORIES": "(no directories: aws_s3 or the application)",
}
_OTHERS = {
    "CAT": "information_schema.tables and information_schema.sequences",  # the public synonym of USER_CATALOG
    "V$SESSION": "pg_stat_activity",
    "GV$SESSION": "pg_stat_activity",
    "V$INSTANCE": "version(), inet_server_addr()",
    "V$DATABASE": "current_database()",
    "V$PARAMETER": "pg_settings",
    "V$VERSION": "version()",
    "PRODUCT_COMPONENT_VERSION": "version(), current_setting('server_version_num')",
    "GLOBAL_NAME": "current_database()",
    "V$MYSTAT": "pg_stat_* views",
    "V$STATNAME": "pg_stat_* views",
    "V$SQL": "pg_stat_statements",
    "V$LOCK": "pg_locks",
    "V$NLS_PARAMETERS": "current_setting('lc_numeric') and friends",
    "NLS_SESSION_PARAMETERS": "current_setting('lc_numeric'), current_setting('DateStyle')...",
    "NLS_DATABASE_PARAMETERS": "pg_database (encoding, datcollate)",
    "NLS_INSTANCE_PARAMETERS": "pg_settings",
    "SESSION_ROLES": "pg_roles joined to pg_auth_members for current_user",
    "SESSION_PRIVS": "has_*_privilege() functions",
    "DICTIONARY": "information_schema",
    "DICT": "information_schema",
    "ALL_USERS": "pg_roles",
    "DBA_USERS": "pg_roles",
}


def replacement(name: str) -> str | None:
    """The PostgreSQL catalog for an Oracle dictionary view name (upper case), or None if it is not one."""
    if name in _OTHERS:
        return _OTHERS[name]
    for prefix in ("USER_", "ALL_", "DBA_"):
        if name.startswith(prefix) and name[len(prefix) :] in _CATALOG:
            return _CATALOG[name[len(prefix) :]]
    if name.startswith(_ORACLE_ONLY):  # dynamic performance views, AWR history, container views: Oracle's names
        return "pg_stat_* views or pg_stat_statements where they hold the same facts (no direct counterpart)"
    return None


# prefixes only Oracle's own views have (V$SESSION, V_$SQL, GV$..., DBA_HIST_SQLSTAT, CDB_OBJECTS)
_ORACLE_ONLY = ("V$", "GV$", "V_$", "GV_$", "DBA_HIST_", "CDB_")


def dictionary_view(node: exp.Expression, ctx: Context) -> exp.Expression:
    if isinstance(node, exp.Table) and node.db.upper() in ("", "SYS", "PUBLIC"):
        found = replacement(node.name.upper())
        if found is not None:
            ctx.flag("CONV-ORA-DICT-001", node, f"{node.name.upper()}: use {found}")
    return node
