"""Stubber path: what moto 5.2 lacks (DescribeTableStatistics, ModifyReplicationTask, ReloadTables,
Serverless replication configs, tasks reaching `ready`/finishing a full load, throttling). botocore's
Stubber checks every request and answer against the real DMS service model; no network for DMS.
CloudWatch, where a test needs it, is moto's server (said on the test)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from botocore.stub import ANY
from test_dms_moto import put_latency

import migrate.dms.waiters as waiters
from migrate.config import load_settings
from migrate.dms.apply import apply_plan, reconcile
from migrate.dms.client import Api
from migrate.dms.control import start
from migrate.dms.plan import build_plan
from migrate.errors import AwsError

ACCOUNT = "arn:aws:dms:us-east-1:123456789012"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def task(folder: Path, status: str = "running", **extra) -> dict:
    return {"ReplicationTaskIdentifier": f"am-shop-{folder.name}-task", "Status": status,
            "ReplicationTaskArn": f"{ACCOUNT}:task:TASKRESOURCEID", "MigrationType": "full-load-and-cdc", **extra}  # fmt: skip


def tasks_answer(folder: Path, status: str = "running", **extra) -> dict:
    return {"ReplicationTasks": [task(folder, status, **extra)]}


TASK_FILTER = {"Filters": ANY}


def table_stats(inserts: int = 5) -> dict:
    return {
        "ReplicationTaskArn": f"{ACCOUNT}:task:TASKRESOURCEID",
        "TableStatistics": [
            {"SchemaName": "HR", "TableName": "EMPLOYEES", "TableState": "Table completed", "FullLoadRows": 5000,
             "Inserts": inserts, "Updates": 2, "Deletes": 1, "Ddls": 0, "ValidationState": "Not enabled",
             "FullLoadErrorRows": 0, "ValidationFailedRecords": 0},
            {"SchemaName": "HR", "TableName": "DOCS", "TableState": "Table error", "FullLoadRows": 10,
             "FullLoadErrorRows": 3},
        ],
    }  # fmt: skip


def test_status_per_table_progress(project, dms_cli, stub):
    """Stubber: DescribeReplicationTasks + DescribeTableStatistics; CloudWatch: moto (no datapoints yet)."""
    folder = project()
    dms = stub("dms")
    stats = {"FullLoadProgressPercent": 100, "TablesLoaded": 5, "TablesErrored": 1}
    dms.add_response("describe_replication_tasks", tasks_answer(folder, ReplicationTaskStats=stats), TASK_FILTER)
    dms.add_response(
        "describe_table_statistics", table_stats(), {"ReplicationTaskArn": f"{ACCOUNT}:task:TASKRESOURCEID"}
    )
    result = dms_cli("status", folder, "--json")
    data = json.loads(result.output)
    assert data["status"] == "running" and data["stats"]["TablesErrored"] == 1
    assert [(t["table"], t["inserts"], t["errors"]) for t in data["tables"]] == [("EMPLOYEES", 5, 0), ("DOCS", 0, 3)]
    assert data["latency_source"] is None and "no CDC latency datapoints" in data["latency_note"]


def test_wait_full_load_until_complete(project, dms_cli, stub):
    """Stubber: a task loading, then finished (moto's tasks never finish a full load)."""
    folder = project()
    dms = stub("dms")
    loading = {"FullLoadProgressPercent": 40, "TablesLoading": 2, "TablesQueued": 1}
    done = {"FullLoadProgressPercent": 100, "TablesLoaded": 6, "FullLoadFinishDate": NOW}
    dms.add_response("describe_replication_tasks", tasks_answer(folder, ReplicationTaskStats=loading), TASK_FILTER)
    dms.add_response("describe_replication_tasks", tasks_answer(folder, ReplicationTaskStats=done), TASK_FILTER)
    result = dms_cli("wait full-load", folder, "--interval", "0s", "--timeout", "10s")
    assert result.exit_code == 0 and "full load complete" in result.output, result.output


def test_wait_full_load_reports_a_failed_task(project, dms_cli, stub):
    """Stubber: the task fails with DMS's own message, which the user sees with what to do."""
    folder = project()
    dms = stub("dms")
    message = "Last Error ORA-01031: insufficient privileges Task error notification received"
    dms.add_response(
        "describe_replication_tasks", tasks_answer(folder, "failed", LastFailureMessage=message), TASK_FILTER
    )
    result = dms_cli("wait full-load", folder, "--interval", "0s")
    assert result.exit_code == 2
    assert "ORA-01031" in result.output and "dms status" in result.output


def test_wait_cdc_drained_with_a_falling_latency_curve(project, dms_cli, stub, aws):
    """CloudWatch: moto's server holds the injected curve; DMS (tasks, table statistics): Stubber."""
    folder = project()
    put_latency(aws, f"am-shop-{folder.name}-instance", "TASKRESOURCEID", [120, 30, 4, 3, 2])
    dms = stub("dms")
    for _ in range(2):  # first pass records the counters, second sees them unchanged
        dms.add_response("describe_replication_tasks", tasks_answer(folder), TASK_FILTER)
        dms.add_response("describe_replication_tasks", tasks_answer(folder), TASK_FILTER)
        dms.add_response("describe_table_statistics", table_stats(), {"ReplicationTaskArn": ANY})
    result = dms_cli("wait cdc-drained", folder, "--max-latency", "5s", "--samples", "3", "--interval", "0s",
                     "--timeout", "30s")  # fmt: skip
    assert result.exit_code == 0 and "CDC drained" in result.output, result.output


def test_reload_names_tables_from_the_inventory(project, dms_cli, stub):
    folder = project()
    dms = stub("dms")
    dms.add_response("describe_replication_tasks", tasks_answer(folder), TASK_FILTER)
    expected = {"ReplicationTaskArn": f"{ACCOUNT}:task:TASKRESOURCEID", "ReloadOption": "data-reload",
                "TablesToReload": [{"SchemaName": "HR", "TableName": "EMPLOYEES"}]}  # fmt: skip
    dms.add_response("reload_tables", {"ReplicationTaskArn": f"{ACCOUNT}:task:TASKRESOURCEID"}, expected)
    result = dms_cli("reload", folder, "hr.employees")
    assert result.exit_code == 0, result.output
    unknown = dms_cli("reload", folder, "HR.NOPE")
    assert unknown.exit_code == 2 and "not in the inventory" in unknown.output


def test_throttling_that_outlasts_retries_is_one_clear_line(project, dms_cli, stub):
    folder = project()
    stub("dms").add_client_error("describe_replication_tasks", "ThrottlingException", "Rate exceeded")
    result = dms_cli("status", folder)
    assert result.exit_code == 2
    assert "ThrottlingException: Rate exceeded" in result.output and "kept throttling" in result.output


def settings_for(folder: Path, replication: str = "instance"):
    text = (
        (folder / "migration.toml")
        .read_text(encoding="utf-8")
        .replace('replication = "instance"', f'replication = "{replication}"')
    )
    (folder / "migration.toml").write_text(text, encoding="utf-8")
    return load_settings(folder, {})


def plan_for(settings, kind: str | None = None):
    from dms_samples import oracle_conversion, oracle_inventory

    return build_plan(settings, oracle_inventory(), oracle_conversion(), migration_type=kind)


def test_apply_updates_a_task_whose_settings_changed(project, stub):
    """Stubber: ModifyReplicationTask (moto lacks it) when the live task differs from the plan."""
    settings = settings_for(project())
    plan = plan_for(settings)
    call = next(c for c in plan.calls if c.operation == "CreateReplicationTask")
    params = {**call.params, "SourceEndpointArn": f"{ACCOUNT}:endpoint:S", "TargetEndpointArn": f"{ACCOUNT}:endpoint:T",
              "ReplicationInstanceArn": f"{ACCOUNT}:rep:I"}  # fmt: skip
    live = {**{k: v for k, v in params.items() if k != "Tags"}, "ReplicationTaskArn": f"{ACCOUNT}:task:X",
            "MigrationType": "full-load"}  # fmt: skip
    dms = stub("dms")
    dms.add_response("describe_replication_tasks", {"ReplicationTasks": [live]}, TASK_FILTER)
    tags = [{"Key": "aurora-migrate:project", "Value": settings.name}]
    dms.add_response("list_tags_for_resource", {"TagList": tags}, {"ResourceArn": f"{ACCOUNT}:task:X"})
    dms.add_response("modify_replication_task", {"ReplicationTask": {**live, "MigrationType": "full-load-and-cdc"}},
                     {"ReplicationTaskArn": f"{ACCOUNT}:task:X", "MigrationType": "full-load-and-cdc"})  # fmt: skip
    _live, change = reconcile(Api(settings.aws), type(call)(call.operation, params), settings.name)
    assert (change.action, change.detail) == ("updated", "MigrationType")


def test_serverless_apply_and_first_start(project, stub):
    """Stubber: DMS Serverless replication configs (moto lacks them): create, then start-replication."""
    settings = settings_for(project(), "serverless")
    plan = plan_for(settings)
    dms = stub("dms")
    for role in ("source", "target"):
        dms.add_response("describe_endpoints", {"Endpoints": []}, {"Filters": ANY})
        dms.add_response(
            "create_endpoint", {"Endpoint": {"EndpointArn": f"{ACCOUNT}:endpoint:{role.upper()}"}}, ANY_PARAMS
        )
    config_arn = f"{ACCOUNT}:replication-config:CFG"
    dms.add_response("describe_replication_configs", {"ReplicationConfigs": []}, {"Filters": ANY})
    expected = {**next(c for c in plan.calls if c.operation == "CreateReplicationConfig").params,
                "SourceEndpointArn": f"{ACCOUNT}:endpoint:SOURCE", "TargetEndpointArn": f"{ACCOUNT}:endpoint:TARGET"}  # fmt: skip
    dms.add_response("create_replication_config", {"ReplicationConfig": {"ReplicationConfigArn": config_arn}}, expected)
    changes = apply_plan(Api(settings.aws), plan)
    assert [c.action for c in changes] == ["created"] * 3
    dms.add_response("describe_replication_configs", {"ReplicationConfigs": [
        {"ReplicationConfigArn": config_arn, "ReplicationConfigIdentifier": plan.names.config,
         "ReplicationType": "full-load-and-cdc"}]}, {"Filters": ANY})  # fmt: skip
    dms.add_response("describe_replications", {"Replications": []}, {"Filters": ANY})
    dms.add_response("start_replication", {"Replication": {"Status": "starting"}},
                     {"ReplicationConfigArn": config_arn, "StartReplicationType": "start-replication"})  # fmt: skip
    assert start(Api(settings.aws), settings)[0]["Replication"]["Status"] == "starting"


ANY_PARAMS = None  # Stubber: accept any (still model-valid) request
POSITION = "checkpoint:V1#27#redo.123:1975:-1:2002:677883278264080#0#0#*#0#24"


def test_start_switching_type_modifies_waits_then_resumes(project, stub):
    """Stubber: ModifyReplicationTask, the task passing through `modifying`, then resume-processing."""
    folder = project()
    settings = settings_for(folder)
    plan = plan_for(settings, "cdc")
    dms = stub("dms")
    arn = f"{ACCOUNT}:task:TASKRESOURCEID"
    dms.add_response(
        "describe_replication_tasks", tasks_answer(folder, "stopped", ReplicationTaskStartDate=NOW), TASK_FILTER
    )
    dms.add_response("modify_replication_task", {"ReplicationTask": task(folder, "modifying")},
                     {"ReplicationTaskArn": arn, "MigrationType": "cdc", "ReplicationTaskSettings": ANY})  # fmt: skip
    dms.add_response("describe_replication_tasks", tasks_answer(folder, "modifying"), TASK_FILTER)
    dms.add_response("describe_replication_tasks", tasks_answer(folder, "stopped"), TASK_FILTER)
    dms.add_response("start_replication_task", {"ReplicationTask": task(folder, "starting")},
                     {"ReplicationTaskArn": arn, "StartReplicationTaskType": "resume-processing",
                      "CdcStartPosition": POSITION})  # fmt: skip

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waiters.time, "sleep", lambda _s: None)
        answers = start(
            Api(settings.aws),
            settings,
            plan,
            cdc_start_position=POSITION,
        )
    assert answers[-1]["ReplicationTask"]["Status"] == "starting"


def test_invalid_state_fault_names_the_state_problem(project, stub):
    settings = settings_for(project())
    dms = stub("dms")
    dms.add_response("describe_replication_tasks", tasks_answer(Path(settings.project_dir), "creating"), TASK_FILTER)
    dms.add_client_error("start_replication_task", "InvalidResourceStateFault", "Task is not ready to be started")
    with pytest.raises(AwsError) as raised:
        start(Api(settings.aws), settings)
    assert "Task is not ready" in raised.value.message and "wait for it to settle" in raised.value.hint


def test_premigration_assessment_run(project, dms_cli, stub):
    """Stubber: StartReplicationTaskAssessmentRun (moto lacks premigration assessments)."""
    folder = project('assessment_bucket = "dms-reports"\nassessment_role_arn = "arn:aws:iam::123456789012:role/dms-s3"')
    dms = stub("dms")
    dms.add_response("describe_replication_tasks", tasks_answer(folder, "ready"), TASK_FILTER)
    expected = {"ReplicationTaskArn": f"{ACCOUNT}:task:TASKRESOURCEID", "ResultLocationBucket": "dms-reports",
                "ServiceAccessRoleArn": "arn:aws:iam::123456789012:role/dms-s3",
                "ResultLocationFolder": f"aurora-migrate/am-shop-{folder.name}-task", "AssessmentRunName": ANY,
                "Tags": ANY}  # fmt: skip
    run = {"AssessmentRunName": "r1", "Status": "starting", "ResultLocationBucket": "dms-reports"}
    dms.add_response("start_replication_task_assessment_run", {"ReplicationTaskAssessmentRun": run}, expected)
    result = dms_cli("assess", folder)
    assert result.exit_code == 0 and "r1: starting" in result.output, result.output


def test_premigration_assessment_needs_a_bucket(project, dms_cli):
    result = dms_cli("assess", project(), "--dry-run")
    assert result.exit_code == 2 and "dms.assessment_bucket is not set" in result.output


def test_a_failure_midway_says_what_was_already_created(project, stub):
    """Stubber: DMS has no capacity for the instance after both endpoints were created."""
    settings = settings_for(project())
    dms = stub("dms")
    for role in ("SOURCE", "TARGET"):
        dms.add_response("describe_endpoints", {"Endpoints": []}, {"Filters": ANY})
        dms.add_response("create_endpoint", {"Endpoint": {"EndpointArn": f"{ACCOUNT}:endpoint:{role}"}}, ANY_PARAMS)
    dms.add_response("describe_replication_instances", {"ReplicationInstances": []}, {"Filters": ANY})
    dms.add_client_error("create_replication_instance", "InsufficientResourceCapacityFault", "No capacity")
    with pytest.raises(AwsError) as raised:
        apply_plan(Api(settings.aws), plan_for(settings))
    message = raised.value.message
    assert "No capacity" in message and f"created endpoint am-shop-{Path(settings.project_dir).name}-source" in message
    assert "dms destroy" in raised.value.hint and "another instance class" in raised.value.hint


def test_serverless_status_reads_replications(project, stub):
    """Stubber: DescribeReplications + DescribeReplicationTableStatistics (DMS Serverless)."""
    from migrate.dms.monitor import read_status

    settings = settings_for(project(), "serverless")
    config_arn = f"{ACCOUNT}:replication-config:CFG"
    dms = stub("dms")
    dms.add_response("describe_replication_configs", {"ReplicationConfigs": [
        {"ReplicationConfigArn": config_arn, "ReplicationType": "cdc"}]}, {"Filters": ANY})  # fmt: skip
    replication = {"ReplicationConfigArn": config_arn, "Status": "failed", "ReplicationType": "cdc",
                   "FailureMessages": ["ERROR: permission denied for schema hr"], "StopReason": "FAILED"}  # fmt: skip
    dms.add_response("describe_replications", {"Replications": [replication]}, {"Filters": ANY})
    row = {"SchemaName": "HR", "TableName": "EMPLOYEES", "TableState": "Table error", "FullLoadRows": 7}
    dms.add_response("describe_replication_table_statistics", {"ReplicationTableStatistics": [row]},
                     {"ReplicationConfigArn": config_arn})  # fmt: skip
    status = read_status(Api(settings.aws), settings, with_latency=False)
    assert (status.status, status.failure) == ("failed", "ERROR: permission denied for schema hr")
    assert [(t.table, t.state, t.full_load_rows) for t in status.tables] == [("EMPLOYEES", "Table error", 7)]


def test_status_explains_a_fatal_stop(project, dms_cli, stub):
    """Stubber: a task stopped by a fatal error; status says what DMS said and what to do."""
    folder = project()
    dms = stub("dms")
    answer = tasks_answer(folder, "stopped", StopReason="Stop Reason FATAL_ERROR",
                          LastFailureMessage="ERROR: relation \"hr.staff\" does not exist")  # fmt: skip
    dms.add_response("describe_replication_tasks", answer, TASK_FILTER)
    dms.add_response("describe_table_statistics", {"TableStatistics": []}, {"ReplicationTaskArn": ANY})
    result = dms_cli("status", folder)
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert 'relation "hr.staff" does not exist' in text and "cannot retry" in text and "dms start --reload" in text


def test_wait_ready_after_apply(project, dms_cli, stub):
    """Stubber: a new task goes from creating to ready (moto's tasks never do)."""
    folder = project()
    dms = stub("dms")
    dms.add_response("describe_replication_tasks", tasks_answer(folder, "creating"), TASK_FILTER)
    dms.add_response("describe_replication_tasks", tasks_answer(folder, "ready"), TASK_FILTER)
    result = dms_cli("wait ready", folder, "--interval", "0s", "--timeout", "5s")
    assert result.exit_code == 0 and "ready" in result.output, result.output


def test_destroy_of_a_busy_task_says_to_stop_it(project, dms_cli, stub):
    """Stubber: DMS refuses to delete a running task; nothing else is deleted after it."""
    folder = project()
    tagging = stub("resourcegroupstaggingapi")
    arns = [f"{ACCOUNT}:task:T1", f"{ACCOUNT}:endpoint:E1"]
    tagging.add_response("get_resources", {"ResourceTagMappingList": [{"ResourceARN": a} for a in arns]}, ANY_PARAMS)
    stub("dms").add_client_error("delete_replication_task", "InvalidResourceStateFault", "Task is running")
    result = dms_cli("destroy", folder, "--yes")
    text = " ".join(result.output.split())
    assert result.exit_code == 2 and "deleted so far: 0; left: 2" in text and "dms destroy --stop" in text


def test_wrong_credentials_are_one_clear_line(project, dms_cli, stub):
    """Stubber: AWS answers UnrecognizedClientException for a key it does not know."""
    folder = project()
    stub("dms").add_client_error("describe_replication_tasks", "UnrecognizedClientException",
                                 "The security token included in the request is invalid.", 400)  # fmt: skip
    result = dms_cli("stop", folder)
    assert result.exit_code == 2 and "access key is not valid" in result.output


def test_wait_ready_for_a_serverless_config_that_never_ran(project, stub):
    """Stubber: a Serverless config has no replication until its first start; it is ready at once."""
    from migrate.dms.control import wait_ready

    settings = settings_for(project(), "serverless")
    dms = stub("dms")
    config = {"ReplicationConfigArn": f"{ACCOUNT}:replication-config:CFG", "ReplicationType": "cdc"}
    dms.add_response("describe_replication_configs", {"ReplicationConfigs": [config]}, {"Filters": ANY})
    dms.add_response("describe_replications", {"Replications": []}, {"Filters": ANY})
    assert wait_ready(Api(settings.aws), settings, timeout=1, interval=0)["Status"] == "created"


def test_status_of_a_serverless_config_that_never_ran(project, stub):
    """Stubber: no replication yet, so no statistics are asked for."""
    from migrate.dms.monitor import read_status

    settings = settings_for(project(), "serverless")
    dms = stub("dms")
    config = {"ReplicationConfigArn": f"{ACCOUNT}:replication-config:CFG", "ReplicationType": "cdc"}
    dms.add_response("describe_replication_configs", {"ReplicationConfigs": [config]}, {"Filters": ANY})
    dms.add_response("describe_replications", {"Replications": []}, {"Filters": ANY})
    status = read_status(Api(settings.aws), settings)
    assert (status.status, status.tables, status.latency_source) == ("created", (), None)


def test_a_task_on_other_endpoints_is_not_silently_kept(project, stub):
    """Stubber: the live task points at endpoints the plan no longer uses; DMS cannot modify that."""
    settings = settings_for(project())
    call = next(c for c in plan_for(settings).calls if c.operation == "CreateReplicationTask")
    params = {**call.params, "SourceEndpointArn": f"{ACCOUNT}:endpoint:NEW", "TargetEndpointArn": f"{ACCOUNT}:endpoint:T",
              "ReplicationInstanceArn": f"{ACCOUNT}:rep:I"}  # fmt: skip
    live = {**{k: v for k, v in params.items() if k != "Tags"}, "ReplicationTaskArn": f"{ACCOUNT}:task:X",
            "SourceEndpointArn": f"{ACCOUNT}:endpoint:OLD"}  # fmt: skip
    dms = stub("dms")
    dms.add_response("describe_replication_tasks", {"ReplicationTasks": [live]}, TASK_FILTER)
    dms.add_response("list_tags_for_resource", {"TagList": [{"Key": "aurora-migrate:project", "Value": settings.name}]},
                     {"ResourceArn": f"{ACCOUNT}:task:X"})  # fmt: skip
    with pytest.raises(AwsError, match="differs from the plan in SourceEndpointArn, which DMS cannot modify"):
        reconcile(Api(settings.aws), type(call)(call.operation, params), settings.name)
