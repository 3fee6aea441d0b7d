"""T-SQL accepts a table constraint right after a column with no comma between (`isdiscard bit DEFAULT 0
FOREIGN KEY (custid) REFERENCES ...`, seen in public schemas): on the real PostgreSQL the key is on the columns it
names, and the column's default stays 0, as SQL Server creates them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.converters.conftest import convert_and_deploy

SCRIPT = """
CREATE TABLE dbo.customers (custid int PRIMARY KEY)
GO
CREATE TABLE dbo.production (
	detid int PRIMARY KEY,
	custid int NOT NULL,
	[sample] varbinary(max) NOT NULL -- a comment
	FOREIGN KEY (custid) REFERENCES dbo.customers (custid)
	ON DELETE CASCADE,
	isdiscard bit NOT NULL DEFAULT 0
	FOREIGN KEY (detid) REFERENCES dbo.customers (custid)
)
GO
"""


def test_the_key_is_on_the_named_columns(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    convert_and_deploy(cli, tmp_path, SCRIPT, "sqlserver", pg_url)
    keys = pg.rows(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dbo.production'::regclass "
        "AND contype = 'f' ORDER BY 1"
    )
    assert keys == [
        ("FOREIGN KEY (custid) REFERENCES dbo.customers(custid) ON DELETE CASCADE",),
        ("FOREIGN KEY (detid) REFERENCES dbo.customers(custid)",),
    ]
    pg.execute("INSERT INTO dbo.customers VALUES (1), (2)")
    pg.execute("INSERT INTO dbo.production (detid, custid, sample) VALUES (1, 1, '\\x00')")
    assert pg.scalar("SELECT isdiscard FROM dbo.production") is False  # DEFAULT 0 on a bit column
    with pytest.raises(Exception, match="foreign key"):
        pg.execute("INSERT INTO dbo.production (detid, custid, sample) VALUES (2, 3, '\\x00')")
