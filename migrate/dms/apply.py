"""Make DMS match the plan: create what is missing, update what differs, leave the rest alone.

Idempotent: each resource is found by its project-derived identifier; one that exists but does not
carry this project's tag is never touched. If a step fails, the error lists what was already done so
nothing is left half-created without saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from migrate.config import Settings
from migrate.dms.client import Api, validate
from migrate.dms.endpoints import SECRET_KEYS
from migrate.dms.plan import ApiCall, DmsPlan, endpoint_database
from migrate.dms.replication import PROJECT_TAG
from migrate.dms.waiters import wait_for
from migrate.errors import AwsError, ConfigError, MigrateError

Progress = Callable[[str], None]
_PLACEHOLDER = re.compile(r"\$\{(?P<name>[a-z]+)\.(?P<field>[A-Za-z]+)\}")


@dataclass(frozen=True)
class Change:
    action: str  # created | updated | unchanged
    kind: str  # the Create operation's resource: endpoint, replication instance, task, replication config
    name: str
    arn: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Kind:
    """How one kind of resource is found, compared and changed: a row of RESOURCES."""

    label: str
    id_key: str  # identifier parameter of the Create call
    describe: str
    result_key: str
    filter_name: str
    arn_key: str
    modify: str
    compared: tuple[str, ...]  # Create parameters compared with the live resource (JSON strings parsed)
    answer_key: str  # the Create call's answer member
    ready: tuple[str, str, tuple[str, ...]] = ("", "", ())  # (status field, wanted, statuses that still move)


RESOURCES: dict[str, Kind] = {
    "CreateEndpoint": Kind(
        label="endpoint", id_key="EndpointIdentifier", describe="DescribeEndpoints", result_key="Endpoints",
        filter_name="endpoint-id", arn_key="EndpointArn", modify="ModifyEndpoint", answer_key="Endpoint",
        compared=("EngineName", "SslMode", "OracleSettings", "MicrosoftSQLServerSettings", "PostgreSQLSettings"),
    ),
    "CreateReplicationInstance": Kind(
        label="replication instance", id_key="ReplicationInstanceIdentifier",
        describe="DescribeReplicationInstances", result_key="ReplicationInstances",
        filter_name="replication-instance-id", arn_key="ReplicationInstanceArn", modify="ModifyReplicationInstance",
        answer_key="ReplicationInstance", compared=("ReplicationInstanceClass", "AllocatedStorage", "MultiAZ"),
        ready=("ReplicationInstanceStatus", "available", ("creating", "modifying", "upgrading", "rebooting")),
    ),
    "CreateReplicationTask": Kind(
        label="replication task", id_key="ReplicationTaskIdentifier", describe="DescribeReplicationTasks",
        result_key="ReplicationTasks", filter_name="replication-task-id", arn_key="ReplicationTaskArn",
        modify="ModifyReplicationTask", answer_key="ReplicationTask",
        compared=("MigrationType", "TableMappings", "ReplicationTaskSettings", "SourceEndpointArn",
                  "TargetEndpointArn", "ReplicationInstanceArn"),
    ),
    "CreateReplicationConfig": Kind(
        label="replication config", id_key="ReplicationConfigIdentifier", describe="DescribeReplicationConfigs",
        result_key="ReplicationConfigs", filter_name="replication-config-id", arn_key="ReplicationConfigArn",
        modify="ModifyReplicationConfig", answer_key="ReplicationConfig",
        compared=("ReplicationType", "ComputeConfig", "TableMappings", "ReplicationSettings", "SourceEndpointArn",
                  "TargetEndpointArn"),
    ),
}  # fmt: skip
# Create-only members that Modify calls do not take.
NOT_MODIFIABLE = {"Tags", "EndpointType", "ReplicationInstanceArn", "PubliclyAccessible", "SourceEndpointArn",
                  "TargetEndpointArn", "ReplicationSubnetGroupIdentifier"}  # fmt: skip
MODIFY_EXTRAS: dict[str, dict[str, Any]] = {"ModifyReplicationInstance": {"ApplyImmediately": True}}


def check_ready_to_apply(settings: Settings, api: Api, plan: DmsPlan) -> None:
    """Settings DMS needs, and secrets holding the keys DMS reads, before anything is created."""
    dms = settings.dms
    for request in (plan.source, plan.target):
        if not endpoint_database(request):
            raise ConfigError(
                f"no database name for the {request.role} endpoint",
                f"set {request.role}.url in migration.toml with the database (or ?service_name= for Oracle)",
            )
    if dms.oracle_asm_server and not dms.oracle_asm_secret_arn:
        raise ConfigError("dms.oracle_asm_server is set but dms.oracle_asm_secret_arn is not",
                          "store the ASM user's credentials in Secrets Manager and set dms.oracle_asm_secret_arn")  # fmt: skip
    for key in ("source_secret_arn", "target_secret_arn", "secrets_access_role_arn"):
        if not getattr(dms, key):
            raise ConfigError(
                f"dms.{key} is not set", f"set dms.{key} in migration.toml; 'dms plan' lists what is missing"
            )
    for role, secret in (("source", dms.source_secret_arn), ("target", dms.target_secret_arn)):
        missing = [k for k in SECRET_KEYS if k not in api.secret_keys(secret)]
        if missing:
            raise AwsError(
                f"the {role} secret {secret} lacks the key(s) {', '.join(missing)} DMS reads",
                f"add them to the secret's JSON: {', '.join(SECRET_KEYS)} (nothing was created)",
            )


def apply_plan(
    api: Api,
    plan: DmsPlan,
    progress: Progress = lambda _m: None,
    timeout: float = 3600,
    record: list[ApiCall] | None = None,
) -> list[Change]:
    """With `record`, nothing is changed: the Create/Modify calls that would be sent are appended to it
    (describes still run, so the calls are exactly what this account needs)."""
    answers: dict[str, dict[str, Any]] = {}
    changes: list[Change] = []
    try:
        for call in plan.calls:
            resolved = resolve(call, answers)
            progress(f"{RESOURCES[call.operation].label} {resolved.params[RESOURCES[call.operation].id_key]}")
            live, change = reconcile(api, resolved, plan.project, record)
            ready = live if record is not None else await_ready(api, RESOURCES[call.operation], live, timeout)
            answers[call.produces] = ready
            changes.append(change)
    except MigrateError as exc:
        if not changes:
            raise
        done = "; ".join(f"{c.action} {c.kind} {c.name}" for c in changes)
        raise AwsError(
            f"{exc.message} (already done: {done})",
            f"{exc.hint}; then run 'dms apply' again to finish (it keeps what exists), or 'dms destroy' to remove it",
        ) from None
    return changes


def resolve(call: ApiCall, answers: dict[str, dict[str, Any]]) -> ApiCall:
    """Fill ${name.Field} placeholders from the answers of earlier calls."""

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return _PLACEHOLDER.sub(lambda m: str(answers[m["name"]][m["field"]]), value)
        return value

    return ApiCall(call.operation, {k: fill(v) for k, v in call.params.items()}, call.produces, call.why)


def reconcile(
    api: Api, call: ApiCall, project: str, record: list[ApiCall] | None = None
) -> tuple[dict[str, Any], Change]:
    kind = RESOURCES[call.operation]
    name = call.params[kind.id_key]
    found = list(api.pages(kind.describe, kind.result_key, Filters=[{"Name": kind.filter_name, "Values": [name]}]))
    if not found:
        live = _send(api, ApiCall(call.operation, call.params, call.produces), kind, record)
        return live, Change("created", kind.label, name, live[kind.arn_key])
    live = found[0]
    arn = live[kind.arn_key]
    owner = project_of(api, arn)
    if owner != project:
        raise AwsError(
            f"{kind.label} {name} exists but belongs to {('project ' + repr(owner)) if owner else 'no aurora-migrate project'}",
            "aurora-migrate never changes resources it did not create: rename [project] name, or remove that resource",
        )
    differences = differing(call.params, live, kind.compared)
    if not differences:
        return live, Change("unchanged", kind.label, name, arn)
    fixed = sorted(set(differences) & NOT_MODIFIABLE)
    if fixed:
        raise AwsError(
            f"{kind.label} {name} differs from the plan in {', '.join(fixed)}, which DMS cannot modify",
            "remove it ('aurora-migrate dms destroy', or delete that one resource) and run 'dms apply' again",
        )
    changed = {k: call.params[k] for k in differences}
    modify = ApiCall(kind.modify, {kind.arn_key: arn, **changed, **MODIFY_EXTRAS.get(kind.modify, {})}, call.produces)
    return _send(api, modify, kind, record), Change("updated", kind.label, name, arn, ", ".join(sorted(differences)))


def _send(api: Api, call: ApiCall, kind: Kind, record: list[ApiCall] | None) -> dict[str, Any]:
    if record is None:
        return dict(api.call(call.operation, **call.params)[kind.answer_key])
    validate(call.operation, call.params)
    record.append(call)
    return {**call.params, kind.arn_key: call.params.get(kind.arn_key) or f"${{{call.produces}.{kind.arn_key}}}"}


def differing(wanted: dict[str, Any], live: dict[str, Any], compared: tuple[str, ...]) -> list[str]:
    """Members whose wanted value is not already in place (DMS adds defaults, so wanted ⊆ live is enough)."""
    return [key for key in compared if key in wanted and not contains(_parsed(live.get(key)), _parsed(wanted[key]))]


def contains(live: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict):
        return isinstance(live, dict) and all(contains(live.get(k), v) for k, v in wanted.items())
    if isinstance(wanted, list) and wanted and all(isinstance(w, dict) and "Id" in w for w in wanted):
        # Logging.LogComponents: DMS answers with every component; ours must be among them as set.
        by_id = {item.get("Id"): item for item in live if isinstance(item, dict)} if isinstance(live, list) else {}
        return all(contains(by_id.get(w["Id"]), w) for w in wanted)
    if isinstance(wanted, list):
        return isinstance(live, list) and len(live) == len(wanted) and all(map(contains, live, wanted))
    return bool(live == wanted)


def _parsed(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def project_of(api: Api, arn: str) -> str:
    tags = api.call("ListTagsForResource", ResourceArn=arn).get("TagList", [])
    return next((t.get("Value", "") for t in tags if t.get("Key") == PROJECT_TAG), "")


def await_ready(api: Api, kind: Kind, live: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Later calls need this resource usable (a task cannot use an instance that is still creating)."""
    field, wanted, moving = kind.ready
    if not field or live.get(field) == wanted:
        return live
    arn = live[kind.arn_key]

    def read() -> dict[str, Any]:
        filters = [{"Name": kind.filter_name.replace("-id", "-arn"), "Values": [arn]}]
        return next(iter(api.pages(kind.describe, kind.result_key, Filters=filters)), live)

    def done(state: dict[str, Any]) -> bool:
        status = state.get(field, "")
        if status != wanted and status not in moving:
            raise AwsError(f"{kind.label} {arn} is {status}, not {wanted}", "see the DMS console or event log for why")
        return status == wanted

    return wait_for(read, done, timeout=timeout, interval=15, what=f"{kind.label} to become {wanted}")
