"""`aurora-migrate assess` end to end: the shipped examples, a live PostgreSQL, and bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl
from tests.conftest import EXAMPLES, url_text

REPORT_FILES = {
    "inventory.json",
    "assessment.html",
    "assessment.json",
    "findings.csv",
    "assessment.md",
    "findings.sarif",
}


def report(out: Path) -> dict:
    return json.loads((out / "assessment.json").read_text())["data"]


def rule_ids(out: Path) -> set[str]:
    return {f["rule_id"] for f in report(out)["findings"]}


EXAMPLE_CASES = [
    # dialect, example folder, profile, rules the example is written to show
    ("oracle", "oracle/hr_sales", "aurora-postgresql", {"ORA-CONNECTBY-001", "ORA-AUTONOMOUS-001", "ORA-PKG-UTLFILE", "ORA-GTT-001", "ORA-DBLINK-001"}),
    ("sqlserver", "sqlserver/inventory_app", "aurora-postgresql", {"TSQL-XPCMDSHELL-001", "TSQL-FORXML-001", "TSQL-TRYCATCH-001", "TSQL-RESULTSET-001"}),
    ("sqlserver", "sqlserver/inventory_app", "aurora-dsql", {"DSQL-FK-001", "DSQL-TRIGGER-001", "DSQL-PLPGSQL-001"}),
]  # fmt: skip


@pytest.mark.parametrize("dialect, folder, profile, expected", EXAMPLE_CASES)
def test_examples_produce_the_full_report(
    cli: Callable[..., Result], tmp_path: Path, dialect: str, folder: str, profile: str, expected: set[str]
) -> None:
    out = tmp_path / "report"
    result = cli("assess", "--dialect", dialect, str(EXAMPLES / folder), "--out", str(out), "--target-profile", profile)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == REPORT_FILES
    assert expected <= rule_ids(out)
    data = report(out)
    assert data["complete"] is True and data["profile"] == profile
    assert "effort" in result.output and "assessment.html" in result.output
    findings = [f for f in data["findings"] if f["rule_id"] in expected and f["file"]]
    assert all(f["file"].endswith(".sql") and f["line"] for f in findings)


def test_live_postgresql_source(
    cli: Callable[..., Result], pg: Connection, pg_url: DatabaseUrl, tmp_path: Path
) -> None:
    pg.execute('CREATE TABLE orders (id serial PRIMARY KEY, "CustomerName" text, total numeric(12,2))')
    pg.execute("CREATE TABLE lines (order_id int REFERENCES orders (id), qty int)")
    pg.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 1000")
    pg.execute(
        "CREATE FUNCTION order_count() RETURNS bigint LANGUAGE plpgsql AS $$BEGIN RETURN (SELECT count(*) FROM orders); END$$"
    )
    pg.commit()
    out = tmp_path / "live"
    result = cli(
        "assess",
        "--source",
        pg_url.masked.replace("***", pg_url.password),
        "--out",
        str(out),
        "--target-profile",
        "aurora-dsql",
    )
    assert result.exit_code == 0, result.output
    data = report(out)
    assert data["source"]["mode"] == "live" and data["counts"]["table"] == 2
    names = {o["name"].split(".")[-1] for o in data["objects"]}
    assert {"orders", "lines", "big_orders", "order_count"} <= names
    assert {"DSQL-FK-001", "DSQL-PLPGSQL-001"} <= rule_ids(out)
    assert (out / "assessment.html").read_text().count("<svg") >= 4  # fmt: skip


BAD_INPUT = [
    (["--dialect", "oracle", "/no/such/export.sql"], "no such file or folder"),
    (["--dialect", "cobol", "x.sql"], "Invalid value for '--dialect'"),
    (["x.sql"], "export files need --dialect"),
    (["--source", "postgresql://nobody@127.0.0.1:1/nowhere"], "cannot connect"),
    (["--source", "ftp://host/db"], "unknown scheme"),
    ([], "nothing to assess"),
]


@pytest.mark.parametrize("args, message", BAD_INPUT)
def test_bad_input_is_one_clear_line_and_exit_2(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)  # no migration.toml around
    (tmp_path / "x.sql").write_text("CREATE TABLE t (a NUMBER);\n")
    result = cli("assess", *args, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_garbage_file_marks_the_report_incomplete_and_exits_2(cli: Callable[..., Result], tmp_path: Path) -> None:
    garbage = tmp_path / "dump.sql"
    garbage.write_bytes(bytes(range(256)) * 20)
    out = tmp_path / "out"
    result = cli("assess", "--dialect", "oracle", str(garbage), "--out", str(out))
    assert result.exit_code == 2 and "INCOMPLETE SCAN" in result.output and "Traceback" not in result.output
    assert "at least" in result.output
    assert report(out)["complete"] is False
    assert "INCOMPLETE SCAN" in (out / "assessment.html").read_text()


def test_source_and_files_together_are_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text("SELECT 1 FROM dual;\n")
    result = cli("assess", str(tmp_path / "a.sql"), "--source", "postgresql://x@127.0.0.1/db", "--out", str(tmp_path))
    assert result.exit_code == 2 and "not both" in result.output


def test_project_file_supplies_files_dialect_and_profile(cli: Callable[..., Result], tmp_path: Path) -> None:
    project = tmp_path / "proj"
    assert cli("init", str(project)).exit_code == 0
    toml = (project / "migration.toml").read_text()
    toml = toml.replace('dialect = ""', 'dialect = "sqlserver"', 1)
    toml = toml.replace("files = []", f'files = ["{EXAMPLES / "sqlserver" / "inventory_app"}"]', 1)
    toml = toml.replace('profile = "aurora-postgresql"', 'profile = "rds-postgresql"', 1)
    (project / "migration.toml").write_text(toml)
    out = tmp_path / "out"
    result = cli("assess", "--project", str(project), "--out", str(out))
    assert result.exit_code == 0, result.output
    data = report(out)
    assert data["profile"] == "rds-postgresql" and data["source"]["engine"] == "sqlserver"


def test_list_rules_prints_the_catalogue(cli: Callable[..., Result]) -> None:
    result = cli("assess", "--list-rules", "--dialect", "sqlserver")
    assert result.exit_code == 0
    assert "TSQL-TRYCATCH-001" in result.output and "DSQL-FK-001" in result.output
    assert "ORA-CONNECTBY-001" not in result.output


def test_live_schemas_option_limits_the_scan(
    cli: Callable[..., Result], pg: Connection, pg_url: DatabaseUrl, tmp_path: Path
) -> None:
    pg.execute("CREATE SCHEMA app")
    pg.execute("CREATE SCHEMA scratch")
    pg.execute("CREATE TABLE app.orders (id int PRIMARY KEY)")
    pg.execute("CREATE TABLE scratch.junk (id int)")
    pg.commit()
    out = tmp_path / "live"
    url = pg_url.masked.replace("***", pg_url.password)
    result = cli("assess", "--source", url, "--schemas", "app", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert {o["name"] for o in report(out)["objects"] if o["kind"] == "table"} == {"app.orders"}


def test_password_never_reaches_the_reports(cli: Callable[..., Result], pg_url: DatabaseUrl, tmp_path: Path) -> None:
    secret = "Sup3r-Secret-Pw-4a2"  # the test server trusts the login, so any password connects
    url = url_text(pg_url, secret)
    out = tmp_path / "live"
    result = cli("assess", "--source", url, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert secret not in result.output
    for path in out.iterdir():
        assert secret not in path.read_text(encoding="utf-8"), path.name
