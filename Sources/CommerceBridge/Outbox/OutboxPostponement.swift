/// Thrown by an outbox handler whose message cannot be delivered yet because something it depends on has not
/// happened (a credit memo whose order the ERP has not received): the message is given back untouched, to be tried
/// again after ``delay``, without spending an attempt or a receive, so waiting never sends it to the dead-letter queue.
///
/// It is not a failure: the destination's circuit breaker does not count it. Use it for a wait that ends by itself;
/// a message that can never be delivered should fail, or be parked for review, instead of waiting forever.
///
/// ```swift
/// guard case .mapped = try await store.mapping(orderKey) else {
///     throw OutboxPostponement(delay: .seconds(30), reason: "order 12 is not in the ERP yet")
/// }
/// ```
public struct OutboxPostponement: Error, Sendable, Hashable, CustomStringConvertible {
    /// How long to wait before the message is due again (at least a millisecond).
    public var delay: Duration
    /// What the message waits for, for logs.
    public var reason: String

    /// Creates a postponement.
    /// - Parameters:
    ///   - delay: How long to wait before the message is due again.
    ///   - reason: What it waits for.
    public init(delay: Duration, reason: String) {
        self.delay = max(delay, .milliseconds(1))
        self.reason = reason
    }

    /// `postponed by 30 seconds: …`.
    public var description: String { "postponed by \(delay): \(reason)" }
}
