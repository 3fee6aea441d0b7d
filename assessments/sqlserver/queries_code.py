"""SQL Server catalog queries for views, sequences, modules, synonyms and server-level features.

See queries.py for the conventions (`{schemas}` markers, sql_variant cast to text).
"""

from __future__ import annotations

from assessments.scan import CatalogQuery

_IN_SCHEMAS = "s.name IN ({schemas})"

VIEWS = CatalogQuery(
    "views",
    """SELECT s.name AS schema_name, v.name AS view_name, m.definition, v.with_check_option, m.is_schema_bound,
              CAST(ep.value AS nvarchar(4000)) AS comment
         FROM sys.views v
         JOIN sys.schemas s ON s.schema_id = v.schema_id
         LEFT JOIN sys.sql_modules m ON m.object_id = v.object_id
         LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = v.object_id AND ep.minor_id = 0
                                              AND ep.name = 'MS_Description'
        WHERE v.is_ms_shipped = 0 AND """
    + _IN_SCHEMAS
    + " ORDER BY s.name, v.name",
    "sys.views: name, with_check_option; sys.sql_modules: definition (NULL when encrypted), is_schema_bound",
)

SEQUENCES = CatalogQuery(
    "sequences",
    """SELECT s.name AS schema_name, q.name AS sequence_name, ty.name AS type_name,
              CAST(q.start_value AS nvarchar(40)) AS start_value, CAST(q.increment AS nvarchar(40)) AS increment,
              CAST(q.minimum_value AS nvarchar(40)) AS minimum_value,
              CAST(q.maximum_value AS nvarchar(40)) AS maximum_value, q.is_cycling, q.is_cached, q.cache_size,
              CAST(q.current_value AS nvarchar(40)) AS current_value
         FROM sys.sequences q
         JOIN sys.schemas s ON s.schema_id = q.schema_id
         JOIN sys.types ty ON ty.user_type_id = q.user_type_id
        WHERE """
    + _IN_SCHEMAS
    + " ORDER BY s.name, q.name",
    "sys.sequences: start_value, increment, minimum_value, maximum_value, is_cycling, is_cached, cache_size, "
    "current_value (sql_variant, cast to text)",
)

MODULES = CatalogQuery(
    "routines",
    """SELECT s.name AS schema_name, o.name AS routine_name, o.type AS object_type, m.definition,
              a.name AS assembly_name
         FROM sys.objects o
         JOIN sys.schemas s ON s.schema_id = o.schema_id
         LEFT JOIN sys.sql_modules m ON m.object_id = o.object_id
         LEFT JOIN sys.assembly_modules am ON am.object_id = o.object_id
         LEFT JOIN sys.assemblies a ON a.assembly_id = am.assembly_id
        WHERE o.type IN ('P', 'PC', 'FN', 'IF', 'TF', 'FS', 'FT', 'AF') AND o.is_ms_shipped = 0 AND """
    + _IN_SCHEMAS
    + " ORDER BY s.name, o.name",
    "sys.objects: type (P, PC, FN, IF, TF, FS, FT, AF); sys.sql_modules: definition; sys.assembly_modules (CLR)",
)

TRIGGERS = CatalogQuery(
    "triggers",
    """SELECT s.name AS schema_name, tr.name AS trigger_name, o.name AS table_name, tr.is_instead_of_trigger,
              tr.is_disabled, te.type_desc AS event, m.definition
         FROM sys.triggers tr
         JOIN sys.objects o ON o.object_id = tr.parent_id
         JOIN sys.schemas s ON s.schema_id = o.schema_id
         LEFT JOIN sys.trigger_events te ON te.object_id = tr.object_id
         LEFT JOIN sys.sql_modules m ON m.object_id = tr.object_id
        WHERE tr.parent_class = 1 AND tr.is_ms_shipped = 0 AND """
    + _IN_SCHEMAS
    + " ORDER BY s.name, tr.name, te.type",
    "sys.triggers: name, parent_id, is_instead_of_trigger, is_disabled; sys.trigger_events: type_desc; "
    "sys.sql_modules: definition",
)

DDL_TRIGGERS = CatalogQuery(
    "database triggers",
    "SELECT tr.name AS trigger_name, tr.is_disabled FROM sys.triggers tr WHERE tr.parent_class = 0",
    "sys.triggers (parent_class 0: DDL triggers on the database)",
    required=False,
)

SYNONYMS = CatalogQuery(
    "synonyms",
    """SELECT s.name AS schema_name, y.name AS synonym_name, y.base_object_name
         FROM sys.synonyms y JOIN sys.schemas s ON s.schema_id = y.schema_id
        WHERE """
    + _IN_SCHEMAS
    + " ORDER BY s.name, y.name",
    "sys.synonyms: name, base_object_name",
)

LINKED_SERVERS = CatalogQuery(
    "linked servers",
    """SELECT sv.name, sv.product, sv.provider, sv.data_source,
              (SELECT TOP 1 ll.remote_name FROM sys.linked_logins ll WHERE ll.server_id = sv.server_id
                  AND ll.remote_name IS NOT NULL) AS remote_user
         FROM sys.servers sv WHERE sv.is_linked = 1 ORDER BY sv.name""",
    "sys.servers: name, product, provider, data_source, is_linked; sys.linked_logins: remote_name",
    required=False,
)

AGENT_JOBS = CatalogQuery(
    "SQL Agent jobs",
    """SELECT j.name AS job_name, j.enabled, SUSER_SNAME(j.owner_sid) AS owner_name, st.step_id, st.subsystem,
              st.command, st.database_name, sc.name AS schedule_name, sc.freq_type, sc.active_start_time
         FROM msdb.dbo.sysjobs j
         LEFT JOIN msdb.dbo.sysjobsteps st ON st.job_id = j.job_id
         LEFT JOIN msdb.dbo.sysjobschedules js ON js.job_id = j.job_id
         LEFT JOIN msdb.dbo.sysschedules sc ON sc.schedule_id = js.schedule_id
        WHERE st.database_name = DB_NAME() OR st.database_name IS NULL
        ORDER BY j.name, st.step_id""",
    "msdb.dbo.sysjobs, sysjobsteps, sysjobschedules, sysschedules (needs SQLAgentReaderRole in msdb)",
    required=False,
)

FEATURES = CatalogQuery(
    "server features",
    """SELECT 'clr_assembly' AS kind, a.name, a.permission_set_desc AS detail FROM sys.assemblies a
        WHERE a.is_user_defined = 1
       UNION ALL SELECT 'service_broker_queue', q.name, q.type_desc FROM sys.service_queues q WHERE q.is_ms_shipped = 0
       UNION ALL SELECT 'fulltext_index', OBJECT_SCHEMA_NAME(f.object_id) + '.' + OBJECT_NAME(f.object_id), c.name
         FROM sys.fulltext_indexes f JOIN sys.fulltext_catalogs c ON c.fulltext_catalog_id = f.fulltext_catalog_id
       UNION ALL SELECT 'partition_scheme', ps.name, pf.name FROM sys.partition_schemes ps
         JOIN sys.partition_functions pf ON pf.function_id = ps.function_id
       UNION ALL SELECT 'filegroup', fg.name, fg.type_desc FROM sys.filegroups fg
       UNION ALL SELECT 'xml_schema_collection', x.name, '' FROM sys.xml_schema_collections x WHERE x.schema_id <> 4""",
    "sys.assemblies, sys.service_queues, sys.fulltext_indexes/catalogs, sys.partition_schemes/functions, "
    "sys.filegroups, sys.xml_schema_collections",
    required=False,
)

GRANTS = CatalogQuery(
    "grants",
    """SELECT USER_NAME(dp.grantee_principal_id) AS grantee, dp.permission_name, dp.state_desc,
              s.name AS schema_name, o.name AS object_name
         FROM sys.database_permissions dp
         JOIN sys.objects o ON o.object_id = dp.major_id
         JOIN sys.schemas s ON s.schema_id = o.schema_id
        WHERE dp.class = 1 AND """
    + _IN_SCHEMAS
    + " ORDER BY grantee, s.name, o.name, dp.permission_name",
    "sys.database_permissions: grantee_principal_id, permission_name, state_desc (GRANT, "
    "GRANT_WITH_GRANT_OPTION, DENY)",
)

CODE_QUERIES = (
    VIEWS,
    SEQUENCES,
    MODULES,
    TRIGGERS,
    DDL_TRIGGERS,
    SYNONYMS,
    LINKED_SERVERS,
    AGENT_JOBS,
    FEATURES,
    GRANTS,
)
