#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An HTTP request as the client hands it to the middleware chain and the transport.
///
/// The URL is absolute and already percent-encoded exactly once; transports must send it as is, because
/// an OAuth 1.0a signature covers the encoded path.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The absolute URL, percent-encoded.
    public var url: URL
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: Data?
    /// What the request is for; middleware reads it to decide on retries, timeouts and logging.
    public var context: RequestContext

    /// Creates a request.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - url: The absolute, percent-encoded URL.
    ///   - headers: Header fields.
    ///   - body: The body bytes.
    ///   - context: What the request is for.
    public init(
        method: HTTPMethod,
        url: URL,
        headers: HTTPHeaders = [:],
        body: Data? = nil,
        context: RequestContext = RequestContext()
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.context = context
    }

    /// Whether sending the request twice is safe: it is a `GET`, it carries an `Idempotency-Key` header, or its
    /// operation is declared idempotent; a request of no operation follows its method. A `PUT` that places an order
    /// (`PUT /V1/carts/mine/order`) is declared not idempotent, and so is not resent.
    public var isSafeToRetry: Bool {
        if method == .get || headers[HTTPRequest.idempotencyKeyHeader] != nil { return true }
        return context.operationID == nil ? method.isIdempotent : context.isIdempotent
    }

    /// The header that carries an idempotency key (`Idempotency-Key`).
    public static let idempotencyKeyHeader = "Idempotency-Key"
    /// The header that carries the correlation id (`X-Correlation-ID`).
    public static let correlationIDHeader = "X-Correlation-ID"
}

/// Facts about a request that travel with it through the middleware chain.
public struct RequestContext: Sendable, Hashable {
    /// The catalog id of the operation, such as `products.get`, or `nil` for a raw request.
    public var operationID: String?
    /// Whether the operation is idempotent even if its method is not (for example a save by natural key).
    public var isIdempotent: Bool
    /// A per-request timeout that overrides the timeout middleware's default.
    public var timeout: Duration?
    /// Whether the request must not be retried by the retry middleware (set when the caller retries itself).
    public var disablesRetry: Bool

    /// Creates a context.
    public init(
        operationID: String? = nil,
        isIdempotent: Bool = false,
        timeout: Duration? = nil,
        disablesRetry: Bool = false
    ) {
        self.operationID = operationID
        self.isIdempotent = isIdempotent
        self.timeout = timeout
        self.disablesRetry = disablesRetry
    }
}
