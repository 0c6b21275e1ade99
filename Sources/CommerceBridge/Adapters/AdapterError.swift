/// The error an adapter throws: what failed in the other system and whether trying again can help.
///
/// Throw ``Code/unavailable`` for outages, timeouts and rate limits (the engines retry with backoff),
/// ``Code/rejected`` for data the other system refuses (the engines park it for review), and ``Code/unauthorized``
/// when it refuses the connector itself (the outbox pauses the destination and keeps its messages).
///
/// ```swift
/// throw AdapterError(.rejected, system: .erp, "customer C-17 is on credit hold")
/// ```
public struct AdapterError: Error, Sendable, Hashable, RetryClassifiable, CustomStringConvertible {
    /// What kind of failure: extensible, so a new code in a later release does not break a `switch`
    /// (compare with `==`, or switch with a `default`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unavailable, rejected, notFound, unauthorized
        }
        private let base: Base

        /// The system is down, slow or throttling: retryable.
        public static let unavailable = Code(base: .unavailable)
        /// The system refused the data: not retryable.
        public static let rejected = Code(base: .rejected)
        /// The record does not exist there: not retryable.
        public static let notFound = Code(base: .notFound)
        /// The system refused the connector itself (its credentials, permissions or endpoint), not the record: the
        /// outbox pauses the destination and keeps every message until it is fixed.
        public static let unauthorized = Code(base: .unauthorized)

        /// The code's name, such as `unavailable`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// The system that failed.
    public var system: SystemID
    /// What happened.
    public var message: String
    /// How long the system asked to be left alone (a rate limit's or a maintenance window's delay), when it said;
    /// the outbox schedules the next attempt no sooner.
    public var retryAfter: Duration?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What kind of failure.
    ///   - system: The system that failed.
    ///   - message: What happened, for the operator.
    ///   - retryAfter: How long the system asked callers to wait, when it said.
    public init(_ code: Code, system: SystemID, _ message: String, retryAfter: Duration? = nil) {
        self.code = code
        self.system = system
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Only ``Code/unavailable`` is retryable.
    public var isRetryable: Bool { code == .unavailable }

    /// `erp unavailable: …`.
    public var description: String { "\(system) \(code): \(message)" }
}
