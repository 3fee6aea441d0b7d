"""SQL Server system-versioned tables and alias-type nullability on the real PostgreSQL, as SQL Server documents
them ("Temporal tables"; CREATE TYPE: "the nullability of the alias type applies to columns that state none")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.converters.conftest import convert_and_deploy

SCRIPT = """
CREATE TYPE [dbo].[Flag] FROM [bit] NOT NULL
GO
EXEC sp_addtype N'Code', N'varchar(10)', N'NOT NULL'
GO
CREATE TABLE [dbo].[Colors_Archive](
    [ColorID] [int] NOT NULL,
    [ColorName] [nvarchar](20) NOT NULL,
    [ValidFrom] [datetime2](7) NOT NULL,
    [ValidTo] [datetime2](7) NOT NULL
)
GO
CREATE TABLE [dbo].[Colors](
    [ColorID] [int] NOT NULL,
    [ColorName] [nvarchar](20) NOT NULL,
    [ValidFrom] [datetime2](7) GENERATED ALWAYS AS ROW START NOT NULL,
    [ValidTo] [datetime2](7) GENERATED ALWAYS AS ROW END NOT NULL,
 CONSTRAINT [PK_Colors] PRIMARY KEY CLUSTERED ([ColorID] ASC),
    PERIOD FOR SYSTEM_TIME ([ValidFrom], [ValidTo])
) WITH (SYSTEM_VERSIONING = ON ( HISTORY_TABLE = [dbo].[Colors_Archive] ))
GO
CREATE TABLE dbo.Rates (
    id int PRIMARY KEY,
    rate decimal(9, 2) NOT NULL,
    SysStart datetime2 GENERATED ALWAYS AS ROW START NOT NULL,
    SysEnd datetime2 GENERATED ALWAYS AS ROW END NOT NULL,
    PERIOD FOR SYSTEM_TIME (SysStart, SysEnd)
) WITH (SYSTEM_VERSIONING = ON)
GO
CREATE TABLE dbo.Supplier (
    id int PRIMARY KEY,
    [BankAccountNumber] [nvarchar](20) MASKED WITH (FUNCTION = 'default()') NULL,
    email varchar(100) MASKED WITH (FUNCTION = 'email()') NOT NULL
)
GO
CREATE SECURITY POLICY dbo.SupplierFilter
ADD FILTER PREDICATE dbo.CanSee(id) ON dbo.Supplier
WITH (STATE = ON);
GO
CREATE TABLE dbo.Item (
    id int NOT NULL PRIMARY KEY,
    active [dbo].[Flag] NULL,
    shipped [dbo].[Flag],
    code Code NULL,
    code2 Code
)
GO
"""

OPEN = "10000-01-01 00:00:00"  # '9999-12-31 23:59:59.9999999' as PostgreSQL's timestamp(6) holds it


@pytest.fixture
def deployed(cli, tmp_path: Path, pg_url, pg):  # type: ignore[no-untyped-def]
    out = convert_and_deploy(cli, tmp_path, SCRIPT, "sqlserver", pg_url)
    return out


def test_insert_fills_the_period_from_the_transaction_start_in_utc(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.colors (colorid, colorname) VALUES (1, 'Red')")
    start, end, late = pg.rows(
        "SELECT validfrom, validto::text, validfrom <= now() AT TIME ZONE 'UTC' FROM dbo.colors"
    )[0]
    assert end == OPEN and late is True and start is not None
    assert pg.scalar("SELECT count(*) FROM dbo.colors_archive") == 0


def test_update_and_delete_keep_the_history_as_sql_server_does(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.colors (colorid, colorname) VALUES (1, 'Red'), (2, 'Blue')")
    first = pg.scalar("SELECT validfrom FROM dbo.colors WHERE colorid = 1")
    pg.execute("UPDATE dbo.colors SET colorname = 'Crimson' WHERE colorid = 1")
    current = pg.rows("SELECT colorname, validfrom, validto::text FROM dbo.colors WHERE colorid = 1")[0]
    history = pg.rows("SELECT colorid, colorname, validfrom, validto FROM dbo.colors_archive")
    # the old row is in the history, ending when the new one starts; the new row is open
    assert history == [(1, "Red", first, current[1])] and current[0] == "Crimson" and current[2] == OPEN
    pg.execute("DELETE FROM dbo.colors WHERE colorid = 2")
    deleted = pg.rows("SELECT colorname, validto > validfrom FROM dbo.colors_archive WHERE colorid = 2")
    assert deleted == [("Blue", True)] and pg.scalar("SELECT count(*) FROM dbo.colors") == 1
    # FOR SYSTEM_TIME ALL: every version of colour 1, in order
    versions = pg.rows(
        "SELECT colorname FROM (SELECT * FROM dbo.colors UNION ALL SELECT * FROM dbo.colors_archive) v "
        "WHERE colorid = 1 ORDER BY validfrom"
    )
    assert versions == [("Red",), ("Crimson",)]


def test_a_change_older_than_the_row_fails_as_error_13535(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.colors (colorid, colorname, validfrom) VALUES (1, 'Red', '2999-01-01')")
    with pytest.raises(Exception, match="transaction time was earlier than period start time"):
        pg.execute("UPDATE dbo.colors SET colorname = 'x'")


def test_a_history_table_the_server_names_is_created(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.rates (id, rate) VALUES (1, 1.50)")
    pg.execute("UPDATE dbo.rates SET rate = 2.00")
    assert pg.rows("SELECT id, rate::text FROM dbo.rates_history") == [(1, "1.50")]
    objects = json.loads((deployed / "conversion.json").read_text())["data"]["objects"]
    notes = [f["rule_id"] for o in objects if o["kind"] == "temporal" for f in o["findings"]]
    assert notes == ["AM-DDL-050", "AM-DDL-050"]  # one note per system-versioned table, priced by its row


def test_alias_type_nullability_applies_only_to_columns_that_state_none(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.item (id, active, shipped, code, code2) VALUES (1, NULL, true, NULL, 'a')")
    assert pg.rows("SELECT active, code FROM dbo.item") == [(None, None)]  # declared NULL: accepts NULL
    for column in ("shipped", "code2"):  # no nullability stated: the type's NOT NULL holds
        with pytest.raises(Exception, match="null value"):
            pg.execute(f"UPDATE dbo.item SET {column} = NULL")
    # a T-SQL variable of a NOT NULL alias type may hold NULL: the domain carries no NOT NULL
    assert pg.scalar("SELECT CAST(NULL AS dbo.flag) IS NULL") is True
    assert pg.scalar("SELECT CAST(NULL AS dbo.code) IS NULL") is True


def test_a_masked_column_deploys_with_its_masking_flagged(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.supplier VALUES (1, '123', 'a@b.c')")
    assert pg.rows("SELECT bankaccountnumber, email FROM dbo.supplier") == [("123", "a@b.c")]
    objects = json.loads((deployed / "conversion.json").read_text())["data"]["objects"]
    table = next(o for o in objects if o["source_name"] == "dbo.Supplier")
    masked = [f["message"] for f in table["findings"] if f["rule_id"] == "AM-DDL-051"]
    assert len(masked) == 2 and "email()" in masked[1] and table["status"] == "converted_with_findings"


PARTITIONED = """
CREATE PARTITION FUNCTION [PF_TransactionDate](date) AS RANGE RIGHT FOR VALUES (N'2014-01-01T00:00:00.000', N'2015-01-01T00:00:00.000')
GO
CREATE PARTITION SCHEME [PS_TransactionDate] AS PARTITION [PF_TransactionDate] TO ([USERDATA], [USERDATA], [USERDATA])
GO
CREATE TABLE [Purchasing].[SupplierTransactions](
	[SupplierTransactionID] [int] NOT NULL,
	[TransactionDate] [date] NOT NULL,
 CONSTRAINT [PK_Purchasing_SupplierTransactions] PRIMARY KEY NONCLUSTERED ([SupplierTransactionID] ASC) ON [USERDATA]
) ON [PS_TransactionDate]([TransactionDate])
GO
CREATE TABLE [Sales].[CustomerTransactions](
	[CustomerTransactionID] [int] NOT NULL,
	[TransactionDate] [date] NOT NULL,
 CONSTRAINT [PK_Sales_CustomerTransactions] PRIMARY KEY ([CustomerTransactionID], [TransactionDate])
) ON [PS_TransactionDate]([TransactionDate])
GO
"""


def test_a_key_without_the_partition_column_keeps_the_table_whole(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "p.sql").write_text(PARTITIONED)
    out = tmp_path / "p"
    assert cli("convert", "--dialect", "sqlserver", str(tmp_path / "p.sql"), "--out", str(out)).exit_code == 0
    result = cli("deploy", str(out), "--target", str(pg_url))
    assert result.exit_code == 0, result.output
    kinds = dict(
        pg.rows(
            "SELECT relname, relkind::text FROM pg_class WHERE relname IN ('suppliertransactions', 'customertransactions')"
        )
    )
    assert kinds == {"suppliertransactions": "r", "customertransactions": "p"}  # the key decides
    pg.execute("INSERT INTO purchasing.suppliertransactions VALUES (1, '2014-06-01')")
    with pytest.raises(Exception, match="pk_purchasing_suppliertransactions"):  # unique across all dates
        pg.execute("INSERT INTO purchasing.suppliertransactions VALUES (1, '2016-06-01')")
    objects = json.loads((out / "conversion.json").read_text())["data"]["objects"]
    table = next(o for o in objects if o["name"] == "suppliertransactions")
    assert [f["rule_id"] for f in table["findings"]] == ["AM-DDL-052"]


def test_a_security_policy_is_a_manual_object_with_the_postgresql_form(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    objects = json.loads((deployed / "conversion.json").read_text())["data"]["objects"]
    held = [o for o in objects if "CREATE SECURITY POLICY" in o["sql"]]
    assert len(held) == 1 and held[0]["status"] == "manual"
    assert "CREATE POLICY" in held[0]["findings"][0]["message"] and held[0]["findings"][0]["rule_id"] == "AM-DDL-020"
    assert (
        pg.scalar("SELECT relrowsecurity FROM pg_class WHERE oid = 'dbo.supplier'::regclass") is False
    )  # not silently half-done


def test_hidden_period_columns_keep_the_table_manual(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "h.sql").write_text(
        "CREATE TABLE dbo.Dept (id int PRIMARY KEY,\n"
        "  SysStart datetime2 GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,\n"
        "  SysEnd datetime2 GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,\n"
        "  PERIOD FOR SYSTEM_TIME (SysStart, SysEnd)) WITH (SYSTEM_VERSIONING = ON)\nGO\n"
    )
    out = tmp_path / "h"
    assert cli("convert", "--dialect", "sqlserver", str(tmp_path / "h.sql"), "--out", str(out)).exit_code == 0
    objects = json.loads((out / "conversion.json").read_text())["data"]["objects"]
    table = next(o for o in objects if o["name"] == "dept")
    assert table["status"] == "manual" and "AM-DDL-053" in [f["rule_id"] for f in table["findings"]]
