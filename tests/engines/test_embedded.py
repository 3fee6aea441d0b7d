"""The embedded PostgreSQL as `aurora-migrate embedded` drives it: start, share, stop."""

from __future__ import annotations

import tempfile
from pathlib import Path

from migrate.engines import connect, embedded


def test_start_keeps_running_across_commands_then_stops(cli) -> None:  # type: ignore[no-untyped-def]
    # outside pytest's tmp_path: the server's system user must traverse the path (see test_cli_spine)
    project = Path(tempfile.mkdtemp(prefix="am-embedded-")) / "p"
    assert cli("init", str(project)).exit_code == 0
    started = cli("embedded", "start", "--project", str(project))
    assert started.exit_code == 0
    url = started.output.strip().splitlines()[-1]
    assert url.startswith("postgresql://postgres@/postgres?host=")
    data_dir = project / ".aurora-migrate" / "pgdata"
    assert embedded.is_running(data_dir)
    # another command reuses the running server and leaves it running
    assert cli("doctor", "--project", str(project), "--json").exit_code == 0
    assert embedded.is_running(data_dir)
    with connect(url) as conn:
        assert conn.server_version().startswith("18")
    stopped = cli("embedded", "stop", "--project", str(project))
    assert stopped.exit_code == 0 and "stopped" in stopped.output
    assert not embedded.is_running(data_dir)
    again = cli("embedded", "stop", "--project", str(project))
    assert "not running" in again.output
