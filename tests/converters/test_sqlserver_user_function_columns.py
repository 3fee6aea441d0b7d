"""User scalar functions in SQL Server table definitions, on the real PostgreSQL: a computed column that calls one
has the type the function declares (the table deploys; the computation, which reads other tables, is split off
for a person), and a CHECK comparing a BIT function with 0/1 compares the boolean it becomes with false/true."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCRIPT = """
CREATE TABLE dbo.catalog (id smallint PRIMARY KEY, price smallmoney NOT NULL)
GO
CREATE FUNCTION too_big(@n int)
RETURNS bit
BEGIN
	IF @n > 10
		RETURN '1'
	RETURN '0'
END;
GO
CREATE FUNCTION get_price(@id smallint)
RETURNS smallmoney
BEGIN
	DECLARE @p smallmoney
	SELECT @p = price FROM dbo.catalog WHERE id = @id
	RETURN @p
END;
GO
CREATE TABLE dbo.orders (
	id int PRIMARY KEY,
	catid smallint NOT NULL,
	qty int NOT NULL,
	total AS dbo.get_price(catid),
	CONSTRAINT not_too_big CHECK (dbo.too_big(qty) = 0)
)
GO
"""


def test_function_typed_column_and_bit_function_check(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "schema.sql").write_text(SCRIPT)
    out = tmp_path / "out"
    args = ("convert", "--dialect", "sqlserver", str(tmp_path / "schema.sql"), "--out", str(out))
    assert cli(*args, "--target-version", "15").exit_code == 0
    result = cli("deploy", str(out), "--target", str(pg_url))
    assert result.exit_code == 0, result.output
    total = pg.scalar(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 'dbo.orders'::regclass AND attname = 'total'"
    )
    assert total == "numeric(10,4)"  # smallmoney, as get_price declares
    objects = json.loads((out / "conversion.json").read_text())["data"]["objects"]
    assert {o["kind"]: o["status"] for o in objects if o["name"].startswith("orders")}["generated_column"] == "manual"
    pg.execute("INSERT INTO dbo.orders (id, catid, qty) VALUES (1, 1, 10)")  # too_big(10) = 0: accepted
    with pytest.raises(Exception, match="not_too_big"):
        pg.execute("INSERT INTO dbo.orders (id, catid, qty) VALUES (2, 1, 11)")  # too_big(11) = 1: refused
