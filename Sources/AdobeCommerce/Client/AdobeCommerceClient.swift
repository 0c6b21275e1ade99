#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A typed client for the Adobe Commerce admin REST API, grouped by area.
///
/// ```swift
/// let client = AdobeCommerceClient(configuration: configuration, transport: URLSessionTransport())
/// let bag = try await client.products.get(sku: "24-MB01")
/// for try await order in client.orders.all(SearchCriteria().filter("status", .eq, "pending")) {
///     print(order.incrementID ?? "?")
/// }
/// try await client.scoped(to: .all).products.update(bag)   // a global, not a store-view, value
/// ```
///
/// The transport you pass is wrapped in the built-in middleware, outermost first: your own
/// ``AdobeCommerceConfiguration/middleware``, retry, rate limit, timeout, authentication, observation.
public struct AdobeCommerceClient: Sendable {
    /// The configuration the client was made with.
    public let configuration: AdobeCommerceConfiguration
    /// The store view code requests go through.
    public let storeCode: StoreCode
    let executor: RequestExecutor

    /// Creates a client over a transport.
    /// - Parameters:
    ///   - configuration: The store, credentials and policies.
    ///   - transport: Sends HTTP; `URLSessionTransport` from `AdobeCommerceURLSession`, or a fake in tests.
    public init(configuration: AdobeCommerceConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.storeCode = configuration.storeCode
        executor = RequestExecutor(
            configuration: configuration,
            transport: TransportChain.make(configuration: configuration, transport: transport))
    }

    private init(copying client: AdobeCommerceClient, storeCode: StoreCode) {
        self.configuration = client.configuration
        self.storeCode = storeCode
        self.executor = client.executor
    }

    /// The same client, sending through another store view code (``StoreCode/all`` for global writes).
    public func scoped(to storeCode: StoreCode) -> AdobeCommerceClient {
        AdobeCommerceClient(copying: self, storeCode: storeCode)
    }

    /// Products: get, search, create, update, delete.
    public var products: ProductsAPI { ProductsAPI(client: self) }
    /// Categories: tree, get, search.
    public var categories: CategoriesAPI { CategoriesAPI(client: self) }
    /// Product attributes and their options (read).
    public var productAttributes: ProductAttributesAPI { ProductAttributesAPI(client: self) }
    /// Base, special, tier and cost prices in bulk.
    public var prices: PricesAPI { PricesAPI(client: self) }
    /// Legacy stock items, MSI sources, stocks, source items and salability.
    public var inventory: InventoryAPI { InventoryAPI(client: self) }
    /// Customers and customer groups.
    public var customers: CustomersAPI { CustomersAPI(client: self) }
    /// Orders, and invoicing, shipping and refunding them.
    public var orders: OrdersAPI { OrdersAPI(client: self) }
    /// Invoices, shipments and credit memos.
    public var salesDocuments: SalesDocumentsAPI { SalesDocumentsAPI(client: self) }
    /// Websites, store views and store configuration.
    public var store: StoreAPI { StoreAPI(client: self) }
    /// Async and bulk writes, and bulk status.
    public var bulk: BulkAPI { BulkAPI(client: self) }

    /// Sends any operation and decodes its response: the escape hatch for routes and shapes the typed API
    /// does not cover.
    /// - Parameters:
    ///   - operation: The operation (declare your own with ``CommerceOperation/init(id:method:path:aclResource:serviceContract:isIdempotent:isAsyncCapable:)``).
    ///   - path: Values for the path placeholders.
    ///   - query: Extra query items, unencoded.
    ///   - body: The JSON body, if any.
    ///   - type: The type to decode.
    /// - Throws: ``CommerceError``.
    public func send<Response: Decodable>(
        _ operation: CommerceOperation,
        path: [String: String] = [:],
        query: [(name: String, value: String)] = [],
        body: (any Encodable & Sendable)? = nil,
        as type: Response.Type = Response.self
    ) async throws -> Response {
        let json = try body.map { value throws(CommerceError) in try Self.json(value, operationID: operation.id) }
        let exchange = try await executor.send(operation, store: storeCode, path: path, query: query, body: json)
        return try executor.decode(Response.self, from: exchange, operation: operation)
    }

    /// Sends any operation whose answer carries nothing to read (a `void` service method), such as the generated
    /// operations without a response model.
    /// - Parameters:
    ///   - operation: The operation.
    ///   - path: Values for the path placeholders.
    ///   - query: Extra query items, unencoded.
    ///   - body: The JSON body, if any.
    /// - Throws: ``CommerceError``.
    public func perform(
        _ operation: CommerceOperation,
        path: [String: String] = [:],
        query: [(name: String, value: String)] = [],
        body: (any Encodable & Sendable)? = nil
    ) async throws {
        let json = try body.map { value throws(CommerceError) in try Self.json(value, operationID: operation.id) }
        _ = try await executor.send(operation, store: storeCode, path: path, query: query, body: json)
    }

    /// Encodes a body, turning a failure into ``CommerceError/Code/encodingFailed``.
    static func json(_ value: any Encodable, operationID: String) throws(CommerceError) -> JSONValue {
        do {
            return try JSONValue(encoding: value)
        } catch {
            throw CommerceError(
                code: .encodingFailed, message: "The request body could not be encoded: \(error)",
                operationID: operationID, underlying: error)
        }
    }

    /// Fetches one page of a list operation.
    func search<Item: Decodable & Sendable>(
        _ operation: CommerceOperation,
        _ criteria: SearchCriteria,
        path: [String: String] = [:]
    ) async throws -> SearchResults<Item> {
        let query = try criteria.queryItems(maximumPageSize: configuration.maximumPageSize)
        let exchange = try await executor.send(operation, store: storeCode, path: path, query: query)
        return try executor.decode(SearchResults<Item>.self, from: exchange, operation: operation)
    }

    /// The pages of a list operation.
    func pages<Item: Decodable & Sendable>(
        _ operation: CommerceOperation,
        _ criteria: SearchCriteria
    ) -> PageSequence<Item> {
        let criteria = criteria.keepingTotalCount
        let pageSize = criteria.pageSize ?? configuration.defaultPageSize
        return PageSequence(
            firstPage: criteria.currentPage ?? 1, pageSize: pageSize, prefetch: configuration.pagePrefetch
        ) { page in
            try await self.search(operation, criteria.page(size: pageSize, current: page))
        }
    }

    /// Sends an operation whose answer carries nothing to decode (a `void` service method).
    func perform(_ operation: CommerceOperation, path: [String: String] = [:], body: [String: any Encodable])
        async throws
    {
        _ = try await executor.send(operation, store: storeCode, path: path, body: Self.json(members: body, operation))
    }

    private static func json(members: [String: any Encodable], _ operation: CommerceOperation) throws(CommerceError)
        -> JSONValue
    {
        var object: [String: JSONValue] = [:]
        for (name, value) in members { object[name] = try json(value, operationID: operation.id) }
        return .object(object)
    }

    /// Sends an operation with a body built from named parts (`{"product": …, "saveOptions": true}`).
    func call<Response: Decodable>(
        _ operation: CommerceOperation,
        path: [String: String] = [:],
        query: [(name: String, value: String)] = [],
        body: [String: any Encodable]? = nil,
        as type: Response.Type = Response.self
    ) async throws -> Response {
        let json = try body.map { members throws(CommerceError) in try Self.json(members: members, operation) }
        let exchange = try await executor.send(operation, store: storeCode, path: path, query: query, body: json)
        return try executor.decode(Response.self, from: exchange, operation: operation)
    }
}
