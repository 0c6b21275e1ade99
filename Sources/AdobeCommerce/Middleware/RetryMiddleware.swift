#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Sends a request again after a retryable failure, following a ``RetryPolicy``.
///
/// Place it outside the authentication middleware, so that every attempt is signed afresh (an OAuth nonce
/// is valid once).
public struct RetryMiddleware: HTTPMiddleware {
    /// The policy.
    public var policy: RetryPolicy
    private let time: TimeSource
    private let observer: any CommerceObserver
    private let random: @Sendable () -> Double

    /// Creates the middleware.
    /// - Parameters:
    ///   - policy: When and how long to wait.
    ///   - time: The clock to sleep on, and the wall clock `Retry-After` dates are read against.
    ///   - observer: Told about every retry.
    ///   - random: The jitter source, a value in `0 ..< 1`.
    public init(
        policy: RetryPolicy,
        time: TimeSource = .system,
        observer: any CommerceObserver = NoOpObserver(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.policy = policy
        self.time = time
        self.observer = observer
        self.random = random
    }

    /// Sends the request, retrying as the policy allows.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let maximumAttempts = request.isSafeToRetry && !request.context.disablesRetry ? policy.maximumAttempts : 1
        var attempt = 1
        while true {
            let delay: Duration
            let reason: String
            do {
                let response = try await next(request)
                guard attempt < maximumAttempts, policy.isRetryable(status: response.status) else { return response }
                let backoff = policy.backoff(forRetry: attempt, random: random())
                if let header = response.headers["Retry-After"],
                    let asked = RetryPolicy.retryAfterDelay(header, now: time.now())
                {
                    guard asked <= policy.maximumRetryAfter else { return response }
                    delay = max(asked, backoff)
                } else {
                    delay = backoff
                }
                reason = "HTTP \(response.status)"
            } catch {
                if Task.isCancelled { throw CommerceError.cancelled(operationID: request.context.operationID) }
                guard attempt < maximumAttempts, policy.isRetryable(error) else { throw error }
                delay = policy.backoff(forRetry: attempt, random: random())
                reason = (error as? CommerceError)?.code.description ?? "transport error"
            }
            observer.record(
                .retry(
                    RetryEvent(
                        operationID: request.context.operationID, method: request.method,
                        url: Redactor.redact(request.url.absoluteString), attempt: attempt, delay: delay,
                        reason: reason, correlationID: request.headers[HTTPRequest.correlationIDHeader])))
            do {
                try await time.sleep(for: delay)
            } catch {
                throw CommerceError.cancelled(operationID: request.context.operationID)
            }
            attempt += 1
        }
    }
}

extension CommerceError {
    static func cancelled(operationID: String?) -> CommerceError {
        CommerceError(code: .cancelled, message: "The request was cancelled.", operationID: operationID)
    }
}
