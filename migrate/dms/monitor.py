"""Where a replication stands: task state and stop reason, per-table progress, CDC latency.

A provisioned task and a DMS Serverless replication answer the same questions through different
calls; `FLAVORS` holds the two rows. CDC latency comes from CloudWatch: for a task, the dimension
ReplicationTaskIdentifier is the task's *resource id* (the last part of its ARN), not its name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from migrate.config import Settings
from migrate.dms.client import Api
from migrate.dms.replication import names
from migrate.dms.waiters import DrainSample
from migrate.errors import AwsError

NAMESPACE = "AWS/DMS"
NEVER_STARTED = "created"  # a Serverless config with no replication yet (DescribeReplications lists none)
LATENCY_METRICS = ("CDCLatencySource", "CDCLatencyTarget")


@dataclass(frozen=True)
class Flavor:
    label: str
    describe: str
    result_key: str
    arn_key: str
    start: str
    start_type_key: str
    stop: str
    table_stats: str
    reload: str
    stats_key: str
    type_key: str
    failure_key: str
    modify: str
    table_stats_key: str


FLAVORS: dict[str, Flavor] = {
    "instance": Flavor(
        "task", "DescribeReplicationTasks", "ReplicationTasks", "ReplicationTaskArn", "StartReplicationTask",
        "StartReplicationTaskType", "StopReplicationTask", "DescribeTableStatistics", "ReloadTables",
        "ReplicationTaskStats", "MigrationType", "LastFailureMessage", "ModifyReplicationTask",
        "TableStatistics",
    ),
    "serverless": Flavor(
        "replication", "DescribeReplications", "Replications", "ReplicationConfigArn", "StartReplication",
        "StartReplicationType", "StopReplication", "DescribeReplicationTableStatistics", "ReloadReplicationTables",
        "ReplicationStats", "ReplicationType", "FailureMessages", "ModifyReplicationConfig",
        "ReplicationTableStatistics",
    ),
}  # fmt: skip


# DMS stop reasons ("Stop Reason FATAL_ERROR", ...) -> what they mean for the user and what to do.
STOP_REASONS: dict[str, str] = {
    "FULL_LOAD_ONLY_FINISHED": "the full load finished; a full-load task stops by design",
    "CACHED_CHANGES_APPLIED": "stopped after applying cached changes (StopTaskCachedChangesApplied); 'dms start' resumes CDC",
    "CACHED_CHANGES_NOT_APPLIED": "stopped before applying cached changes (StopTaskCachedChangesNotApplied); "
    "create indexes and foreign keys now, then 'dms start'",
    "NORMAL": "stopped by a user or 'dms stop'; 'dms start' resumes",
    "SERVER_TIME": "reached its CDC stop time",
    "RECOVERABLE_ERROR": "DMS gave up retrying a recoverable error (connection, timeout): check network and "
    "database availability, then 'dms start' resumes",
    "FATAL_ERROR": "DMS hit an error it cannot retry: read the failure message and the task's CloudWatch log, fix "
    "the cause, then 'dms start' (resume) or 'dms start --reload'",
}


def explain_stop(reason: str) -> str:
    return next((why for key, why in STOP_REASONS.items() if key in reason), "")


@dataclass(frozen=True)
class TableProgress:
    schema: str
    table: str
    state: str
    full_load_rows: int
    inserts: int
    updates: int
    deletes: int
    ddls: int
    validation: str
    errors: int

    @property
    def counters(self) -> tuple[int, ...]:
        return (self.inserts, self.updates, self.deletes, self.ddls, self.full_load_rows)


@dataclass(frozen=True)
class Status:
    name: str
    arn: str
    status: str
    migration_type: str
    stop_reason: str = ""
    failure: str = ""
    stats: dict[str, Any] = field(default_factory=dict)
    tables: tuple[TableProgress, ...] = ()
    latency_source: float | None = None
    latency_target: float | None = None
    latency_note: str = ""
    missing: tuple[str, ...] = ()  # what could not be read (a call that failed), so the rest is still shown

    def as_state(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "stop_reason": self.stop_reason, "failure": self.failure,
                "stats": self.stats}  # fmt: skip


def flavor(settings: Settings) -> Flavor:
    return FLAVORS[settings.dms.replication]


def find_run(api: Api, settings: Settings) -> dict[str, Any]:
    """The live task (instance) or replication (serverless) of this project."""
    resource = names(settings)
    if settings.dms.replication == "serverless":
        return _find_serverless(api, resource.config)
    found = list(api.pages("DescribeReplicationTasks", "ReplicationTasks",
                           Filters=[{"Name": "replication-task-id", "Values": [resource.task]}]))  # fmt: skip
    if not found:
        raise AwsError(f"no DMS task {resource.task} in this region", "run 'aurora-migrate dms apply' first")
    return found[0]


def _find_serverless(api: Api, config_name: str) -> dict[str, Any]:
    filters = [{"Name": "replication-config-id", "Values": [config_name]}]
    configs = list(api.pages("DescribeReplicationConfigs", "ReplicationConfigs", Filters=filters))
    if not configs:
        raise AwsError(f"no DMS Serverless config {config_name} in this region", "run 'aurora-migrate dms apply' first")
    arn = configs[0]["ReplicationConfigArn"]
    arn_filter = [{"Name": "replication-config-arn", "Values": [arn]}]
    runs = list(api.pages("DescribeReplications", "Replications", Filters=arn_filter))
    base = {"ReplicationConfigArn": arn, "ReplicationConfigIdentifier": config_name, "Status": NEVER_STARTED,
            "ReplicationType": configs[0].get("ReplicationType", "")}  # fmt: skip
    return runs[0] if runs else base


def read_status(api: Api, settings: Settings, with_tables: bool = True, with_latency: bool = True) -> Status:
    kind = flavor(settings)
    run = find_run(api, settings)
    arn = run[kind.arn_key]
    failure = run.get(kind.failure_key) or ""
    status = Status(
        name=run.get("ReplicationTaskIdentifier") or run.get("ReplicationConfigIdentifier", ""),
        arn=arn,
        status=str(run.get("Status", "")),
        migration_type=str(run.get(kind.type_key, "")),
        stop_reason=str(run.get("StopReason") or ""),
        failure="; ".join(failure) if isinstance(failure, list) else str(failure),
        stats=dict(run.get(kind.stats_key) or {}),
    )
    never_ran = status.status == NEVER_STARTED  # nothing to read yet: DMS has no statistics for it
    missing: list[str] = []
    tables: tuple[TableProgress, ...] = ()
    source: float | None = None
    target: float | None = None
    note = ""
    # One failing read (an emulator without DescribeTableStatistics, a missing CloudWatch permission) must not
    # hide the rest: it is named in `missing` and what could be read is shown.
    if with_tables and not never_ran:
        try:
            tables = table_progress(api, kind, arn)
        except AwsError as exc:
            missing.append(f"per-table statistics ({kind.table_stats}): {exc.message}")
    if with_latency and not never_ran:
        try:
            source, target, note = cdc_latency(api, settings, arn)
        except AwsError as exc:
            missing.append(f"CDC latency (CloudWatch GetMetricStatistics): {exc.message}")
    return Status(**{**status.__dict__, "tables": tables, "latency_source": source, "latency_target": target,
                     "latency_note": note, "missing": tuple(missing)})  # fmt: skip


def table_progress(api: Api, kind: Flavor, arn: str) -> tuple[TableProgress, ...]:
    rows = api.pages(kind.table_stats, kind.table_stats_key, **{kind.arn_key: arn})
    return tuple(
        TableProgress(
            schema=row.get("SchemaName", ""),
            table=row.get("TableName", ""),
            state=row.get("TableState", ""),
            full_load_rows=int(row.get("FullLoadRows") or 0),
            inserts=int(row.get("Inserts") or 0),
            updates=int(row.get("Updates") or 0),
            deletes=int(row.get("Deletes") or 0),
            ddls=int(row.get("Ddls") or 0),
            validation=str(row.get("ValidationState") or ""),
            errors=int(row.get("FullLoadErrorRows") or 0) + int(row.get("ValidationFailedRecords") or 0),
        )
        for row in rows
    )


def resource_id(arn: str) -> str:
    """arn:aws:dms:region:account:task:ABCDEF... -> ABCDEF...: what CloudWatch's task dimension holds."""
    return arn.rsplit(":", 1)[-1]


def latency_dimensions(api: Api, settings: Settings, arn: str) -> list[dict[str, str]]:
    if settings.dms.replication == "instance":
        return [
            {"Name": "ReplicationInstanceIdentifier", "Value": names(settings).instance},
            {"Name": "ReplicationTaskIdentifier", "Value": resource_id(arn)},
        ]
    # Serverless metrics are keyed by the replication's resource id; find the dimension set that holds it.
    wanted = resource_id(arn)
    metrics = api.pages(
        "ListMetrics", "Metrics", "cloudwatch", token="NextToken", Namespace=NAMESPACE, MetricName=LATENCY_METRICS[0]
    )
    for metric in metrics:
        dims = metric.get("Dimensions", [])
        if any(d.get("Value") == wanted for d in dims):
            return [{"Name": d["Name"], "Value": d["Value"]} for d in dims]
    return []


def latency_series(api: Api, metric: str, dimensions: list[dict[str, str]], minutes: int) -> tuple[float, ...]:
    """One-minute maxima of `metric` over the last `minutes`, oldest first."""
    end = datetime.now(UTC)
    answer = api.call(
        "GetMetricStatistics", "cloudwatch", Namespace=NAMESPACE, MetricName=metric, Dimensions=dimensions,
        StartTime=end - timedelta(minutes=minutes), EndTime=end + timedelta(minutes=1), Period=60,
        Statistics=["Maximum"],
    )  # fmt: skip
    points = sorted(answer.get("Datapoints", []), key=lambda p: p["Timestamp"])
    return tuple(float(p["Maximum"]) for p in points)


def cdc_latency(api: Api, settings: Settings, arn: str, minutes: int = 10) -> tuple[float | None, float | None, str]:
    dims = latency_dimensions(api, settings, arn)
    if not dims:
        return None, None, "no CDC latency metrics yet (CloudWatch has none for this replication)"
    source, target = (latency_series(api, metric, dims, minutes) for metric in LATENCY_METRICS)
    note = "" if source and target else f"no CDC latency datapoints in the last {minutes} minutes"
    return (source[-1] if source else None), (target[-1] if target else None), note


def cdc_latency_series(api: Api, settings: Settings, arn: str, minutes: int) -> tuple[tuple[float, ...], ...]:
    dims = latency_dimensions(api, settings, arn)
    if not dims:
        return (), ()
    return tuple(latency_series(api, metric, dims, minutes) for metric in LATENCY_METRICS)


def drain_reader(api: Api, settings: Settings, samples: int) -> Callable[[bool], DrainSample]:
    """What `waiters.cdc_drained` polls: latency series, and per-table counters when latency is low."""
    kind = flavor(settings)

    def read(with_counters: bool) -> DrainSample:
        run = find_run(api, settings)
        if run.get("Status") in ("failed", "stopped"):
            failure = run.get(kind.failure_key) or ""
            why = run.get("StopReason") or ("; ".join(failure) if isinstance(failure, list) else failure)
            raise AwsError(
                f"DMS {kind.label} {run.get(kind.arn_key)} is {run.get('Status')}: {why or 'no reason given'}",
                "CDC cannot drain while the task is not running: fix the cause, then 'aurora-migrate dms start'",
            )
        arn = run[kind.arn_key]
        source, target = cdc_latency_series(api, settings, arn, minutes=samples + 2)
        counters = None
        if with_counters:
            counters = {f"{t.schema}.{t.table}": t.counters for t in table_progress(api, kind, arn)}
        return DrainSample(source, target, counters)

    return read
