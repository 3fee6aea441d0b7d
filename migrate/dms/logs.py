"""The task's own log lines from CloudWatch Logs: where DMS explains a failed table or a stopped task.

A provisioned task logs to group ``dms-tasks-<replication instance name>``, stream
``dms-task-<task resource id>`` (task settings Logging.EnableLogging, on in every preset). DMS marks
error lines ``]E:`` and warnings ``]W:``.
"""

from __future__ import annotations

import time
from itertools import islice
from typing import Any

from migrate.config import Settings
from migrate.dms.client import Api
from migrate.dms.monitor import find_run, resource_id
from migrate.dms.replication import names
from migrate.errors import AwsError, ConfigError

MAX_EVENTS = 50_000  # a long task logs millions of lines; the newest matching ones are what explains a failure

# --level -> CloudWatch Logs filter pattern
LEVELS: dict[str, str] = {
    "errors": '"]E:"',  # error lines only
    "warnings": '?"]E:" ?"]W:"',  # errors and warnings
    "all": "",  # everything the task logged
}


def log_location(api: Api, settings: Settings) -> tuple[str, str]:
    if settings.dms.replication != "instance":
        raise ConfigError(
            "aurora-migrate reads task logs of provisioned tasks only",
            "for DMS Serverless, open the replication's CloudWatch log group from the DMS console",
        )
    task_arn = find_run(api, settings)["ReplicationTaskArn"]
    return f"dms-tasks-{names(settings).instance}", f"dms-task-{resource_id(task_arn)}"


def recent_lines(
    api: Api, settings: Settings, level: str = "errors", lines: int = 20, since_seconds: float = 86_400
) -> list[str]:
    """The last `lines` matching lines of the task's log within `since_seconds`, oldest first."""
    group, stream = log_location(api, settings)
    start = int((time.time() - since_seconds) * 1000)
    params: dict[str, Any] = {"logGroupName": group, "logStreamNames": [stream], "filterPattern": LEVELS[level],
                              "startTime": start}  # fmt: skip
    try:
        events = list(islice(api.pages("FilterLogEvents", "events", "logs", token="nextToken", **params), MAX_EVENTS))
    except AwsError as exc:
        if "ResourceNotFoundException" not in exc.message:
            raise
        raise AwsError(
            f"no CloudWatch log {group}/{stream} for this task",
            "the task has not run yet, or DMS cannot write logs: create the dms-cloudwatch-logs-role IAM role "
            "(AWS DMS guide, 'IAM roles for the AWS CLI and API')",
        ) from None
    events.sort(key=lambda e: e.get("timestamp", 0))
    return [str(e.get("message", "")).rstrip() for e in events[-lines:]]
