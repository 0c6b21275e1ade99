#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// What ``ConnectorStore/receiveEvents(_:now:)`` did with one draft.
public enum InboxAcceptance: Sendable, Hashable {
    /// New: stored as pending at this inbox position.
    case accepted(position: Int64)
    /// The event id is already in the inbox (in any state, or earlier in the same batch): nothing stored; `position`
    /// is the stored event's.
    case duplicate(position: Int64)
    /// Older than an event of the same entity that was already handed to a handler (claimed, handled or
    /// dead-lettered; `newest` is that event's ``InboxEvent/occurredAt``): stored as
    /// ``InboxEvent/State-swift.enum/superseded(at:)`` at `position`, for deduplication, and never handled.
    case stale(position: Int64, newest: Date)

    /// The inbox position of the stored event.
    public var position: Int64 {
        switch self {
        case .accepted(let position), .duplicate(let position), .stale(let position, _): position
        }
    }
}
