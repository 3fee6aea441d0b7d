"""Arming rollback: a CDC-only DMS task from the target (now the primary) back to the old source, and the switch
of the application's connection secret.

The reverse task reads the migrated tables on the target and writes them under their source names (rename
rules undo the converter's folding and schema map). Its endpoints and task carry the project tag, so
decommission (and `dms destroy`) remove them with the rest. Everything is found by name first: a resume after a
crash adopts what the crashed run created instead of failing on "already exists".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from migrate.config import Settings
from migrate.dms.client import Api
from migrate.dms.endpoints import SOURCES
from migrate.dms.names import target_tables
from migrate.dms.plan import ApiCall
from migrate.dms.replication import PROJECT_TAG, names, tags
from migrate.errors import AwsError, ConfigError
from migrate.model import ConversionResult, Inventory

# source engine -> (its endpoint spec in migrate.dms.endpoints SOURCES: DMS engine name, settings member and SslMode
# are the same whichever way DMS replicates; the settings the old source needs as a target, with a reason each)
REVERSE_TARGETS: dict[str, tuple[str, dict[str, tuple[Any, str]]]] = {
    "oracle": ("oracle/logminer", {}),
    "sqlserver": ("sqlserver", {}),
    "postgresql": ("postgresql", {
        "AfterConnectScript": ("SET session_replication_role = replica",
                               "the source's triggers must not fire again on rows the target already processed"),
    }),
}  # fmt: skip
# The target (Aurora PostgreSQL) as the reverse task's source
REVERSE_SOURCE_SETTINGS: dict[str, tuple[Any, str]] = {
    "HeartbeatEnable": (True, "keeps the replication slot advancing so WAL cannot pile up on the new primary"),
    "CaptureDdls": (False, "no schema changes are replicated back"),
}
REVERSE_TASK_SETTINGS: dict[str, Any] = {
    "TargetMetadata": {"SupportLobs": True, "LimitedSizeLobMode": True, "LobMaxSize": 64},
    "FullLoadSettings": {"TargetTablePrepMode": "DO_NOTHING"},
    "Logging": {"EnableLogging": True},
}


def reverse_names(settings: Settings) -> tuple[str, str, str]:
    base = names(settings).task.removesuffix("-task")
    return f"{base}-rev-source", f"{base}-rev-target", f"{base}-reverse"


def reverse_mappings(
    inventory: Inventory, conversion: ConversionResult | None, schema_map: dict[str, str]
) -> dict[str, Any]:
    """Select each migrated table on the target; rename it (and renamed columns) back to the source's names."""
    rules: list[dict[str, Any]] = []
    for number, (key, table) in enumerate(sorted(target_tables(inventory, conversion, schema_map).items()), 1):
        source_schema, _, source_table = key.partition(".")
        source = inventory.find_table(source_schema, source_table)
        schema_name = source.schema if source else source_schema
        table_name = source.name if source else source_table
        locator = {"schema-name": table.schema, "table-name": table.name}
        rules.append({"rule-type": "selection", "rule-id": str(number * 10), "rule-name": f"select-{number}",
                      "object-locator": locator, "rule-action": "include"})  # fmt: skip
        if table.schema != schema_name:
            rules.append({"rule-type": "transformation", "rule-id": str(number * 10 + 1), "rule-name": f"schema-{number}",
                          "rule-target": "schema", "object-locator": {"schema-name": table.schema},
                          "rule-action": "rename", "value": schema_name})  # fmt: skip
        if table.name != table_name:
            rules.append({"rule-type": "transformation", "rule-id": str(number * 10 + 2), "rule-name": f"table-{number}",
                          "rule-target": "table", "object-locator": locator, "rule-action": "rename",
                          "value": table_name})  # fmt: skip
        for offset, column in enumerate(source.columns if source else (), 3):
            target_name = table.column_name(column.name)
            if target_name != column.name:
                rules.append({"rule-type": "transformation", "rule-id": f"{number * 10 + offset}00",
                              "rule-name": f"column-{number}-{offset}", "rule-target": "column",
                              "object-locator": {**locator, "column-name": target_name}, "rule-action": "rename",
                              "value": column.name})  # fmt: skip
    return {"rules": rules}


def reverse_calls(
    settings: Settings, engine: str, mappings: dict[str, Any], database: tuple[str, str]
) -> list[ApiCall]:
    """The creates, in order (placeholders ${name.Arn} are filled from earlier answers)."""
    if engine not in REVERSE_TARGETS:
        raise ConfigError(f"no reverse replication to a {engine} source", f"known: {', '.join(REVERSE_TARGETS)}")
    dms = settings.dms
    spec_key, target_settings = REVERSE_TARGETS[engine]
    spec = SOURCES[spec_key]
    source_name, target_name, task_name = reverse_names(settings)
    role = dms.secrets_access_role_arn
    source = {"SecretsManagerSecretId": dms.target_secret_arn, "SecretsManagerAccessRoleArn": role,
              "DatabaseName": database[1], **{k: v for k, (v, _why) in REVERSE_SOURCE_SETTINGS.items()}}  # fmt: skip
    target = {"SecretsManagerSecretId": dms.source_secret_arn, "SecretsManagerAccessRoleArn": role,
              "DatabaseName": database[0], **{k: v for k, (v, _why) in target_settings.items()}}  # fmt: skip
    return [
        ApiCall("CreateEndpoint", {"EndpointIdentifier": source_name, "EndpointType": "source",
                                   "EngineName": "aurora-postgresql", "SslMode": "require",
                                   "PostgreSQLSettings": source, "Tags": tags(settings, "reverse-source-endpoint")},
                produces="source", why="the target, read by the reverse task"),
        ApiCall("CreateEndpoint", {"EndpointIdentifier": target_name, "EndpointType": "target",
                                   "EngineName": spec.dms_engine, "SslMode": spec.ssl_mode,
                                   spec.settings_key: target, "Tags": tags(settings, "reverse-target-endpoint")},
                produces="target", why="the old source, written by the reverse task"),
        ApiCall("CreateReplicationTask", {"ReplicationTaskIdentifier": task_name,
                                          "SourceEndpointArn": "${source.EndpointArn}",
                                          "TargetEndpointArn": "${target.EndpointArn}",
                                          "ReplicationInstanceArn": "${instance.ReplicationInstanceArn}",
                                          "MigrationType": "cdc", "TableMappings": json.dumps(mappings),
                                          "ReplicationTaskSettings": json.dumps(REVERSE_TASK_SETTINGS),
                                          "Tags": tags(settings, "reverse-task")},
                produces="task", why="CDC only, from the position recorded before the switch"),
    ]  # fmt: skip


def _find(api: Api, describe: str, key: str, filter_name: str, name: str) -> dict[str, Any] | None:
    found = list(api.pages(describe, key, Filters=[{"Name": filter_name, "Values": [name]}]))
    return found[0] if found else None


FINDERS = {  # Create call -> (describe, result key, filter, ARN member)
    "CreateEndpoint": ("DescribeEndpoints", "Endpoints", "endpoint-id", "EndpointArn", "EndpointIdentifier"),
    "CreateReplicationTask": ("DescribeReplicationTasks", "ReplicationTasks", "replication-task-id",
                              "ReplicationTaskArn", "ReplicationTaskIdentifier"),
}  # fmt: skip


def create_reverse(api: Api, settings: Settings, calls: list[ApiCall]) -> dict[str, Any]:
    """Create what is missing, adopt what this project created before; the task's description."""
    if settings.dms.replication != "instance":
        raise ConfigError(
            "the reverse task is created on a replication instance; this project uses DMS Serverless",
            'set dms.replication = "instance", or cutover.reverse_replication = false and arm rollback by hand',
        )
    instance = _find(api, "DescribeReplicationInstances", "ReplicationInstances", "replication-instance-id",
                     names(settings).instance)  # fmt: skip
    if instance is None:
        raise AwsError(f"no replication instance {names(settings).instance}", "run 'aurora-migrate dms apply' first")
    answers: dict[str, dict[str, Any]] = {"instance": instance}
    for call in calls:
        describe, key, filter_name, arn_key, id_key = FINDERS[call.operation]
        found = _find(api, describe, key, filter_name, call.params[id_key])
        if found is not None:
            owner = next((t["Value"] for t in api.call("ListTagsForResource", ResourceArn=found[arn_key]).get("TagList", [])
                          if t.get("Key") == PROJECT_TAG), "")  # fmt: skip
            if owner != settings.name:
                raise AwsError(
                    f"{call.params[id_key]} exists but is not this project's", "rename the project or remove it"
                )
            answers[call.produces] = found
            continue
        params = {k: _fill(v, answers) for k, v in call.params.items()}
        answer = api.call(call.operation, **params)
        answers[call.produces] = answer.get("Endpoint") or answer.get("ReplicationTask") or {}
    return answers["task"]


def _fill(value: Any, answers: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, str) and value.startswith("${") and value.endswith("}"):
        name, _, field = value[2:-1].partition(".")
        return answers[name][field]
    return value


def reverse_task(api: Api, settings: Settings) -> dict[str, Any] | None:
    return _find(api, "DescribeReplicationTasks", "ReplicationTasks", "replication-task-id", reverse_names(settings)[2])


def start_reverse(
    api: Api, task: dict[str, Any], position: str, attempts: int, sleep: Callable[[float], None], interval: float
) -> None:
    """Start it; a task DMS still creates refuses (InvalidResourceStateFault): asked again after `interval`."""
    if task.get("Status") in ("running", "starting"):
        return
    kind = "start-replication" if not task.get("ReplicationTaskStartDate") else "resume-processing"
    params: dict[str, Any] = {"ReplicationTaskArn": task["ReplicationTaskArn"], "StartReplicationTaskType": kind}
    if position and kind == "start-replication":
        params["CdcStartPosition"] = position
    for attempt in range(1, attempts + 1):
        try:
            api.call("StartReplicationTask", **params)
            return
        except AwsError as exc:
            if "InvalidResourceStateFault" not in exc.message or attempt == attempts:
                raise
            sleep(interval)


def stop_reverse(api: Api, settings: Settings) -> str:
    task = reverse_task(api, settings)
    if task is None or task.get("Status") not in ("running", "starting"):
        return "not running"
    api.call("StopReplicationTask", ReplicationTaskArn=task["ReplicationTaskArn"])
    return "stopped"
