public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Durable state of a connector: the outbox and its dead-letter queue, the inbox of received events, the ID map,
/// checkpoints, the review queue and the audit log, and the state several workers share: scheduled runs, checkout reservations, rate
/// budgets and echo fingerprints.
///
/// Writes go through ``commit(_:)``, one transaction per ``StoreChanges``, so an acknowledgement, the ID
/// mapping it produced and the checkpoint it advanced land together or not at all. Reads and claims are
/// methods. Implementations must be safe for several workers (tasks or processes) at once: a message is
/// leased to one worker at a time and an ID-map key is claimed once.
///
/// State that must be the same for every worker lives here too, so N workers behave as one: a scheduled job's run per
/// period (``claimScheduledRun(job:period:holder:leaseDuration:now:)``), a checkout's reservation and its answer
/// (``claimReservation(key:token:leaseDuration:now:)``), a destination's rate budget
/// (``reserveRateToken(key:limit:now:)``) and the fingerprints of the bridge's own writes (``echoes(among:now:)``).
/// Each is one atomic step in the store (a row lock, a transaction), never a read followed by a write.
///
/// CommerceBridge ships ``InMemoryConnectorStore`` and, in `CommerceBridgeSQLite` and `CommerceBridgePostgres`,
/// SQLite and PostgreSQL stores. Run `ConnectorStoreConformance` from `CommerceBridgeTesting` on your own
/// implementation.
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

    /// Removes history older than the policy keeps: audit records, waiting review items, dead letters and handled or
    /// superseded inbox events; and echo fingerprints that expired by `now`, whatever the policy. Pending and
    /// dead-lettered inbox events are never purged by age.
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

    // MARK: Shared by every worker

    /// Claims the run of `job` for the period starting at `period`, atomically, so that one worker runs it per period.
    ///
    /// The store keeps one row per job. The caller gets the run when the job has never run, when its last claimed
    /// period is earlier and finished, or when a claim lapsed (its worker died or gave the run back); a holder that
    /// claims again the period it holds renews its lease (its heartbeat) and keeps its fencing token. Each new claim
    /// raises ``ScheduledRun/fencingToken``.
    /// - Parameters:
    ///   - job: The job's name.
    ///   - period: The start of the period (for a daily job, midnight UTC of the day).
    ///   - holder: Who asks, unique per worker (a scheduler instance's id).
    ///   - leaseDuration: How long the claim holds without renewal.
    ///   - now: The current time.
    /// - Returns: ``ScheduledRunClaim/claimed(_:)``, ``ScheduledRunClaim/running(holder:until:)`` while another
    ///   worker holds a live claim, or ``ScheduledRunClaim/finished(period:)`` when this period (or a later one) is
    ///   done or under way.
    func claimScheduledRun(job: String, period: Date, holder: String, leaseDuration: Duration, now: Date)
        async throws -> ScheduledRunClaim

    /// Ends a run: `finished` marks its period done; otherwise the claim is given back and another worker (or this
    /// one) may claim the period again at once.
    /// - Throws: ``BridgeError`` with ``BridgeError/Code/leaseLost`` when another claim replaced this one (a later
    ///   fencing token): nothing changes.
    func endScheduledRun(_ run: ScheduledRun, finished: Bool, now: Date) async throws

    /// Claims the decision of the reservation `key` unless another worker has one pending or it was answered.
    ///
    /// An answered reservation is returned as it is, even past ``ReservationRecord/expiresAt`` (release it and
    /// ``StoreChanges/forgetReservation(key:)`` to ask afresh). A pending claim whose lease lapsed is taken over.
    /// - Parameters:
    ///   - key: The reservation key.
    ///   - token: The caller's claim token, unique per attempt.
    ///   - leaseDuration: How long the claim holds; others asking meanwhile get
    ///     ``ReservationClaim/pending(until:)``.
    ///   - now: The current time.
    func claimReservation(key: String, token: String, leaseDuration: Duration, now: Date) async throws
        -> ReservationClaim

    /// The answered reservation `key`, or `nil` (never decided, still pending, or forgotten).
    func reservation(key: String) async throws -> ReservationRecord?

    /// Answered reservations whose ``ReservationRecord/expiresAt`` is at or before `date`, soonest first.
    /// - Parameters:
    ///   - date: The cut-off (`.distantFuture` for every answered reservation).
    ///   - limit: The most to return.
    func reservations(expiringBy date: Date, limit: Int) async throws -> [ReservationRecord]

    /// Takes one request from the token bucket `key` that every worker shares (a destination's budget), refilled at
    /// `limit`'s rate up to its burst, and says how long the caller must wait before making the request.
    ///
    /// A taken token may drive the bucket below zero: callers then wait in the order they asked, and across all
    /// workers no more than `burst` plus `requestsPerSecond` per second of elapsed time go ahead.
    /// - Returns: `.zero`, or the wait.
    func reserveRateToken(key: String, limit: RateLimit, now: Date) async throws -> Duration

    /// The fingerprints among `fingerprints` that the bridge recorded (``StoreChanges/recordEcho(_:until:)``) and that
    /// have not expired at `now`: reports of its own writes coming back.
    func echoes(among fingerprints: [EchoFingerprint], now: Date) async throws -> Set<EchoFingerprint>

    // MARK: Inbox

    /// Receives events into the durable inbox, in one transaction, and says what became of each, in draft order.
    ///
    /// An event id already in the inbox (in any state, until ``RetentionPolicy/handledEvents`` purged it), or earlier
    /// in the same batch, is a ``InboxAcceptance/duplicate(position:)`` and changes nothing. An event older (by
    /// ``InboxEvent/occurredAt``) than an event of the same entity that was already handed to a handler (claimed,
    /// handled or dead-lettered) is stored as superseded and never handled: ``InboxAcceptance/stale(position:newest:)``.
    /// An older event that arrives while the newer one still waits unclaimed is accepted, and handled first.
    /// - Parameters:
    ///   - drafts: The events, in the order received.
    ///   - now: The receive time, also when the new events become available.
    /// - Returns: One acceptance per draft, in order.
    func receiveEvents(_ drafts: [InboxEvent.Draft], now: Date) async throws -> [InboxAcceptance]

    /// Leases up to `limit` pending events whose time has come, for `leaseDuration`, and counts a receive on each.
    ///
    /// Per entity, only the earliest pending event (by ``InboxEvent/occurredAt``, then position) can be claimed, and
    /// only while no other event of that entity is leased: one worker at a time handles an entity, in order, across
    /// every worker and process on the store; an earlier event waiting for its retry holds the later ones back.
    /// Events without an entity are claimed in position order, with no such rule. The claim is one atomic step.
    /// - Parameters:
    ///   - limit: The most events to lease (at least 1).
    ///   - leaseDuration: How long the events are reserved for the caller.
    ///   - now: The current time.
    /// - Returns: The leases, by position; at most one per entity.
    /// - Throws: ``BridgeError/Code/invalidArgument`` when `limit` is below 1.
    func claimEvents(limit: Int, leaseDuration: Duration, now: Date) async throws -> [InboxLease]

    /// Inbox events after a position, by position, for operators and tools.
    /// - Parameters:
    ///   - states: Only events in these states, or any when `nil`.
    ///   - position: Only events after this position (`0` for the first).
    ///   - limit: The most events to return.
    func inboxEvents(states: Set<InboxEvent.StateKind>?, after position: Int64, limit: Int) async throws
        -> [InboxEvent]

    /// How the inbox stands.
    func inboxStatus(now: Date) async throws -> InboxStatus

    /// Makes handled and dead-lettered events at or after `position` pending again, available at `now`, with a fresh
    /// attempt and receive count (their history is kept), to handle them again after a fix. Superseded and pending
    /// events are left as they are. A replayed event keeps its place in its entity's order: it is handled before the
    /// entity's newer events still waiting, and after one a worker holds now (never beside it).
    /// - Parameters:
    ///   - position: The first inbox position to replay.
    ///   - source: Only events of this source, or any when `nil`.
    ///   - now: The current time.
    /// - Returns: How many events were replayed.
    func replayEvents(from position: Int64, source: String?, now: Date) async throws -> Int

    /// Makes chosen handled or dead-lettered events pending again, available at `now`, with a fresh attempt and
    /// receive count (their history is kept), in their entities' order as ``replayEvents(from:source:now:)`` does.
    /// - Throws: ``BridgeError/Code/notFound`` when an id is not a handled or dead-lettered event (nothing is
    ///   replayed).
    func replayEvents(ids: [Int64], now: Date) async throws
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
