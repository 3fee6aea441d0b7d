"""The spine as a user meets it: --help, init, doctor (real PostgreSQL and the embedded one), bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from migrate.engines.url import DatabaseUrl
from tests.conftest import need_part, unixodbc_installed


def write_project(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "migration.toml").write_text(body, encoding="utf-8")
    return folder


def test_help_lists_command_groups(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("init", "doctor"):
        assert f"  {command} " in result.output


def test_python_dash_m_works_and_errors_have_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "migrate", "doctor", "--project", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "no such project file" in done.stderr and "aurora-migrate init" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_traceback_shows_the_traceback_and_keeps_the_exit_code(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "migrate", "--traceback", "doctor", "--project", str(tmp_path / "missing")]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2  # the same code as without --traceback
    assert "Traceback" in done.stderr and "no such project file" in done.stderr


def test_init_writes_a_commented_project_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", str(tmp_path / "proj"))
    assert result.exit_code == 0
    text = (tmp_path / "proj" / "migration.toml").read_text()
    assert 'name = "proj"' in text and "[source]" in text and "[dms]" in text and "# " in text
    again = cli("init", str(tmp_path / "proj"))
    assert again.exit_code == 2 and "already exists" in again.output and "--force" in again.output


def test_doctor_against_the_real_postgresql(cli, tmp_path: Path, pg_url: DatabaseUrl) -> None:  # type: ignore[no-untyped-def]
    project = write_project(tmp_path / "p", f'[target]\nurl = "{pg_url.masked}"\n')
    result = cli("doctor", "--project", str(project), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    target = [c for c in report["checks"] if c["area"] == "target" and c["name"] == "postgresql"]
    assert target and target[0]["status"] == "ok" and "PostgreSQL" in target[0]["detail"]
    # .ci/run installs these Debian packages for the local PostgreSQL 15; elsewhere doctor must say what it found
    for name in ("orafce", "plpgsql_check"):
        need_part(name, report["target_extensions"][name] is True)


def test_doctor_starts_the_embedded_postgresql_when_no_target(cli) -> None:  # type: ignore[no-untyped-def]
    # not under pytest's tmp_path: other pytest sessions reset its root to 0700, and the embedded
    # server runs as its own system user when we are root, so it must be able to traverse the path
    tmp_path = Path(tempfile.mkdtemp(prefix="am-embedded-"))
    assert cli("init", str(tmp_path / "demo")).exit_code == 0
    result = cli("doctor", "--project", str(tmp_path / "demo"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    details = {c["name"]: c for c in report["checks"] if c["area"] == "target"}
    assert "embedded PostgreSQL" in details["embedded"]["detail"]
    assert "PostgreSQL 18" in details["postgresql"]["detail"]
    assert report["target_extensions"]["dblink"] is True
    assert (tmp_path / "demo" / ".aurora-migrate" / "pgdata" / "PG_VERSION").exists()


@pytest.mark.parametrize(
    ("body", "message", "fix"),
    [
        ('[target]\nurl = "mysql://root:Sup3rSecret@h/db"\n', "unknown scheme 'mysql'", "postgresql://"),
        (
            '[target]\nurl = "postgresql://postgres:Sup3rSecret@127.0.0.1:1/postgres"\n',
            "cannot connect to PostgreSQL",
            "listening",
        ),
        (
            '[source]\nurl = "mssql://sa:Sup3rSecret@127.0.0.1:1/db?driver=ODBC+Driver+18+for+SQL+Server"\n[target]\nurl = "postgresql://postgres@127.0.0.1:1/x"\n',
            "ODBC driver 'ODBC Driver 18 for SQL Server' named in the URL is not installed",
            "install Microsoft",
        ),
        (
            '[source]\nurl = "oracle://scott:Sup3rSecret@127.0.0.1:1/?service_name=ORCL"\n[target]\nurl = "postgresql://postgres@127.0.0.1:1/x"\n',
            "cannot connect to Oracle",
            "",
        ),
    ],
)
def test_doctor_reports_each_problem_with_a_fix(cli, tmp_path: Path, body: str, message: str, fix: str) -> None:  # type: ignore[no-untyped-def]
    if "ODBC driver" in message:
        need_part("unixODBC", unixodbc_installed())
    project = write_project(tmp_path / "p", body)
    result = cli("doctor", "--project", str(project), "--json")
    assert result.exit_code == 2
    errors = [c for c in json.loads(result.output)["checks"] if c["status"] == "error"]
    assert any(message in c["detail"] and fix in c["fix"] for c in errors), errors
    assert "Sup3rSecret" not in result.output
    table = cli("doctor", "--project", str(project))
    assert table.exit_code == 2 and "not ready" in table.output
    assert "Sup3rSecret" not in table.output and "Traceback" not in table.output


@pytest.mark.parametrize(
    ("body", "env", "message"),
    [
        ("[source\nurl=", {}, "not valid TOML"),
        ('[source]\nurl = "oracle://u:${ORA_PW}@h/?service_name=X"\n', {}, "environment variable ORA_PW is not set"),
        ('[source]\nurll = ""\n', {}, "unknown key source.urll"),
        ("[source]\nurl = 5\n", {}, "source.url must be text, not int 5"),
        ('[validation]\nthreads = "many"\n', {}, "must be a number"),
    ],
)
def test_bad_project_files_exit_2_with_one_clear_line(
    cli, tmp_path: Path, body: str, env: dict[str, str], message: str
) -> None:  # type: ignore[no-untyped-def]
    project = write_project(tmp_path / "p", body)
    result = cli("doctor", "--project", str(project), env=env)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
