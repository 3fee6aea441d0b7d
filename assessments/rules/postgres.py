"""Self-managed PostgreSQL -> Aurora PostgreSQL rules: what a managed service does not let you do.

The SQL is the same engine; what breaks is superuser access, the server's file system, untrusted
languages and extensions Aurora does not ship (that last list lives with the target profiles).
"""

from __future__ import annotations

import assessments.rules.model as m
from assessments.rules.base import Rule
from migrate.model import Severity

S = Severity

# Untrusted languages run code as the server's OS user: Aurora has no such user to give you.
UNTRUSTED_LANGUAGES = frozenset({"c", "plperlu", "plpythonu", "plpython2u", "plpython3u", "pltclu", "plsh"})

R = Rule
# fmt: off
RULES: tuple[Rule, ...] = (
    R("PG-UNTRUSTED-001", "routine in an untrusted language (C, plperlu, plpython3u...)", S.BLOCKER, "security", "Aurora allows trusted languages only: rewrite in PL/pgSQL/plperl/plv8-free SQL, or move to a Lambda.", 8, 4, model=m.routines_where(lambda r: r.language.lower() in UNTRUSTED_LANGUAGES)),
    R("PG-ALTERSYSTEM-001", "ALTER SYSTEM", S.HIGH, "security", "No superuser on Aurora: set parameters in the DB cluster parameter group.", 0.5, 0.5, tokens="ALTER SYSTEM"),
    R("PG-SERVERFILE-001", "server-side file access (COPY ... FROM/TO 'file', pg_read_file, lo_import)", S.HIGH, "security", "No server file system: aws_s3.table_import_from_s3 / query_export_to_s3, or COPY FROM STDIN.", 1, 1, tokens="PG_READ_FILE|PG_READ_BINARY_FILE|PG_LS_DIR|LO_IMPORT|LO_EXPORT ("),
    R("PG-COPYFILE-001", "COPY to/from a server file", S.HIGH, "security", "COPY ... FROM STDIN from the client, or the aws_s3 extension.", 1, 1, tokens="COPY * FROM|TO '*'"),
    R("PG-TRUNCATE-001", "TRUNCATE in code", S.INFO, "operations", "Same on Aurora; listed for targets that lack it (Aurora DSQL).", 0, 0, tokens="TRUNCATE"),
    R("PG-EVENTTRIGGER-001", "event trigger", S.MEDIUM, "security", "Allowed on Aurora for rds_superuser members only; check the owner.", 0.5, 1, model=m.features("event_trigger")),
    R("PG-TABLESPACE-001", "custom tablespace", S.LOW, "operations", "Aurora storage has no tablespaces to place data on: drop TABLESPACE clauses.", 0.1, 0.25, model=m.features("tablespace")),
    R("PG-FDW-001", "foreign server / foreign table", S.MEDIUM, "operations", "Aurora offers postgres_fdw, oracle_fdw, tds_fdw, mysql_fdw and log_fdw; others (file_fdw...) are not there. Check the target profile.", 1, 2, model=m.either(m.features("foreign_server", "foreign_table"), m.db_links(), m.tables_where(lambda t: t.kind == "external", lambda t: "foreign table"))),
    R("PG-LARGEOBJECT-001", "large objects (pg_largeobject)", S.MEDIUM, "type", "DMS does not migrate large objects: move them to bytea columns or S3 first.", 1, 1, model=m.features("large_objects")),
    R("PG-SUBSCRIPTION-001", "logical replication publication/subscription", S.LOW, "operations", "Recreate after cutover; Aurora needs rds.logical_replication = 1 in the cluster parameter group.", 0.5, 1, model=m.features("publication", "subscription")),
    R("PG-NAMELEN-001", "identifier longer than 63 bytes", S.INFO, "names", "Already truncated by the source; nothing to do.", 0, 0, model=m.names_where(m.too_long, "longer than 63 bytes")),
)
# fmt: on
