#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A claimed inbox event: the worker holding the token may acknowledge, reschedule, release or dead-letter it (through
/// ``StoreChanges``) until another worker claims it after the lease expired.
public struct InboxLease: Sendable, Hashable {
    /// The event, as claimed (its ``InboxEvent/receives`` counts this claim).
    public var event: InboxEvent
    /// Proves the claim; a later claim by another worker gets another token, and the old one no longer holds.
    public var token: String
    /// When the event becomes claimable again if the holder has not finished with it.
    public var expiresAt: Date

    /// Creates a lease.
    public init(event: InboxEvent, token: String, expiresAt: Date) {
        self.event = event
        self.token = token
        self.expiresAt = expiresAt
    }
}
