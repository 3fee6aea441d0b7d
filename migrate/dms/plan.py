"""The offline DMS plan: table mappings, task settings, endpoint and replication requests, as data.

`build_plan` makes no AWS call. `apply` executes the same `ApiCall`s (placeholders such as
``${source.EndpointArn}`` are filled in from the answers of earlier calls); `--dry-run` prints them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrate.config import Settings
from migrate.dms.endpoints import (
    ASM_NOTE,
    SECRET_KEYS,
    EndpointRequest,
    database_name,
    endpoint_request,
    source_spec,
    target_spec,
)
from migrate.dms.mappings import NOT_MOVED, MappingPlan, build_table_mappings
from migrate.dms.replication import (
    Names,
    check_replication,
    compute_config,
    instance_request,
    names,
    replication_reasons,
    tags,
)
from migrate.dms.settings import TaskSettings, build_task_settings
from migrate.model import ColumnType, ConversionResult, Finding, Inventory, Severity

PLAN_FILES = ("table-mappings.json", "task-settings.json", "plan.md")


@dataclass(frozen=True)
class ApiCall:
    """One DMS request: `operation` as the API names it, `params` exactly as sent (placeholders aside)."""

    operation: str
    params: dict[str, Any]
    produces: str = ""  # the name later calls use in ${name.Field} placeholders
    why: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"service": "dms", "operation": self.operation, "params": self.params}


@dataclass(frozen=True)
class DmsPlan:
    project: str
    replication: str  # serverless | instance
    migration_type: str
    names: Names
    mapping: MappingPlan
    task_settings: TaskSettings
    source: EndpointRequest
    target: EndpointRequest
    calls: tuple[ApiCall, ...]  # the creates, in dependency order
    replication_reasons: tuple[tuple[str, Any, str], ...] = ()
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def table_mappings_json(self) -> str:
        return json.dumps(self.mapping.document, indent=2, sort_keys=False) + "\n"

    @property
    def task_settings_json(self) -> str:
        return json.dumps(self.task_settings.document, indent=2, sort_keys=False) + "\n"


def build_plan(
    settings: Settings,
    inventory: Inventory,
    conversion: ConversionResult | None = None,
    migration_type: str | None = None,
) -> DmsPlan:
    dms = settings.dms
    check_replication(dms)
    kind = migration_type or dms.migration_type
    mapping = build_table_mappings(inventory, settings, conversion)
    task_settings = build_task_settings(kind, dms, mapping)
    resource = names(settings)
    source = endpoint_request(
        "source",
        resource.source,
        source_spec(inventory.source.engine, dms),
        database_name(settings, "source") or inventory.source.database,
        dms.source_secret_arn,
        dms.secrets_access_role_arn,
    )
    target = endpoint_request(
        "target",
        resource.target,
        target_spec(settings.target.profile),
        database_name(settings, "target"),
        dms.target_secret_arn,
        dms.secrets_access_role_arn,
    )
    calls = _endpoint_calls(settings, source, target) + REPLICATION_CALLS[dms.replication](
        settings, resource, kind, mapping, task_settings
    )
    return DmsPlan(
        project=settings.name,
        replication=dms.replication,
        migration_type=kind,
        names=resource,
        mapping=mapping,
        task_settings=task_settings,
        source=source,
        target=target,
        calls=calls,
        replication_reasons=tuple(replication_reasons(settings)),
        findings=mapping.findings
        + tuple(
            _inventory_findings(inventory)
            + _setting_findings(settings, source, target)
            + _key_findings(inventory, kind)
            + _type_findings(inventory)
        ),
        notes=mapping.notes + _engine_notes(inventory.source.engine, dms.oracle_cdc_reader),
    )


def _endpoint_calls(settings: Settings, source: EndpointRequest, target: EndpointRequest) -> tuple[ApiCall, ...]:
    return tuple(
        ApiCall(
            "CreateEndpoint",
            {**request.params, "Tags": tags(settings, f"{request.role}-endpoint")},
            produces=request.role,
            why=f"{request.role} endpoint; credentials from Secrets Manager (keys: {', '.join(SECRET_KEYS)})",
        )
        for request in (source, target)
    )


def _instance_calls(
    settings: Settings, resource: Names, kind: str, mapping: MappingPlan, task_settings: TaskSettings
) -> tuple[ApiCall, ...]:
    instance = ApiCall(
        "CreateReplicationInstance",
        {**instance_request(settings), "Tags": tags(settings, "replication-instance")},
        produces="instance",
        why="provisioned replication instance (dms.replication = instance)",
    )
    task = ApiCall(
        "CreateReplicationTask",
        {
            "ReplicationTaskIdentifier": resource.task,
            "SourceEndpointArn": "${source.EndpointArn}",
            "TargetEndpointArn": "${target.EndpointArn}",
            "ReplicationInstanceArn": "${instance.ReplicationInstanceArn}",
            "MigrationType": kind,
            "TableMappings": json.dumps(mapping.document, sort_keys=False),
            "ReplicationTaskSettings": json.dumps(task_settings.document, sort_keys=False),
            "Tags": tags(settings, "replication-task"),
        },
        produces="task",
        why=f"the {kind} task over the inventory's tables",
    )
    return instance, task


def _serverless_calls(
    settings: Settings, resource: Names, kind: str, mapping: MappingPlan, task_settings: TaskSettings
) -> tuple[ApiCall, ...]:
    config = ApiCall(
        "CreateReplicationConfig",
        {
            "ReplicationConfigIdentifier": resource.config,
            "SourceEndpointArn": "${source.EndpointArn}",
            "TargetEndpointArn": "${target.EndpointArn}",
            "ComputeConfig": compute_config(settings.dms),
            "ReplicationType": kind,
            "TableMappings": json.dumps(mapping.document, sort_keys=False),
            "ReplicationSettings": json.dumps(task_settings.document, sort_keys=False),
            "Tags": tags(settings, "replication-config"),
        },
        produces="config",
        why=f"DMS Serverless {kind} replication ({settings.dms.min_capacity_dcu}-{settings.dms.max_capacity_dcu} DCU)",
    )
    return (config,)


# dms.replication -> the calls that create where and what runs
REPLICATION_CALLS = {
    "instance": _instance_calls,
    "serverless": _serverless_calls,
}


def _setting_findings(settings: Settings, source: EndpointRequest, target: EndpointRequest) -> list[Finding]:
    missing = [
        key
        for key in ("source_secret_arn", "target_secret_arn", "secrets_access_role_arn")
        if not getattr(settings.dms, key)
    ]
    findings = [
        _config_finding("DMS-CONFIG-001", Severity.HIGH, key,
                        f"dms.{key} is not set: the plan shows a placeholder and 'dms apply' will refuse to run",
                        f"set dms.{key} in migration.toml")
        for key in missing
    ]  # fmt: skip
    findings += [
        _config_finding("DMS-CONFIG-002", Severity.HIGH, f"{r.role}.url",
                        f"no database name for the {r.role} endpoint: 'dms apply' will refuse to run",
                        f"set {r.role}.url in migration.toml with the database (or Oracle service_name)")
        for r in (source, target)
        if not endpoint_database(r)
    ]  # fmt: skip
    findings += [
        _config_finding("DMS-CONFIG-003", Severity.INFO, f"dms.{key}",
                        f"dms.{key} is not used: DMS connects to the host in the Secrets Manager secret",
                        "put the host DMS must use in the secret's 'host' key")
        for key in ("source_server", "target_server")
        if getattr(settings.dms, key)
    ]  # fmt: skip
    return findings


# (source engine, type name) -> (applies to this column type?, rule id, message): DMS transport caveats.
TYPE_CAVEATS: dict[tuple[str, str], tuple[Callable[[ColumnType], bool], str, str]] = {
    ("oracle", "NUMBER"): (
        lambda t: t.precision is None and t.scale is None,
        "DMS-NUMBER-001",
        "bare NUMBER column(s) {columns}: DMS carries NUMBER without precision as precision 38, scale 10 "
        "(OracleSettings.NumberDatatypeScale), so digits past the 10th decimal place are rounded; if such values "
        "exist, give the columns a declared scale or set NumberDatatypeScale for this endpoint",
    ),
}


def _type_findings(inventory: Inventory) -> list[Finding]:
    findings = []
    for table in (t for t in inventory.tables() if t.kind not in NOT_MOVED):
        by_rule: dict[tuple[str, str], list[str]] = {}
        for column in table.columns:
            caveat = TYPE_CAVEATS.get((inventory.source.engine, column.type.name))
            if caveat and caveat[0](column.type):
                by_rule.setdefault((caveat[1], caveat[2]), []).append(column.name)
        findings += [
            Finding(rule_id=rule_id, severity=Severity.MEDIUM, message=message.format(columns=", ".join(columns)),
                    object_kind="table", object_name=table.qualified_name, location=table.location, category="dms")
            for (rule_id, message), columns in by_rule.items()
        ]  # fmt: skip
    return findings


def _inventory_findings(inventory: Inventory) -> list[Finding]:
    if inventory.complete and inventory.tables():
        return []
    message = (
        "the inventory is incomplete (part of the scan could not run): tables it missed are not in the mappings"
        if inventory.tables()
        else "the inventory holds no table: the task would move nothing (DMS fails it: FailOnNoTablesCaptured)"
    )
    return [_config_finding("DMS-INV-001", Severity.HIGH, "inventory", message,
                            "fix the scan's findings and run 'aurora-migrate assess' again")]  # fmt: skip


def _key_findings(inventory: Inventory, kind: str) -> list[Finding]:
    """Change capture needs a key to apply updates and deletes to the right row."""
    if kind == "full-load":
        return []
    return [
        Finding(
            rule_id="DMS-KEY-001",
            severity=Severity.MEDIUM,
            message="no primary key: DMS applies its updates and deletes by all columns, slowly, and needs "
            "full-row change logging on the source (Oracle: SUPPLEMENTAL LOG DATA (ALL) COLUMNS; SQL Server: "
            "MS-CDC; PostgreSQL: REPLICA IDENTITY FULL)",
            object_kind="table",
            object_name=table.qualified_name,
            location=table.location,
            remedy="add a primary key (the converter's output can carry one), or enable full-row logging",
            category="dms",
        )
        for table in inventory.tables()
        if table.primary_key is None and table.kind == "table"
    ]


def endpoint_database(request: EndpointRequest) -> str:
    settings_key = next(k for k in request.params if k.endswith("Settings"))
    return str(request.params[settings_key].get("DatabaseName", ""))


def _config_finding(rule_id: str, severity: Severity, name: str, message: str, remedy: str) -> Finding:
    return Finding(rule_id=rule_id, severity=severity, message=message, object_kind="dms", object_name=name,
                   remedy=remedy, category="dms")  # fmt: skip


# (source engine, dms.oracle_cdc_reader) -> notes plan.md must carry
ENGINE_NOTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("oracle", "binary-reader"): (ASM_NOTE,),
}


def _engine_notes(engine: str, reader: str) -> tuple[str, ...]:
    return ENGINE_NOTES.get((engine, reader), ())


def write_plan(plan: DmsPlan, folder: Path, markdown: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    texts = (plan.table_mappings_json, plan.task_settings_json, markdown)
    written = []
    for name, text in zip(PLAN_FILES, texts):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
