"""Shared fixtures. PostgreSQL is always real: MIGRATE_TEST_PG_URL if set, else the server on
127.0.0.1:5432 if it answers, else the embedded server. Each test gets its own fresh database."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from migrate.engines import connect, embedded
from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl, parse_url
from migrate.errors import ConnectError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _server_url() -> tuple[DatabaseUrl, str]:
    if os.environ.get("MIGRATE_TEST_PG_URL"):
        return parse_url(os.environ["MIGRATE_TEST_PG_URL"]), "MIGRATE_TEST_PG_URL"
    local = parse_url("postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        connect(local).close()
        return local, "local server on 127.0.0.1:5432"
    except ConnectError:
        data_dir = Path(tempfile.mkdtemp(prefix="am-test-pg-")) / "pgdata"
        return embedded.start(data_dir), "embedded PostgreSQL"


@pytest.fixture(scope="session")
def pg_server() -> DatabaseUrl:
    url, _how = _server_url()
    return url


@pytest.fixture(scope="session")
def make_database(pg_server: DatabaseUrl) -> Iterator[Callable[[], DatabaseUrl]]:
    """A factory of fresh, empty databases on the test server; all dropped at the end."""
    created: list[str] = []

    def make() -> DatabaseUrl:
        name = f"am_test_{uuid.uuid4().hex[:12]}"
        with connect(pg_server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return DatabaseUrl(
            engine="postgresql",
            host=pg_server.host,
            port=pg_server.port,
            database=name,
            username=pg_server.username,
            password=pg_server.password,
            query=pg_server.query,
        )

    yield make
    with connect(pg_server) as admin:
        for name in created:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(make_database: Callable[[], DatabaseUrl]) -> DatabaseUrl:
    """A fresh database for this test."""
    return make_database()


@pytest.fixture
def pg(pg_url: DatabaseUrl) -> Iterator[Connection]:
    with connect(pg_url) as conn:
        yield conn


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the real CLI in-process: cli("doctor", "--project", str(path))."""
    from migrate.cli.main import cli as group

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(group, list(args), env=env, catch_exceptions=False)

    return run
