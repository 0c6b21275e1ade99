/// Catalog products: `client.products`.
public struct ProductsAPI: Sendable {
    let client: AdobeCommerceClient

    /// Reads a product by SKU (`GET /V1/products/{sku}`); the SKU is path-encoded, so `/`, spaces, `#`, `+`,
    /// `%` and any Unicode are safe.
    /// - Returns: The product with every member Magento sent, so writing it back through ``update(_:)`` loses nothing.
    /// - Throws: ``CommerceError`` with ``CommerceError/Code/notFound`` for an unknown SKU.
    public func get(sku: String) async throws -> Product {
        try await client.call(.productsGet, path: ["sku": sku])
    }

    /// One page of products matching `criteria` (`GET /V1/products`).
    public func search(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<Product> {
        try await client.search(.productsSearch, criteria)
    }

    /// Every page of products matching `criteria`, the next fetched while the current one is consumed.
    public func pages(_ criteria: SearchCriteria = SearchCriteria()) -> PageSequence<Product> {
        client.pages(.productsSearch, criteria)
    }

    /// Every product matching `criteria`, one at a time.
    public func all(_ criteria: SearchCriteria = SearchCriteria()) -> ItemSequence<Product> {
        pages(criteria).items
    }

    /// Creates or replaces a product by its SKU (`POST /V1/products`).
    /// - Throws: ``CommerceError/Code/invalidRequest`` when the product has no SKU.
    @discardableResult
    public func create(_ product: Product) async throws -> Product {
        try requireSKU(product, operation: .productsCreate)
        return try await client.call(.productsCreate, body: ["product": product])
    }

    /// Updates the product with `product.sku` (`PUT /V1/products/{sku}`); absent fields keep their values.
    /// - Throws: ``CommerceError/Code/invalidRequest`` when the product has no SKU.
    @discardableResult
    public func update(_ product: Product) async throws -> Product {
        let sku = try requireSKU(product, operation: .productsUpdate)
        return try await client.call(.productsUpdate, path: ["sku": sku], body: ["product": product])
    }

    /// Deletes a product (`DELETE /V1/products/{sku}`).
    @discardableResult
    public func delete(sku: String) async throws -> Bool {
        try await client.call(.productsDelete, path: ["sku": sku])
    }

    @discardableResult
    private func requireSKU(_ product: Product, operation: CommerceOperation) throws(CommerceError) -> String {
        guard let sku = product.sku, !sku.isEmpty else {
            throw CommerceError(code: .invalidRequest, message: "The product has no SKU.", operationID: operation.id)
        }
        return sku
    }
}

/// Categories: `client.categories`.
public struct CategoriesAPI: Sendable {
    let client: AdobeCommerceClient

    /// The category tree (`GET /V1/categories`).
    /// - Parameters:
    ///   - rootCategoryID: The node to start from; the store's root when `nil`.
    ///   - depth: How many levels to return; all when `nil`.
    public func tree(rootCategoryID: Int? = nil, depth: Int? = nil) async throws -> CategoryTree {
        var query: [(name: String, value: String)] = []
        if let rootCategoryID { query.append(("rootCategoryId", String(rootCategoryID))) }
        if let depth { query.append(("depth", String(depth))) }
        return try await client.call(.categoriesTree, query: query)
    }

    /// A category by id (`GET /V1/categories/{categoryId}`).
    public func get(id: Int) async throws -> Category {
        try await client.call(.categoriesGet, path: ["categoryId": String(id)])
    }

    /// One page of categories (`GET /V1/categories/list`).
    public func search(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<Category> {
        try await client.search(.categoriesSearch, criteria)
    }
}

/// Product attributes: `client.productAttributes`.
public struct ProductAttributesAPI: Sendable {
    let client: AdobeCommerceClient

    /// An attribute by code (`GET /V1/products/attributes/{attributeCode}`).
    public func get(code: String) async throws -> ProductAttribute {
        try await client.call(.productAttributesGet, path: ["attributeCode": code])
    }

    /// One page of attributes (`GET /V1/products/attributes`).
    public func search(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<ProductAttribute> {
        try await client.search(.productAttributesSearch, criteria)
    }

    /// The options of a select attribute (`GET /V1/products/attributes/{attributeCode}/options`).
    public func options(code: String) async throws -> [AttributeOption] {
        try await client.call(.productAttributesOptions, path: ["attributeCode": code])
    }
}
