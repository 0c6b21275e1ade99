#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Gives every request an `X-Correlation-ID` header (kept when the caller set one), so one request can be
/// followed through retries, logs and the store's access log.
public struct CorrelationIDMiddleware: HTTPMiddleware {
    private let makeID: @Sendable () -> String

    /// Creates the middleware.
    /// - Parameter makeID: Makes a new id; a random lower-case UUID when `nil`.
    public init(makeID: (@Sendable () -> String)? = nil) {
        self.makeID = makeID ?? { UUID().uuidString.lowercased() }
    }

    /// Adds the header when missing.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var request = request
        if request.headers[HTTPRequest.correlationIDHeader] == nil {
            request.headers[HTTPRequest.correlationIDHeader] = makeID()
        }
        return try await next(request)
    }
}
