"""DMS test fixtures: moto's server on loopback over HTTP (the real CLI talks to it), and botocore
Stubbers for what moto 5.2 lacks (each test says which path it takes)."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

sys.path.insert(0, str(Path(__file__).parent))

from dms_samples import oracle_conversion, oracle_inventory, project_settings

from migrate.dms.client import Api
from migrate.model import save_conversion, save_inventory

REGION = "us-east-1"
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_PROFILE": None,
}
GOOD_SECRET = {"username": "dms", "password": "s3cr3t-Pa55", "host": "db.example.com", "port": 1521}


@pytest.fixture
def aws(moto_url: str) -> Callable[[str], Any]:
    """A boto3 client on the moto server, for arranging and checking state."""

    def make(service: str) -> Any:
        return boto3.client(service, region_name=REGION, endpoint_url=moto_url, aws_access_key_id="testing",
                            aws_secret_access_key="testing")  # fmt: skip

    return make


def secret(aws: Callable[[str], Any], value: dict[str, Any]) -> str:
    return aws("secretsmanager").create_secret(Name=f"dms-{uuid.uuid4().hex[:8]}", SecretString=json.dumps(value))[
        "ARN"
    ]


@pytest.fixture
def project(tmp_path: Path, aws: Callable[[str], Any]) -> Callable[..., Path]:
    """A project folder with an inventory, a conversion and real secrets on moto; a unique project name."""

    def make(dms: str = "", source_secret: dict[str, Any] | None = None) -> Path:
        folder = tmp_path / uuid.uuid4().hex[:8]
        src = secret(aws, source_secret if source_secret is not None else GOOD_SECRET)
        tgt = secret(aws, {**GOOD_SECRET, "port": 5432})
        settings = f'replication = "instance"\n{dms}'
        project_settings(folder, settings)
        text = (folder / "migration.toml").read_text(encoding="utf-8")
        text = text.replace('name = "Shop Cutover"', f'name = "shop-{folder.name}"')
        text = text.replace("arn:aws:secretsmanager:us-east-1:123456789012:secret:src-AbCdEf", src)
        text = text.replace("arn:aws:secretsmanager:us-east-1:123456789012:secret:tgt-AbCdEf", tgt)
        (folder / "migration.toml").write_text(text, encoding="utf-8")
        save_inventory(folder / "assessment" / "inventory.json", oracle_inventory())
        save_conversion(folder / "converted" / "conversion.json", oracle_conversion())
        return folder

    return make


@pytest.fixture
def dms_cli(cli: Callable[..., Any], moto_url: str) -> Callable[..., Any]:
    """The real CLI against moto: dms_cli("apply", project) -> click Result."""

    def run(command: str, folder: Path, *args: str) -> Any:
        words = command.split()
        return cli("dms", *words, "--project", str(folder), "--region", REGION, "--endpoint-url", moto_url, *args,
                   env=FAKE_ENV)  # fmt: skip

    return run


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Stubber]]:
    """Stubber path: botocore validates every request against the real service model, no network.

    stub("dms") returns the Stubber of the client Api hands out for that service; services not stubbed
    get a normal client (the moto server when --endpoint-url points there).
    """
    stubs: dict[str, Stubber] = {}
    original = Api.client

    def client(self: Api, service: str) -> Any:
        if service in stubs:
            return stubs[service].client
        return original(self, service)

    def make(service: str) -> Stubber:
        real = boto3.client(service, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")
        stubs[service] = Stubber(real)
        stubs[service].activate()
        return stubs[service]

    monkeypatch.setattr(Api, "client", client)
    yield make
    for stubber in stubs.values():
        stubber.assert_no_pending_responses()
