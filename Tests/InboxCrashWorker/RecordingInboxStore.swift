import AdobeCommerce
import CommerceBridge
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store, recording in the sink every acknowledgement whose commit failed (`F <event id> <pid>`): the
/// handler runs whose effect did not land for a reason other than a kill.
struct RecordingInboxStore: ConnectorStore {
    let base: any ConnectorStore
    let sink: AppendOnlyFile

    func commit(_ changes: StoreChanges) async throws {
        do {
            try await base.commit(changes)
        } catch {
            for lease in changes.acknowledgedEvents { sink.append("F \(lease.event.eventID) \(getpid())\n") }
            throw error
        }
    }
    func receiveEvents(_ drafts: [InboxEvent.Draft], now: Date) async throws -> [InboxAcceptance] {
        try await base.receiveEvents(drafts, now: now)
    }
    func claimEvents(limit: Int, leaseDuration: Duration, now: Date) async throws -> [InboxLease] {
        try await base.claimEvents(limit: limit, leaseDuration: leaseDuration, now: now)
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
    func claim(destination: String?, topics: Set<String>?, limit: Int, leaseDuration: Duration, now: Date)
        async throws -> [Lease]
    {
        try await base.claim(
            destination: destination, topics: topics, limit: limit, leaseDuration: leaseDuration, now: now)
    }
    func extendLease(_ lease: Lease, by duration: Duration, now: Date) async throws -> Lease {
        try await base.extendLease(lease, by: duration, now: now)
    }
    func outboxStatus(now: Date) async throws -> OutboxStatus { try await base.outboxStatus(now: now) }
    func deadLetters(limit: Int, offset: Int) async throws -> [DeadLetter] {
        try await base.deadLetters(limit: limit, offset: offset)
    }
    func deadLetter(id: Int64) async throws -> DeadLetter? { try await base.deadLetter(id: id) }
    func replayDeadLetters(ids: [Int64], now: Date) async throws {
        try await base.replayDeadLetters(ids: ids, now: now)
    }
    func discardDeadLetters(ids: [Int64]) async throws { try await base.discardDeadLetters(ids: ids) }
    func claimMapping(_ key: MappingKey, token: String, now: Date) async throws -> MappingState {
        try await base.claimMapping(key, token: token, now: now)
    }
    func mapping(_ key: MappingKey) async throws -> MappingState? { try await base.mapping(key) }
    func sourceID(kind: EntityKind, sourceSystem: SystemID, targetSystem: SystemID, targetID: String)
        async throws -> String?
    {
        try await base.sourceID(
            kind: kind, sourceSystem: sourceSystem, targetSystem: targetSystem, targetID: targetID)
    }
    func contentHashes(kind: EntityKind, system: SystemID, keys: [String]) async throws -> [String: String] {
        try await base.contentHashes(kind: kind, system: system, keys: keys)
    }
    func checkpoint(named name: String) async throws -> Checkpoint? { try await base.checkpoint(named: name) }
    func checkpoints() async throws -> [Checkpoint] { try await base.checkpoints() }
    func reviewItems(limit: Int, offset: Int) async throws -> [ReviewItem] {
        try await base.reviewItems(limit: limit, offset: offset)
    }
    func resolveReviewItems(ids: [Int64]) async throws { try await base.resolveReviewItems(ids: ids) }
    func auditRecords(for entity: EntityReference) async throws -> [AuditRecord] {
        try await base.auditRecords(for: entity)
    }
    func auditRecords(correlationID: String) async throws -> [AuditRecord] {
        try await base.auditRecords(correlationID: correlationID)
    }
    func purge(_ retention: RetentionPolicy, now: Date) async throws -> PurgeReport {
        try await base.purge(retention, now: now)
    }
    func erasePersonalData(of entity: EntityReference) async throws -> ErasureReport {
        try await base.erasePersonalData(of: entity)
    }
    func claimScheduledRun(job: String, period: Date, holder: String, leaseDuration: Duration, now: Date)
        async throws -> ScheduledRunClaim
    {
        try await base.claimScheduledRun(
            job: job, period: period, holder: holder, leaseDuration: leaseDuration, now: now)
    }
    func endScheduledRun(_ run: ScheduledRun, finished: Bool, now: Date) async throws {
        try await base.endScheduledRun(run, finished: finished, now: now)
    }
    func claimReservation(key: String, token: String, leaseDuration: Duration, now: Date) async throws
        -> ReservationClaim
    {
        try await base.claimReservation(key: key, token: token, leaseDuration: leaseDuration, now: now)
    }
    func reservation(key: String) async throws -> ReservationRecord? { try await base.reservation(key: key) }
    func reservations(expiringBy date: Date, limit: Int) async throws -> [ReservationRecord] {
        try await base.reservations(expiringBy: date, limit: limit)
    }
    func reserveRateToken(key: String, limit: RateLimit, now: Date) async throws -> Duration {
        try await base.reserveRateToken(key: key, limit: limit, now: now)
    }
    func echoes(among fingerprints: [EchoFingerprint], now: Date) async throws -> Set<EchoFingerprint> {
        try await base.echoes(among: fingerprints, now: now)
    }
}
