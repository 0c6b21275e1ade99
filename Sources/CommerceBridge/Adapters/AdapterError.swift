/// The error an adapter throws: what failed in the other system and whether trying again can help.
///
/// Throw `.unavailable` for outages, timeouts and rate limits (the engines retry with backoff), and
/// `.rejected` for data the other system refuses (the engines park it for review).
public struct AdapterError: Error, Sendable, Hashable, RetryClassifiable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Hashable {
        /// The system is down, slow or throttling: retryable.
        case unavailable
        /// The system refused the data: not retryable.
        case rejected
        /// The record does not exist there: not retryable.
        case notFound
    }

    /// The kind.
    public var kind: Kind
    /// The system that failed.
    public var system: SystemID
    /// What happened.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, system: SystemID, _ message: String) {
        self.kind = kind
        self.system = system
        self.message = message
    }

    /// Only ``Kind/unavailable`` is retryable.
    public var isRetryable: Bool { kind == .unavailable }

    /// `erp unavailable: …`.
    public var description: String { "\(system) \(kind): \(message)" }
}
