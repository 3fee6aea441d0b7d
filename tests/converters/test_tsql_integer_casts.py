"""T-SQL CAST / CONVERT to an integer on columns and variables, run on the real PostgreSQL with the results the
SQL Server documentation ("CAST and CONVERT", truncating and rounding results) gives: decimal, numeric, float and
real are truncated, money and smallmoney are rounded. PostgreSQL's own cast rounds all of them."""

from __future__ import annotations

from pathlib import Path

from assessments.scan import scan_files
from converters.convert import convert_inventory
from tests.converters.procedural.conftest import deploy_objects

SCRIPT = """
CREATE TABLE dbo.t (id int PRIMARY KEY, price decimal(10,2), ratio float, cash money, qty int);
GO
CREATE VIEW dbo.v AS SELECT id, CAST(price AS int) AS p, CONVERT(int, ratio) AS r, CAST(cash AS int) AS c,
    CAST(qty AS int) AS q FROM dbo.t;
GO
CREATE PROCEDURE dbo.whole @d decimal(10,2), @m money, @f float, @out int OUTPUT AS
BEGIN
    SET @out = CAST(@d AS int) * 10000 + CAST(@m AS int) * 100 + CAST(@f AS int);
END
GO
"""


def test_decimals_and_floats_truncate_money_rounds(pg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "t.sql").write_text(SCRIPT, encoding="utf-8")
    deploy_objects(pg, convert_inventory(scan_files([tmp_path / "t.sql"], "sqlserver"), jobs=1))
    pg.execute("INSERT INTO dbo.t VALUES (1, 2.70, 2.7, 2.50, 7), (2, -2.70, -2.7, -2.50, -7)")
    # SQL Server: CAST(2.70 AS int) = 2, CAST(2.7e0 AS int) = 2, CAST($2.50 AS int) = 3; negatives likewise
    assert pg.rows("SELECT p, r, c, q FROM dbo.v ORDER BY id") == [(2, 2, 3, 7), (-2, -2, -3, -7)]
    assert pg.scalar("CALL dbo.whole(3.99, 3.99, 3.99, NULL)") == 3 * 10000 + 4 * 100 + 3


TEXT_SCRIPT = """
CREATE TABLE dbo.m (id int PRIMARY KEY, cash money, ratio float);
GO
CREATE VIEW dbo.cash_text AS SELECT id, CAST(cash AS varchar(20)) AS c, CONVERT(varchar(20), cash, 2) AS c4 FROM dbo.m;
GO
CREATE VIEW dbo.ratio_text AS SELECT id, CAST(ratio AS varchar(20)) AS r FROM dbo.m;
GO
"""


def test_money_text_has_two_decimals_and_float_text_is_flagged(pg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """SQL Server (CAST and CONVERT, money styles): style 0 writes 4235.98 (two decimals, rounded), style 2
    4235.9808; a float's text is SQL Server's own (1.23457e+006), so that view is left for a person."""
    (tmp_path / "m.sql").write_text(TEXT_SCRIPT, encoding="utf-8")
    result = convert_inventory(scan_files([tmp_path / "m.sql"], "sqlserver"), jobs=1)
    ratio = next(o for o in result.objects if o.name == "ratio_text")
    assert ratio.status.value == "manual" and {f.rule_id for f in ratio.findings} == {"CONV-TSQL-NUMTEXT-001"}
    deploy_objects(pg, result)
    pg.execute("INSERT INTO dbo.m VALUES (1, 4235.9808, 1.5), (2, -0.005, 2)")
    assert pg.rows("SELECT c, c4 FROM dbo.cash_text ORDER BY id") == [("4235.98", "4235.9808"), ("-0.01", "-0.0050")]
