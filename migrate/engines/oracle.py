"""Oracle through python-oracledb in thin mode: no Oracle client install needed."""

from __future__ import annotations

from typing import Any

from migrate.engines.base import Connection
from migrate.engines.read_only import session
from migrate.engines.url import DatabaseUrl
from migrate.errors import ConfigError, ConnectError, DriverMissingError, mask_secrets
from migrate.model.engines import ORACLE


def _driver() -> Any:
    try:
        import oracledb
    except ImportError:
        raise DriverMissingError(
            "the Oracle driver python-oracledb is not installed",
            "pip install 'aurora-migrate[oracle]' (or: pip install oracledb); thin mode needs no Oracle client",
        ) from None
    return oracledb


class OracleConnection(Connection):
    engine = ORACLE.name
    dialect = ORACLE.sqlglot
    version_query = "SELECT version_full FROM product_component_version WHERE product LIKE 'Oracle Database%'"

    session_statements = (
        session("SET TRANSACTION READ ONLY", "makes the transaction read-only (ORA-01456 on any write)"),
        session(r"ALTER SESSION SET NLS_(NUMERIC_CHARACTERS|DATE_FORMAT|TIMESTAMP_FORMAT|TIMESTAMP_TZ_FORMAT) = '[^']*'",
                "the validators' canonical text form of numbers and dates"),
    )  # fmt: skip

    def commit(self) -> None:
        super().commit()
        self._read_only_again()

    def rollback(self) -> None:
        super().rollback()
        self._read_only_again()

    def _read_only_again(self) -> None:
        """SET TRANSACTION READ ONLY covers one transaction: the next one, begun by this commit or rollback, must
        be made read-only again before any other statement."""
        if self.read_only:
            self.execute("SET TRANSACTION READ ONLY")

    def server_version(self) -> str:
        return str(self.raw.version)

    def _open_cursor(self, streaming: bool) -> Any:
        cur = self.raw.cursor()
        cur.arraysize = 5000 if streaming else 1000
        cur.prefetchrows = cur.arraysize + 1
        return cur


def dsn(url: DatabaseUrl) -> str:
    """An Easy Connect string: host:port/service_name, or host:port:SID style via makedsn."""
    service = url.query.get("service_name") or url.query.get("service")
    sid = url.query.get("sid") or (url.database if not service else "")
    port = url.port or ORACLE.default_port
    if not url.host:
        raise ConfigError(f"Oracle URL {url.masked} has no host", "write oracle://user@host:1521/?service_name=ORCL")
    if service:
        return f"{url.host}:{port}/{service}"
    if sid:
        return _driver().makedsn(url.host, port, sid=sid)
    raise ConfigError(
        f"Oracle URL {url.masked} names neither a service nor a SID",
        "add ?service_name=ORCLPDB1 (or put the SID after the slash: oracle://user@host:1521/ORCL)",
    )


def connect(url: DatabaseUrl, read_only: bool = False) -> OracleConnection:
    oracledb = _driver()
    OracleConnection.query_errors = (oracledb.Error,)
    try:
        raw = oracledb.connect(user=url.username, password=url.password, dsn=dsn(url), tcp_connect_timeout=10)
    except oracledb.Error as exc:
        raise ConnectError(f"cannot connect to Oracle at {url.masked}: {_message(exc)}", _hint(str(exc))) from None
    conn = OracleConnection(url, raw, read_only)
    if read_only:
        # A read-only transaction: any DML or DDL by mistake fails with ORA-01456.
        conn.execute("SET TRANSACTION READ ONLY")
    return conn


def _message(exc: BaseException) -> str:
    return mask_secrets(str(exc).strip().splitlines()[0]) if str(exc).strip() else type(exc).__name__


_HINTS: dict[str, str] = {
    "ORA-01017": "wrong user name or password",
    "ORA-12514": "the listener does not know that service name: check ?service_name=",
    "ORA-12505": "the listener does not know that SID",
    "DPY-6005": "the host did not answer: check host, port and network path",
    "DPY-3015": "password verifier type not supported in thin mode: ask the DBA for a 12c+ password hash (10G verifiers)",
    "ORA-28000": "the account is locked",
}


def _hint(message: str) -> str:
    return next((hint for key, hint in _HINTS.items() if key in message), "")
