#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Durable state of a connector: the outbox and its dead-letter queue, the ID map, checkpoints, the review
/// queue and the audit log.
///
/// Writes go through ``commit(_:)``, one transaction per ``StoreChanges``, so an acknowledgement, the ID
/// mapping it produced and the checkpoint it advanced land together or not at all. Reads and claims are
/// methods. Implementations must be safe for several workers (tasks or processes) at once: a message is
/// leased to one worker at a time and an ID-map key is claimed once.
///
/// CommerceBridge ships ``InMemoryConnectorStore`` and, in `CommerceBridgeSQLite`, a SQLite store. Run
/// `ConnectorStoreConformance` from `CommerceBridgeTesting` on your own implementation.
public protocol ConnectorStore: Sendable {
    /// Applies `changes` atomically.
    /// - Throws: ``BridgeError`` with ``BridgeError/Code/leaseLost`` when a lease is no longer held (nothing
    ///   is applied), ``BridgeError/Code/mappingConflict`` when a claim token does not hold its key.
    func commit(_ changes: StoreChanges) async throws

    /// Leases up to `limit` messages whose time has come, oldest first, for `leaseDuration`, and counts a receive
    /// on each (``OutboxMessage/receives``, as leased).
    /// - Parameters:
    ///   - destination: Only this destination's messages, or any when `nil`.
    ///   - topics: Only messages of these topics, or any when `nil`.
    ///   - limit: The most messages to lease (at least 1).
    ///   - leaseDuration: How long the messages are reserved for the caller.
    ///   - now: The current time.
    func claim(destination: String?, topics: Set<String>?, limit: Int, leaseDuration: Duration, now: Date)
        async throws -> [Lease]

    /// Extends a lease still held, so a slow delivery keeps its message (a heartbeat).
    /// - Parameters:
    ///   - lease: The lease to extend.
    ///   - duration: The new expiry is `now + duration`.
    ///   - now: The current time.
    /// - Returns: The lease with its new expiry.
    /// - Throws: ``BridgeError`` with ``BridgeError/Code/leaseLost`` when the lease is no longer held (nothing
    ///   changes).
    func extendLease(_ lease: Lease, by duration: Duration, now: Date) async throws -> Lease

    /// How the outbox stands.
    func outboxStatus(now: Date) async throws -> OutboxStatus

    /// Dead letters, oldest first.
    func deadLetters(limit: Int, offset: Int) async throws -> [DeadLetter]
    /// One dead letter, or `nil`.
    func deadLetter(id: Int64) async throws -> DeadLetter?
    /// Puts dead letters back in the outbox with their history, available at `now`.
    /// - Throws: ``BridgeError/Code/notFound`` for an unknown id (nothing is replayed).
    func replayDeadLetters(ids: [Int64], now: Date) async throws
    /// Deletes dead letters.
    /// - Throws: ``BridgeError/Code/notFound`` for an unknown id (nothing is discarded).
    func discardDeadLetters(ids: [Int64]) async throws

    /// Claims `key` with `token` unless someone already has, and says where it stands.
    func claimMapping(_ key: MappingKey, token: String, now: Date) async throws -> MappingState
    /// Where `key` stands, or `nil` when nobody claimed it.
    func mapping(_ key: MappingKey) async throws -> MappingState?
    /// The source id mapped to `targetID`, the reverse lookup.
    func sourceID(kind: EntityKind, sourceSystem: SystemID, targetSystem: SystemID, targetID: String) async throws
        -> String?

    /// The content hashes last recorded for these keys of one kind in one system; unknown keys are absent.
    func contentHashes(kind: EntityKind, system: SystemID, keys: [String]) async throws -> [String: String]

    /// A saved checkpoint, or `nil`.
    func checkpoint(named name: String) async throws -> Checkpoint?
    /// Every saved checkpoint, by name.
    func checkpoints() async throws -> [Checkpoint]

    /// Items waiting for review, oldest first.
    func reviewItems(limit: Int, offset: Int) async throws -> [ReviewItem]
    /// Removes reviewed items.
    /// - Throws: ``BridgeError/Code/notFound`` for an unknown id (nothing is removed).
    func resolveReviewItems(ids: [Int64]) async throws

    /// Audit records of one entity, oldest first.
    func auditRecords(for entity: EntityReference) async throws -> [AuditRecord]
    /// Audit records of one correlation id, oldest first.
    func auditRecords(correlationID: String) async throws -> [AuditRecord]

    /// Removes history older than the policy keeps: audit records, waiting review items and dead letters.
    /// - Returns: What was removed.
    func purge(_ retention: RetentionPolicy, now: Date) async throws -> PurgeReport

    /// Erases what the audit trail and the review list hold about one entity, such as a customer who asked to be
    /// forgotten: the entity's own records are blanked and filed under a random pseudonym, and the review list's park
    /// markers for the key go. A distinctive key (an e-mail, or at least 6 characters) is also looked for under every
    /// kind and system, and in other records' values, explanation, reason and correlation id (an order's export
    /// request carries the customer's e-mail, say), which are blanked too; a shorter key is not, as it would match
    /// unrelated numbers. Keys compare without regard to ASCII case. The ID map's links and content hashes, which the
    /// sync needs, are kept.
    /// - Returns: What was erased, and the pseudonym.
    func erasePersonalData(of entity: EntityReference) async throws -> ErasureReport
}

extension ConnectorStore {
    /// Leases up to `limit` due messages of any topic; see ``claim(destination:topics:limit:leaseDuration:now:)``.
    public func claim(destination: String?, limit: Int, leaseDuration: Duration, now: Date) async throws -> [Lease] {
        try await claim(destination: destination, topics: nil, limit: limit, leaseDuration: leaseDuration, now: now)
    }

    /// Enqueues messages in one transaction.
    public func enqueue(_ drafts: [OutboxMessage.Draft], now: Date) async throws {
        var changes = StoreChanges(time: now)
        changes.enqueued = drafts
        try await commit(changes)
    }

    /// Saves a checkpoint.
    public func save(_ checkpoint: Checkpoint) async throws {
        var changes = StoreChanges(time: checkpoint.updatedAt)
        changes.saveCheckpoint(checkpoint)
        try await commit(changes)
    }

    /// Completes an ID-map claim.
    public func completeMapping(_ key: MappingKey, token: String, targetID: String, now: Date) async throws {
        var changes = StoreChanges(time: now)
        changes.completeMapping(key, token: token, targetID: targetID)
        try await commit(changes)
    }
}
