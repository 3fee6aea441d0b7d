"""Sequences used as column defaults, as WideWorldImporters writes them (SSMS: AS [int], MINVALUE/MAXVALUE, a bare
CACHE; the default added by ALTER TABLE ... ADD CONSTRAINT ... DEFAULT (NEXT VALUE FOR ...) FOR col): on the real
PostgreSQL each insert takes the next value, from START WITH, shared by the tables that use one sequence."""

from __future__ import annotations

from pathlib import Path

from tests.converters.conftest import convert_and_deploy

SCRIPT = """
CREATE SCHEMA [Sequences]
GO
CREATE SEQUENCE [Sequences].[TransactionID]
 AS [int]
 START WITH 336253
 INCREMENT BY 1
 MINVALUE -2147483648
 MAXVALUE 2147483647
 CACHE
GO
CREATE TABLE [dbo].[SupplierTransactions]([SupplierTransactionID] [int] NOT NULL PRIMARY KEY, [Note] nvarchar(10) NULL)
GO
CREATE TABLE [dbo].[CustomerTransactions]([CustomerTransactionID] [int] NOT NULL PRIMARY KEY, [Note] nvarchar(10) NULL)
GO
ALTER TABLE [dbo].[SupplierTransactions] ADD  CONSTRAINT [DF_SupplierTransactionID]  DEFAULT (NEXT VALUE FOR [Sequences].[TransactionID]) FOR [SupplierTransactionID]
GO
ALTER TABLE [dbo].[CustomerTransactions] ADD  CONSTRAINT [DF_CustomerTransactionID]  DEFAULT (NEXT VALUE FOR [Sequences].[TransactionID]) FOR [CustomerTransactionID]
GO
"""


def test_next_value_for_defaults_give_increasing_keys(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    convert_and_deploy(cli, tmp_path, SCRIPT, "sqlserver", pg_url)
    pg.execute("INSERT INTO dbo.suppliertransactions (note) VALUES ('a'), ('b')")
    pg.execute("INSERT INTO dbo.customertransactions (note) VALUES ('c')")
    pg.execute("INSERT INTO dbo.suppliertransactions (note) VALUES ('d')")
    rows = pg.rows(
        "SELECT suppliertransactionid, note FROM dbo.suppliertransactions UNION ALL "
        "SELECT customertransactionid, note FROM dbo.customertransactions ORDER BY 1"
    )
    assert rows == [(336253, "a"), (336254, "b"), (336255, "c"), (336256, "d")]  # one counter, as on SQL Server
    assert pg.scalar("SELECT data_type FROM information_schema.sequences WHERE sequence_name = 'transactionid'") == (
        "integer"
    )
