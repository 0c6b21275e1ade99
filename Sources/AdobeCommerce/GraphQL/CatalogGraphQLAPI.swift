#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Storefront catalog over GraphQL: `graphQL.catalog`.
public struct CatalogGraphQLAPI: Sendable {
    let client: CommerceGraphQLClient

    struct ProductsData: Decodable, Sendable { var products: StorefrontProductPage? }
    struct StoreConfigData: Decodable, Sendable { var storeConfig: StorefrontStoreConfig? }

    static let productsBySKU = GraphQLOperation<ProductsData>(
        name: "ProductsBySKU",
        document: GraphQLDocuments.productsBySKU + GraphQLDocuments.product + GraphQLDocuments.productPrice
            + GraphQLDocuments.money,
        kind: .query(cacheable: true))
    static let productSearch = GraphQLOperation<ProductsData>(
        name: "ProductSearch",
        document: GraphQLDocuments.productSearch + GraphQLDocuments.product + GraphQLDocuments.productPrice
            + GraphQLDocuments.money,
        kind: .query(cacheable: true))
    static let storeConfig = GraphQLOperation<StoreConfigData>(
        name: "StoreConfig", document: GraphQLDocuments.storeConfig, kind: .query(cacheable: true))

    /// The products with these SKUs (one request, up to `skus.count` items).
    public func products(skus: [String]) async throws -> [StorefrontProduct] {
        let page = try await client.execute(
            Self.productsBySKU,
            variables: ["skus": .array(skus.map(JSONValue.string)), "pageSize": .number(Decimal(max(1, skus.count)))])
        return try page.value({ $0.products }, operation: "ProductsBySKU").items ?? []
    }

    /// The product with this SKU, or `nil`.
    public func product(sku: String) async throws -> StorefrontProduct? { try await products(skus: [sku]).first }

    /// One page of a search with filters, sort and facets.
    ///
    /// Magento refuses a `products` query with neither `search` nor `filter` ("'search' or 'filter' input argument
    /// is required."); with neither given here, an empty filter is sent, which asks for every visible product.
    /// - Parameters:
    ///   - text: Full-text search terms.
    ///   - filter: A `ProductAttributeFilterInput` object, such as `["price": ["from": "10", "to": "50"]]`.
    ///   - sort: A `ProductAttributeSortInput` object, such as `["price": "ASC"]`.
    ///   - pageSize: Items per page.
    ///   - currentPage: The page, from 1.
    public func search(
        text: String? = nil,
        filter: [String: JSONValue]? = nil,
        sort: [String: JSONValue]? = nil,
        pageSize: Int = 20,
        currentPage: Int = 1
    ) async throws -> StorefrontProductPage {
        var variables: [String: JSONValue] = [
            "pageSize": .number(Decimal(pageSize)), "currentPage": .number(Decimal(currentPage)),
        ]
        if let text { variables["search"] = .string(text) }
        if let filter { variables["filter"] = .object(filter) }
        if text == nil, filter == nil { variables["filter"] = .object([:]) }
        if let sort { variables["sort"] = .object(sort) }
        return try await client.execute(Self.productSearch, variables: variables).value(
            { $0.products }, operation: "ProductSearch")
    }

    /// Every page of a search, stopping by `total_count` as the REST pagination does.
    public func pages(
        text: String? = nil,
        filter: [String: JSONValue]? = nil,
        sort: [String: JSONValue]? = nil,
        pageSize: Int = 20
    ) -> PageSequence<StorefrontProduct> {
        PageSequence(pageSize: pageSize) { page in
            let result = try await search(text: text, filter: filter, sort: sort, pageSize: pageSize, currentPage: page)
            return SearchResults(items: result.items ?? [], totalCount: result.totalCount ?? 0)
        }
    }

    /// The store view's storefront configuration.
    public func storeConfig() async throws -> StorefrontStoreConfig {
        try await client.execute(Self.storeConfig).value({ $0.storeConfig }, operation: "StoreConfig")
    }
}
