public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Keeps the requests of every worker on one store to each host within one budget, kept in the store
/// (``ConnectorStore/reserveRateToken(key:limit:now:)`` under the key `http:<host>`): Magento limits an integration,
/// not a worker, so four workers with `RateLimitMiddleware`'s own budgets would send four times the rate.
///
/// Requests over the budget wait, in the order they asked across all workers; none is dropped. When the store cannot
/// be reached, a request waits on this worker's own budget instead, so the bridge slows rather than stops.
///
/// ```swift
/// var configuration = AdobeCommerceConfiguration(baseURL: url, authentication: .integration(credentials))
/// configuration.middleware.append(SharedRateLimitMiddleware(limit: RateLimit(requestsPerSecond: 8, burst: 16),
///                                                           store: store))
/// ```
public struct SharedRateLimitMiddleware: HTTPMiddleware {
    private let limit: RateLimit
    private let store: any ConnectorStore
    private let local: TokenBuckets
    private let time: TimeSource
    private let observer: any CommerceObserver

    /// Creates the middleware.
    /// - Parameters:
    ///   - limit: The budget per host, for all workers together.
    ///   - store: The store every worker shares.
    ///   - time: The clock requests wait on.
    ///   - observer: Told about every wait.
    public init(
        limit: RateLimit, store: any ConnectorStore, time: TimeSource = .system,
        observer: any CommerceObserver = NoOpObserver()
    ) {
        self.limit = limit
        self.store = store
        self.local = TokenBuckets(limit: limit, time: time)
        self.time = time
        self.observer = observer
    }

    /// Waits for a token of the request's host from the shared budget, then sends the request.
    /// - Throws: What `next` throws, or `CommerceError` with `CommerceError.Code.cancelled` when the task is cancelled
    ///   while waiting.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let host = request.url.host(percentEncoded: true) ?? ""
        let wait: Duration
        do {
            wait = try await store.reserveRateToken(key: "http:\(host)", limit: limit, now: time.now())
        } catch {
            wait = await local.reserve(host: host)
        }
        if wait > .zero {
            observer.record(.rateLimited(host: host, wait: wait))
            do { try await time.sleep(for: wait) } catch {
                throw CommerceError(
                    code: .cancelled, message: "cancelled while waiting for the shared rate budget",
                    operationID: request.context.operationID)
            }
        }
        return try await next(request)
    }
}
