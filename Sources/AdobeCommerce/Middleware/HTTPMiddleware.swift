/// Intercepts a request on its way to the transport: to add a header, retry, wait, sign, log or answer
/// it outright.
///
/// Write one for a cross-cutting concern the built-in middleware does not cover. Call `next` zero, one or
/// several times.
///
/// ```swift
/// struct StoreHeader: HTTPMiddleware {
///     func intercept(
///         _ request: HTTPRequest,
///         next: @Sendable (HTTPRequest) async throws -> HTTPResponse
///     ) async throws -> HTTPResponse {
///         var request = request
///         request.headers["X-Channel"] = "pos"
///         return try await next(request)
///     }
/// }
/// ```
public protocol HTTPMiddleware: Sendable {
    /// Handles `request`, usually by passing it, perhaps changed, to `next`.
    func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse
}

/// A transport that runs a request through middleware before the wrapped transport; the first middleware
/// in the list sees the request first.
///
/// ```swift
/// let transport = MiddlewareTransport(base: URLSessionTransport(), middleware: [CorrelationIDMiddleware()])
/// ```
public struct MiddlewareTransport: HTTPTransport {
    /// The transport that finally sends the request.
    public var base: any HTTPTransport
    /// The middleware, outermost first.
    public var middleware: [any HTTPMiddleware]

    /// Creates a chain.
    public init(base: any HTTPTransport, middleware: [any HTTPMiddleware]) {
        self.base = base
        self.middleware = middleware
    }

    /// Sends `request` through every middleware, then the base transport.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await call(request, from: 0)
    }

    private func call(_ request: HTTPRequest, from index: Int) async throws -> HTTPResponse {
        guard index < middleware.count else { return try await base.send(request) }
        return try await middleware[index].intercept(request) { next in
            try await self.call(next, from: index + 1)
        }
    }
}
