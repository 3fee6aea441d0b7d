"""`aurora-migrate convert` and `deploy` through the real CLI: files written, exit codes, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.model import (
    Column,
    ConversionResult,
    ConvertedObject,
    Inventory,
    Ledger,
    Location,
    ObjectStatus,
    Schema,
    SourceInfo,
    Table,
    parse_column_type,
    save_conversion,
    save_inventory,
)


def inventory(tmp_path: Path, raw: str = "NUMBER(12,2)") -> Path:
    column = Column("AMOUNT", parse_column_type(raw, "oracle"))
    table = Table("HR", "T", (column,), location=Location("t.sql", 2))
    return save_inventory(tmp_path / "inventory.json", Inventory(SourceInfo("oracle"), (Schema("HR", (table,)),)))


def test_convert_writes_the_output_folder(tmp_path: Path, cli) -> None:
    result = cli("convert", "--inventory", str(inventory(tmp_path)), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == [
        "conversion.json",
        "conversion.md",
        "deploy.sql",
        "objects/schema/hr.sql",
        "objects/table/hr.t.sql",
        "post_load.sql",
    ]
    assert "amount numeric(12,2)" in (tmp_path / "out" / "deploy.sql").read_text()


@pytest.mark.parametrize(("raw", "strict", "code"), [("NUMBER(12,2)", True, 0), ("MY_T", False, 0), ("MY_T", True, 1)])
def test_strict_fails_on_high_findings(tmp_path: Path, cli, raw: str, strict: bool, code: int) -> None:
    args = ["convert", "--inventory", str(inventory(tmp_path, raw)), "--out", str(tmp_path / "out")]
    assert cli(*args, *(["--strict"] if strict else [])).exit_code == code
    assert (tmp_path / "out" / "conversion.json").is_file()  # written even when --strict fails


def test_bad_inventory_is_one_clear_error(tmp_path: Path, cli) -> None:
    bad = tmp_path / "inventory.json"
    bad.write_text("{not json")
    result = cli("convert", "--inventory", str(bad), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "inventory.json: not a usable inventory" in result.output


def test_export_files_need_a_dialect(tmp_path: Path, cli) -> None:
    (tmp_path / "a.sql").write_text("CREATE TABLE t (x NUMBER);")
    result = cli("convert", str(tmp_path / "a.sql"), "--out", str(tmp_path / "out"))
    assert (result.exit_code, "pass --dialect" in result.output) == (2, True)


def test_deploy_applies_and_reruns(tmp_path: Path, cli, pg_url, pg) -> None:
    cli("convert", "--inventory", str(inventory(tmp_path)), "--out", str(tmp_path / "out"))
    for _ in range(2):
        result = cli("deploy", str(tmp_path / "out"), "--target", str(pg_url))
        assert result.exit_code == 0, result.output
    assert pg.scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attname = 'amount'") == (
        "numeric(12,2)"
    )


def test_deploy_error_exits_1(tmp_path: Path, cli, pg_url) -> None:
    bad = ConvertedObject("table", "public", "t", "CREATE TABLE t (x nope);", ObjectStatus.CONVERTED)
    save_conversion(tmp_path / "conversion.json", ConversionResult("oracle", 16, (bad,), Ledger(0, ())))
    result = cli("deploy", str(tmp_path), "--target", str(pg_url))
    assert result.exit_code == 1
    assert 'type "nope" does not exist' in result.output


def test_deploy_dry_run_needs_no_server(tmp_path: Path, cli) -> None:
    cli("convert", "--inventory", str(inventory(tmp_path)), "--out", str(tmp_path / "out"))
    result = cli("deploy", str(tmp_path / "out"), "--dry-run")
    assert result.exit_code == 0
    assert "CREATE TABLE IF NOT EXISTS hr.t" in (tmp_path / "out" / "deploy.schema.plan.sql").read_text()


def test_deploy_without_a_conversion_says_what_to_run(tmp_path: Path, cli) -> None:
    result = cli("deploy", str(tmp_path), "--dry-run")
    assert result.exit_code == 2
    assert "run 'aurora-migrate convert" in result.output


def test_project_export_files_are_converted(tmp_path: Path, cli) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE hr.t (amount NUMBER(12,2), at DATE DEFAULT SYSDATE);\n")
    (tmp_path / "migration.toml").write_text('[source]\ndialect = "oracle"\nfiles = ["schema.sql"]\n')
    result = cli("convert", "--project", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "at timestamp(0) DEFAULT" in (tmp_path / "out" / "objects" / "table" / "hr.t.sql").read_text()


def test_a_second_conversion_leaves_no_stale_object_files(tmp_path: Path, cli) -> None:
    out = tmp_path / "out"
    cli("convert", "--inventory", str(inventory(tmp_path)), "--out", str(out))
    stale = out / "objects" / "table" / "hr.gone.sql"
    stale.write_text("CREATE TABLE hr.gone ();")
    cli("convert", "--inventory", str(inventory(tmp_path)), "--out", str(out))
    assert not stale.exists() and (out / "objects" / "table" / "hr.t.sql").exists()


def test_deploy_post_load_phase(tmp_path: Path, cli, pg_url) -> None:
    cli("convert", "--inventory", str(inventory(tmp_path)), "--out", str(tmp_path / "out"))
    assert cli("deploy", str(tmp_path / "out"), "--target", str(pg_url)).exit_code == 0
    result = cli("deploy", str(tmp_path / "out"), "--target", str(pg_url), "--post-load")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "deploy_post_load.json").is_file()
