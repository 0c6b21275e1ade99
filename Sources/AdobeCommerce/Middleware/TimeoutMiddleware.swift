/// Fails a request with ``CommerceError/Code/timedOut`` when no response arrives in time.
///
/// The limit is the request's ``RequestContext/timeout`` when set, otherwise ``defaultTimeout``.
public struct TimeoutMiddleware: HTTPMiddleware {
    /// The limit for requests that do not set their own.
    public var defaultTimeout: Duration
    private let clock: ClockReader

    /// Creates the middleware.
    public init(defaultTimeout: Duration, clock: any Clock<Duration> = ContinuousClock()) {
        self.defaultTimeout = defaultTimeout
        self.clock = ClockReader(clock)
    }

    /// Races the request against the clock.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let limit = request.context.timeout ?? defaultTimeout
        let clock = self.clock
        return try await withoutActuallyEscaping(next) { next in
            try await race(request, next: next, limit: limit, clock: clock)
        }
    }

    private func race(
        _ request: HTTPRequest,
        next: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse,
        limit: Duration,
        clock: ClockReader
    ) async throws -> HTTPResponse {
        try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask { try await next(request) }
            group.addTask {
                try await clock.sleep(limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CommerceError.cancelled(operationID: nil) }
            guard let response = first else {
                throw CommerceError(
                    code: .timedOut, message: "No response within \(limit).",
                    operationID: request.context.operationID,
                    correlationID: request.headers[HTTPRequest.correlationIDHeader])
            }
            return response
        }
    }
}
