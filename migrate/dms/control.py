"""Run a project's replication: test connections, start, stop, reload tables, destroy.

Each action is built as `ApiCall`s first (what `--dry-run` prints), then sent. DMS's own state
machine decides what is allowed; when it refuses (InvalidResourceStateFault) the user gets its
message and what to do, not a guess of ours made beforehand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from migrate.config import Settings
from migrate.dms.client import Api
from migrate.dms.monitor import Flavor, find_run, flavor
from migrate.dms.plan import ApiCall, DmsPlan
from migrate.dms.replication import PROJECT_TAG, names
from migrate.dms.waiters import wait_for
from migrate.errors import AwsError, ConfigError

RUN_ARN = "${run.Arn}"  # placeholder for the task / replication ARN in dry-run output

# Resource type (from the ARN) -> deletion order, delete call, its ARN parameter. Runs go first: DMS
# refuses to delete an endpoint or instance a task still uses.
DELETIONS: tuple[tuple[str, str, str], ...] = (
    ("assessment-run", "DeleteReplicationTaskAssessmentRun", "ReplicationTaskAssessmentRunArn"),
    ("task", "DeleteReplicationTask", "ReplicationTaskArn"),
    ("replication-config", "DeleteReplicationConfig", "ReplicationConfigArn"),
    ("rep", "DeleteReplicationInstance", "ReplicationInstanceArn"),
    ("endpoint", "DeleteEndpoint", "EndpointArn"),
)


@dataclass(frozen=True)
class ConnectionResult:
    endpoint: str
    status: str  # successful | failed | testing
    message: str = ""


def start_calls(kind: Flavor, arn: str, first_run: bool, reload: bool, cdc_start_position: str | None) -> list[ApiCall]:
    start_type = "reload-target" if reload else ("start-replication" if first_run else "resume-processing")
    params: dict[str, Any] = {kind.arn_key: arn, kind.start_type_key: start_type}
    if cdc_start_position:
        params["CdcStartPosition"] = cdc_start_position
    return [ApiCall(kind.start, params, why=f"{start_type}: " + _START_WHY[start_type])]


_START_WHY = {
    "start-replication": "first run of this task",
    "resume-processing": "the task ran before: continue where it stopped",
    "reload-target": "reload every table from the source (--reload)",
}


def modify_type_call(kind: Flavor, arn: str, plan: DmsPlan) -> ApiCall:
    """Switch the run to another migration type, with the matching settings preset."""
    create = next(c for c in plan.calls if c.produces in ("task", "config"))
    settings_key = "ReplicationTaskSettings" if "ReplicationTaskSettings" in create.params else "ReplicationSettings"
    params = {kind.arn_key: arn, kind.type_key: plan.migration_type, settings_key: create.params[settings_key]}
    return ApiCall(kind.modify, params, why=f"switch to {plan.migration_type}")


def first_run(kind: Flavor, run: dict[str, Any]) -> bool:
    return not (run.get("ReplicationTaskStartDate") or run.get("StartReplicationType"))


def start(
    api: Api,
    settings: Settings,
    plan: DmsPlan | None = None,
    reload: bool = False,
    cdc_start_position: str | None = None,
    timeout: float = 900,
) -> list[dict[str, Any]]:
    kind = flavor(settings)
    run = find_run(api, settings)
    arn = run[kind.arn_key]
    answers = []
    if plan is not None and run.get(kind.type_key) != plan.migration_type:
        call = modify_type_call(kind, arn, plan)
        answers.append(api.call(call.operation, **call.params))
        wait_for(lambda: find_run(api, settings), lambda r: r.get("Status") != "modifying", timeout=timeout,
                 interval=10, what=f"the {kind.label} to finish modifying")  # fmt: skip
    for call in start_calls(kind, arn, first_run(kind, run), reload, cdc_start_position):
        answers.append(api.call(call.operation, **call.params))
    return answers


def stop(api: Api, settings: Settings) -> dict[str, Any]:
    kind = flavor(settings)
    arn = find_run(api, settings)[kind.arn_key]
    return api.call(kind.stop, **{kind.arn_key: arn})


def reload_call(kind: Flavor, arn: str, tables: list[tuple[str, str]], validate_only: bool = False) -> ApiCall:
    option = "validate-only" if validate_only else "data-reload"
    params = {kind.arn_key: arn, "TablesToReload": [{"SchemaName": s, "TableName": t} for s, t in tables],
              "ReloadOption": option}  # fmt: skip
    return ApiCall(kind.reload, params, why=f"{option} of {len(tables)} table(s)")


def reload_tables(api: Api, settings: Settings, tables: list[tuple[str, str]]) -> dict[str, Any]:
    kind = flavor(settings)
    call = reload_call(kind, find_run(api, settings)[kind.arn_key], tables)
    return api.call(call.operation, **call.params)


def test_connections(
    api: Api, settings: Settings, timeout: float = 600, progress: Callable[[str], None] = lambda _m: None
) -> list[ConnectionResult]:
    if settings.dms.replication != "instance":
        raise ConfigError(
            "DMS Serverless has no connection-test API: DMS tests both endpoints when the replication starts",
            "run 'aurora-migrate dms start' and watch 'dms status', or set dms.replication = \"instance\" to test first",
        )
    resource = names(settings)
    instance = _one(api, "DescribeReplicationInstances", "ReplicationInstances", "replication-instance-id",
                    resource.instance)["ReplicationInstanceArn"]  # fmt: skip
    results = []
    for name in (resource.source, resource.target):
        endpoint = _one(api, "DescribeEndpoints", "Endpoints", "endpoint-id", name)["EndpointArn"]
        progress(f"testing {name}")
        api.call("TestConnection", ReplicationInstanceArn=instance, EndpointArn=endpoint)
        filters = [
            {"Name": "endpoint-arn", "Values": [endpoint]},
            {"Name": "replication-instance-arn", "Values": [instance]},
        ]
        found = wait_for(
            lambda f=filters: list(api.pages("DescribeConnections", "Connections", Filters=f)),  # type: ignore[misc]
            lambda conns: bool(conns) and conns[0].get("Status") != "testing",
            timeout=timeout, interval=5, what=f"the connection test of {name}",
        )  # fmt: skip
        results.append(ConnectionResult(name, found[0].get("Status", ""), found[0].get("LastFailureMessage", "")))
    return results


def _one(api: Api, describe: str, key: str, filter_name: str, name: str) -> dict[str, Any]:
    found = list(api.pages(describe, key, Filters=[{"Name": filter_name, "Values": [name]}]))
    if not found:
        raise AwsError(f"{name} does not exist in this region", "run 'aurora-migrate dms apply' first")
    return found[0]


def owned_resources(api: Api, settings: Settings) -> list[str]:
    """ARNs of DMS resources tagged with this project (Resource Groups Tagging API: one query for all kinds)."""
    tag_filter = [{"Key": PROJECT_TAG, "Values": [settings.name]}]
    found = api.pages("GetResources", "ResourceTagMappingList", "resourcegroupstaggingapi", token="PaginationToken",
                      TagFilters=tag_filter, ResourceTypeFilters=["dms"])  # fmt: skip
    return [item["ResourceARN"] for item in found]


def destroy_calls(arns: list[str]) -> list[ApiCall]:
    by_type: dict[str, list[str]] = {}
    for arn in arns:
        by_type.setdefault(arn.split(":")[5] if arn.count(":") >= 6 else "", []).append(arn)
    calls = [
        ApiCall(operation, {param: arn}, why=f"tagged {PROJECT_TAG}")
        for resource_type, operation, param in DELETIONS
        for arn in by_type.get(resource_type, [])
    ]
    unknown = [a for t, items in by_type.items() if t not in {d[0] for d in DELETIONS} for a in items]
    calls += [
        ApiCall("", {"arn": a}, why="tagged by this project but of a kind aurora-migrate does not create")
        for a in unknown
    ]
    return calls


def destroy(
    api: Api, calls: list[ApiCall], timeout: float = 1800, progress: Callable[[str], None] = lambda _m: None
) -> list[str]:
    done: list[str] = []
    for call in calls:
        if not call.operation:
            continue  # reported to the user by the CLI, never deleted
        progress(f"{call.operation} {next(iter(call.params.values()))}")
        try:
            api.call(call.operation, **call.params)
        except AwsError as exc:
            left = len([c for c in calls if c.operation]) - len(done)
            hint = _BUSY_HINT if "InvalidResourceStateFault" in exc.message else exc.hint
            raise AwsError(f"{exc.message} (deleted so far: {len(done)}; left: {left})", hint) from None
        done.append(next(iter(call.params.values())))
        if call.operation in STILL_THERE:
            _wait_gone(api, call, timeout)
    return done


_BUSY_HINT = (
    "a task or replication of this project is still running or busy: 'aurora-migrate dms stop', wait for "
    "'dms status' to show stopped, then 'dms destroy' again (or 'dms destroy --stop')"
)

RUNNING = ("running", "starting", "stopping", "modifying", "testing")


def stop_if_running(api: Api, settings: Settings, timeout: float = 900) -> bool:
    """Stop this project's run when it is running, and wait until DMS says it stopped."""
    kind = flavor(settings)
    try:
        run = find_run(api, settings)
    except AwsError:
        return False  # nothing to stop: the run does not exist
    if run.get("Status") not in ("running", "starting"):
        return False
    api.call(kind.stop, **{kind.arn_key: run[kind.arn_key]})
    wait_for(lambda: find_run(api, settings), lambda r: r.get("Status") not in RUNNING, timeout=timeout,
             interval=10, what=f"the {kind.label} to stop")  # fmt: skip
    return True


def wait_ready(api: Api, settings: Settings, timeout: float, interval: float) -> dict[str, Any]:
    """Until the task can be started: ready (or stopped/failed, which DMS also starts or resumes)."""

    def done(run: dict[str, Any]) -> bool:
        # "created": a Serverless config that never ran (see monitor.find_run) can start at once
        return run.get("Status") in ("ready", "stopped", "failed", "running", "created")

    return wait_for(lambda: find_run(api, settings), done, timeout=timeout, interval=interval,
                    what=f"the {flavor(settings).label} to be ready", describe=lambda r: f"status {r.get('Status')}")  # fmt: skip


# Delete call -> how to see whether the resource is still there (describe, result key, ARN filter)
STILL_THERE: dict[str, tuple[str, str, str]] = {
    "DeleteReplicationTask": ("DescribeReplicationTasks", "ReplicationTasks", "replication-task-arn"),
    "DeleteReplicationConfig": ("DescribeReplicationConfigs", "ReplicationConfigs", "replication-config-arn"),
}


def _wait_gone(api: Api, call: ApiCall, timeout: float) -> None:
    """Endpoints stay in use until the run is really gone, so wait for that."""
    describe, key, filter_name = STILL_THERE[call.operation]
    arn = next(iter(call.params.values()))

    def present() -> bool:
        try:
            return bool(list(api.pages(describe, key, Filters=[{"Name": filter_name, "Values": [arn]}])))
        except AwsError as exc:
            if "ResourceNotFoundFault" in exc.message:
                return False
            raise

    wait_for(present, lambda there: not there, timeout=timeout, interval=10, what=f"{arn} to be deleted")
