#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A typed client for the Adobe Commerce storefront GraphQL API, on the same transport, middleware and
/// error model as the REST client.
///
/// ```swift
/// let graphQL = CommerceGraphQLClient(configuration: configuration, transport: URLSessionTransport())
/// let page = try await graphQL.catalog.search(text: "bag", pageSize: 20)
/// let cartID = try await graphQL.cart.createGuestCart()
/// ```
public struct CommerceGraphQLClient: Sendable {
    /// Headers Magento reads on `/graphql`.
    public struct Headers: Sendable, Hashable {
        /// `Store`: the store view code.
        public var store: StoreCode?
        /// `Content-Currency`: the display currency.
        public var currency: String?
        /// `X-Magento-Cache-Id`: echoes the cache id Magento returned, for cacheable GETs.
        public var cacheID: String?

        /// Creates headers.
        public init(store: StoreCode? = nil, currency: String? = nil, cacheID: String? = nil) {
            self.store = store
            self.currency = currency
            self.cacheID = cacheID
        }
    }

    /// The configuration (base URL, credentials, retry, timeout …).
    public let configuration: AdobeCommerceConfiguration
    /// The headers sent with every request.
    public let headers: Headers
    let transport: any HTTPTransport

    /// Creates a client. Authenticate customers with ``CommerceAuthentication/bearer(_:)`` (a token from
    /// ``CustomerGraphQLAPI/generateToken(email:password:)``) or ``CommerceAuthentication/customerToken(email:password:)``.
    public init(configuration: AdobeCommerceConfiguration, transport: any HTTPTransport, headers: Headers = Headers()) {
        self.configuration = configuration
        self.headers = headers
        self.transport = TransportChain.make(configuration: configuration, transport: transport)
    }

    private init(copying client: CommerceGraphQLClient, headers: Headers) {
        self.configuration = client.configuration
        self.headers = headers
        self.transport = client.transport
    }

    /// The same client with other headers, such as another store view or currency.
    public func with(headers: Headers) -> CommerceGraphQLClient {
        CommerceGraphQLClient(copying: self, headers: headers)
    }

    /// Products, search with facets, and store configuration.
    public var catalog: CatalogGraphQLAPI { CatalogGraphQLAPI(client: self) }
    /// Customer tokens, profile and order history.
    public var customer: CustomerGraphQLAPI { CustomerGraphQLAPI(client: self) }
    /// Carts and checkout.
    public var cart: CartGraphQLAPI { CartGraphQLAPI(client: self) }

    /// The endpoint, `<baseURL>/graphql`.
    public var endpoint: URL {
        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/graphql") ?? configuration.baseURL
    }

    /// Runs a typed operation.
    /// - Returns: The data and any errors; partial data with field errors is returned, not thrown away.
    /// - Throws: ``CommerceError`` when no data came back: the first GraphQL error mapped by its category,
    ///   or an HTTP, HTML or malformed-body failure.
    public func execute<Output>(
        _ operation: GraphQLOperation<Output>,
        variables: [String: JSONValue] = [:]
    ) async throws -> GraphQLResult<Output> {
        try await run(
            document: operation.document, operationName: operation.name, variables: variables,
            usingGET: operation.usesGET, as: Output.self)
    }

    /// Runs any document: the escape hatch for operations the typed API lacks.
    /// - Parameters:
    ///   - document: The GraphQL document.
    ///   - operationName: The operation to run, when the document has several.
    ///   - variables: Any `Encodable` variables object.
    ///   - usingGET: Whether to send it by GET (cacheable queries only).
    ///   - type: The type to decode `data` into; keys are converted from snake_case.
    public func run<Output: Decodable & Sendable>(
        document: String,
        operationName: String? = nil,
        variables: some Encodable & Sendable = [String: JSONValue](),
        usingGET: Bool = false,
        as type: Output.Type = Output.self
    ) async throws -> GraphQLResult<Output> {
        let name = operationName ?? "graphql"
        let variablesJSON: JSONValue
        do {
            variablesJSON = try JSONValue(encoding: variables)
        } catch {
            throw CommerceError(
                code: .encodingFailed, message: "The variables could not be encoded: \(error)", operationID: name)
        }
        let correlationID = UUID().uuidString.lowercased()
        var request = HTTPRequest(
            method: usingGET ? .get : .post, url: endpoint,
            context: RequestContext(operationID: "graphql.\(name)", isIdempotent: usingGET))
        request.headers["Accept"] = "application/json"
        request.headers["User-Agent"] = configuration.userAgent
        request.headers[HTTPRequest.correlationIDHeader] = correlationID
        if let store = headers.store { request.headers["Store"] = store.rawValue }
        if let currency = headers.currency { request.headers["Content-Currency"] = currency }
        if let cacheID = headers.cacheID { request.headers["X-Magento-Cache-Id"] = cacheID }
        if usingGET {
            var query = [("query", document)]
            if let operationName { query.append(("operationName", operationName)) }
            if variablesJSON != .object([:]) {
                let encoded = (try? CommerceJSONEncoder().encode(variablesJSON)) ?? Data("{}".utf8)
                query.append(("variables", String(decoding: encoded, as: UTF8.self)))
            }
            let text =
                endpoint.absoluteString + "?"
                + query.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
            request.url = URL(string: text) ?? endpoint
        } else {
            var body: [String: JSONValue] = ["query": .string(document), "variables": variablesJSON]
            if let operationName { body["operationName"] = .string(operationName) }
            request.headers["Content-Type"] = "application/json"
            request.body = try? CommerceJSONEncoder().encode(JSONValue.object(body))
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch var error as CommerceError {
            error.operationID = error.operationID ?? "graphql.\(name)"
            error.correlationID = error.correlationID ?? correlationID
            throw error
        }
        return try GraphQLResponse.result(response, operation: "graphql.\(name)", correlationID: correlationID)
    }
}
