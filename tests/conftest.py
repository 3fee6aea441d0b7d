"""Shared fixtures. PostgreSQL is always real: MIGRATE_TEST_PG_URL if set, else the server on
127.0.0.1:5432 if it answers, else the embedded server. Each test gets its own fresh database."""

from __future__ import annotations

import os
import queue
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from migrate.engines import connect, embedded
from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl, parse_url
from migrate.errors import ConnectError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# .ci/run installs every optional system part and sets this, so there a missing part fails instead of skipping
REQUIRE_ALL = os.environ.get("MIGRATE_TEST_REQUIRE_ALL") == "1"

# Property tests explore new random examples on a developer's machine; in CI they replay a fixed sequence, so a
# run's verdict is the code's and not the draw's (a new failing example found locally becomes a test line).
settings.register_profile("ci", derandomize=True, print_blob=True)
if REQUIRE_ALL:
    settings.load_profile("ci")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under MIGRATE_TEST_REQUIRE_ALL=1 a skipped test is a failure: CI runs every test, none hides."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under MIGRATE_TEST_REQUIRE_ALL=1 (CI must run every test): {report.longrepr}"


# optional system part -> how to install it (Debian); tests that need one call need_part()
OPTIONAL_PARTS = {
    "plpgsql_check": "apt-get install postgresql-15-plpgsql-check (for the PostgreSQL the tests use)",
    "orafce": "apt-get install postgresql-15-orafce (for the PostgreSQL the tests use)",
    "FreeTDS": "apt-get install unixodbc tdsodbc",
    "unixODBC": "apt-get install unixodbc (pyodbc loads it)",
    "psql": "apt-get install postgresql-client (psql on PATH)",
    "pg_dump": "apt-get install postgresql-client-N, N at least the server's major version",
    "libxml": "a PostgreSQL built with libxml (Debian's packages are; the embedded wheel's is not)",
    "ICU": "a PostgreSQL built with ICU collations (Debian's packages are; the embedded wheel's is not)",
}


def has_icu(url: DatabaseUrl) -> bool:
    with connect(url) as conn:
        return bool(conn.scalar("SELECT count(*) > 0 FROM pg_collation WHERE collprovider = 'i'"))


def other_collation(url: DatabaseUrl) -> str:
    """A key collation that orders text unlike "C" (validation must not depend on either order): ICU's root
    collation where the server has ICU, else a libc one, else "C" itself (then the orders happen to agree)."""
    with connect(url) as conn:
        names = {r[0] for r in conn.rows("SELECT collname FROM pg_collation")}
    return next((n for n in ("und-x-icu", "en_US.utf8", "en_US", "C.utf8") if n in names), "C")


def url_text(url: DatabaseUrl, password: str = "") -> str:
    """The URL as a command line takes it (a socket folder in the query, no port when there is none)."""
    return url._render(password)


def libpq_args(url: DatabaseUrl) -> list[str]:
    """psql / pg_dump connection options for `url` (host may be a socket folder; port may be absent)."""
    host = url.host or url.query.get("host", "")
    args = ["-h", host] if host else []
    args += ["-p", str(url.port)] if url.port else []
    return [*args, "-U", url.username or "postgres", "-d", url.database]


def need_part(part: str, available: bool) -> None:
    """Skip (with the reason and the install command) when an optional system part is missing on this machine;
    fail instead under MIGRATE_TEST_REQUIRE_ALL=1, which CI sets so that every test runs there."""
    if available:
        return
    reason = f"{part} is not installed on this machine: {OPTIONAL_PARTS[part]}"
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (MIGRATE_TEST_REQUIRE_ALL=1: CI must run every test)")
    pytest.skip(reason)


def unixodbc_installed() -> bool:
    try:
        import pyodbc  # noqa: F401
    except ImportError:  # pyodbc's shared library needs unixODBC's libodbc
        return False
    return True


def odbc_driver_installed(name: str) -> bool:
    if not unixodbc_installed():
        return False
    import pyodbc

    return name in pyodbc.drivers()


@pytest.fixture
def need_extensions(pg: Connection) -> Callable[..., None]:
    """need_extensions("plpgsql_check", ...): skip or fail (see need_part) unless the server offers them."""

    def need(*names: str) -> None:
        offered = set(pg.extensions())
        for name in names:
            need_part(name, name in offered)

    return need


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


class Dropper:
    """Drops test databases on a background thread while the next tests run.

    DROP DATABASE forces a checkpoint, which takes seconds on a busy server; done in line it
    would dominate the suite's time. Databases left by an interrupted run (their names carry the
    creation time) are dropped too once they are two hours old.
    """

    def __init__(self, server: DatabaseUrl) -> None:
        self.server = server
        self.names: queue.Queue[str | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="drop-test-databases", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with connect(self.server) as admin:
            while (name := self.names.get()) is not None:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_stale(self) -> None:
        cutoff = int(time.time()) - 2 * 3600
        with connect(self.server) as admin:
            for (name,) in admin.rows("SELECT datname FROM pg_database WHERE datname LIKE 'am\\_test\\_%'"):
                stamp = name.split("_")[2]
                if stamp.isdigit() and int(stamp) < cutoff:
                    self.names.put(name)

    def finish(self) -> None:
        self.names.put(None)
        self.thread.join()


@pytest.fixture(scope="session")
def _dropper(pg_server: DatabaseUrl) -> Iterator[Dropper]:
    dropper = Dropper(pg_server)
    dropper.drop_stale()
    yield dropper
    dropper.finish()


@pytest.fixture
def make_database(pg_server: DatabaseUrl, _dropper: Dropper) -> Iterator[Callable[[], DatabaseUrl]]:
    """A factory of fresh, empty databases on the test server; dropped after the test."""
    created: list[str] = []

    def make() -> DatabaseUrl:
        name = f"am_test_{int(time.time())}_{uuid.uuid4().hex[:8]}"
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
    for name in created:
        _dropper.names.put(name)


@pytest.fixture
def pg_url(make_database: Callable[[], DatabaseUrl]) -> DatabaseUrl:
    """A fresh database for this test."""
    return make_database()


class _Embedded:
    """The embedded PostgreSQL (18, the README demo's default target), started on first use, once per run."""

    def __init__(self) -> None:
        self.data_dir: Path | None = None
        self.url: DatabaseUrl | None = None

    def get(self) -> DatabaseUrl:
        if self.url is None:
            self.data_dir = Path(tempfile.mkdtemp(prefix="am-test-embedded-")) / "pgdata"
            self.url = embedded.start(self.data_dir)
        return self.url


@pytest.fixture(scope="session")
def _embedded() -> Iterator[_Embedded]:
    server = _Embedded()
    yield server
    if server.data_dir is not None:
        embedded.stop(server.data_dir)


@pytest.fixture(scope="session")
def recent_pg_server(pg_server: DatabaseUrl, _embedded: _Embedded) -> DatabaseUrl:
    """A server of PostgreSQL 16 or newer, for features older ones lack: the test server when it is one, else
    the embedded PostgreSQL (18)."""
    with connect(pg_server) as conn:
        major = int(conn.server_version().split(".")[0])
    return pg_server if major >= 16 else _embedded.get()


def _fresh_database(server: DatabaseUrl) -> Iterator[DatabaseUrl]:
    name = f"am_test_{int(time.time())}_{uuid.uuid4().hex[:8]}"
    with connect(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield replace(server, database=name)
    with connect(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def recent_pg_url(recent_pg_server: DatabaseUrl) -> Iterator[DatabaseUrl]:
    """A fresh database on `recent_pg_server`, dropped after the test."""
    yield from _fresh_database(recent_pg_server)


@pytest.fixture
def embedded_pg_url(_embedded: _Embedded) -> Iterator[DatabaseUrl]:
    """A fresh database on the embedded PostgreSQL (what `make demo` deploys to: no ICU, contrib extensions)."""
    yield from _fresh_database(_embedded.get())


@pytest.fixture
def pg(pg_url: DatabaseUrl) -> Iterator[Connection]:
    with connect(pg_url) as conn:
        yield conn


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    """moto's server on loopback, spoken to over real HTTP like AWS (one for the whole run)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the real CLI in-process: cli("doctor", "--project", str(path))."""
    from migrate.cli.main import cli as group

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(group, list(args), env=env, catch_exceptions=False)

    return run


@pytest.fixture(autouse=True)
def _forget_registered_secrets() -> Iterator[None]:
    """A password a test registered (parse_url remembers it for masking) must not mask words in later tests."""
    yield
    import migrate.errors

    migrate.errors._registered.clear()
