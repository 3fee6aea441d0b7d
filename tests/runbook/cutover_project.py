"""Cutover test helpers and fixtures: a real project on the real PostgreSQL (the example legacy_shop as the source, assessed,
converted, deployed and loaded into a second database as the target) with its DMS resources on moto's server."""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from migrate.engines import connect
from migrate.engines.url import DatabaseUrl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REGION = "us-east-1"
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "AWS_EC2_METADATA_DISABLED": "true",
}
TABLES = ("shop.customers", "shop.products", "shop.orders", "shop.order_lines")
# what a rehearsal on this machine must accept knowingly: moto has no DescribeTableStatistics (dms.tables,
# dms.table_changes), CloudWatch holds no latency for the reverse task (reverse.latency), and the test server runs
# wal_level = replica, so reverse replication could not read it (target.logical_replication)
OVERRIDES = ("--accept-unknown", "dms.tables", "--accept-unknown", "dms.table_changes",
             "--accept-unknown", "reverse.latency",
             "--waive", "target.logical_replication=test server runs wal_level=replica; the reverse task runs on moto")  # fmt: skip


@dataclass
class Shop:
    folder: Path
    source: DatabaseUrl
    target: DatabaseUrl
    app_user: str
    app_secret: str
    moto_url: str

    def aws(self, service: str) -> Any:
        return boto3.client(service, region_name=REGION, endpoint_url=self.moto_url, aws_access_key_id="testing",
                            aws_secret_access_key="testing")  # fmt: skip

    def task(self, suffix: str = "-task") -> dict[str, Any]:
        tasks = self.aws("dms").describe_replication_tasks()["ReplicationTasks"]
        return next(t for t in tasks if t["ReplicationTaskIdentifier"] == f"am-{self.folder.name}{suffix}")

    def audit(self) -> list[dict[str, Any]]:
        path = self.folder / "cutover" / "audit.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def state(self) -> dict[str, Any]:
        return json.loads((self.folder / "cutover" / "state.json").read_text(encoding="utf-8"))


def copy_rows(source: DatabaseUrl, target: DatabaseUrl) -> None:
    """What DMS's full load does (moto moves no data): the rows, with triggers and FK checks off, sequences untouched."""
    with connect(source, read_only=True) as src, connect(target) as tgt:
        tgt.execute("SET session_replication_role = replica")
        for table in TABLES:
            with (
                src.raw.cursor().copy(f"COPY {table} TO STDOUT (FORMAT binary)") as out,
                tgt.raw.cursor().copy(f"COPY {table} FROM STDIN (FORMAT binary)") as into,
            ):
                for chunk in out:
                    into.write(chunk)


def put_latency(shop: Shop, task_id: str, values: list[float]) -> None:
    now = datetime.now(UTC)
    dims = [{"Name": "ReplicationInstanceIdentifier", "Value": f"am-{shop.folder.name}-instance"},
            {"Name": "ReplicationTaskIdentifier", "Value": task_id}]  # fmt: skip
    data = [{"MetricName": metric, "Dimensions": dims, "Timestamp": now - timedelta(minutes=len(values) - 1 - i),
             "Value": value, "Unit": "Seconds"}
            for metric in ("CDCLatencySource", "CDCLatencyTarget") for i, value in enumerate(values)]  # fmt: skip
    shop.aws("cloudwatch").put_metric_data(Namespace="AWS/DMS", MetricData=data)


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for key, value in AWS_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return AWS_ENV


@pytest.fixture
def shop(tmp_path: Path, make_database: Callable[[], DatabaseUrl], moto_url: str, cli: Callable[..., Any],
         aws_env: dict[str, str], pg_server: DatabaseUrl) -> Iterator[Shop]:  # fmt: skip
    """The example project, ready for cutover: full load done, the forward task running on moto, latency low."""
    source, target = make_database(), make_database()
    with connect(source) as conn:
        for name in ("schema.sql", "data.sql"):
            conn.execute((EXAMPLES / "postgres" / "legacy_shop" / name).read_text(encoding="utf-8"))
    folder = tmp_path / f"shop{uuid.uuid4().hex[:8]}"
    app_user = f"am_app_{uuid.uuid4().hex[:8]}"
    with connect(pg_server) as admin:
        admin.execute(f'CREATE ROLE "{app_user}" LOGIN')
    assert cli("init", str(folder)).exit_code == 0
    assert cli("assess", "--source", source.masked, "--out", str(folder / "assessment")).exit_code == 0
    converted = cli("convert", "--inventory", str(folder / "assessment" / "inventory.json"), "--out",
                    str(folder / "converted"))  # fmt: skip
    assert converted.exit_code == 0, converted.output
    deployed = cli("deploy", str(folder / "converted"), "--target", target.masked)
    assert deployed.exit_code == 0, deployed.output
    copy_rows(source, target)
    sm = boto3.client("secretsmanager", region_name=REGION, endpoint_url=moto_url)
    arns = {side: sm.create_secret(Name=f"{folder.name}/{side}", SecretString=json.dumps(
        {"username": "dms", "password": "dms-Pa55word", "host": "127.0.0.1", "port": 5432, "dbname": db.database}
    ))["ARN"] for side, db in (("source", source), ("target", target))}  # fmt: skip
    app = {
        "username": pg_server.username,
        "password": pg_server.password,
        "host": pg_server.host,
        "port": pg_server.port or 5432,
        "dbname": source.database,
    }  # the application's secret: the source now
    app_secret = sm.create_secret(Name=f"{folder.name}/app", SecretString=json.dumps(app))["ARN"]
    toml = folder / "migration.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(_settings(text, moto_url, arns, app_user, app_secret, source, target), encoding="utf-8")
    assert cli("dms", "apply", "--project", str(folder), env=AWS_ENV).exit_code == 0
    assert cli("dms", "start", "--project", str(folder), env=AWS_ENV).exit_code == 0
    made = Shop(folder, source, target, app_user, app_secret, moto_url)
    put_latency(made, f"am-{folder.name}-task", [2.0, 1.0, 1.0])
    yield made
    with connect(pg_server) as admin:
        admin.execute(f'DROP ROLE IF EXISTS "{app_user}"')


def _settings(text: str, moto_url: str, arns: dict[str, str], app_user: str, app_secret: str, source: DatabaseUrl,
              target: DatabaseUrl) -> str:  # fmt: skip
    """The template with the settings this test needs (the first url is the source's, the second the target's)."""
    replacements = [
        ('url = ""', f'url = "{source.masked}"'),
        ('url = ""', f'url = "{target.masked}"'),
        ('region = ""', f'region = "{REGION}"'),
        ('endpoint_url = ""', f'endpoint_url = "{moto_url}"'),
        ("enabled = false", "enabled = true"),
        ('replication = "serverless"', 'replication = "instance"'),
        ('source_secret_arn = ""', f'source_secret_arn = "{arns["source"]}"'),
        ('target_secret_arn = ""', f'target_secret_arn = "{arns["target"]}"'),
        ('secrets_access_role_arn = ""', 'secrets_access_role_arn = "arn:aws:iam::123456789012:role/dms-secrets"'),
        ("max_cdc_latency_seconds = 5.0", "max_cdc_latency_seconds = 5.0"),
        ("latency_samples = 3", "latency_samples = 2"),
        ("lag_margin_seconds = 30.0", "lag_margin_seconds = 0.0"),
        ("drain_timeout_seconds = 3600.0", "drain_timeout_seconds = 20.0"),
        ("poll_interval_seconds = 30.0", "poll_interval_seconds = 0.2"),
        ("app_users = []", f'app_users = ["{app_user}"]'),
        ('switch_secret_id = ""', f'switch_secret_id = "{app_secret}"'),
        ("# switch_values = {", f'switch_values = {{ dbname = "{target.database}" }}\n# was: switch_values = {{'),
        ("hypercare_minutes = 60.0", "hypercare_minutes = 0.0"),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def run_env() -> dict[str, str]:
    """The environment of a cutover subprocess: this checkout first on the path, fake AWS credentials."""
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, **AWS_ENV, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


PYTHON = sys.executable
