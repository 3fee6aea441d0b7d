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
