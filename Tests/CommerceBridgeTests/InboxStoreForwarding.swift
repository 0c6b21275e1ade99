import CommerceBridge
import Foundation

/// The inbox requirements of ``OutboxDispatcherTests/FlakyStore``, forwarded to its in-memory base.
extension OutboxDispatcherTests.FlakyStore {
    func receiveEvents(_ drafts: [InboxEvent.Draft], now: Date) async throws -> [InboxAcceptance] {
        try await base.receiveEvents(drafts, now: now)
    }
    func claimEvents(limit: Int, leaseDuration: Duration, now: Date) async throws -> [InboxLease] {
        if !eventClaimSteps.isEmpty {
            let step = eventClaimSteps.removeFirst()
            try await step()
        }
        return try await base.claimEvents(limit: limit, leaseDuration: leaseDuration, now: now)
    }
    func inboxEvents(states: Set<InboxEvent.StateKind>?, after position: Int64, limit: Int) async throws
        -> [InboxEvent]
    {
        try await base.inboxEvents(states: states, after: position, limit: limit)
    }
    func inboxStatus(now: Date) async throws -> InboxStatus { try await base.inboxStatus(now: now) }
    func replayEvents(from position: Int64, source: String?, now: Date) async throws -> Int {
        try await base.replayEvents(from: position, source: source, now: now)
    }
    func replayEvents(ids: [Int64], now: Date) async throws { try await base.replayEvents(ids: ids, now: now) }
}
