"""The scanners' entry points: export files or a live catalog into one Inventory.

`scan_files` reads scripts offline; `scan_live` reads a database's catalog through a connection.
Both return the same Inventory shape, so the same report comes out of either.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assessments.files import scan_files as _scan_files
from migrate.errors import ScanError
from migrate.model import Inventory

Progress = Callable[..., None]


def scan_files(
    paths: list[Path], dialect: str, progress: Progress | None = None, default_schema: str | None = None
) -> Inventory:
    """Scan export scripts. `dialect` is oracle | sqlserver | postgresql; directories are walked."""
    return _scan_files(paths, dialect, progress, default_schema)


def _live_scanners() -> dict[str, Callable[..., Inventory]]:
    # Imported on use: each scanner pulls in only its own engine's catalog queries.
    from assessments.oracle import scan as oracle_scan
    from assessments.postgres import scan as postgres_scan
    from assessments.sqlserver import scan as sqlserver_scan

    return {"oracle": oracle_scan, "sqlserver": sqlserver_scan, "postgresql": postgres_scan}


def scan_live(conn: Any, schemas: list[str], progress: Progress | None = None) -> Inventory:
    """Scan a live database's catalog; `conn` is a migrate.engines Connection."""
    scanners = _live_scanners()
    scanner = scanners.get(conn.engine)
    if scanner is None:
        raise ScanError(f"no catalog scanner for {conn.engine!r}", f"live scans support {', '.join(sorted(scanners))}")
    return scanner(conn, schemas, progress)
