"""sp_addextendedproperty becomes COMMENT ON on the real PostgreSQL: tables, views, columns, indexes, keys and
checks, whatever the property is called; a second property on one object and a DEFAULT's description are not
silently merged or lost (the first stays for a person, the second is ignored with its reason)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.converters.conftest import convert_and_deploy

SCRIPT = """
CREATE TABLE [Sales].[Orders](
    [OrderID] [int] NOT NULL,
    [CustomerID] [int] NOT NULL,
    [Qty] [int] NOT NULL CONSTRAINT [DF_Orders_Qty] DEFAULT ((1)),
 CONSTRAINT [PK_Sales_Orders] PRIMARY KEY CLUSTERED ([OrderID] ASC),
 CONSTRAINT [CK_Orders_Qty] CHECK ([Qty] > 0)
)
GO
CREATE TABLE [Sales].[Customers]([CustomerID] [int] NOT NULL CONSTRAINT [PK_Customers] PRIMARY KEY)
GO
ALTER TABLE [Sales].[Orders] WITH CHECK ADD CONSTRAINT [FK_Orders_Customers] FOREIGN KEY([CustomerID])
REFERENCES [Sales].[Customers] ([CustomerID])
GO
CREATE NONCLUSTERED INDEX [IX_Orders_CustomerID] ON [Sales].[Orders] ([CustomerID] ASC)
GO
CREATE VIEW [Sales].[BigOrders] AS SELECT OrderID, Qty FROM Sales.Orders WHERE Qty > 10
GO
EXEC sys.sp_addextendedproperty @name=N'Description', @value=N'Customer''s orders' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'TABLE',@level1name=N'Orders'
GO
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Number of units', @level0type = N'SCHEMA', @level0name = [Sales], @level1type = N'TABLE', @level1name = [Orders], @level2type = N'COLUMN', @level2name = [Qty];
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Clustered index' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'TABLE',@level1name=N'Orders', @level2type=N'CONSTRAINT',@level2name=N'PK_Sales_Orders'
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'At least one' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'TABLE',@level1name=N'Orders', @level2type=N'CONSTRAINT',@level2name=N'CK_Orders_Qty'
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Whose order' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'TABLE',@level1name=N'Orders', @level2type=N'CONSTRAINT',@level2name=N'FK_Orders_Customers'
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Supports the key' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'TABLE',@level1name=N'Orders', @level2type=N'INDEX',@level2name=N'IX_Orders_CustomerID'
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Default of 1' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'TABLE',@level1name=N'Orders', @level2type=N'CONSTRAINT',@level2name=N'DF_Orders_Qty'
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Orders over ten' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'VIEW',@level1name=N'BigOrders'
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Units' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'VIEW',@level1name=N'BigOrders', @level2type=N'COLUMN',@level2name=N'Qty'
GO
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Everything sold', @level0type = N'SCHEMA', @level0name = [Sales];
GO
EXEC sys.sp_addextendedproperty @name=N'Owner', @value=N'Sales team' , @level0type=N'SCHEMA',@level0name=N'Sales', @level1type=N'TABLE',@level1name=N'Orders'
GO
"""


@pytest.fixture
def deployed(cli, tmp_path: Path, pg_url, pg):  # type: ignore[no-untyped-def]
    out = convert_and_deploy(cli, tmp_path, SCRIPT, "sqlserver", pg_url)
    return out


def test_every_documented_object_gets_its_comment(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    comments = dict(
        pg.rows(
            "SELECT 'schema', obj_description('sales'::regnamespace, 'pg_namespace') "
            "UNION ALL SELECT 'table', obj_description('sales.orders'::regclass, 'pg_class') "
            "UNION ALL SELECT 'column', col_description('sales.orders'::regclass, 3) "
            "UNION ALL SELECT 'index', obj_description('sales.ix_orders_customerid'::regclass, 'pg_class') "
            "UNION ALL SELECT 'view', obj_description('sales.bigorders'::regclass, 'pg_class') "
            "UNION ALL SELECT 'view column', col_description('sales.bigorders'::regclass, 2) "
            "UNION ALL SELECT conname, obj_description(oid, 'pg_constraint') FROM pg_constraint "
            "WHERE conrelid = 'sales.orders'::regclass AND contype <> 'n'"
        )
    )
    assert comments == {
        "schema": "Everything sold", "table": "Customer's orders", "column": "Number of units", "index": "Supports the key",
        "view": "Orders over ten", "view column": "Units", "pk_sales_orders": "Clustered index",
        "ck_orders_qty": "At least one", "fk_orders_customers": "Whose order",
    }  # fmt: skip


def test_a_second_property_stays_for_a_person_and_a_defaults_is_ignored(deployed) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((deployed / "conversion.json").read_text())["data"]
    manual = [o["sql"] for o in data["objects"] if o["status"] == "manual"]
    assert len(manual) == 1 and "Sales team" in manual[0]
    ignored = [s for s in data["ledger"]["entries"] if s["status"] == "ignored"]
    assert any("DEFAULT constraint" in s["reason"] for s in ignored)
