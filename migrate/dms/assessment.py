"""DMS premigration assessments: DMS checks the source, target and task settings before the load
(unsupported types, LOBs without keys, CDC prerequisites) and writes a report to S3.

The API offers them for provisioned tasks (StartReplicationTaskAssessmentRun). DMS Serverless runs
them only as part of StartReplication, so aurora-migrate says so instead of pretending.
"""

from __future__ import annotations

from typing import Any

from migrate.config import Settings
from migrate.dms.client import Api
from migrate.dms.monitor import find_run
from migrate.dms.plan import ApiCall
from migrate.dms.replication import names, tags
from migrate.errors import ConfigError


def assessment_call(settings: Settings, task_arn: str, stamp: str) -> ApiCall:
    """`stamp` (e.g. 20260101-120000) makes each run's name unique; results land under the project's folder."""
    dms = settings.dms
    if settings.dms.replication != "instance":
        raise ConfigError(
            "DMS Serverless has no stand-alone premigration assessment API",
            'use the DMS console\'s premigration assessment for the replication, or dms.replication = "instance"',
        )
    missing = [k for k in ("assessment_bucket", "assessment_role_arn") if not getattr(dms, k)]
    if missing:
        raise ConfigError(
            f"dms.{missing[0]} is not set",
            "set dms.assessment_bucket (an S3 bucket) and dms.assessment_role_arn (a role DMS may assume to write it)",
        )
    task = names(settings).task
    params = {
        "ReplicationTaskArn": task_arn,
        "ServiceAccessRoleArn": dms.assessment_role_arn,
        "ResultLocationBucket": dms.assessment_bucket,
        "ResultLocationFolder": f"aurora-migrate/{task}",
        "AssessmentRunName": f"{task}-{stamp}"[:255],
        "Tags": tags(settings, "assessment-run"),
    }
    return ApiCall("StartReplicationTaskAssessmentRun", params, why="every individual assessment DMS offers")


def start_assessment(api: Api, settings: Settings, stamp: str) -> dict[str, Any]:
    call = assessment_call(settings, find_run(api, settings)["ReplicationTaskArn"], stamp)
    return dict(api.call(call.operation, **call.params)["ReplicationTaskAssessmentRun"])


def latest_assessment(api: Api, settings: Settings) -> dict[str, Any] | None:
    arn = find_run(api, settings)["ReplicationTaskArn"]
    runs = list(api.pages("DescribeReplicationTaskAssessmentRuns", "ReplicationTaskAssessmentRuns",
                          Filters=[{"Name": "replication-task-arn", "Values": [arn]}]))  # fmt: skip
    runs.sort(key=lambda r: str(r.get("ReplicationTaskAssessmentRunCreationDate", "")))
    return runs[-1] if runs else None
