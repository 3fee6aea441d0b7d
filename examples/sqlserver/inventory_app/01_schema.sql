USE [master]
GO
/****** Object:  Database [InventoryApp]    Script Date: 3/14/2025 10:12:44 AM ******/
USE [InventoryApp]
GO
/****** Object:  Schema [ops]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE SCHEMA [ops]
GO
/****** Object:  Sequence [dbo].[InvoiceNumberSeq]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE SEQUENCE [dbo].[InvoiceNumberSeq] 
 AS [bigint]
 START WITH 100000
 INCREMENT BY 1
 MINVALUE 100000
 MAXVALUE 9223372036854775807
 CACHE  50 
GO
/****** Object:  Sequence [ops].[BatchSeq]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE SEQUENCE [ops].[BatchSeq] 
 AS [int]
 START WITH 1
 INCREMENT BY 1
 MINVALUE 1
 MAXVALUE 99999
 CYCLE 
 NO CACHE 
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [dbo].[Category]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [dbo].[Category](
	[CategoryId] [int] IDENTITY(1,1) NOT NULL,
	[Name] [nvarchar](100) NOT NULL,
	[ParentCategoryId] [int] NULL,
	[IsActive] [bit] NOT NULL,
 CONSTRAINT [PK_Category] PRIMARY KEY CLUSTERED 
(
	[CategoryId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY],
 CONSTRAINT [UQ_Category_Name] UNIQUE NONCLUSTERED 
(
	[Name] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [dbo].[Supplier]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [dbo].[Supplier](
	[SupplierId] [int] IDENTITY(1,1) NOT NULL,
	[SupplierCode] [char](8) NOT NULL,
	[Name] [nvarchar](200) NOT NULL,
	[ContactEmail] [varchar](254) NULL,
	[Phone] [varchar](30) NULL,
	[CreditLimit] [money] NULL,
	[Rating] [tinyint] NULL,
	[CreatedAt] [datetime] NOT NULL,
 CONSTRAINT [PK_Supplier] PRIMARY KEY CLUSTERED 
(
	[SupplierId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [dbo].[Product]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [dbo].[Product](
	[ProductId] [int] IDENTITY(1000,1) NOT NULL,
	[ProductGuid] [uniqueidentifier] NOT NULL,
	[Sku] [varchar](40) NOT NULL,
	[Name] [nvarchar](200) NOT NULL,
	[Description] [nvarchar](max) NULL,
	[CategoryId] [int] NOT NULL,
	[SupplierId] [int] NULL,
	[UnitPrice] [decimal](12, 2) NOT NULL,
	[UnitCost] [smallmoney] NULL,
	[WeightKg] [float] NULL,
	[Margin]  AS ([UnitPrice]-isnull([UnitCost],(0))) PERSISTED,
	[Discontinued] [bit] NOT NULL,
	[Thumbnail] [varbinary](max) NULL,
	[RowVer] [rowversion] NOT NULL,
 CONSTRAINT [PK_Product] PRIMARY KEY CLUSTERED 
(
	[ProductId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY],
 CONSTRAINT [UQ_Product_Sku] UNIQUE NONCLUSTERED 
(
	[Sku] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [dbo].[Warehouse]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [dbo].[Warehouse](
	[WarehouseId] [smallint] IDENTITY(1,1) NOT NULL,
	[Code] [nchar](4) NOT NULL,
	[City] [nvarchar](80) NOT NULL,
	[TimeZone] [varchar](40) NOT NULL,
	[OpenedOn] [date] NULL,
	[Capacity] [int] NULL,
 CONSTRAINT [PK_Warehouse] PRIMARY KEY CLUSTERED 
(
	[WarehouseId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [dbo].[StockLevel]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [dbo].[StockLevel](
	[ProductId] [int] NOT NULL,
	[WarehouseId] [smallint] NOT NULL,
	[QuantityOnHand] [int] NOT NULL,
	[QuantityReserved] [int] NOT NULL,
	[Available]  AS ([QuantityOnHand]-[QuantityReserved]),
	[ReorderPoint] [int] NULL,
	[LastCountedAt] [datetime2](7) NULL,
 CONSTRAINT [PK_StockLevel] PRIMARY KEY CLUSTERED 
(
	[ProductId] ASC,
	[WarehouseId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [dbo].[PurchaseOrder]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [dbo].[PurchaseOrder](
	[PurchaseOrderId] [bigint] IDENTITY(1,1) NOT NULL,
	[OrderNumber] [bigint] NOT NULL,
	[SupplierId] [int] NOT NULL,
	[WarehouseId] [smallint] NOT NULL,
	[Status] [varchar](12) NOT NULL,
	[OrderedAt] [datetimeoffset](7) NOT NULL,
	[ExpectedAt] [datetime2](3) NULL,
	[TotalAmount] [decimal](14, 2) NULL,
	[Notes] [nvarchar](max) NULL,
 CONSTRAINT [PK_PurchaseOrder] PRIMARY KEY CLUSTERED 
(
	[PurchaseOrderId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [dbo].[PurchaseOrderLine]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [dbo].[PurchaseOrderLine](
	[PurchaseOrderId] [bigint] NOT NULL,
	[LineNo] [smallint] NOT NULL,
	[ProductId] [int] NOT NULL,
	[Quantity] [int] NOT NULL,
	[UnitCost] [decimal](12, 4) NOT NULL,
	[LineTotal]  AS ([Quantity]*[UnitCost]) PERSISTED,
 CONSTRAINT [PK_PurchaseOrderLine] PRIMARY KEY CLUSTERED 
(
	[PurchaseOrderId] ASC,
	[LineNo] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [ops].[StockMovement]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [ops].[StockMovement](
	[MovementId] [bigint] IDENTITY(1,1) NOT NULL,
	[MovementGuid] [uniqueidentifier] NOT NULL,
	[ProductId] [int] NOT NULL,
	[WarehouseId] [smallint] NOT NULL,
	[Delta] [int] NOT NULL,
	[Reason] [varchar](20) NOT NULL,
	[BatchNo] [int] NULL,
	[MovedAt] [datetime2](7) NOT NULL,
	[MovedBy] [sysname] NOT NULL,
	[Payload] [nvarchar](max) NULL,
 CONSTRAINT [PK_StockMovement] PRIMARY KEY NONCLUSTERED 
(
	[MovementId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [ops].[AuditEvent]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [ops].[AuditEvent](
	[AuditEventId] [bigint] IDENTITY(1,1) NOT NULL,
	[TableName] [sysname] NOT NULL,
	[Action] [char](1) NOT NULL,
	[KeyValue] [nvarchar](100) NOT NULL,
	[OldValues] [xml] NULL,
	[ChangedAt] [datetime2](7) NOT NULL,
	[ChangedBy] [nvarchar](128) NOT NULL,
 CONSTRAINT [PK_AuditEvent] PRIMARY KEY CLUSTERED 
(
	[AuditEventId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
/****** Object:  Table [ops].[ShipmentLog]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE TABLE [ops].[ShipmentLog](
	[ShipmentId] [int] IDENTITY(1,1) NOT NULL,
	[PurchaseOrderId] [bigint] NULL,
	[Carrier] [varchar](40) NULL,
	[TrackingNo] [varchar](60) NULL,
	[ShippedAt] [smalldatetime] NULL,
	[Label] [varbinary](512) NULL,
	[Weight] [real] NULL,
 CONSTRAINT [PK_ShipmentLog] PRIMARY KEY CLUSTERED 
(
	[ShipmentId] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY]
GO
/****** Object:  Index [IX_Product_Category]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE NONCLUSTERED INDEX [IX_Product_Category] ON [dbo].[Product]
(
	[CategoryId] ASC
)
INCLUDE([Name],[UnitPrice]) WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, SORT_IN_TEMPDB = OFF, DROP_EXISTING = OFF, ONLINE = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
GO
/****** Object:  Index [IX_Product_Active]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE NONCLUSTERED INDEX [IX_Product_Active] ON [dbo].[Product]
(
	[Name] ASC
)
WHERE ([Discontinued]=(0))
WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, SORT_IN_TEMPDB = OFF, DROP_EXISTING = OFF, ONLINE = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
GO
/****** Object:  Index [CIX_StockMovement_MovedAt]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE CLUSTERED INDEX [CIX_StockMovement_MovedAt] ON [ops].[StockMovement]
(
	[MovedAt] DESC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, SORT_IN_TEMPDB = OFF, DROP_EXISTING = OFF, ONLINE = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
GO
/****** Object:  Index [UX_PurchaseOrder_Number]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE UNIQUE NONCLUSTERED INDEX [UX_PurchaseOrder_Number] ON [dbo].[PurchaseOrder]
(
	[OrderNumber] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, SORT_IN_TEMPDB = OFF, IGNORE_DUP_KEY = OFF, DROP_EXISTING = OFF, ONLINE = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
GO
/****** Object:  Index [IX_PurchaseOrder_Open]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE NONCLUSTERED INDEX [IX_PurchaseOrder_Open] ON [dbo].[PurchaseOrder]
(
	[SupplierId] ASC,
	[OrderedAt] DESC
)
INCLUDE([TotalAmount])
WHERE ([Status] IN ('OPEN', 'PARTIAL'))
WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, SORT_IN_TEMPDB = OFF, DROP_EXISTING = OFF, ONLINE = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
GO
ALTER TABLE [dbo].[Category] ADD  CONSTRAINT [DF_Category_IsActive]  DEFAULT ((1)) FOR [IsActive]
GO
ALTER TABLE [dbo].[Supplier] ADD  CONSTRAINT [DF_Supplier_CreatedAt]  DEFAULT (getdate()) FOR [CreatedAt]
GO
ALTER TABLE [dbo].[Product] ADD  CONSTRAINT [DF_Product_ProductGuid]  DEFAULT (newid()) FOR [ProductGuid]
GO
ALTER TABLE [dbo].[Product] ADD  CONSTRAINT [DF_Product_Discontinued]  DEFAULT ((0)) FOR [Discontinued]
GO
ALTER TABLE [dbo].[StockLevel] ADD  CONSTRAINT [DF_StockLevel_Reserved]  DEFAULT ((0)) FOR [QuantityReserved]
GO
ALTER TABLE [dbo].[PurchaseOrder] ADD  CONSTRAINT [DF_PurchaseOrder_Status]  DEFAULT ('OPEN') FOR [Status]
GO
ALTER TABLE [dbo].[PurchaseOrder] ADD  CONSTRAINT [DF_PurchaseOrder_OrderedAt]  DEFAULT (sysdatetimeoffset()) FOR [OrderedAt]
GO
ALTER TABLE [ops].[StockMovement] ADD  CONSTRAINT [DF_StockMovement_Guid]  DEFAULT (newsequentialid()) FOR [MovementGuid]
GO
ALTER TABLE [ops].[StockMovement] ADD  CONSTRAINT [DF_StockMovement_MovedAt]  DEFAULT (sysutcdatetime()) FOR [MovedAt]
GO
ALTER TABLE [ops].[StockMovement] ADD  CONSTRAINT [DF_StockMovement_MovedBy]  DEFAULT (suser_sname()) FOR [MovedBy]
GO
ALTER TABLE [ops].[AuditEvent] ADD  DEFAULT (sysutcdatetime()) FOR [ChangedAt]
GO
ALTER TABLE [dbo].[Category]  WITH CHECK ADD  CONSTRAINT [FK_Category_Parent] FOREIGN KEY([ParentCategoryId])
REFERENCES [dbo].[Category] ([CategoryId])
GO
ALTER TABLE [dbo].[Category] CHECK CONSTRAINT [FK_Category_Parent]
GO
ALTER TABLE [dbo].[Product]  WITH CHECK ADD  CONSTRAINT [FK_Product_Category] FOREIGN KEY([CategoryId])
REFERENCES [dbo].[Category] ([CategoryId])
GO
ALTER TABLE [dbo].[Product] CHECK CONSTRAINT [FK_Product_Category]
GO
ALTER TABLE [dbo].[Product]  WITH CHECK ADD  CONSTRAINT [FK_Product_Supplier] FOREIGN KEY([SupplierId])
REFERENCES [dbo].[Supplier] ([SupplierId])
ON DELETE SET NULL
GO
ALTER TABLE [dbo].[Product] CHECK CONSTRAINT [FK_Product_Supplier]
GO
ALTER TABLE [dbo].[StockLevel]  WITH CHECK ADD  CONSTRAINT [FK_StockLevel_Product] FOREIGN KEY([ProductId])
REFERENCES [dbo].[Product] ([ProductId])
ON DELETE CASCADE
GO
ALTER TABLE [dbo].[StockLevel]  WITH CHECK ADD  CONSTRAINT [FK_StockLevel_Warehouse] FOREIGN KEY([WarehouseId])
REFERENCES [dbo].[Warehouse] ([WarehouseId])
GO
ALTER TABLE [dbo].[PurchaseOrder]  WITH CHECK ADD  CONSTRAINT [FK_PurchaseOrder_Supplier] FOREIGN KEY([SupplierId])
REFERENCES [dbo].[Supplier] ([SupplierId])
GO
ALTER TABLE [dbo].[PurchaseOrder]  WITH CHECK ADD  CONSTRAINT [FK_PurchaseOrder_Warehouse] FOREIGN KEY([WarehouseId])
REFERENCES [dbo].[Warehouse] ([WarehouseId])
GO
ALTER TABLE [dbo].[PurchaseOrderLine]  WITH CHECK ADD  CONSTRAINT [FK_POLine_PurchaseOrder] FOREIGN KEY([PurchaseOrderId])
REFERENCES [dbo].[PurchaseOrder] ([PurchaseOrderId])
ON DELETE CASCADE
GO
ALTER TABLE [dbo].[PurchaseOrderLine]  WITH CHECK ADD  CONSTRAINT [FK_POLine_Product] FOREIGN KEY([ProductId])
REFERENCES [dbo].[Product] ([ProductId])
GO
ALTER TABLE [ops].[StockMovement]  WITH NOCHECK ADD  CONSTRAINT [FK_StockMovement_Product] FOREIGN KEY([ProductId])
REFERENCES [dbo].[Product] ([ProductId])
GO
ALTER TABLE [ops].[ShipmentLog]  WITH CHECK ADD  CONSTRAINT [FK_ShipmentLog_PurchaseOrder] FOREIGN KEY([PurchaseOrderId])
REFERENCES [dbo].[PurchaseOrder] ([PurchaseOrderId])
ON DELETE SET NULL
GO
ALTER TABLE [dbo].[Product]  WITH CHECK ADD  CONSTRAINT [CK_Product_Price] CHECK  (([UnitPrice]>=(0)))
GO
ALTER TABLE [dbo].[Product] CHECK CONSTRAINT [CK_Product_Price]
GO
ALTER TABLE [dbo].[StockLevel]  WITH CHECK ADD  CONSTRAINT [CK_StockLevel_NonNegative] CHECK  (([QuantityOnHand]>=(0) AND [QuantityReserved]>=(0)))
GO
ALTER TABLE [dbo].[PurchaseOrder]  WITH CHECK ADD  CONSTRAINT [CK_PurchaseOrder_Status] CHECK  (([Status]='CANCELLED' OR [Status]='RECEIVED' OR [Status]='PARTIAL' OR [Status]='OPEN'))
GO
ALTER TABLE [ops].[AuditEvent]  WITH CHECK ADD  CONSTRAINT [CK_AuditEvent_Action] CHECK  (([Action]='D' OR [Action]='U' OR [Action]='I'))
GO
/****** Object:  Synonym [ops].[Products]    Script Date: 3/14/2025 10:12:44 AM ******/
CREATE SYNONYM [ops].[Products] FOR [InventoryApp].[dbo].[Product]
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Sellable item; Margin is computed from price and cost' , @level0type=N'SCHEMA',@level0name=N'dbo', @level1type=N'TABLE',@level1name=N'Product'
GO
