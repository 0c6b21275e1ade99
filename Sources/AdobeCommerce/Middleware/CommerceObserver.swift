#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Receives what the client does, for logs and metrics: one call per event, every URL, header and message
/// already stripped of secrets.
///
/// Bridge it to swift-log, swift-metrics or OpenTelemetry in a few lines; the client never owns a logger.
///
/// ```swift
/// struct PrintObserver: CommerceObserver {
///     func record(_ event: CommerceEvent) { print(event) }
/// }
/// configuration.observer = PrintObserver()
/// ```
public protocol CommerceObserver: Sendable {
    /// Called for each event, on the task that caused it; return quickly.
    func record(_ event: CommerceEvent)
}

/// An observer that ignores everything: the default.
public struct NoOpObserver: CommerceObserver {
    /// Creates the observer.
    public init() {}
    /// Does nothing.
    public func record(_ event: CommerceEvent) {}
}

/// Something the client or the connector did. New kinds of event are added in later releases: switch over it with a
/// `default` case.
public enum CommerceEvent: Sendable, CustomStringConvertible {
    /// A request completed, with a response or an error.
    case request(RequestEvent)
    /// A failed attempt will be retried after a delay.
    case retry(RetryEvent)
    /// A request waited for the rate limit.
    case rateLimited(host: String, wait: Duration)
    /// A bearer token was obtained or refreshed.
    case tokenIssued(kind: String)
    /// A destination refused the connector itself (credentials, permissions, a missing route): its deliveries are
    /// paused until `until` and its messages kept. An operator should look now.
    case destinationPaused(destination: String, until: Date, reason: String)

    /// One line describing the event, without secrets.
    public var description: String {
        switch self {
        case .request(let event): event.description
        case .retry(let event):
            "retry \(event.operationID ?? event.method.rawValue) attempt \(event.attempt) failed (\(event.reason)); "
                + "waiting \(event.delay)"
        case .rateLimited(let host, let wait): "rate limit for \(host): waiting \(wait)"
        case .tokenIssued(let kind): "\(kind) token issued"
        case .destinationPaused(let destination, let until, let reason):
            "\(destination) paused until \(MagentoDate(until).rawValue) UTC: \(Redactor.redact(reason))"
        }
    }
}

/// A completed request, redacted.
public struct RequestEvent: Sendable, CustomStringConvertible {
    /// The catalog id of the operation, if any.
    public var operationID: String?
    /// The method.
    public var method: HTTPMethod
    /// The URL with secret query values redacted.
    public var url: String
    /// The request headers, secret values replaced by `<redacted>`.
    public var requestHeaders: [HTTPHeaders.Field]
    /// The status, when a response arrived.
    public var status: Int?
    /// The error code, when none did.
    public var errorCode: CommerceError.Code?
    /// Time from sending to the response or error.
    public var duration: Duration
    /// Request body size in bytes.
    public var requestBytes: Int
    /// Response body size in bytes.
    public var responseBytes: Int
    /// The correlation id.
    public var correlationID: String?

    /// `GET https://… -> 200 in 12 ms`.
    public var description: String {
        let outcome = status.map { "\($0)" } ?? (errorCode.map { "error \($0)" } ?? "no response")
        let milliseconds = Int((duration.seconds * 1000).rounded())
        return "\(method) \(url) -> \(outcome) in \(milliseconds) ms"
            + (correlationID.map { " [\($0)]" } ?? "")
    }
}

/// A retry about to happen.
public struct RetryEvent: Sendable {
    /// The catalog id of the operation, if any.
    public var operationID: String?
    /// The method.
    public var method: HTTPMethod
    /// The URL, redacted.
    public var url: String
    /// The attempt that failed (1 = the first).
    public var attempt: Int
    /// The wait before the next attempt.
    public var delay: Duration
    /// Why it failed.
    public var reason: String
    /// The correlation id.
    public var correlationID: String?
}
