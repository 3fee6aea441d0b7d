"""Oracle supplied packages (DBMS_*, UTL_*): which have an orafce or Aurora equivalent, and which do not.

One row per package: (package, severity, hours per call, learning hours, equivalent on Aurora PostgreSQL).
The severity says how far the equivalent is: LOW = orafce ships the same API (CREATE EXTENSION orafce
works on Aurora and RDS); MEDIUM = a PostgreSQL feature does the job with a rewrite; HIGH = an AWS
service or a redesign; BLOCKER = nothing on Aurora can do it, the design must change.
Sources: orafce README (packages it emulates), Aurora PostgreSQL supported-extensions list.
"""

from __future__ import annotations

from assessments.rules.base import Rule
from migrate.model import Severity

S = Severity

# package: (severity, effort per call, learning, what to use on Aurora PostgreSQL)
PACKAGES: dict[str, tuple[Severity, float, float, str]] = {
    "DBMS_OUTPUT": (S.LOW, 0.05, 0.5, "orafce dbms_output, or RAISE NOTICE"),
    "DBMS_PIPE": (S.MEDIUM, 0.5, 2, "orafce dbms_pipe (same API, session-local semantics differ under pooling)"),
    "DBMS_ALERT": (S.MEDIUM, 0.5, 2, "orafce dbms_alert, or LISTEN/NOTIFY"),
    "DBMS_RANDOM": (S.LOW, 0.1, 0.5, "orafce dbms_random, or random()/gen_random_uuid()"),
    "DBMS_ASSERT": (S.LOW, 0.1, 0.5, "orafce dbms_assert, or quote_ident()/quote_literal()/format('%I')"),
    "DBMS_UTILITY": (S.MEDIUM, 0.5, 1, "orafce dbms_utility.format_call_stack; GET DIAGNOSTICS PG_CONTEXT"),
    "UTL_FILE": (
        S.HIGH,
        2,
        4,
        "no server file system on Aurora: aws_s3.query_export_to_s3 / table_import_from_s3, or move to the app",
    ),
    "DBMS_LOB": (S.MEDIUM, 0.25, 2, "text/bytea functions: length, substr, overlay, position, string_agg"),
    "DBMS_SQL": (S.HIGH, 2, 4, "EXECUTE format(...) USING ...; rewrite the describe/bind/fetch loop"),
    "DBMS_LOCK": (S.MEDIUM, 0.5, 1, "pg_sleep() for SLEEP; pg_advisory_lock() for user locks"),
    "DBMS_SCHEDULER": (S.MEDIUM, 1, 2, "pg_cron (Aurora/RDS extension) or EventBridge Scheduler + Lambda"),
    "DBMS_JOB": (S.MEDIUM, 1, 2, "pg_cron (Aurora/RDS extension) or EventBridge Scheduler + Lambda"),
    "DBMS_CRYPTO": (S.MEDIUM, 0.5, 2, "pgcrypto: digest(), hmac(), encrypt()/decrypt(), gen_random_bytes()"),
    "DBMS_OBFUSCATION_TOOLKIT": (S.MEDIUM, 0.5, 2, "pgcrypto"),
    "DBMS_STATS": (S.LOW, 0.1, 0.5, "ANALYZE; autovacuum keeps statistics"),
    "DBMS_SESSION": (S.MEDIUM, 0.5, 1, "set_config()/current_setting() for contexts; SET ROLE"),
    "DBMS_APPLICATION_INFO": (S.LOW, 0.1, 0.5, "SET application_name; pg_stat_activity"),
    "DBMS_MVIEW": (S.MEDIUM, 0.5, 1, "REFRESH MATERIALIZED VIEW [CONCURRENTLY]"),
    "DBMS_METADATA": (S.HIGH, 2, 2, "pg_get_*def() functions; pg_dump --schema-only outside the database"),
    "DBMS_XMLGEN": (S.HIGH, 2, 4, "query_to_xml(), xmlagg()/xmlelement()"),
    "DBMS_XMLDOM": (S.HIGH, 4, 8, "xpath()/XMLTABLE, or move DOM manipulation to the application"),
    "DBMS_XMLPARSER": (S.HIGH, 2, 4, "xmlparse(), xpath()"),
    "DBMS_AQ": (S.BLOCKER, 8, 16, "no queues in Aurora PostgreSQL: Amazon SQS (aws_lambda) or a queue table"),
    "DBMS_AQADM": (S.BLOCKER, 4, 8, "no queues in Aurora PostgreSQL: Amazon SQS or a queue table"),
    "DBMS_FLASHBACK": (S.BLOCKER, 8, 8, "no flashback query: temporal tables via triggers, or Aurora backtrack"),
    "DBMS_REDEFINITION": (S.HIGH, 4, 4, "pg_repack (on Aurora) for online rebuilds; otherwise copy-and-swap"),
    "DBMS_RLS": (S.HIGH, 4, 8, "PostgreSQL row-level security: CREATE POLICY"),
    "DBMS_DEBUG": (S.MEDIUM, 0.5, 1, "remove; debug with plpgsql_check / RAISE"),
    "DBMS_HS_PASSTHROUGH": (
        S.BLOCKER,
        8,
        8,
        "no pass-through SQL: foreign tables over oracle_fdw / tds_fdw / postgres_fdw, queried, not passed through",
    ),
    "UTL_HTTP": (S.HIGH, 4, 8, "aws_lambda.invoke() to a Lambda that makes the call"),
    "UTL_SMTP": (S.HIGH, 4, 4, "aws_lambda.invoke() to a Lambda that sends through Amazon SES"),
    "UTL_MAIL": (S.HIGH, 4, 4, "aws_lambda.invoke() to a Lambda that sends through Amazon SES"),
    "UTL_TCP": (S.BLOCKER, 8, 8, "no sockets from the database: move to the application or a Lambda"),
    "UTL_RAW": (S.MEDIUM, 0.25, 1, "bytea functions: convert_to(), convert_from(), encode(), decode()"),
    "UTL_ENCODE": (S.LOW, 0.25, 0.5, "encode()/decode() with base64 or hex"),
    "UTL_I18N": (S.MEDIUM, 0.5, 1, "convert_to()/convert_from(); the database is UTF-8"),
    "UTL_URL": (S.LOW, 0.25, 0.5, "a small SQL function, or the application"),
    "UTL_COMPRESS": (S.HIGH, 2, 2, "no compression API in SQL: the application, or TOAST does it for you"),
}


def _package_id(package: str) -> str:
    return "ORA-PKG-" + package.replace("_", "")


def package_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            id=_package_id(name),
            title=f"calls {name}",
            severity=severity,
            category="package",
            remedy=f"Replace {name} with {equivalent}.",
            effort=effort,
            learning=learning,
            tokens=f"{name} .",
        )
        for name, (severity, effort, learning, equivalent) in PACKAGES.items()
    )
