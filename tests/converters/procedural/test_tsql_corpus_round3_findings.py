"""Shapes met in real T-SQL code bases that have no exact PostgreSQL form: each stays manual with its finding."""

from __future__ import annotations

from pathlib import Path

from assessments.scan import scan_files
from converters.convert import convert_inventory
from migrate.model import ObjectStatus


def test_a_search_for_letters_in_a_variable_is_a_finding(tmp_path: Path) -> None:
    """CHARINDEX('b', @a) / REPLACE(@a, 'x', ...) ignore case in SQL Server; strpos / replace do not."""
    script = tmp_path / "code.sql"
    script.write_text(
        "CREATE PROCEDURE dbo.find_b @a nvarchar(20), @r int OUTPUT AS SET @r = CHARINDEX('b', @a)\nGO\n"
        "CREATE PROCEDURE dbo.drop_x @a nvarchar(20) OUTPUT AS SET @a = REPLACE(@a, 'x', '')\nGO\n",
        encoding="utf-8",
    )
    result = convert_inventory(scan_files([script], "sqlserver"), jobs=1)
    for name in ("find_b", "drop_x"):
        unit = next(o for o in result.objects if o.name == name)
        assert unit.status is ObjectStatus.MANUAL
        assert "CONV-COLLATION-003" in {f.rule_id for f in unit.findings}


def test_set_rowcount_before_an_update_stays_a_finding(tmp_path: Path) -> None:
    """Which n rows an UPDATE under SET ROWCOUNT changes is not defined: no exact form."""
    script = tmp_path / "code.sql"
    script.write_text(
        "CREATE TABLE dbo.q (id int NOT NULL PRIMARY KEY, done bit NOT NULL)\nGO\n"
        "CREATE PROCEDURE dbo.take AS BEGIN SET ROWCOUNT 10 UPDATE dbo.q SET done = 1 WHERE done = 0 END\nGO\n",
        encoding="utf-8",
    )
    result = convert_inventory(scan_files([script], "sqlserver"), jobs=1)
    unit = next(o for o in result.objects if o.name == "take")
    assert unit.status is ObjectStatus.MANUAL
    assert "PROC-TSQL-SETOPT-002" in {f.rule_id for f in unit.findings}
