USE [InventoryApp]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  StoredProcedure [dbo].[usp_ReceivePurchaseOrder]    Script Date: 3/14/2025 10:12:46 AM ******/
CREATE PROCEDURE [dbo].[usp_ReceivePurchaseOrder]
    @PurchaseOrderId bigint,
    @ReceivedBy nvarchar(128) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Moved TABLE (ProductId int, Delta int, MovementId bigint);
    DECLARE @Rows int, @Err int;

    BEGIN TRY
        BEGIN TRANSACTION;

        UPDATE sl
           SET sl.QuantityOnHand = sl.QuantityOnHand + l.Quantity,
               sl.LastCountedAt = SYSDATETIME()
          FROM dbo.StockLevel AS sl
          JOIN dbo.PurchaseOrderLine AS l ON l.ProductId = sl.ProductId
          JOIN dbo.PurchaseOrder AS po ON po.PurchaseOrderId = l.PurchaseOrderId
                                      AND po.WarehouseId = sl.WarehouseId
         WHERE po.PurchaseOrderId = @PurchaseOrderId;

        SET @Rows = @@ROWCOUNT;
        IF @Rows = 0
            RAISERROR('Purchase order %I64d has no stock lines', 16, 1, @PurchaseOrderId);

        INSERT INTO ops.StockMovement (ProductId, WarehouseId, Delta, Reason, BatchNo, MovedBy)
        OUTPUT inserted.ProductId, inserted.Delta, inserted.MovementId INTO @Moved
        SELECT l.ProductId, po.WarehouseId, l.Quantity, 'RECEIPT', NEXT VALUE FOR ops.BatchSeq,
               ISNULL(@ReceivedBy, SUSER_SNAME())
          FROM dbo.PurchaseOrderLine AS l
          JOIN dbo.PurchaseOrder AS po ON po.PurchaseOrderId = l.PurchaseOrderId
         WHERE po.PurchaseOrderId = @PurchaseOrderId;

        UPDATE dbo.PurchaseOrder SET Status = 'RECEIVED' WHERE PurchaseOrderId = @PurchaseOrderId;

        COMMIT TRANSACTION;
        SELECT ProductId, Delta, MovementId FROM @Moved;   -- result set to the caller
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;
        SET @Err = ERROR_NUMBER();
        INSERT INTO ops.AuditEvent (TableName, Action, KeyValue, ChangedBy)
        VALUES ('PurchaseOrder', 'U', CAST(@PurchaseOrderId AS nvarchar(20)) + ' failed: ' + ERROR_MESSAGE(), SUSER_SNAME());
        THROW;
    END CATCH
END
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  StoredProcedure [dbo].[usp_ReorderReport]    Script Date: 3/14/2025 10:12:46 AM ******/
CREATE PROCEDURE [dbo].[usp_ReorderReport]
    @WarehouseCode nchar(4) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    CREATE TABLE #Reorder (ProductId int PRIMARY KEY, Sku varchar(40), Shortfall int);

    INSERT INTO #Reorder (ProductId, Sku, Shortfall)
    SELECT sl.ProductId, p.Sku, ISNULL(sl.ReorderPoint, 0) - sl.Available
      FROM dbo.StockLevel sl
      JOIN dbo.Product p ON p.ProductId = sl.ProductId
      JOIN dbo.Warehouse w ON w.WarehouseId = sl.WarehouseId
     WHERE (@WarehouseCode IS NULL OR w.Code = @WarehouseCode)
       AND sl.Available < ISNULL(sl.ReorderPoint, 0);

    SELECT r.Sku, r.Shortfall, 'Reorder ' + r.Sku + ' x' + CAST(r.Shortfall AS varchar(10)) AS Instruction
      FROM #Reorder r
     ORDER BY r.Shortfall DESC;

    SELECT COUNT(*) AS ItemsToReorder FROM #Reorder;
    DROP TABLE #Reorder;
END
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  StoredProcedure [ops].[usp_RecountWarehouse]    Script Date: 3/14/2025 10:12:46 AM ******/
CREATE PROCEDURE [ops].[usp_RecountWarehouse]
    @WarehouseId smallint
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @ProductId int, @Counted int;
    DECLARE recount_cursor CURSOR LOCAL FAST_FORWARD FOR
        SELECT ProductId, QuantityOnHand FROM dbo.StockLevel WHERE WarehouseId = @WarehouseId;

    OPEN recount_cursor;
    FETCH NEXT FROM recount_cursor INTO @ProductId, @Counted;
    WHILE @@FETCH_STATUS = 0
    BEGIN
        UPDATE dbo.StockLevel
           SET LastCountedAt = SYSDATETIME()
         WHERE ProductId = @ProductId AND WarehouseId = @WarehouseId;
        IF @@ERROR <> 0
            PRINT 'recount failed for product ' + CONVERT(varchar(12), @ProductId);
        FETCH NEXT FROM recount_cursor INTO @ProductId, @Counted;
    END
    CLOSE recount_cursor;
    DEALLOCATE recount_cursor;
END
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  StoredProcedure [dbo].[usp_ImportSuppliers]    Script Date: 3/14/2025 10:12:46 AM ******/
CREATE PROCEDURE [dbo].[usp_ImportSuppliers]
    @FilePath nvarchar(260)
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @sql nvarchar(max) = N'BULK INSERT dbo.Supplier FROM ''' + @FilePath + N''' WITH (FIELDTERMINATOR = '','', FIRSTROW = 2)';
    SET IDENTITY_INSERT dbo.Supplier ON;
    EXEC sp_executesql @sql;
    SET IDENTITY_INSERT dbo.Supplier OFF;
    EXEC master..xp_cmdshell 'del C:\import\suppliers.done';
    SELECT s.SupplierId, s.Name FROM dbo.Supplier s FOR JSON PATH;
END
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  UserDefinedFunction [dbo].[fn_ProductLabel]    Script Date: 3/14/2025 10:12:46 AM ******/
CREATE FUNCTION [dbo].[fn_ProductLabel] (@ProductId int)
RETURNS nvarchar(300)
WITH SCHEMABINDING
AS
BEGIN
    DECLARE @Label nvarchar(300);
    SELECT @Label = p.Sku + N' - ' + p.Name + ISNULL(N' [' + c.Name + N']', N'')
      FROM dbo.Product AS p
      JOIN dbo.Category AS c ON c.CategoryId = p.CategoryId
     WHERE p.ProductId = @ProductId;
    RETURN @Label;
END
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  UserDefinedFunction [dbo].[fn_StockForProduct]    Script Date: 3/14/2025 10:12:46 AM ******/
CREATE FUNCTION [dbo].[fn_StockForProduct] (@ProductId int)
RETURNS TABLE
AS
RETURN
(
    SELECT w.Code, sl.QuantityOnHand, sl.Available
      FROM dbo.StockLevel AS sl
      JOIN dbo.Warehouse AS w ON w.WarehouseId = sl.WarehouseId
     WHERE sl.ProductId = @ProductId
)
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Trigger [dbo].[trg_Product_Audit]    Script Date: 3/14/2025 10:12:46 AM ******/
CREATE TRIGGER [dbo].[trg_Product_Audit] ON [dbo].[Product]
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF @@ROWCOUNT = 0 RETURN;
    INSERT INTO ops.AuditEvent (TableName, Action, KeyValue, OldValues, ChangedBy)
    SELECT 'Product',
           CASE WHEN EXISTS (SELECT 1 FROM inserted) THEN 'U' ELSE 'D' END,
           CAST(d.ProductId AS nvarchar(20)),
           (SELECT d.* FOR XML RAW('product'), TYPE),
           SUSER_SNAME()
      FROM deleted AS d;
END
GO
ALTER TABLE [dbo].[Product] ENABLE TRIGGER [trg_Product_Audit]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Trigger [ops].[trg_StockMovement_Apply]    Script Date: 3/14/2025 10:12:46 AM ******/
CREATE TRIGGER [ops].[trg_StockMovement_Apply] ON [ops].[StockMovement]
AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;
    MERGE dbo.StockLevel AS t
    USING (SELECT ProductId, WarehouseId, SUM(Delta) AS Delta FROM inserted GROUP BY ProductId, WarehouseId) AS s
       ON t.ProductId = s.ProductId AND t.WarehouseId = s.WarehouseId
    WHEN MATCHED THEN UPDATE SET t.QuantityOnHand = t.QuantityOnHand + s.Delta
    WHEN NOT MATCHED THEN INSERT (ProductId, WarehouseId, QuantityOnHand, QuantityReserved)
         VALUES (s.ProductId, s.WarehouseId, s.Delta, 0);
END
GO
ALTER TABLE [ops].[StockMovement] ENABLE TRIGGER [trg_StockMovement_Apply]
GO
