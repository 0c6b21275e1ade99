#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Inventory: legacy stock items, Multi-Source Inventory and salability. `client.inventory`.
///
/// Push the ERP's on-hand quantity to source items; Commerce keeps its own reservations, so never push a
/// salable quantity.
public struct InventoryAPI: Sendable {
    let client: AdobeCommerceClient

    /// The legacy stock item of a SKU (`GET /V1/stockItems/{productSku}`).
    public func stockItem(sku: String) async throws -> StockItem {
        try await client.call(.stockItemsGet, path: ["productSku": sku])
    }

    /// Updates a legacy stock item (`PUT /V1/products/{productSku}/stockItems/{itemId}`); returns its id.
    @discardableResult
    public func updateStockItem(sku: String, itemID: Int, _ stockItem: StockItem) async throws -> Int {
        try await client.call(
            .stockItemsUpdate, path: ["productSku": sku, "itemId": String(itemID)], body: ["stockItem": stockItem])
    }

    /// MSI sources.
    public var sources: InventorySourcesAPI { InventorySourcesAPI(client: client) }
    /// MSI stocks.
    public var stocks: InventoryStocksAPI { InventoryStocksAPI(client: client) }
    /// MSI source items: the quantity of each SKU at each source.
    public var sourceItems: SourceItemsAPI { SourceItemsAPI(client: client) }

    /// The salable quantity of a SKU in a stock: on hand less reservations
    /// (`GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}`).
    public func salableQuantity(sku: String, stockID: Int) async throws -> Decimal {
        try await client.call(.salableQuantity, path: ["sku": sku, "stockId": String(stockID)])
    }

    /// Whether a SKU is salable in a stock (`GET /V1/inventory/is-product-salable/{sku}/{stockId}`).
    public func isSalable(sku: String, stockID: Int) async throws -> Bool {
        try await client.call(.isSalable, path: ["sku": sku, "stockId": String(stockID)])
    }

    /// Whether a quantity of a SKU is salable, and why not
    /// (`GET /V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}`).
    public func isSalable(sku: String, stockID: Int, quantity: Decimal) async throws -> ProductSalableResult {
        try await client.call(
            .isSalableForQuantity, path: ["sku": sku, "stockId": String(stockID), "requestedQty": "\(quantity)"])
    }
}

/// MSI sources: `client.inventory.sources`.
public struct InventorySourcesAPI: Sendable {
    let client: AdobeCommerceClient

    /// One page of sources (`GET /V1/inventory/sources`).
    public func search(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<InventorySource> {
        try await client.search(.sourcesSearch, criteria)
    }

    /// A source by code (`GET /V1/inventory/sources/{sourceCode}`).
    public func get(code: String) async throws -> InventorySource {
        try await client.call(.sourcesGet, path: ["sourceCode": code])
    }

    /// Creates a source (`POST /V1/inventory/sources`).
    public func create(_ source: InventorySource) async throws {
        try await client.perform(.sourcesCreate, body: ["source": source])
    }

    /// Updates the source with `source.sourceCode` (`PUT /V1/inventory/sources/{sourceCode}`).
    public func update(_ source: InventorySource) async throws {
        guard let code = source.sourceCode, !code.isEmpty else {
            throw CommerceError(
                code: .invalidRequest, message: "The source has no source code.",
                operationID: CommerceOperation.sourcesUpdate.id)
        }
        try await client.perform(.sourcesUpdate, path: ["sourceCode": code], body: ["source": source])
    }
}

/// MSI stocks: `client.inventory.stocks`.
public struct InventoryStocksAPI: Sendable {
    let client: AdobeCommerceClient

    /// One page of stocks (`GET /V1/inventory/stocks`).
    public func search(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<InventoryStock> {
        try await client.search(.stocksSearch, criteria)
    }

    /// A stock by id (`GET /V1/inventory/stocks/{stockId}`).
    public func get(id: Int) async throws -> InventoryStock {
        try await client.call(.stocksGet, path: ["stockId": String(id)])
    }
}

/// MSI source items: `client.inventory.sourceItems`.
public struct SourceItemsAPI: Sendable {
    let client: AdobeCommerceClient

    /// One page of source items (`GET /V1/inventory/source-items`), filterable by `sku` and `source_code`.
    public func search(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<SourceItem> {
        try await client.search(.sourceItemsSearch, criteria)
    }

    /// Every page of source items matching `criteria`.
    public func pages(_ criteria: SearchCriteria = SearchCriteria()) -> PageSequence<SourceItem> {
        client.pages(.sourceItemsSearch, criteria)
    }

    /// Saves quantities and statuses (`POST /V1/inventory/source-items`).
    public func save(_ items: [SourceItem]) async throws {
        try await client.perform(.sourceItemsSave, body: ["sourceItems": items])
    }

    /// Unassigns SKUs from sources (`POST /V1/inventory/source-items-delete`).
    public func delete(_ items: [SourceItem]) async throws {
        try await client.perform(.sourceItemsDelete, body: ["sourceItems": items])
    }
}
