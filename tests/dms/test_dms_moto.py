"""Moto path: the real CLI against moto's server over HTTP (endpoints, instances, tasks, connections,
start/stop, Secrets Manager, tagging, CloudWatch). Nothing here relies on moto's known bugs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from conftest import GOOD_SECRET


def endpoints(aws, name_prefix: str) -> list[str]:
    return sorted(e["EndpointIdentifier"] for e in aws("dms").describe_endpoints()["Endpoints"]
                  if e["EndpointIdentifier"].startswith(name_prefix))  # fmt: skip


def prefix(folder) -> str:
    return f"am-shop-{folder.name}"


def test_apply_creates_everything_tagged_then_changes_nothing(project, dms_cli, aws):
    folder = project()
    first = dms_cli("apply", folder)
    assert first.exit_code == 0, first.output
    assert endpoints(aws, prefix(folder)) == [f"{prefix(folder)}-source", f"{prefix(folder)}-target"]
    task = aws("dms").describe_replication_tasks()["ReplicationTasks"]
    task = next(t for t in task if t["ReplicationTaskIdentifier"] == f"{prefix(folder)}-task")
    assert json.loads(task["ReplicationTaskSettings"])["FullLoadSettings"]["TargetTablePrepMode"] == "DO_NOTHING"
    tags = aws("dms").list_tags_for_resource(ResourceArn=task["ReplicationTaskArn"])["TagList"]
    assert {"Key": "aurora-migrate:project", "Value": f"shop-{folder.name}"} in [
        {"Key": t["Key"], "Value": t["Value"]} for t in tags
    ]
    second = dms_cli("apply", folder)
    assert second.exit_code == 0, second.output
    assert "nothing to change" in second.output and "created" not in second.output
    assert (folder / "dms" / "plan.md").is_file()


def test_plan_files_never_hold_the_password(project, dms_cli):
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    for name in ("table-mappings.json", "task-settings.json", "plan.md"):
        assert GOOD_SECRET["password"] not in (folder / "dms" / name).read_text(encoding="utf-8")


def test_secret_without_required_keys_creates_nothing(project, dms_cli, aws):
    folder = project(source_secret={"username": "dms", "password": "x"})
    result = dms_cli("apply", folder)
    assert result.exit_code == 2
    assert "lacks the key(s) host, port" in result.output and "nothing was created" in result.output
    assert endpoints(aws, prefix(folder)) == []


def test_resource_of_another_owner_is_never_adopted(project, dms_cli, aws):
    folder = project()
    aws("dms").create_endpoint(EndpointIdentifier=f"{prefix(folder)}-source", EndpointType="source",
                               EngineName="oracle")  # fmt: skip
    result = dms_cli("apply", folder)
    assert result.exit_code == 2
    assert "belongs to no aurora-migrate project" in result.output


def test_test_connections_start_stop(project, dms_cli):
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    tested = dms_cli("test-connections", folder)
    assert tested.exit_code == 0, tested.output
    assert tested.output.count("successful") == 2
    started = dms_cli("start", folder)
    assert started.exit_code == 0 and "running" in started.output, started.output
    stopped = dms_cli("stop", folder)
    assert stopped.exit_code == 0 and "stopped" in stopped.output, stopped.output


def test_stop_when_not_running_says_what_to_do(project, dms_cli):
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    result = dms_cli("stop", folder)
    assert result.exit_code == 2
    assert "InvalidResourceStateFault" in result.output and "wait for it to settle" in result.output


def test_destroy_removes_only_this_projects_resources(project, dms_cli, aws):
    mine, other = project(), project()
    assert dms_cli("apply", mine).exit_code == 0
    assert dms_cli("apply", other).exit_code == 0
    result = dms_cli("destroy", mine, "--yes")
    assert result.exit_code == 0, result.output
    assert result.output.count("deleted") == 4  # task, instance, two endpoints
    assert endpoints(aws, prefix(mine)) == []
    assert len(endpoints(aws, prefix(other))) == 2


def test_dry_run_sends_nothing(project, dms_cli, aws):
    folder = project()
    result = dms_cli("apply", folder, "--dry-run")
    assert result.exit_code == 0, result.output
    calls = json.loads(result.stdout)
    assert [c["operation"] for c in calls] == [
        "CreateEndpoint", "CreateEndpoint", "CreateReplicationInstance", "CreateReplicationTask"
    ]  # fmt: skip
    assert endpoints(aws, prefix(folder)) == []


def test_wait_cdc_drained_times_out_while_latency_is_high(project, dms_cli, aws):
    """CloudWatch on moto: a latency curve that never falls under the bound."""
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    assert dms_cli("start", folder).exit_code == 0
    task = next(t for t in aws("dms").describe_replication_tasks()["ReplicationTasks"]
                if t["ReplicationTaskIdentifier"] == f"{prefix(folder)}-task")  # fmt: skip
    put_latency(aws, f"{prefix(folder)}-instance", task["ReplicationTaskArn"].rsplit(":", 1)[-1], [90, 60, 40, 30])
    result = dms_cli("wait cdc-drained", folder, "--max-latency", "5s", "--samples", "3", "--timeout", "1s",
                     "--interval", "0.1s")  # fmt: skip
    assert result.exit_code == 2
    assert "gave up waiting for CDC to drain" in result.output and "60, 40, 30" in result.output


def put_latency(aws, instance: str, task_resource_id: str, values: list[float]) -> None:
    """One datapoint a minute ending now, for both CDC latency metrics."""
    now = datetime.now(UTC)
    dims = [{"Name": "ReplicationInstanceIdentifier", "Value": instance},
            {"Name": "ReplicationTaskIdentifier", "Value": task_resource_id}]  # fmt: skip
    data = [
        {"MetricName": metric, "Dimensions": dims, "Timestamp": now - timedelta(minutes=len(values) - 1 - i),
         "Value": value, "Unit": "Seconds"}
        for metric in ("CDCLatencySource", "CDCLatencyTarget")
        for i, value in enumerate(values)
    ]  # fmt: skip
    aws("cloudwatch").put_metric_data(Namespace="AWS/DMS", MetricData=data)


def test_missing_credentials_is_one_clear_line(project, cli, moto_url):
    folder = project()
    env = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None, "AWS_SESSION_TOKEN": None, "AWS_PROFILE": None,
           "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
           "AWS_EC2_METADATA_DISABLED": "true"}  # fmt: skip
    result = cli(
        "dms", "status", "--project", str(folder), "--region", "us-east-1", "--endpoint-url", moto_url, env=env
    )
    assert result.exit_code == 2
    assert "no AWS credentials found" in result.output and "Traceback" not in result.output


def test_missing_region_is_one_clear_line(project, cli, moto_url):
    folder = project()
    env = {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y", "AWS_DEFAULT_REGION": None, "AWS_REGION": None,
           "AWS_CONFIG_FILE": "/nonexistent", "AWS_PROFILE": None}  # fmt: skip
    result = cli("dms", "status", "--project", str(folder), "--endpoint-url", moto_url, env=env)
    assert result.exit_code == 2
    assert "no AWS region is set" in result.output and "--region" in result.output


def test_destroy_stop_stops_a_running_task_first(project, dms_cli, aws):
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    assert dms_cli("start", folder).exit_code == 0
    result = dms_cli("destroy", folder, "--yes", "--stop")
    assert result.exit_code == 0, result.output
    assert "stopped the running task" in result.output and result.output.count("deleted") == 4


def test_unknown_profile_is_one_clear_line(project, cli, moto_url):
    folder = project()
    result = cli("dms", "status", "--project", str(folder), "--profile", "nope", "--region", "us-east-1",
                 env={"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"})  # fmt: skip
    assert result.exit_code == 2 and "profile 'nope' is not configured" in result.output


def test_serverless_latency_dimensions_are_found_by_resource_id(project, aws):
    """CloudWatch on moto: a Serverless replication's metrics are found by its resource id, whatever the
    dimension is called; a task's use the task's resource id, never its name."""
    from migrate.config import load_settings
    from migrate.dms.client import Api
    from migrate.dms.monitor import cdc_latency, latency_dimensions

    folder = project()
    text = (folder / "migration.toml").read_text(encoding="utf-8").replace('"instance"', '"serverless"')
    (folder / "migration.toml").write_text(text, encoding="utf-8")
    settings = load_settings(folder, {})
    dims = [{"Name": "ReplicationConfigIdentifier", "Value": "CFGRESOURCE42"}]
    now = datetime.now(UTC)
    aws("cloudwatch").put_metric_data(Namespace="AWS/DMS", MetricData=[
        {"MetricName": m, "Dimensions": dims, "Timestamp": now, "Value": 2.0} for m in ("CDCLatencySource", "CDCLatencyTarget")
    ])  # fmt: skip
    api = Api(settings.aws, {"cloudwatch": aws("cloudwatch")})
    arn = "arn:aws:dms:us-east-1:123456789012:replication-config:CFGRESOURCE42"
    assert latency_dimensions(api, settings, arn) == dims
    assert cdc_latency(api, settings, arn)[:2] == (2.0, 2.0)


def test_dry_run_after_a_settings_change_prints_only_the_modify(project, dms_cli, aws):
    """Read-only against moto: describes run, the ModifyReplicationTask is printed, not sent."""
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    toml = folder / "migration.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'migration_type = "full-load"\n', encoding="utf-8")
    result = dms_cli("apply", folder, "--dry-run")
    assert result.exit_code == 0, result.output
    calls = json.loads(result.stdout)
    assert [c["operation"] for c in calls] == ["ModifyReplicationTask"]
    assert calls[0]["params"]["MigrationType"] == "full-load"
    assert "would be unchanged: endpoint" in result.output
    task = next(t for t in aws("dms").describe_replication_tasks()["ReplicationTasks"]
                if t["ReplicationTaskIdentifier"] == f"{prefix(folder)}-task")  # fmt: skip
    assert task["MigrationType"] == "full-load-and-cdc"  # nothing was sent


def test_logs_show_the_tasks_error_lines(project, dms_cli, aws):
    """CloudWatch Logs on moto: the task's stream, found from the instance name and the task's resource id."""
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    task = next(t for t in aws("dms").describe_replication_tasks()["ReplicationTasks"]
                if t["ReplicationTaskIdentifier"] == f"{prefix(folder)}-task")  # fmt: skip
    group, stream = f"dms-tasks-{prefix(folder)}-instance", f"dms-task-{task['ReplicationTaskArn'].rsplit(':', 1)[-1]}"
    logs = aws("logs")
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    now = int(datetime.now(UTC).timestamp() * 1000)
    lines = ["2026-01-01T00:00:00 [TASK_MANAGER    ]I:  Task started",
             "2026-01-01T00:00:01 [TARGET_LOAD     ]E:  RetCode: SQL_ERROR  relation \"hr.staff\" does not exist",
             "2026-01-01T00:00:02 [TASK_MANAGER    ]W:  Table suspended"]  # fmt: skip
    logs.put_log_events(logGroupName=group, logStreamName=stream,
                        logEvents=[{"timestamp": now + i, "message": m} for i, m in enumerate(lines)])  # fmt: skip
    errors = dms_cli("logs", folder)
    assert errors.exit_code == 0, errors.output
    assert 'relation "hr.staff" does not exist' in errors.output and "Task started" not in errors.output
    everything = dms_cli("logs", folder, "--level", "all")
    assert "Task started" in everything.output and "Table suspended" in everything.output


def test_logs_of_a_task_that_never_logged_say_why(project, dms_cli):
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    result = dms_cli("logs", folder)
    assert result.exit_code == 2 and "dms-cloudwatch-logs-role" in result.output


def test_status_shows_what_it_can_when_table_statistics_are_missing(project, dms_cli):
    """moto has no DescribeTableStatistics: the task's state and CDC latency still show, the gap is named."""
    folder = project()
    assert dms_cli("apply", folder).exit_code == 0
    assert dms_cli("start", folder).exit_code == 0
    result = dms_cli("status", folder)
    assert result.exit_code == 0, result.output
    assert "running" in result.output and "CDC latency" in result.output
    assert "not available: per-table statistics (DescribeTableStatistics)" in result.output
