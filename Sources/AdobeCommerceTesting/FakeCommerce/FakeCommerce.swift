public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An in-memory Adobe Commerce behind `HTTPTransport`: the REST operations of the client's catalog with
/// Magento's semantics, for unit tests that need no server.
///
/// It speaks the wire protocol, not the models: requests are routed by `/rest/<store>/V1/...` path,
/// authenticated (OAuth 1.0a signatures verified, bearer tokens it issued), validated, and answered with
/// Magento's JSON and error bodies. searchCriteria filters, sorts and pages (a page past the end returns
/// the last page again), store codes scope product values, async and bulk requests queue operations with
/// statuses, and faults can be injected.
///
/// ```swift
/// let fake = FakeCommerce()
/// try fake.seedCatalog(productCount: 50)
/// let client = fake.makeClient()
/// let page = try await client.products.search(SearchCriteria().page(size: 10))
/// #expect(page.totalCount == 50)
/// ```
public final class FakeCommerce: HTTPTransport {
    /// How the fake behaves.
    public struct Options: Sendable {
        /// The base URL clients use (the host is never contacted).
        public var baseURL: URL
        /// The integration whose OAuth signatures are accepted.
        public var integration: IntegrationCredentials
        /// The admin user for `POST /V1/integration/admin/token`.
        public var adminUsername: String
        /// The admin password.
        public var adminPassword: String
        /// Whether the admin-token endpoint refuses with Magento's two-factor message.
        public var requiresTwoFactor: Bool
        /// Whether the integration access token is also accepted as a bearer token (off by default, as in
        /// 2.4.4 and later).
        public var allowsIntegrationTokenAsBearer: Bool
        /// The ACL resources the integration is granted, as ticked on its API tab; `Magento_Backend::all` (the
        /// default) grants every resource. A request for a resource not granted is refused with Magento's 401 "The
        /// consumer isn't authorized to access %resources.", and the schema at `/rest/<store>/schema` leaves out the
        /// routes the caller may not use.
        public var integrationResources: Set<String>
        /// The version `GET /magento_version` reports (as `Magento/<major>.<minor> (Community)`) and the schema's
        /// `info.version`.
        public var magentoVersion: String
        /// Whether the web API input limits are on (page size ≤ 300 and 20 by default, 20 list items per
        /// synchronous call, 5,000 per async call).
        public var inputLimits: Bool
        /// Whether async and bulk operations run at submission (`true`) or wait for
        /// ``FakeCommerce/processAsyncOperations()``.
        public var processesAsyncOperationsImmediately: Bool
        /// The wall clock, for timestamps and OAuth checks.
        public var time: TimeSource
        // MARK: batch import
        /// Whether the store has Magento_ImportCsvApi and Magento_ImportJsonApi (2.4.7 and later); without them
        /// `POST /V1/import/csv` and `/V1/import/json` answer 404 "Request does not match any route.".
        public var importModulesInstalled = true

        /// The defaults: fixed test credentials, no input limits, async operations processed at once.
        public init() {
            baseURL = URL(string: "http://commerce.test")!
            integration = IntegrationCredentials(
                consumerKey: "fake-consumer-key", consumerSecret: "fake-consumer-secret",
                accessToken: "fake-access-token", accessTokenSecret: "fake-access-token-secret")
            adminUsername = "admin"
            adminPassword = "admin123"
            requiresTwoFactor = false
            allowsIntegrationTokenAsBearer = false
            integrationResources = ["Magento_Backend::all"]
            magentoVersion = "2.4.9"
            inputLimits = false
            processesAsyncOperationsImmediately = true
            time = .system
        }
    }

    /// A failure the fake answers with instead of processing the next request.
    public enum Fault: Sendable, Hashable {
        /// A status with Magento's error body, and optionally a `Retry-After` value.
        case status(Int, retryAfter: String? = nil)
        /// An HTML page, as a proxy or load balancer sends.
        case html(status: Int)
        /// A 200 with an empty body.
        case emptyBody
        /// A 200 with a body that is not JSON.
        case malformedBody
        /// No response: the transport throws `CommerceError.Code.connectionFailed`.
        case connectionLost
    }

    /// A request the fake received.
    public struct RecordedRequest: Sendable, Hashable {
        /// The method.
        public var method: HTTPMethod
        /// The path and query as received.
        public var target: String
        /// The catalog id of the operation matched, if any.
        public var operationID: String?
        /// The status answered, or `nil` when the connection was dropped.
        public var status: Int?
    }

    /// The options the fake was made with.
    public let options: Options
    let state: Mutex<FakeState>
    /// Products as last encoded in a search page, by id: a page reuses the bytes of every product that has not
    /// changed since, checked by comparing the product itself, so serving never trusts a stale copy.
    private let encodedProducts = Mutex<[Int: (product: JSONObject, bytes: [UInt8])]>([:])
    let router = FakeRouter(operations: FakeCommerce.operations)

    /// The operations the fake answers: the client's catalog, and what `commerce-bridge doctor` sends besides.
    package static let operations =
        CommerceOperation.all + [CommerceSchema.Operations.Customers.postCustomersIsEmailAvailableOperation]
        + FakeEventing.operations + FakeWebhooks.operations
        // MARK: batch import
        + FakeImport.operations
        // MARK: Product structure
        + FakeProductStructure.operations + FakeMediaGallery.operations
        + FakeCreditmemos.operations + FakeReturns.operations  // MARK: Order lifecycle
    let authenticator: FakeAuthenticator

    /// Creates an empty store with Magento's fixed data: the admin and default store views, the `base`
    /// website, customer groups 0–3, the default source and stock, the root categories and core attributes.
    public init(options: Options = Options()) {
        self.options = options
        self.authenticator = FakeAuthenticator(
            credentials: options.integration, integrationAsBearer: options.allowsIntegrationTokenAsBearer)
        var initial = FakeState()
        FakeFixtures.install(into: &initial)
        self.state = Mutex(initial)
    }

    /// The base URL to configure clients with.
    public var baseURL: URL { options.baseURL }

    /// A client for this fake, signed with its integration credentials unless told otherwise, on the store's
    /// time (``Options/time``).
    /// - Parameters:
    ///   - authentication: The credentials; the fake's integration by default.
    ///   - configure: Changes to the configuration, such as a retry policy or a clock.
    public func makeClient(
        authentication: CommerceAuthentication? = nil,
        configure: (inout AdobeCommerceConfiguration) -> Void = { _ in }
    ) -> AdobeCommerceClient {
        var configuration = AdobeCommerceConfiguration(
            baseURL: options.baseURL, authentication: authentication ?? .integration(options.integration))
        // The client keeps the store's time, so its OAuth timestamps agree with the clock the store checks them on.
        configuration.time = options.time
        configure(&configuration)
        return AdobeCommerceClient(configuration: configuration, transport: self)
    }

    /// Queues faults for the next requests, one per request, in order.
    public func inject(_ faults: Fault...) {
        state.withLock { $0.faults.append(contentsOf: faults) }
    }

    /// Every request received so far.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// How many requests matched `operation`.
    public func requestCount(for operation: CommerceOperation) -> Int {
        state.withLock { $0.requests.filter { $0.operationID == operation.id }.count }
    }

    /// Makes every issued admin and customer token unknown, as expiry does.
    public func expireTokens() { state.withLock { $0.tokens.removeAll() } }

    /// Runs every open async and bulk operation, as the `async.operations.all` consumer does.
    public func processAsyncOperations() {
        state.withLock { state in
            for uuid in state.bulks.keys.sorted() { runOpenOperations(bulk: uuid, state: &state) }
        }
    }

    /// Answers one request.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try respond(to: request, webhooks: await webhookOutcome(for: request))
    }

    /// Answers one request for a caller on its own thread (``FakeCommerceServer``): the thread waits while the
    /// checkout webhooks the request triggers are called.
    /// - Throws: `CommerceError` with `connectionFailed` when a ``Fault/connectionLost`` fault is due.
    func respond(to request: HTTPRequest) throws -> HTTPResponse {
        try respond(to: request, webhooks: webhookOutcomeBlocking(for: request))
    }

    /// Answers one request with what its webhooks decided (called before, outside the lock).
    func respond(to request: HTTPRequest, webhooks: FakeWebhookOutcome?) throws -> HTTPResponse {
        let target =
            request.url.path(percentEncoded: true) + (request.url.query(percentEncoded: true).map { "?\($0)" } ?? "")
        let outcome: Outcome = state.withLock { state in
            state.webhookCalling.outcome = webhooks
            defer { state.webhookCalling.outcome = nil }
            if !state.faults.isEmpty {
                let fault = state.faults.removeFirst()
                state.requests.append(
                    RecordedRequest(method: request.method, target: target, operationID: nil, status: fault.status))
                return .fault(fault)
            }
            if let page = ioEventsPage(request, state: &state)
                ?? (request.method == .get ? magentoVersionPage(request) : nil)
            {
                state.requests.append(
                    RecordedRequest(method: request.method, target: target, operationID: nil, status: 200))
                return .page(page)
            }
            var matched: String?
            let answer: (body: JSONValue, status: Int)
            do throws(FakeError) {
                answer = try handle(request, state: &state, matched: &matched)
            } catch {
                answer = (error.body, error.status)
            }
            state.requests.append(
                RecordedRequest(method: request.method, target: target, operationID: matched, status: answer.status))
            return .answer(answer.body, answer.status, matched)
        }
        switch outcome {
        case .fault(let fault):
            return try fault.response()
        case .page(let page):
            return page
        case .answer(let body, let status, let operation):
            let bytes =
                operation == CommerceOperation.productsSearch.id
                ? encodeProductPage(body) : try CommerceJSONEncoder().encodeBytes(body)
            return HTTPResponse(
                status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: Data(bytes))
        }
    }

    private enum Outcome {
        case fault(Fault)
        case page(HTTPResponse)
        case answer(JSONValue, Int, String?)
    }

    /// A product search page, each product's bytes taken from ``encodedProducts`` when it is unchanged; the same
    /// bytes the encoder writes (members sorted, and `items` sorts before the envelope's other members).
    private func encodeProductPage(_ body: JSONValue) -> [UInt8] {
        guard case .object(var envelope) = body, case .array(let items)? = envelope.removeValue(forKey: "items"),
            envelope.keys.allSatisfy({ $0 > "items" })
        else {
            var writer = JSONWriter()
            writer.write(body)
            return writer.output
        }
        let cached = encodedProducts.withLock { cache in
            items.map { item -> [UInt8]? in
                guard case .object(let product) = item, let id = product["id"]?.intValue,
                    let entry = cache[id], entry.product == product
                else { return nil }
                return entry.bytes
            }
        }
        var output = Array(#"{"items":["#.utf8)
        var fresh: [Int: (product: JSONObject, bytes: [UInt8])] = [:]
        for (index, item) in items.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if let bytes = cached[index] {
                output.append(contentsOf: bytes)
                continue
            }
            var writer = JSONWriter()
            writer.write(item)
            output.append(contentsOf: writer.output)
            if case .object(let product) = item, let id = product["id"]?.intValue {
                fresh[id] = (product, writer.output)
            }
        }
        if !fresh.isEmpty { encodedProducts.withLock { $0.merge(fresh) { $1 } } }
        var rest = JSONWriter()
        rest.write(.object(envelope))
        output.append(UInt8(ascii: "]"))
        output.append(
            contentsOf: rest.output.count > 2 ? [UInt8(ascii: ",")] + rest.output.dropFirst() : [UInt8(ascii: "}")])
        return output
    }

    /// Routes, authenticates and runs one request; returns the body and status.
    private func handle(_ request: HTTPRequest, state: inout FakeState, matched: inout String?) throws(FakeError) -> (
        JSONValue, Int
    ) {
        let basePath = options.baseURL.path(percentEncoded: true)
        var path = request.url.path(percentEncoded: true)
        if !basePath.isEmpty, basePath != "/", path.hasPrefix(basePath) {
            path = String(path.dropFirst(basePath.count))
        }
        var segments = path.split(separator: "/").map(String.init)
        if segments == ["graphql"] {
            matched = "graphql"
            return try FakeGraphQL(fake: self).handle(request, state: &state)
        }
        guard segments.first == "rest" else { throw FakeError.noRoute }
        segments.removeFirst()
        var store = "default"
        if let first = segments.first, first != "V1", first != "async", first != "schema" {
            guard first == "all" || state.storeViews.contains(where: { $0["code"]?.stringValue == first }) else {
                throw FakeError.noRoute
            }
            store = first == "all" ? "admin" : first
            segments.removeFirst()
        }
        var kind = EndpointKind.synchronous
        if segments.first == "async" {
            segments.removeFirst()
            kind = .async
            if segments.first == "bulk" {
                segments.removeFirst()
                kind = .bulk
            }
        }
        if segments == ["schema"], kind == .synchronous, request.method == .get {
            matched = "schema"
            let identity = try authenticator.identify(request, state: &state, now: options.time.now())
            return (try schema(for: identity, request: request, store: store), 200)
        }
        guard
            let (operation, pathValues) = router.match(method: request.method, segments: segments, bulk: kind == .bulk)
        else { throw FakeError.noRoute }
        matched = operation.id
        if kind != .synchronous, !operation.isAsyncCapable { throw FakeError.noRoute }
        let identity = try authenticator.identify(request, state: &state, now: options.time.now())
        try authorize(identity, for: operation)
        var body: JSONValue?
        if let data = request.body, !data.isEmpty {
            guard let contentType = request.headers["Content-Type"], !contentType.isEmpty else {
                throw FakeError(400, "Content-Type header is empty.")
            }
            guard contentType.lowercased().hasPrefix("application/json") else {
                throw FakeError(
                    415, "Server cannot understand Content-Type HTTP header media type %1",
                    .array([.string(contentType)]))
            }
            guard let parsed = try? CommerceJSONDecoder().decode(JSONValue.self, from: data) else {
                throw FakeError(400, "Decoding error.")
            }
            body = parsed
        }
        let query = FakeRequest.parseQuery(request.url.query(percentEncoded: true))
        let fakeRequest = FakeRequest(method: request.method, store: store, path: pathValues, query: query, body: body)
        switch kind {
        case .synchronous:
            var result = try run(operation, fakeRequest, state: &state)
            if let fields = query["fields"], let projection = FieldsProjection(fields) {
                result = projection.apply(to: result)
            }
            return (result, 200)
        case .async:
            return (try schedule(operation, requests: [fakeRequest], state: &state), 202)
        case .bulk:
            guard case .array(let elements)? = body else {
                throw FakeError(400, "Bulk requests take a JSON array of request bodies.")
            }
            if options.inputLimits, elements.count > 5_000 {
                throw FakeError(
                    400, "Maximum items of type \"%type\" is %max",
                    .object(["type": .string(operation.id), "max": .number(5_000)]))
            }
            let requests = elements.map { element -> FakeRequest in
                var values: [String: String] = [:]
                for name in operation.pathParameters { values[name] = element[name]?.stringValue }
                return FakeRequest(method: request.method, store: store, path: values, query: [:], body: element)
            }
            return (try schedule(operation, requests: requests, state: &state), 202)
        }
    }

    private func authorize(_ identity: FakeIdentity, for operation: CommerceOperation) throws(FakeError) {
        guard isAllowed(identity, operation) else { throw FakeError.unauthorized(operation.aclResource) }
    }

    /// Whether `identity` may use `operation`: as `Webapi\Controller\Rest\RequestValidator` checks, before the
    /// request's input is read.
    func isAllowed(_ identity: FakeIdentity, _ operation: CommerceOperation) -> Bool {
        switch (identity, operation.aclResource) {
        case (_, "anonymous"), (.admin, _): true
        case (.customer, "self"): true
        case (.integration, let resource):
            options.integrationResources.contains("Magento_Backend::all")
                || options.integrationResources.contains(resource)
        default: false
        }
    }

    /// Runs the handler of `operation`.
    func run(_ operation: CommerceOperation, _ request: FakeRequest, state: inout FakeState) throws(FakeError)
        -> JSONValue
    {
        guard let handler = FakeHandlers.table[operation.id] else { throw FakeError.noRoute }
        let now = options.time.now()
        let context = FakeContext(options: options, now: MagentoDate(now).rawValue)
        let result = try handler(&state, request, context)
        FakeEventing.recordChanges(of: operation, request: request, result: result, state: &state, now: now)
        return result
    }
}

/// What a handler needs besides the request and the state.
struct FakeContext {
    let options: FakeCommerce.Options
    let now: String
}

extension FakeCommerce.Fault {
    var status: Int? {
        switch self {
        case .status(let status, _), .html(let status): status
        case .emptyBody, .malformedBody: 200
        case .connectionLost: nil
        }
    }

    func response() throws -> HTTPResponse {
        switch self {
        case .status(let status, let retryAfter):
            var headers: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8"]
            if let retryAfter { headers["Retry-After"] = retryAfter }
            let message =
                status == 429
                ? "Too many requests."
                : "Internal Error. Details are available in Magento log file. Report ID: webapi-fake"
            return HTTPResponse(status: status, headers: headers, body: Data("{\"message\":\"\(message)\"}".utf8))
        case .html(let status):
            let page = "<html><head><title>\(status) Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
            return HTTPResponse(status: status, headers: ["Content-Type": "text/html"], body: Data(page.utf8))
        case .emptyBody:
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data())
        case .malformedBody:
            return HTTPResponse(
                status: 200, headers: ["Content-Type": "application/json"], body: Data("{\"items\": [".utf8))
        case .connectionLost:
            throw CommerceError(code: .connectionFailed, message: "The fake dropped the connection.")
        }
    }
}
