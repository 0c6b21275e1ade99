extension CommerceOperation {
    private static let legacyInventory = "Magento_CatalogInventory::cataloginventory"
    private static let source = "Magento_InventoryApi::source"
    private static let sourceEdit = "Magento_InventoryApi::source_edit"
    private static let stock = "Magento_InventoryApi::stock"
    private static let assign = "Magento_InventoryApi::stock_source_item_assign"
    private static let salable = "Magento_InventorySalesApi::stock"

    /// `GET /V1/stockItems/{productSku}` (legacy CatalogInventory)
    public static let stockItemsGet = CommerceOperation(
        id: "stockItems.get", method: .get, path: "/V1/stockItems/{productSku}", aclResource: legacyInventory)
    /// `PUT /V1/products/{productSku}/stockItems/{itemId}` (legacy CatalogInventory)
    public static let stockItemsUpdate = CommerceOperation(
        id: "stockItems.update", method: .put, path: "/V1/products/{productSku}/stockItems/{itemId}",
        aclResource: legacyInventory, isAsyncCapable: true)

    /// `GET /V1/inventory/sources`
    public static let sourcesSearch = CommerceOperation(
        id: "sources.search", method: .get, path: "/V1/inventory/sources", aclResource: source)
    /// `GET /V1/inventory/sources/{sourceCode}`
    public static let sourcesGet = CommerceOperation(
        id: "sources.get", method: .get, path: "/V1/inventory/sources/{sourceCode}", aclResource: source)
    /// `POST /V1/inventory/sources`: saves by source code.
    public static let sourcesCreate = CommerceOperation(
        id: "sources.create", method: .post, path: "/V1/inventory/sources", aclResource: sourceEdit,
        isIdempotent: true, isAsyncCapable: true)
    /// `PUT /V1/inventory/sources/{sourceCode}`
    public static let sourcesUpdate = CommerceOperation(
        id: "sources.update", method: .put, path: "/V1/inventory/sources/{sourceCode}", aclResource: sourceEdit,
        isAsyncCapable: true)

    /// `GET /V1/inventory/stocks`
    public static let stocksSearch = CommerceOperation(
        id: "stocks.search", method: .get, path: "/V1/inventory/stocks", aclResource: stock)
    /// `GET /V1/inventory/stocks/{stockId}`
    public static let stocksGet = CommerceOperation(
        id: "stocks.get", method: .get, path: "/V1/inventory/stocks/{stockId}", aclResource: stock)

    /// `GET /V1/inventory/source-items`
    public static let sourceItemsSearch = CommerceOperation(
        id: "sourceItems.search", method: .get, path: "/V1/inventory/source-items", aclResource: source)
    /// `POST /V1/inventory/source-items`: saves by SKU and source code.
    public static let sourceItemsSave = CommerceOperation(
        id: "sourceItems.save", method: .post, path: "/V1/inventory/source-items", aclResource: assign,
        isIdempotent: true, isAsyncCapable: true)
    /// `POST /V1/inventory/source-items-delete`
    public static let sourceItemsDelete = CommerceOperation(
        id: "sourceItems.delete", method: .post, path: "/V1/inventory/source-items-delete", aclResource: assign,
        isIdempotent: true, isAsyncCapable: true)

    /// `GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}`
    public static let salableQuantity = CommerceOperation(
        id: "inventory.salableQuantity", method: .get,
        path: "/V1/inventory/get-product-salable-quantity/{sku}/{stockId}",
        aclResource: salable)
    /// `GET /V1/inventory/is-product-salable/{sku}/{stockId}`
    public static let isSalable = CommerceOperation(
        id: "inventory.isSalable", method: .get, path: "/V1/inventory/is-product-salable/{sku}/{stockId}",
        aclResource: salable)
    /// `GET /V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}`
    public static let isSalableForQuantity = CommerceOperation(
        id: "inventory.isSalableForQuantity", method: .get,
        path: "/V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}", aclResource: salable)
}
