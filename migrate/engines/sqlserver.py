"""SQL Server through pyodbc. The ODBC driver manager (unixODBC) and a driver (Microsoft ODBC Driver 18,
or FreeTDS) are native parts pip cannot install: errors say which is missing and how to get it."""

from __future__ import annotations

import contextlib
from typing import Any

from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl
from migrate.errors import ConnectError, DriverMissingError, mask_secrets
from migrate.model.engines import SQLSERVER

# preferred first: Microsoft's driver speaks every TDS feature; FreeTDS is the Debian fallback
PREFERRED_DRIVERS = ("ODBC Driver 18 for SQL Server", "ODBC Driver 17 for SQL Server", "FreeTDS")


def _driver() -> Any:
    try:
        import pyodbc
    except ImportError as exc:
        if "libodbc" in str(exc):
            raise DriverMissingError(
                "pyodbc is installed but the ODBC driver manager (unixODBC) is not",
                "Debian/Ubuntu: apt-get install unixodbc; macOS: brew install unixodbc",
            ) from None
        raise DriverMissingError("the SQL Server driver pyodbc is not installed", "pip install pyodbc") from None
    return pyodbc


class SqlServerConnection(Connection):
    engine = SQLSERVER.name
    dialect = SQLSERVER.sqlglot
    version_query = "SELECT CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128))"

    @staticmethod
    def quote(name: str) -> str:
        return "[" + name.replace("]", "]]") + "]"

    def commit(self) -> None:
        """SQL Server has no read-only session: a read-only source runs with autocommit off and never commits, so
        anything a statement changed despite the guard stays in the open transaction and is rolled back."""
        if self.read_only:
            self.raw.rollback()
            return
        super().commit()

    def cancel(self) -> None:
        """pyodbc cancels per cursor: the statement running on this connection's open cursor."""
        running = self._running
        if running is not None:
            with contextlib.suppress(Exception):
                running.cancel()


def choose_driver(url: DatabaseUrl, installed: list[str]) -> str:
    wanted = url.query.get("driver")
    if wanted:
        if wanted not in installed:
            raise DriverMissingError(
                f"ODBC driver '{wanted}' named in the URL is not installed (installed: {', '.join(installed) or 'none'})",
                "install Microsoft's ODBC Driver 18 for SQL Server, or drop ?driver= to use what is installed",
            )
        return wanted
    for name in PREFERRED_DRIVERS:
        if name in installed:
            return name
    raise DriverMissingError(
        f"no SQL Server ODBC driver is installed (installed ODBC drivers: {', '.join(installed) or 'none'})",
        "install Microsoft ODBC Driver 18 for SQL Server (learn.microsoft.com: 'Install the Microsoft ODBC driver "
        "for SQL Server (Linux)'), or on Debian: apt-get install tdsodbc",
    )


def connection_string(url: DatabaseUrl, driver: str) -> str:
    port = url.port or SQLSERVER.default_port
    parts = {
        "DRIVER": "{" + driver + "}",
        "SERVER": f"{url.host},{port}" if driver != "FreeTDS" else url.host,
        "DATABASE": url.database,
        "UID": url.username,
        "PWD": url.password,
    }
    if driver == "FreeTDS":
        parts["PORT"] = str(port)
        parts["TDS_Version"] = url.query.get("tds_version", "7.4")
    else:
        parts["Encrypt"] = url.query.get("encrypt", "yes")
        parts["TrustServerCertificate"] = url.query.get("trust_server_certificate", "no")
        parts["ApplicationIntent"] = "ReadOnly"
    # PWD in braces, a '}' in it doubled (ODBC connection-string grammar), so ';' and '}' cannot end it early
    return ";".join(f"{k}={{{v.replace('}', '}}')}}}" if k == "PWD" else f"{k}={v}" for k, v in parts.items() if v)


def connect(url: DatabaseUrl, read_only: bool = False) -> SqlServerConnection:
    pyodbc = _driver()
    SqlServerConnection.query_errors = (pyodbc.Error,)
    driver = choose_driver(url, list(pyodbc.drivers()))
    try:
        raw = pyodbc.connect(connection_string(url, driver), timeout=10, readonly=read_only, autocommit=False)
    except pyodbc.Error as exc:
        raise ConnectError(f"cannot connect to SQL Server at {url.masked}: {_message(exc)}", _hint(str(exc))) from None
    return SqlServerConnection(url, raw, read_only)


def _message(exc: BaseException) -> str:
    return mask_secrets(" ".join(str(exc).split()))[:300]


_HINTS: dict[str, str] = {
    "18456": "login failed: check the user name and password, and that SQL authentication is enabled",
    "08001": "the server did not answer: check host, port (1433), and any firewall or security group",
    "HYT00": "login timed out: check the host and port",
    "certificate": "add ?trust_server_certificate=yes for a self-signed certificate (test servers only)",
}


def _hint(message: str) -> str:
    return next((hint for key, hint in _HINTS.items() if key in message), "")
