#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Counts that tell an operator how the inbox stands (``ConnectorStore/inboxStatus(now:)``).
public struct InboxStatus: Sendable, Hashable {
    /// Events waiting to be handled, leased ones included.
    public var pending: Int
    /// Pending events currently leased by a worker.
    public var leased: Int
    /// Handled events still kept for deduplication.
    public var handled: Int
    /// Superseded events still kept for deduplication.
    public var superseded: Int
    /// Dead-lettered events waiting for an operator.
    public var deadLettered: Int
    /// The oldest pending event's ``InboxEvent/receivedAt``: how far behind the inbox is.
    public var oldestPending: Date?

    /// Creates a status.
    public init(
        pending: Int, leased: Int, handled: Int, superseded: Int, deadLettered: Int, oldestPending: Date?
    ) {
        self.pending = pending
        self.leased = leased
        self.handled = handled
        self.superseded = superseded
        self.deadLettered = deadLettered
        self.oldestPending = oldestPending
    }

    /// The count of events in a state.
    public subscript(kind: InboxEvent.StateKind) -> Int {
        switch kind {
        case .pending: pending
        case .handled: handled
        case .superseded: superseded
        case .deadLettered: deadLettered
        }
    }
}
