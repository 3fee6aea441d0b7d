"""One side of a comparison: a read-only connection, its normaliser, and a retry when the link drops."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from migrate.engines import DatabaseUrl, connect
from migrate.engines.base import Connection
from migrate.errors import ConnectError, QueryError, ValidationError
from validators.normalize.base import Normaliser

T = TypeVar("T")
ATTEMPTS = 3
# SQLSTATE classes that mean the query itself is wrong: retrying cannot help
NOT_RETRYABLE = ("42", "22", "23", "0A", "P0", "25")


class Stopped(ValidationError):
    """The run was stopped (Ctrl-C): no further query is sent."""


class Side:
    def __init__(
        self, role: str, url: DatabaseUrl, normaliser: Normaliser, stop: threading.Event | None = None
    ) -> None:
        self.role = role  # "source" | "target"
        self.url = url
        self.normaliser = normaliser
        self.stop = stop  # set when the run is stopped: queries end, none starts
        self._conn: Connection | None = None
        self._check_setup: tuple[str, ...] = ()  # the current check's settings (Side.prepare)
        self.retries: list[str] = []  # what was retried since the last `take_retries`: the report says so

    @property
    def engine(self) -> str:
        return self.url.engine

    def connection(self) -> Connection:
        if self._conn is None:
            conn = connect(self.url, read_only=True)
            for statement in (*self.normaliser.session_setup, *self._check_setup):
                conn.execute(statement)
            self._conn = conn
        return self._conn

    def prepare(self, check: str) -> None:
        """The session settings `check`'s queries rely on; kept across a reconnect."""
        wanted = self.normaliser.setup_for(check)
        if wanted != self._check_setup:
            self._check_setup = wanted
            if self._conn is not None:
                for statement in wanted:
                    self._conn.execute(statement)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of `sql`; a dropped connection is reopened and the query run again (3 tries)."""
        for attempt in range(1, ATTEMPTS + 1):
            self._check_stop()
            try:
                return self.connection().rows(sql)
            except (QueryError, ConnectError) as exc:
                self._check_stop()  # a query cancelled by the stop is not retried
                state = getattr(exc, "sqlstate", "") or ""
                if state.startswith(NOT_RETRYABLE) or attempt == ATTEMPTS:
                    raise
                self.close()
                reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
                self.retries.append(
                    f"{self.role}: {reason}; the connection was reopened and the query run again "
                    f"(try {attempt + 1} of {ATTEMPTS})"
                )
        raise AssertionError("unreachable")

    def take_retries(self) -> list[str]:
        taken, self.retries = self.retries, []
        return taken

    def _check_stop(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise Stopped(f"{self.role}: the run was stopped")

    def cancel(self) -> None:
        """Stop the query running on this side now (from another thread)."""
        conn = self._conn
        if conn is not None:
            conn.cancel()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class SidePair:
    """Both sides, queried at the same time: the source in a helper thread, the target in this one."""

    def __init__(self, source: Side, target: Side) -> None:
        self.source = source
        self.target = target
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="source")

    def both(self, source_sql: str, target_sql: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        pending = self._pool.submit(self.source.rows, source_sql)
        try:
            target_rows = self.target.rows(target_sql)
        finally:
            source_rows = pending.result()
        return source_rows, target_rows

    def each(self, call: Callable[[Side], T]) -> tuple[T, T]:
        pending = self._pool.submit(call, self.source)
        target = call(self.target)
        return pending.result(), target

    def cancel(self) -> None:
        self.source.cancel()
        self.target.cancel()

    def take_retries(self) -> list[str]:
        """The retries of both sides since the last call (a dropped link that was recovered)."""
        return self.source.take_retries() + self.target.take_retries()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.source.close()
        self.target.close()


def lost(side: Side, exc: Exception) -> ValidationError:
    return ValidationError(f"{side.role} {side.url.masked}: {exc}")
