package import AdobeCommerce
package import CommerceBridge

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// A store that hands every call to another, for the test doubles that change one or two of them (a claim that fails
/// as a busy SQLite does, a commit whose failure is recorded): conform, give ``base``, and implement only what differs;
/// the rest goes to ``base``.
///
/// ```swift
/// struct RecordingStore: ForwardingConnectorStore {
///     let base: any ConnectorStore
///     func commit(_ changes: StoreChanges) async throws { record(changes); try await base.commit(changes) }
/// }
/// ```
package protocol ForwardingConnectorStore: ConnectorStore {
    /// Where every call the conforming type does not implement goes.
    var base: any ConnectorStore { get }
}

extension ForwardingConnectorStore {
    package func commit(_ changes: StoreChanges) async throws { try await base.commit(changes) }
    package func receiveEvents(_ drafts: [InboxEvent.Draft], now: Date) async throws -> [InboxAcceptance] {
        try await base.receiveEvents(drafts, now: now)
    }
    package func claimEvents(limit: Int, leaseDuration: Duration, now: Date) async throws -> [InboxLease] {
        try await base.claimEvents(limit: limit, leaseDuration: leaseDuration, now: now)
    }
    package func inboxEvents(states: Set<InboxEvent.StateKind>?, after position: Int64, limit: Int) async throws
        -> [InboxEvent]
    {
        try await base.inboxEvents(states: states, after: position, limit: limit)
    }
    package func inboxStatus(now: Date) async throws -> InboxStatus { try await base.inboxStatus(now: now) }
    package func replayEvents(from position: Int64, source: String?, now: Date) async throws -> Int {
        try await base.replayEvents(from: position, source: source, now: now)
    }
    package func replayEvents(ids: [Int64], now: Date) async throws { try await base.replayEvents(ids: ids, now: now) }
    package func claim(destination: String?, topics: Set<String>?, limit: Int, leaseDuration: Duration, now: Date)
        async throws -> [Lease]
    {
        try await base.claim(
            destination: destination, topics: topics, limit: limit, leaseDuration: leaseDuration, now: now)
    }
    package func extendLease(_ lease: Lease, by duration: Duration, now: Date) async throws -> Lease {
        try await base.extendLease(lease, by: duration, now: now)
    }
    package func outboxStatus(now: Date) async throws -> OutboxStatus { try await base.outboxStatus(now: now) }
    package func deadLetters(limit: Int, offset: Int) async throws -> [DeadLetter] {
        try await base.deadLetters(limit: limit, offset: offset)
    }
    package func deadLetter(id: Int64) async throws -> DeadLetter? { try await base.deadLetter(id: id) }
    package func replayDeadLetters(ids: [Int64], now: Date) async throws {
        try await base.replayDeadLetters(ids: ids, now: now)
    }
    package func discardDeadLetters(ids: [Int64]) async throws { try await base.discardDeadLetters(ids: ids) }
    package func claimMapping(_ key: MappingKey, token: String, now: Date) async throws -> MappingState {
        try await base.claimMapping(key, token: token, now: now)
    }
    package func mapping(_ key: MappingKey) async throws -> MappingState? { try await base.mapping(key) }
    package func sourceID(kind: EntityKind, sourceSystem: SystemID, targetSystem: SystemID, targetID: String)
        async throws -> String?
    {
        try await base.sourceID(
            kind: kind, sourceSystem: sourceSystem, targetSystem: targetSystem, targetID: targetID)
    }
    package func contentHashes(kind: EntityKind, system: SystemID, keys: [String]) async throws -> [String: String] {
        try await base.contentHashes(kind: kind, system: system, keys: keys)
    }
    package func checkpoint(named name: String) async throws -> Checkpoint? { try await base.checkpoint(named: name) }
    package func checkpoints() async throws -> [Checkpoint] { try await base.checkpoints() }
    package func reviewItems(limit: Int, offset: Int) async throws -> [ReviewItem] {
        try await base.reviewItems(limit: limit, offset: offset)
    }
    package func resolveReviewItems(ids: [Int64]) async throws { try await base.resolveReviewItems(ids: ids) }
    package func auditRecords(for entity: EntityReference) async throws -> [AuditRecord] {
        try await base.auditRecords(for: entity)
    }
    package func auditRecords(correlationID: String) async throws -> [AuditRecord] {
        try await base.auditRecords(correlationID: correlationID)
    }
    package func purge(_ retention: RetentionPolicy, now: Date) async throws -> PurgeReport {
        try await base.purge(retention, now: now)
    }
    package func erasePersonalData(of entity: EntityReference) async throws -> ErasureReport {
        try await base.erasePersonalData(of: entity)
    }
    package func claimScheduledRun(job: String, period: Date, holder: String, leaseDuration: Duration, now: Date)
        async throws -> ScheduledRunClaim
    {
        try await base.claimScheduledRun(
            job: job, period: period, holder: holder, leaseDuration: leaseDuration, now: now)
    }
    package func endScheduledRun(_ run: ScheduledRun, finished: Bool, now: Date) async throws {
        try await base.endScheduledRun(run, finished: finished, now: now)
    }
    package func claimReservation(key: String, token: String, leaseDuration: Duration, now: Date) async throws
        -> ReservationClaim
    {
        try await base.claimReservation(key: key, token: token, leaseDuration: leaseDuration, now: now)
    }
    package func reservation(key: String) async throws -> ReservationRecord? { try await base.reservation(key: key) }
    package func reservations(expiringBy date: Date, limit: Int) async throws -> [ReservationRecord] {
        try await base.reservations(expiringBy: date, limit: limit)
    }
    package func reserveRateToken(key: String, limit: RateLimit, now: Date) async throws -> Duration {
        try await base.reserveRateToken(key: key, limit: limit, now: now)
    }
    package func echoes(among fingerprints: [EchoFingerprint], now: Date) async throws -> Set<EchoFingerprint> {
        try await base.echoes(among: fingerprints, now: now)
    }
}
