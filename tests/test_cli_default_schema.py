"""Unqualified names in export files land in the schema the user names (flag or migration.toml)."""

from __future__ import annotations

import json
from pathlib import Path


def _script(tmp_path: Path) -> Path:
    path = tmp_path / "emp.sql"
    path.write_text("CREATE TABLE emp (id NUMBER(10) PRIMARY KEY, hired DATE);\n", encoding="utf-8")
    return path


def test_convert_default_schema_flag(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "convert",
        "--dialect",
        "oracle",
        str(_script(tmp_path)),
        "--out",
        str(tmp_path / "out"),
        "--default-schema",
        "HR",
    )
    assert result.exit_code == 0, result.output
    assert "CREATE TABLE IF NOT EXISTS hr.emp" in (tmp_path / "out" / "deploy.sql").read_text()


def test_assess_default_schema_from_the_project(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = _script(tmp_path)
    (tmp_path / "migration.toml").write_text(
        f'[source]\ndialect = "oracle"\nfiles = ["{script.name}"]\ndefault_schema = "PAYROLL"\n'
    )
    result = cli("assess", "--project", str(tmp_path), "--out", str(tmp_path / "report"))
    assert result.exit_code == 0, result.output
    inventory = json.loads((tmp_path / "report" / "inventory.json").read_text())
    assert [s["name"] for s in inventory["data"]["schemas"]] == ["PAYROLL"]
