"""The switch: the application's connection secret points at the target (or a hook command does the switch).

The secret's value is never kept: the switch writes a new version (the old JSON with cutover.switch_values
merged in) and records only the previous version's id; switching back moves the AWSCURRENT label to that
version again. The write check connects with the credentials the secret now holds, inserts a row into
aurora_migrate.cutover_probe, and reads it back through the project's target URL: a write from the application's
point of view that landed on the target.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from typing import Any

from migrate.config import Settings
from migrate.dms.client import Api
from migrate.engines import DatabaseUrl, connect
from migrate.errors import AwsError, ConfigError, MigrateError, register_secret


def _secret(api: Api, secret_id: str) -> tuple[dict[str, Any], str]:
    answer = api.call("GetSecretValue", "secretsmanager", SecretId=secret_id)
    try:
        data = json.loads(answer.get("SecretString") or "")
    except json.JSONDecodeError:
        raise AwsError(f"secret {secret_id} is not JSON", "the switch merges keys into a JSON secret") from None
    if not isinstance(data, dict):
        raise AwsError(f"secret {secret_id} is not a JSON object", 'store it as {"host": ..., ...}')
    register_secret(str(data.get("password", "")))
    return data, str(answer.get("VersionId", ""))


def wanted_values(settings: Settings) -> dict[str, Any]:
    return {k: (int(v) if k == "port" and str(v).isdigit() else v) for k, v in settings.cutover.switch_values.items()}


def is_switched(api: Api, settings: Settings) -> bool:
    data, _version = _secret(api, settings.cutover.switch_secret_id)
    return all(str(data.get(k)) == str(v) for k, v in wanted_values(settings).items())


def switch_secret(api: Api, settings: Settings) -> tuple[str, str]:
    """(previous version id, new version id); idempotent: a secret already switched is left alone."""
    secret_id = settings.cutover.switch_secret_id
    data, version = _secret(api, secret_id)
    wanted = wanted_values(settings)
    if all(str(data.get(k)) == str(v) for k, v in wanted.items()):
        return "", version
    answer = api.call(
        "PutSecretValue", "secretsmanager", SecretId=secret_id, SecretString=json.dumps({**data, **wanted})
    )
    return version, str(answer.get("VersionId", ""))


def switch_back(api: Api, settings: Settings, previous: str) -> str:
    secret_id = settings.cutover.switch_secret_id
    _data, current = _secret(api, secret_id)
    if current == previous:
        return f"{secret_id} already at version {previous}"
    api.call("UpdateSecretVersionStage", "secretsmanager", SecretId=secret_id, VersionStage="AWSCURRENT",
             MoveToVersionId=previous, RemoveFromVersionId=current)  # fmt: skip
    return f"{secret_id}: AWSCURRENT moved back to version {previous}"


def run_hook(command: str, what: str) -> str:
    if not command:
        raise ConfigError(f"no {what} command is configured", f"set cutover.{what} in migration.toml")
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise MigrateError(f"cutover.{what} exited {done.returncode}: {(done.stderr or done.stdout).strip()[:300]}",
                           "fix the command (or what it calls) and resume")  # fmt: skip
    return (done.stdout or "").strip()[:300]


PROBE_DDL = (
    "CREATE SCHEMA IF NOT EXISTS aurora_migrate",
    "CREATE TABLE IF NOT EXISTS aurora_migrate.cutover_probe (run_id text, written_at timestamptz DEFAULT now())",
)


def write_check(api: Api, settings: Settings, target: DatabaseUrl, run_id: str) -> str:
    """Write through the secret's credentials, read back through the target URL; '' = landed, else why not."""
    with connect(target) as admin:
        for sql in PROBE_DDL:
            admin.execute(sql)
        if settings.cutover.target_app_role:
            admin.execute(f'GRANT USAGE ON SCHEMA aurora_migrate TO "{settings.cutover.target_app_role}"')
            admin.execute(f'GRANT INSERT ON aurora_migrate.cutover_probe TO "{settings.cutover.target_app_role}"')
    if settings.cutover.switch_secret_id:
        data, _version = _secret(api, settings.cutover.switch_secret_id)
        as_app = replace(target, host=str(data.get("host", target.host)), port=int(data.get("port") or target.port or 5432),
                         database=str(data.get("dbname") or data.get("database") or target.database),
                         username=str(data.get("username", target.username)), password=str(data.get("password") or ""))  # fmt: skip
    else:
        as_app = target
    try:
        with connect(as_app) as app:
            app.execute("INSERT INTO aurora_migrate.cutover_probe (run_id) VALUES (%s)", (run_id,))
    except MigrateError as exc:
        return f"the write through the switched connection failed: {exc.message}"
    with connect(target) as admin:
        found = admin.scalar("SELECT count(*) FROM aurora_migrate.cutover_probe WHERE run_id = %s", (run_id,))
    return "" if found else "the probe row written through the switched connection is not on the target"
