/// Fails a request with ``CommerceError/Code/timedOut`` when no response arrives in time.
///
/// The limit is the request's ``RequestContext/timeout`` when set, otherwise ``defaultTimeout``.
public struct TimeoutMiddleware: HTTPMiddleware {
    /// The limit for requests that do not set their own.
    public var defaultTimeout: Duration
    private let time: TimeSource

    /// Creates the middleware.
    /// - Parameters:
    ///   - defaultTimeout: The limit for requests that do not set their own.
    ///   - time: The clock the limit runs on.
    public init(defaultTimeout: Duration, time: TimeSource = .system) {
        self.defaultTimeout = defaultTimeout
        self.time = time
    }

    /// Races the request against the clock.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let limit = request.context.timeout ?? defaultTimeout
        guard let response = try await time.race(limit, { try await next(request) }) else {
            throw CommerceError(
                code: .timedOut, message: "No response within \(limit).", operationID: request.context.operationID,
                correlationID: request.headers[HTTPRequest.correlationIDHeader])
        }
        return response
    }
}
