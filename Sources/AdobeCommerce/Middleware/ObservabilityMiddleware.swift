#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reports every request to a ``CommerceObserver`` with secrets removed: header values whose names are
/// sensitive (`Authorization`, `Cookie`, tokens, secrets, passwords) are replaced, and URLs are redacted.
public struct ObservabilityMiddleware: HTTPMiddleware {
    private let observer: any CommerceObserver
    private let time: TimeSource

    /// Creates the middleware.
    /// - Parameters:
    ///   - observer: Receives an event per request.
    ///   - time: Measures each request's duration.
    public init(observer: any CommerceObserver, time: TimeSource = .system) {
        self.observer = observer
        self.time = time
    }

    /// Sends the request and reports how it went.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        // Nobody listens: skip redacting the URL and headers of every request (a measurable share of a pull).
        if observer is NoOpObserver { return try await next(request) }
        let elapsed = time.stopwatch()
        var event = RequestEvent(
            operationID: request.context.operationID, method: request.method,
            url: Redactor.redact(request.url.absoluteString),
            requestHeaders: request.headers.map {
                HTTPHeaders.Field(
                    name: $0.name,
                    value: Redactor.isSensitive(name: $0.name) ? Redactor.placeholder : Redactor.redact($0.value))
            },
            status: nil, errorCode: nil, duration: .zero, requestBytes: request.body?.count ?? 0, responseBytes: 0,
            correlationID: request.headers[HTTPRequest.correlationIDHeader])
        do {
            let response = try await next(request)
            event.status = response.status
            event.responseBytes = response.body.count
            event.duration = elapsed()
            observer.record(.request(event))
            return response
        } catch {
            event.errorCode = (error as? CommerceError)?.code ?? .connectionFailed
            event.duration = elapsed()
            observer.record(.request(event))
            throw error
        }
    }
}
