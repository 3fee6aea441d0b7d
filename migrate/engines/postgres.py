"""PostgreSQL (and Aurora PostgreSQL) through psycopg 3."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from migrate.engines.base import Connection
from migrate.engines.read_only import session
from migrate.engines.url import DatabaseUrl
from migrate.errors import ConnectError, DriverMissingError, mask_secrets
from migrate.model.engines import POSTGRESQL

_cursor_names = itertools.count()


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise DriverMissingError(
            "the PostgreSQL driver psycopg is not installed", "pip install 'psycopg[binary]>=3.2'"
        ) from None
    return psycopg


class PostgresConnection(Connection):
    engine = POSTGRESQL.name
    dialect = POSTGRESQL.sqlglot
    version_query = "SHOW server_version"
    session_statements = (
        session(r"SHOW [A-Z_]+", "reads one setting (the version query, checks of the session settings)"),
        session("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "keeps the session read-only (validators)"),
        session(r"SET (DATESTYLE|EXTRA_FLOAT_DIGITS|INTERVALSTYLE|TIMEZONE|BYTEA_OUTPUT) = ('[^']*'|-?\d+)"
                r"|RESET EXTRA_FLOAT_DIGITS",
                "the validators' canonical text form of timestamps, intervals, bytea and floats"),
        session(r"SELECT SET_CONFIG \( 'client_connection_check_interval' , '\d+s' , FALSE \) "
                r"WHERE CURRENT_SETTING \( 'server_version_num' \) :: INT >= \d+",
                "ends the session's queries when the client is gone (validators, PostgreSQL 14+)"),
        session(r"SET STATEMENT_TIMEOUT = \d+", "a per-query time limit (validate performance)"),
        session(r"SET (ENABLE_SORT = OFF|PARALLEL_TUPLE_COST = \d+|JIT_(INLINE|OPTIMIZE)_ABOVE_COST = - 1)",
                "planner settings of the validators' checksum queries (validators/normalize/postgres.py)"),
    )  # fmt: skip

    def _open_cursor(self, streaming: bool) -> Any:
        if streaming:
            # a named (server-side) cursor streams rows; it needs a transaction, which psycopg opens
            return self.raw.cursor(name=f"am_stream_{next(_cursor_names)}")
        return self.raw.cursor()

    def stream(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None, batch: int = 10_000
    ) -> Iterator[tuple[Any, ...]]:
        # a server-side cursor lives inside a transaction; open one when the connection is idle in autocommit
        if self.raw.autocommit and self.raw.info.transaction_status == _driver().pq.TransactionStatus.IDLE:
            with self.transaction():
                yield from super().stream(sql, params, batch)
        else:
            yield from super().stream(sql, params, batch)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """A transaction (or a savepoint, inside one) that rolls back on error."""
        psycopg = _driver()
        try:
            with self.raw.transaction():
                yield
        except psycopg.Error as exc:
            raise self.query_error(exc, "(transaction)") from exc

    def major_version(self) -> int:
        return int(self.raw.info.server_version) // 10000

    def extensions(self) -> dict[str, dict[str, str | None]]:
        """Every extension the server offers: name -> {default_version, installed_version}."""
        rows = self.rows("SELECT name, default_version, installed_version FROM pg_available_extensions")
        return {r[0]: {"default_version": r[1], "installed_version": r[2]} for r in rows}


def connect(url: DatabaseUrl, read_only: bool = False, autocommit: bool = True) -> PostgresConnection:
    psycopg = _driver()
    PostgresConnection.query_errors = (psycopg.Error,)
    params: dict[str, Any] = {"dbname": url.database or "postgres", "connect_timeout": 10}
    if url.host:
        params["host"] = url.host
    if url.port:
        params["port"] = url.port
    if url.username:
        params["user"] = url.username
    if url.password:
        params["password"] = url.password
    params.update({k: v for k, v in url.query.items() if k not in params})
    params.setdefault("application_name", "aurora-migrate")
    if read_only:
        # session-wide, so autocommit statements are read-only too (psycopg's read_only covers only its own BEGINs)
        params["options"] = (str(params.get("options", "")) + " -c default_transaction_read_only=on").strip()
    try:
        raw = psycopg.connect(autocommit=autocommit, **params)
    except psycopg.OperationalError as exc:
        raise ConnectError(
            f"cannot connect to PostgreSQL at {url.masked}: {_first_line(exc)}", _connect_hint(str(exc))
        ) from None
    except psycopg.Error as exc:
        raise ConnectError(f"cannot connect to PostgreSQL at {url.masked}: {_first_line(exc)}") from None
    return PostgresConnection(url, raw, read_only)


def _first_line(exc: BaseException) -> str:
    """The line that says what failed (libpq puts it first, its advice after it: "Is the server running...")."""
    text = mask_secrets(str(exc).strip())
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    first = lines[0]
    # "connection failed: connection to server at "h", port 1 failed: Connection refused" -> keep what failed
    return first.split(" failed: ")[-1] if " failed: " in first else first


# message fragment -> what to do about it
_CONNECT_HINTS: dict[str, str] = {
    "password authentication failed": "check the user name and password (password_env, secret, or the URL)",
    "no password supplied": "give a password: set password_env in migration.toml, or a secret",
    "does not exist": "check the database name at the end of the URL",
    "Connection refused": "is PostgreSQL running and listening on that host and port?",
    "could not translate host name": "check the host name in the URL",
    "timeout expired": "the host did not answer: check the address, the port, and any firewall or security group",
    "No route to host": "the host is not reachable from here: check the network path",
}


def _connect_hint(message: str) -> str:
    return next((hint for key, hint in _CONNECT_HINTS.items() if key in message), "")
