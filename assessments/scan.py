"""The scanners' entry points: export files or a live catalog into one Inventory.

`scan_files` reads scripts offline; `scan_live` reads a database's catalog through a connection.
Both return the same Inventory shape, so the same report comes out of either.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assessments.files import scan_files as _scan_files
from assessments.files.problems import scan_finding
from migrate.errors import QueryError, ScanError
from migrate.model import Finding, Inventory

Progress = Callable[..., None]


def scan_files(
    paths: list[Path], dialect: str, progress: Progress | None = None, default_schema: str | None = None
) -> Inventory:
    """Scan export scripts. `dialect` is oracle | sqlserver | postgresql; directories are walked."""
    return _scan_files(paths, dialect, progress, default_schema)


# engine -> the package that scans its catalog (imported on use: each pulls in only its own queries)
LIVE_SCANNERS = {
    "oracle": "assessments.oracle",
    "sqlserver": "assessments.sqlserver",
    "postgresql": "assessments.postgres",
}


def scan_live(conn: Any, schemas: list[str], progress: Progress | None = None) -> Inventory:
    """Scan a live database's catalog; `conn` is a migrate.engines Connection."""
    module = LIVE_SCANNERS.get(conn.engine)
    if module is None:
        raise ScanError(
            f"no catalog scanner for {conn.engine!r}", f"live scans support {', '.join(sorted(LIVE_SCANNERS))}"
        )
    scan: Callable[..., Inventory] = importlib.import_module(module).scan
    return scan(conn, schemas, progress)


# -- live catalogs: what every engine's scanner shares ---------------------------------------------


@dataclass(frozen=True)
class CatalogQuery:
    """One named catalog query: one per object kind, never one per object.

    `reads` documents the catalog views and columns it reads, so a DBA can check the grants a
    scan needs; the row-mapping tests build rows with exactly these columns.
    """

    kind: str
    sql: str
    reads: str
    required: bool = True  # False: a failure costs detail (sizes, stats), not objects


class CatalogReader:
    """Runs catalog queries for one scan; a failing query becomes a finding and the scan goes on."""

    def __init__(self, conn: Any, progress: Progress | None, total: int) -> None:
        self.conn = conn
        self.report = progress or (lambda *a, **k: None)
        self.total = total
        self.done = 0
        self.findings: list[Finding] = []
        self.complete = True

    def rows(self, query: CatalogQuery, params: Any = None) -> list[dict[str, Any]]:
        self.report(self.done, self.total, query.kind)
        self.done += 1
        try:
            return list(self.conn.dicts(query.sql, params))
        except QueryError as exc:
            self._failed(query, exc)
            return []

    def each(self, query: CatalogQuery, params: Any, names: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
        """Rows one at a time, as tuples in `names` order, for results too big to hold as dicts
        (ALL_SOURCE of a large schema is millions of lines). Falls back to dicts without streaming."""
        self.report(self.done, self.total, query.kind)
        self.done += 1
        try:
            if hasattr(self.conn, "stream"):
                yield from self.conn.stream(query.sql, params)
            else:
                yield from (tuple(row[n] for n in names) for row in self.conn.dicts(query.sql, params))
        except QueryError as exc:
            self._failed(query, exc)

    def _failed(self, query: CatalogQuery, exc: QueryError) -> None:
        first_line = exc.message.split("\n", 1)[0]
        self.findings.append(
            scan_finding("SCAN-QUERY-001", f"reading {query.kind} failed ({query.reads.split(':')[0]}): {first_line}")
        )
        self.complete = self.complete and not query.required
        self.rollback()

    def try_rows(self, query: CatalogQuery, params: Any = None) -> list[dict[str, Any]] | None:
        """Rows, or None if the query fails: for probes whose failure is an answer, not a problem."""
        try:
            return list(self.conn.dicts(query.sql, params))
        except QueryError:
            self.rollback()
            return None

    def rollback(self) -> None:
        # A failed query aborts an open transaction on some drivers; the next query must not fail with it.
        with contextlib.suppress(Exception):
            self.conn.rollback()

    def missing_schemas(self, asked: list[str], found: list[str], fold: Callable[[str], str]) -> list[str]:
        present = {fold(s) for s in found}
        missing = [s for s in asked if fold(s) not in present]
        for name in missing:
            self.findings.append(scan_finding("SCAN-SCHEMA-002", f"schema {name} does not exist (or is not visible)"))
        self.complete = self.complete and not missing
        return missing


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
