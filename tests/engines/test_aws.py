"""Secrets Manager and credential checks against moto's server over real HTTP on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from migrate.config import AwsSettings, EndpointSettings
from migrate.engines import endpoint_url
from migrate.errors import AwsError

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
}


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)


def test_password_from_a_secrets_manager_secret(moto_url: str, aws_env: None) -> None:
    secrets = boto3.client("secretsmanager", endpoint_url=moto_url, region_name="eu-west-1")
    arn = secrets.create_secret(
        Name="am-test/source",
        SecretString=json.dumps({"username": "app", "password": "Secret-From-SM", "host": "db.example", "port": 5432}),
    )["ARN"]
    aws = AwsSettings(region="eu-west-1", endpoint_url=moto_url)
    url = endpoint_url(EndpointSettings(url="postgresql:///sales", secret=arn), aws, {}, "source")
    assert (url.username, url.host, url.port, url.database) == ("app", "db.example", 5432, "sales")
    assert url.password == "Secret-From-SM" and "Secret-From-SM" not in url.masked


def test_missing_secret_is_a_clear_error(moto_url: str, aws_env: None) -> None:
    aws = AwsSettings(region="eu-west-1", endpoint_url=moto_url)
    with pytest.raises(AwsError) as caught:
        endpoint_url(EndpointSettings(url="postgresql://a@h/db", secret="no/such/secret"), aws, {}, "source")
    assert "ResourceNotFoundException" in caught.value.message and "secretsmanager:GetSecretValue" in caught.value.hint


def test_doctor_checks_aws_credentials_when_dms_is_enabled(
    cli, tmp_path: Path, moto_url: str, pg_url, aws_env: None
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "migration.toml").write_text(
        f'[target]\nurl = "{pg_url.masked}"\n[aws]\nregion = "eu-west-1"\nendpoint_url = "{moto_url}"\n[dms]\nenabled = true\n'
    )
    result = cli("doctor", "--project", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    aws = [c for c in json.loads(result.output)["checks"] if c["area"] == "aws"]
    assert aws[0]["status"] == "ok" and "account" in aws[0]["detail"]


def test_doctor_without_a_region_says_how_to_set_one(
    cli, tmp_path: Path, pg_url, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    for key in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    (tmp_path / "migration.toml").write_text(f'[target]\nurl = "{pg_url.masked}"\n[dms]\nenabled = true\n')
    result = cli("doctor", "--project", str(tmp_path), "--json")
    assert result.exit_code == 2
    aws = [c for c in json.loads(result.output)["checks"] if c["area"] == "aws"]
    assert "no AWS region" in aws[0]["detail"] and "--region" in aws[0]["fix"]
