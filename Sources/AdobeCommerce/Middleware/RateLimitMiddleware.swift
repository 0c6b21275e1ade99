#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Keeps the request rate to each host within a token bucket: `burst` requests at once, then
/// `requestsPerSecond` on average. Requests over the budget wait; none is dropped.
///
/// ```swift
/// configuration.rateLimit = RateLimit(requestsPerSecond: 10, burst: 20)
/// ```
public struct RateLimitMiddleware: HTTPMiddleware {
    private let buckets: TokenBuckets
    private let time: TimeSource
    private let observer: any CommerceObserver

    /// Creates the middleware.
    /// - Parameters:
    ///   - limit: The budget per host.
    ///   - time: The clock tokens accrue and requests wait on.
    ///   - observer: Told about every wait.
    public init(limit: RateLimit, time: TimeSource = .system, observer: any CommerceObserver = NoOpObserver()) {
        self.time = time
        self.buckets = TokenBuckets(limit: limit, time: time)
        self.observer = observer
    }

    /// Waits for a token for the request's host, then sends it.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let host = request.url.host(percentEncoded: true) ?? ""
        let wait = await buckets.reserve(host: host)
        if wait > .zero {
            observer.record(.rateLimited(host: host, wait: wait))
            do { try await time.sleep(for: wait) } catch {
                throw CommerceError.cancelled(operationID: request.context.operationID)
            }
        }
        return try await next(request)
    }
}

/// A request budget: a sustained rate and a burst.
public struct RateLimit: Sendable, Hashable {
    /// Average requests per second allowed.
    public var requestsPerSecond: Double
    /// Requests allowed at once after a quiet period.
    public var burst: Int

    /// Creates a budget; both values must be positive.
    public init(requestsPerSecond: Double, burst: Int) {
        precondition(requestsPerSecond > 0 && burst > 0, "RateLimit needs a positive rate and burst")
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }
}

/// Token buckets per key. A reservation may drive the balance negative: the caller then waits until
/// its token has accrued, which queues callers fairly in arrival order.
package actor TokenBuckets {
    private struct Bucket {
        var tokens: Double
        var updated: Duration
    }

    private let limit: RateLimit
    private let elapsed: @Sendable () -> Duration
    private var buckets: [String: Bucket] = [:]

    package init(limit: RateLimit, time: TimeSource) {
        self.limit = limit
        self.elapsed = time.stopwatch()
    }

    /// Takes one token for `host` and returns how long the caller must wait before using it.
    package func reserve(host: String) -> Duration {
        let now = elapsed()
        var bucket = buckets[host] ?? Bucket(tokens: Double(limit.burst), updated: now)
        let refill = (now - bucket.updated).seconds * limit.requestsPerSecond
        bucket.tokens = min(Double(limit.burst), bucket.tokens + refill)
        bucket.updated = now
        bucket.tokens -= 1
        buckets[host] = bucket
        guard bucket.tokens < 0 else { return .zero }
        return .nanoseconds(Int64((-bucket.tokens / limit.requestsPerSecond * 1e9).rounded(.up)))
    }
}
