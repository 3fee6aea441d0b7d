"""DMS endpoint requests: one spec per engine, credentials always from Secrets Manager.

A request carries the secret's id and the IAM role DMS assumes to read it, never a user name or a
password. Engine specifics (Oracle CDC reader, SQL Server CDC mode, the PostgreSQL target's
after-connect script) are rows of each engine's spec, each with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from migrate.config import DmsSettings, Settings
from migrate.errors import ConfigError
from migrate.model.engines import ORACLE, POSTGRESQL, SQLSERVER

SECRET_KEYS = ("username", "password", "host", "port")  # what DMS reads from an endpoint's secret


@dataclass(frozen=True)
class EngineSpec:
    dms_engine: str  # EngineName as DMS spells it
    settings_key: str  # the CreateEndpoint member holding engine settings
    ssl_mode: str
    settings: dict[str, tuple[Any, str]] = field(default_factory=dict)  # setting -> (value, reason)
    prerequisites: tuple[str, ...] = ()  # what must be true on the database; printed in plan.md
    from_settings: Callable[[DmsSettings], dict[str, tuple[Any, str]]] | None = None  # rows [dms] adds


ORACLE_LOGMINER: dict[str, tuple[Any, str]] = {
    "UseLogminerReader": (True, "LogMiner needs no file-system or ASM access from DMS; simplest to run"),
    "AddSupplementalLogging": (False, "DMS must not alter the source; the precheck in plan.md says what to enable"),
    "FailTasksOnLobTruncation": (True, "a LOB above the limited-mode bound fails the task instead of truncating"),
}
ORACLE_BINARY_READER: dict[str, tuple[Any, str]] = {
    **ORACLE_LOGMINER,
    "UseLogminerReader": (False, "Binary Reader reads redo files directly: less load on the source at high volume"),
    "UseBFile": (True, "Binary Reader through BFILE directories, the method that works without ASM credentials"),
    "ParallelAsmReadThreads": (4, "read ASM redo with 4 threads (used only when redo lives in ASM)"),
    "ReadAheadBlocks": (10000, "redo blocks read ahead per thread: DMS's recommendation for Binary Reader"),
}

ORACLE_PREREQUISITES = (
    "ARCHIVELOG mode: SELECT log_mode FROM v$database  -- must say ARCHIVELOG",
    "minimal supplemental logging: SELECT supplemental_log_data_min FROM v$database  -- must be YES; "
    "else ALTER DATABASE ADD SUPPLEMENTAL LOG DATA",
    "primary-key logging for each table: ALTER TABLE schema.table ADD SUPPLEMENTAL LOG DATA (PRIMARY KEY) "
    "COLUMNS (or ALTER DATABASE ADD SUPPLEMENTAL LOG DATA (PRIMARY KEY) COLUMNS); tables without a key "
    "need (ALL) COLUMNS",
    "archived redo kept long enough for the full load plus a margin (RMAN retention / archivelog deletion policy)",
    "the DMS user holds the LogMiner grants of the AWS DMS guide (SELECT on V_$LOGMNR_*, EXECUTE on DBMS_LOGMNR)",
)


def _asm_rows(dms: DmsSettings) -> dict[str, tuple[Any, str]]:
    """Binary Reader with redo in ASM: DMS logs in to the ASM instance with a second secret."""
    if not dms.oracle_asm_server:
        return {}
    secret = dms.oracle_asm_secret_arn or "<set dms.oracle_asm_secret_arn>"
    role = dms.secrets_access_role_arn or "<set dms.secrets_access_role_arn>"
    return {
        "AsmServer": (dms.oracle_asm_server, "dms.oracle_asm_server: the ASM instance Binary Reader reads redo from"),
        "SecretsManagerOracleAsmSecretId": (secret, "dms.oracle_asm_secret_arn: the ASM user's credentials"),
        "SecretsManagerOracleAsmAccessRoleArn": (role, "the same access role DMS uses for the endpoint secret"),
    }


# "engine" or "engine/variant" -> spec; Oracle's variant is dms.oracle_cdc_reader.
# Oracle TLS in DMS needs an uploaded wallet certificate, so Oracle endpoints use SslMode none and Oracle
# native network encryption instead.
SOURCES: dict[str, EngineSpec] = {
    "oracle/logminer": EngineSpec(ORACLE.dms_engine, "OracleSettings", "none", ORACLE_LOGMINER, ORACLE_PREREQUISITES),
    "oracle/binary-reader": EngineSpec(
        ORACLE.dms_engine, "OracleSettings", "none", ORACLE_BINARY_READER, ORACLE_PREREQUISITES, from_settings=_asm_rows
    ),
    "sqlserver": EngineSpec(
        SQLSERVER.dms_engine,
        "MicrosoftSQLServerSettings",
        "require",
        {
            "TlogAccessMode": ("PreferTlog", "read the active log first, backups only for older changes"),
            "SafeguardPolicy": (
                "rely-on-sql-server-replication-agent",
                "let SQL Server's log reader truncate the log: DMS holds no open transaction on the source",
            ),
        },
        (
            "FULL recovery model and at least one full backup: SELECT recovery_model_desc FROM sys.databases",
            "MS-CDC for tables without a primary key: EXEC sys.sp_cdc_enable_db, then sys.sp_cdc_enable_table per "
            "table (on RDS: EXEC msdb.dbo.rds_cdc_enable_db 'db')",
            "MS-Replication distribution set up for tables with a primary key (self-managed), or MS-CDC for all",
            "the DMS login is db_owner (or the minimal permissions of the AWS DMS guide) and sysadmin for MS-Replication",
        ),
    ),
    "postgresql": EngineSpec(
        POSTGRESQL.dms_engine,
        "PostgreSQLSettings",
        "require",
        {
            "HeartbeatEnable": (True, "keeps the replication slot advancing on idle databases so WAL cannot pile up"),
            "CaptureDdls": (False, "schema changes go through the converter, not DMS's DDL capture"),
            "PluginName": ("no-preference", "DMS uses pglogical when the source has it, test_decoding otherwise"),
        },
        (
            "wal_level = logical, max_replication_slots and max_wal_senders high enough for one more slot",
            "the DMS user has the REPLICATION attribute (rds_replication on RDS)",
            "tables have a primary key or REPLICA IDENTITY FULL so updates and deletes replicate",
        ),
    ),
}

TARGETS: dict[str, EngineSpec] = {
    "aurora-postgresql": EngineSpec(
        "aurora-postgresql",
        "PostgreSQLSettings",
        "require",
        {
            "AfterConnectScript": (
                "SET session_replication_role = replica",
                "triggers and foreign-key checks do not fire while DMS writes rows the source already validated",
            ),
            "ExecuteTimeout": (
                3600,
                "seconds a load statement may run: large segments take longer than the 60 s default",
            ),
            "FailTasksOnLobTruncation": (
                True,
                "a LOB above the limited-mode bound fails the task instead of truncating",
            ),
        },
        (
            "the DMS user may SET session_replication_role (rds_superuser, or the role granted it)",
            "the converted schema is deployed before the load (TargetTablePrepMode is DO_NOTHING)",
        ),
    ),
}
TARGETS["rds-postgresql"] = EngineSpec(
    POSTGRESQL.dms_engine,
    "PostgreSQLSettings",
    "require",
    TARGETS["aurora-postgresql"].settings,
    TARGETS["aurora-postgresql"].prerequisites,
)

ORACLE_READERS = ("logminer", "binary-reader")  # dms.oracle_cdc_reader values

ASM_NOTE = (
    "Binary Reader with redo in ASM: give DMS the ASM instance (OracleSettings.AsmServer) and a second secret with "
    "the ASM user's credentials (SecretsManagerOracleAsmSecretId / SecretsManagerOracleAsmAccessRoleArn); "
    "with UseBFile the DMS user needs CREATE ANY DIRECTORY for the redo and archive folders"
)


@dataclass(frozen=True)
class EndpointRequest:
    role: str  # source | target
    params: dict[str, Any]  # CreateEndpoint parameters, without Tags
    reasons: tuple[tuple[str, Any, str], ...]
    prerequisites: tuple[str, ...]


def source_spec(engine: str, dms: DmsSettings) -> EngineSpec:
    if dms.oracle_cdc_reader not in ORACLE_READERS:
        raise ConfigError(
            f"dms.oracle_cdc_reader '{dms.oracle_cdc_reader}' is not known", f"use one of: {', '.join(ORACLE_READERS)}"
        )
    spec = SOURCES.get(f"{engine}/{dms.oracle_cdc_reader}") or SOURCES.get(engine)
    if spec is None:
        raise ConfigError(
            f"DMS cannot read a source of engine '{engine}' in aurora-migrate",
            "DMS sources aurora-migrate drives: oracle, sqlserver, postgresql",
        )
    if spec.from_settings is None:
        return spec
    return replace(spec, settings={**spec.settings, **spec.from_settings(dms)})


def target_spec(profile: str) -> EngineSpec:
    spec = TARGETS.get(profile)
    if spec is None:
        raise ConfigError(
            f"DMS cannot write to a target of profile '{profile}'",
            f"DMS targets: {', '.join(TARGETS)}; for Aurora DSQL load with 'aurora-migrate' COPY tools instead",
        )
    return spec


def endpoint_request(
    role: str, identifier: str, spec: EngineSpec, database: str, secret_arn: str, role_arn: str
) -> EndpointRequest:
    settings = {name: value for name, (value, _why) in spec.settings.items()}
    settings |= {
        "SecretsManagerSecretId": secret_arn or f"<set dms.{role}_secret_arn>",
        "SecretsManagerAccessRoleArn": role_arn or "<set dms.secrets_access_role_arn>",
        "DatabaseName": database,
    }
    params = {
        "EndpointIdentifier": identifier,
        "EndpointType": role,
        "EngineName": spec.dms_engine,
        "SslMode": spec.ssl_mode,
        spec.settings_key: settings,
    }
    reasons = tuple((f"{spec.settings_key}.{k}", v, why) for k, (v, why) in spec.settings.items())
    return EndpointRequest(role, params, reasons, spec.prerequisites)


def database_name(settings: Settings, role: str) -> str:
    """The database (or Oracle service) DMS opens: from the URL in migration.toml."""
    from migrate.engines.url import parse_url

    endpoint = settings.source if role == "source" else settings.target
    if not endpoint.url:
        return ""
    url = parse_url(endpoint.url, f"{role}.url")
    return str(url.query.get("service_name") or url.database)
