"""Progress without a terminal: plain, periodic lines a log file or CI keeps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from migrate.cli.common import PlainProgress


def test_plain_progress_writes_at_most_one_line_per_period(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clock = iter([0.0, 1.0, 6.0, 7.0, 12.5])
    monkeypatch.setattr("migrate.cli.common.time.monotonic", lambda: next(clock))
    lines: list[str] = []
    update = PlainProgress("scanning", 5.0, lines.append)  # started at 0
    update(1, 10, "a")  # 1 s: too soon
    update(2, 10, "b")  # 6 s: a line
    update(3, 10, "c")  # 7 s: too soon after the last
    update(4, None, "d")  # 12.5 s: a line, no total known
    assert lines == ["scanning: 2/10 b (6 s)", "scanning: 4 d (12 s)"]


def test_a_long_run_without_a_terminal_prints_progress_lines(tmp_path: Path) -> None:
    script = tmp_path / "big.sql"
    script.write_text("".join(f"CREATE TABLE t{i} (id NUMBER PRIMARY KEY, v VARCHAR2(20));\n" for i in range(3000)))
    code = (
        "import migrate.cli.common as c; c.PLAIN_EVERY = 0.0; from migrate.cli.main import cli; "
        f"cli(['convert', '--dialect', 'oracle', {str(script)!r}, '--out', {str(tmp_path / 'out')!r}])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith(("scanning:", "converting:"))]
    assert len(lines) > 10 and "/" in lines[-1]
