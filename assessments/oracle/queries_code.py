"""Oracle catalog queries for views, sequences, code, synonyms, links, jobs and grants.

`{v}` is DBA or ALL, `{owners}` the schema bind list; see queries.py.
"""

from __future__ import annotations

from assessments.scan import CatalogQuery

VIEWS = CatalogQuery(
    "views",
    """SELECT v.owner, v.view_name, v.text, c.comments
         FROM {v}_views v
         LEFT JOIN {v}_tab_comments c ON c.owner = v.owner AND c.table_name = v.view_name
        WHERE v.owner IN ({owners})
        ORDER BY v.owner, v.view_name""",
    "{v}_VIEWS: OWNER, VIEW_NAME, TEXT; {v}_TAB_COMMENTS: COMMENTS",
)

VIEW_COLUMNS = CatalogQuery(
    "view columns",
    """SELECT c.owner, c.table_name, c.column_name, c.column_id
         FROM {v}_tab_columns c
         JOIN {v}_views v ON v.owner = c.owner AND v.view_name = c.table_name
        WHERE c.owner IN ({owners})
        ORDER BY c.owner, c.table_name, c.column_id""",
    "{v}_TAB_COLUMNS (of views): COLUMN_NAME, COLUMN_ID",
    required=False,
)

MVIEWS = CatalogQuery(
    "materialized views",
    """SELECT m.owner, m.mview_name, m.query, m.refresh_mode, m.refresh_method, m.build_mode, c.comments
         FROM {v}_mviews m
         LEFT JOIN {v}_mview_comments c ON c.owner = m.owner AND c.mview_name = m.mview_name
        WHERE m.owner IN ({owners})
        ORDER BY m.owner, m.mview_name""",
    "{v}_MVIEWS: OWNER, MVIEW_NAME, QUERY, REFRESH_MODE, REFRESH_METHOD, BUILD_MODE; {v}_MVIEW_COMMENTS: COMMENTS",
)

SEQUENCES = CatalogQuery(
    "sequences",
    """SELECT s.sequence_owner, s.sequence_name, TO_CHAR(s.min_value) AS min_value,
              TO_CHAR(s.max_value) AS max_value, TO_CHAR(s.increment_by) AS increment_by, s.cycle_flag,
              s.order_flag, s.cache_size, TO_CHAR(s.last_number) AS last_number
         FROM {v}_sequences s
        WHERE s.sequence_owner IN ({owners}) AND s.sequence_name NOT LIKE 'ISEQ$$%'
        ORDER BY s.sequence_owner, s.sequence_name""",
    "{v}_SEQUENCES: SEQUENCE_OWNER, SEQUENCE_NAME, MIN_VALUE, MAX_VALUE, INCREMENT_BY, CYCLE_FLAG, ORDER_FLAG, "
    "CACHE_SIZE, LAST_NUMBER (identity sequences ISEQ$$ belong to their column)",
)

OBJECTS = CatalogQuery(
    "code objects",
    """SELECT o.owner, o.object_name, o.object_type, o.status
         FROM {v}_objects o
        WHERE o.owner IN ({owners})
          AND o.object_type IN ('PROCEDURE', 'FUNCTION', 'PACKAGE', 'PACKAGE BODY', 'TYPE', 'TYPE BODY', 'TRIGGER',
                                'JAVA SOURCE', 'LIBRARY')""",
    "{v}_OBJECTS: OWNER, OBJECT_NAME, OBJECT_TYPE, STATUS",
)

SOURCE = CatalogQuery(
    "source",
    """SELECT s.owner, s.name, s.type, s.line, s.text
         FROM {v}_source s
        WHERE s.owner IN ({owners})
          AND s.type IN ('PROCEDURE', 'FUNCTION', 'PACKAGE', 'PACKAGE BODY', 'TYPE', 'TYPE BODY', 'TRIGGER')
        ORDER BY s.owner, s.type, s.name, s.line""",
    "{v}_SOURCE: OWNER, NAME, TYPE, LINE, TEXT",
)

SOURCE_COLUMNS = ("owner", "name", "type", "line", "text")  # the order SOURCE selects them in, for streaming

TRIGGERS = CatalogQuery(
    "triggers",
    """SELECT t.owner, t.trigger_name, t.trigger_type, t.triggering_event, t.table_owner, t.base_object_type,
              t.table_name, t.when_clause, t.status
         FROM {v}_triggers t
        WHERE t.owner IN ({owners})
        ORDER BY t.owner, t.trigger_name""",
    "{v}_TRIGGERS: TRIGGER_NAME, TRIGGER_TYPE, TRIGGERING_EVENT, TABLE_OWNER, BASE_OBJECT_TYPE, TABLE_NAME, "
    "WHEN_CLAUSE, STATUS",
)

SYNONYMS = CatalogQuery(
    "synonyms",
    """SELECT s.owner, s.synonym_name, s.table_owner, s.table_name, s.db_link
         FROM {v}_synonyms s
        WHERE s.owner IN ({owners}) OR (s.owner = 'PUBLIC' AND s.table_owner IN ({owners}))
        ORDER BY s.owner, s.synonym_name""",
    "{v}_SYNONYMS: OWNER, SYNONYM_NAME, TABLE_OWNER, TABLE_NAME, DB_LINK (public synonyms onto the schemas too)",
)

DB_LINKS = CatalogQuery(
    "database links",
    "SELECT l.owner, l.db_link, l.username, l.host FROM {v}_db_links l ORDER BY l.owner, l.db_link",
    "{v}_DB_LINKS: OWNER, DB_LINK, USERNAME, HOST (never a password)",
)

SCHEDULER_JOBS = CatalogQuery(
    "scheduler jobs",
    """SELECT j.owner, j.job_name, j.job_type, j.job_action, j.program_name, j.repeat_interval, j.schedule_name,
              j.enabled, j.state
         FROM {v}_scheduler_jobs j
        WHERE j.owner IN ({owners})
        ORDER BY j.owner, j.job_name""",
    "{v}_SCHEDULER_JOBS: OWNER, JOB_NAME, JOB_TYPE, JOB_ACTION, PROGRAM_NAME, REPEAT_INTERVAL, SCHEDULE_NAME, "
    "ENABLED, STATE",
)

DBMS_JOBS = CatalogQuery(
    "DBMS_JOB jobs",
    """SELECT j.job, j.schema_user, j.what, j."INTERVAL" AS repeat_interval, j.broken
         FROM {v}_jobs j
        WHERE j.schema_user IN ({owners})
        ORDER BY j.job""",
    "{v}_JOBS: JOB, SCHEMA_USER, WHAT, INTERVAL, BROKEN",
)

DIRECTORIES = CatalogQuery(
    "directories",
    "SELECT d.directory_name, d.directory_path FROM {v}_directories d ORDER BY d.directory_name",
    "{v}_DIRECTORIES: DIRECTORY_NAME, DIRECTORY_PATH (UTL_FILE, external tables and BFILEs read through them)",
    required=False,
)

QUEUES = CatalogQuery(
    "AQ queues",
    """SELECT q.owner, q.name, q.queue_table, q.queue_type FROM {v}_queues q
        WHERE q.owner IN ({owners}) ORDER BY q.owner, q.name""",
    "{v}_QUEUES: OWNER, NAME, QUEUE_TABLE, QUEUE_TYPE (Advanced Queuing has no PostgreSQL equivalent)",
    required=False,
)

# DBA_TAB_PRIVS names the object's schema OWNER; ALL_TAB_PRIVS calls it TABLE_SCHEMA.
GRANTS = CatalogQuery(
    "grants",
    """SELECT p.grantee, p.{owner_column} AS owner, p.table_name, p.privilege, p.grantable
         FROM {v}_tab_privs p
        WHERE p.{owner_column} IN ({owners})
        ORDER BY p.grantee, p.table_name, p.privilege""",
    "{v}_TAB_PRIVS: GRANTEE, OWNER (ALL_: TABLE_SCHEMA), TABLE_NAME, PRIVILEGE, GRANTABLE",
)

OWNER_COLUMN = {"DBA": "owner", "ALL": "table_schema"}

CODE_QUERIES = (
    VIEWS,
    MVIEWS,
    SEQUENCES,
    OBJECTS,
    SOURCE,
    TRIGGERS,
    SYNONYMS,
    DB_LINKS,
    SCHEDULER_JOBS,
    DBMS_JOBS,
    GRANTS,
)
