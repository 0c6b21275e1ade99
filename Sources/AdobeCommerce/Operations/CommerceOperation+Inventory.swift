extension CommerceOperation {
    private static let legacyInventory = "Magento_CatalogInventory::cataloginventory"
    private static let source = "Magento_InventoryApi::source"
    private static let sourceEdit = "Magento_InventoryApi::source_edit"
    private static let stock = "Magento_InventoryApi::stock"
    private static let assign = "Magento_InventoryApi::stock_source_item_assign"
    private static let salable = "Magento_InventorySalesApi::stock"

    /// `GET /V1/stockItems/{productSku}` (legacy CatalogInventory)
    public static let stockItemsGet = CommerceSchema.Operations.StockItems.getStockItemsByProductSKUOperation
    /// `PUT /V1/products/{productSku}/stockItems/{itemId}` (legacy CatalogInventory)
    public static let stockItemsUpdate = CommerceSchema.Operations.Products
        .putProductsByProductSKUStockItemsByItemIDOperation

    /// `GET /V1/inventory/sources`
    public static let sourcesSearch = CommerceSchema.Operations.Inventory.getInventorySourcesOperation
    /// `GET /V1/inventory/sources/{sourceCode}`
    public static let sourcesGet = CommerceSchema.Operations.Inventory.getInventorySourcesBySourceCodeOperation
    /// `POST /V1/inventory/sources`: saves by source code.
    public static let sourcesCreate = CommerceSchema.Operations.Inventory.postInventorySourcesOperation
    /// `PUT /V1/inventory/sources/{sourceCode}`
    public static let sourcesUpdate = CommerceSchema.Operations.Inventory.putInventorySourcesBySourceCodeOperation

    /// `GET /V1/inventory/stocks`
    public static let stocksSearch = CommerceSchema.Operations.Inventory.getInventoryStocksOperation
    /// `GET /V1/inventory/stocks/{stockId}`
    public static let stocksGet = CommerceSchema.Operations.Inventory.getInventoryStocksByStockIDOperation

    /// `GET /V1/inventory/source-items`
    public static let sourceItemsSearch = CommerceSchema.Operations.Inventory.getInventorySourceItemsOperation
    /// `POST /V1/inventory/source-items`: saves by SKU and source code.
    public static let sourceItemsSave = CommerceSchema.Operations.Inventory.postInventorySourceItemsOperation
    /// `POST /V1/inventory/source-items-delete`
    public static let sourceItemsDelete = CommerceSchema.Operations.Inventory.postInventorySourceItemsDeleteOperation

    /// `GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}`
    public static let salableQuantity = CommerceSchema.Operations.Inventory
        .getInventoryGetProductSalableQuantityBySKUByStockIDOperation
    /// `GET /V1/inventory/is-product-salable/{sku}/{stockId}`
    public static let isSalable = CommerceSchema.Operations.Inventory
        .getInventoryIsProductSalableBySKUByStockIDOperation
    /// `GET /V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}`
    public static let isSalableForQuantity = CommerceSchema.Operations.Inventory
        .getInventoryIsProductSalableForRequestedQtyBySKUByStockIDByRequestedQtyOperation
}
