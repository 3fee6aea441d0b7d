"""What every engine offers: one connection type over a DB-API driver, errors wrapped at the edge.

Engine modules subclass `Connection` and override only what differs (how to connect, the version
query, how to quote a name, how to open a read-only session). Nothing outside `migrate.engines`
imports a driver.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from migrate.engines.read_only import SessionStatement, check_read_only
from migrate.engines.url import DatabaseUrl
from migrate.errors import QueryError, mask_secrets


class Connection:
    engine: ClassVar[str] = ""
    dialect: ClassVar[str] = ""  # the sqlglot dialect name
    version_query: ClassVar[str] = ""
    # driver exception classes that mean "the query failed" (set by each engine from its driver)
    query_errors: ClassVar[tuple[type[BaseException], ...]] = ()
    # the session statements the tool itself sends on a read-only connection (each with its reason); every other
    # statement there must be one SELECT (migrate/engines/read_only.py)
    session_statements: ClassVar[tuple[SessionStatement, ...]] = ()

    def __init__(self, url: DatabaseUrl, raw: Any, read_only: bool) -> None:
        self.url = url
        self.raw = raw
        self.read_only = read_only
        self._running: Any = None  # the open cursor, for cancel()

    # -- queries ---------------------------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        with self._cursor(sql) as cur:
            self._execute(cur, sql, params)
            return [tuple(r) for r in cur.fetchall()] if cur.description else []

    def dicts(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts keyed by lower-case column name (Oracle returns upper case; we don't care)."""
        with self._cursor(sql) as cur:
            self._execute(cur, sql, params)
            if not cur.description:
                return []
            names = [d[0].lower() for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> None:
        with self._cursor(sql) as cur:
            self._execute(cur, sql, params)

    def stream(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None, batch: int = 10_000
    ) -> Iterator[tuple[Any, ...]]:
        """Rows one at a time without holding the result in memory."""
        with self._cursor(sql, streaming=True) as cur:
            self._execute(cur, sql, params)
            while True:
                chunk = self._wrap(cur.fetchmany, sql, batch)
                if not chunk:
                    return
                yield from (tuple(r) for r in chunk)

    # -- engine specifics (overridden) ---------------------------------------------------------
    def server_version(self) -> str:
        return str(self.scalar(self.version_query))

    @staticmethod
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.raw.close()

    def cancel(self) -> None:
        """Ask the server to stop the statement running on this connection, from any thread (best effort:
        the statement then fails in its own thread with the server's cancel error)."""
        with contextlib.suppress(Exception):
            self.raw.cancel()  # psycopg and python-oracledb cancel per connection

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _cursor(self, sql: str, streaming: bool = False) -> Iterator[Any]:
        cur = self._wrap(self._open_cursor, sql, streaming)
        self._running = cur
        try:
            yield cur
        finally:
            self._running = None
            with contextlib.suppress(Exception):
                cur.close()

    def _open_cursor(self, streaming: bool) -> Any:
        return self.raw.cursor()

    def _execute(self, cur: Any, sql: str, params: Sequence[Any] | dict[str, Any] | None) -> None:
        if self.read_only:
            check_read_only(sql, self.engine, self.session_statements)
        if params is None:
            self._wrap(cur.execute, sql, sql)
        else:
            self._wrap(cur.execute, sql, sql, params)

    def _wrap(self, call: Any, sql: str, *args: Any) -> Any:
        try:
            return call(*args)
        except self.query_errors as exc:
            raise self.query_error(exc, sql) from exc

    def query_error(self, exc: BaseException, sql: str) -> QueryError:
        first_line = " ".join(sql.split())[:160]
        error = QueryError(
            f"{self.engine} at {self.url.masked}: {mask_secrets(str(exc).strip())}\n  query: {first_line}"
        )
        error.sqlstate = getattr(getattr(exc, "diag", None), "sqlstate", None) or getattr(exc, "sqlstate", "") or ""
        return error
