USE [InventoryApp]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  View [dbo].[vProductCatalog]    Script Date: 3/14/2025 10:12:45 AM ******/
CREATE VIEW [dbo].[vProductCatalog]
AS
SELECT p.ProductId,
       p.Sku,
       p.Name + N' (' + c.Name + N')' AS DisplayName,
       ISNULL(s.Name, N'(no supplier)') AS SupplierName,
       p.UnitPrice,
       IIF(p.Discontinued = 1, 'retired', 'active') AS Lifecycle
FROM dbo.Product AS p
INNER JOIN dbo.Category AS c ON c.CategoryId = p.CategoryId
LEFT JOIN dbo.Supplier AS s ON s.SupplierId = p.SupplierId
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  View [dbo].[vTopProducts]    Script Date: 3/14/2025 10:12:45 AM ******/
CREATE VIEW [dbo].[vTopProducts]
AS
SELECT TOP (20) p.ProductId, p.Name, SUM(l.Quantity) AS UnitsOrdered
FROM dbo.Product AS p
JOIN dbo.PurchaseOrderLine AS l ON l.ProductId = p.ProductId
GROUP BY p.ProductId, p.Name
ORDER BY UnitsOrdered DESC
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  View [dbo].[vStockByWarehouse]    Script Date: 3/14/2025 10:12:45 AM ******/
CREATE VIEW [dbo].[vStockByWarehouse]
AS
SELECT w.Code AS WarehouseCode,
       w.City,
       sl.ProductId,
       sl.QuantityOnHand,
       sl.Available,
       CASE WHEN sl.Available <= ISNULL(sl.ReorderPoint, 0) THEN 1 ELSE 0 END AS NeedsReorder,
       DATEDIFF(day, sl.LastCountedAt, GETDATE()) AS DaysSinceCount
FROM dbo.StockLevel AS sl
JOIN dbo.Warehouse AS w ON w.WarehouseId = sl.WarehouseId
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  View [ops].[vLatestMovement]    Script Date: 3/14/2025 10:12:45 AM ******/
CREATE VIEW [ops].[vLatestMovement]
AS
SELECT p.ProductId, p.Sku, lm.MovedAt, lm.Delta, lm.Reason
FROM dbo.Product AS p
CROSS APPLY (
    SELECT TOP (1) m.MovedAt, m.Delta, m.Reason
    FROM ops.StockMovement AS m
    WHERE m.ProductId = p.ProductId
    ORDER BY m.MovedAt DESC
) AS lm
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  View [dbo].[vSupplierSummary]    Script Date: 3/14/2025 10:12:45 AM ******/
CREATE VIEW [dbo].[vSupplierSummary]
AS
SELECT s.SupplierId,
       s.SupplierCode + '-' + CONVERT(varchar(10), s.SupplierId) AS SupplierKey,
       COUNT(po.PurchaseOrderId) AS Orders,
       ISNULL(SUM(po.TotalAmount), 0) AS TotalSpend,
       MAX(po.OrderedAt) AS LastOrderAt,
       LEN(s.Name) AS NameLength
FROM dbo.Supplier AS s
LEFT JOIN dbo.PurchaseOrder AS po ON po.SupplierId = s.SupplierId
GROUP BY s.SupplierId, s.SupplierCode, s.Name
GO
