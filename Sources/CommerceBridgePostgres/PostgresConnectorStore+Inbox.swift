import AdobeCommerce
public import CommerceBridge
public import Foundation

/// The inbox on PostgreSQL.
///
/// One worker at a time per entity, in order, across hosts: a claim takes an entity's earliest pending event only when
/// no event of the entity is leased, and only under a transaction-scoped advisory lock on the entity
/// (`pg_try_advisory_xact_lock`, skipped when another session holds it, never waited for), taken before the snapshot
/// its lease is decided on. A receive takes the same locks (waiting, in a fixed order) before it decides whether an
/// event is stale, so a claim and a receive of one entity never interleave: without them, an older event received
/// while a claim of a newer one runs could be missed by that claim's snapshot and handled after the newer one. A replay
/// takes them too (waiting, in the same order) before it makes an entity's events pending again: without them, a
/// claim whose snapshot predates the replay could lease the entity's newer event after the replay committed, while
/// the replayed older one was already seen waiting, and the newer one would be handled first.
/// `FOR UPDATE SKIP LOCKED` keeps claimers from waiting on each other's rows.
extension PostgresConnectorStore {
    static let inboxColumns =
        "id, source, event_id, type, entity, occurred_at, payload, received_at, receives, attempts, available_at, "
        + "history, state, state_at, reason"

    /// The prefix of an entity's advisory-lock key: advisory locks are database-wide, so it names the schema.
    var inboxLockPrefix: String { "commerce_bridge.inbox:\(schema):" }

    /// Waits for the advisory locks of the entities `$2` (`$1` the prefix) in one fixed order, the keys', so two
    /// transactions that wait for several (receives, replays) never wait for each other crosswise.
    static let lockEntities = """
        SELECT pg_advisory_xact_lock(k) FROM (
            SELECT DISTINCT hashtextextended($1 || e, 0) AS k FROM unnest($2::text[]) AS e ORDER BY k
        ) AS locks
        """

    /// How many entities one replay transaction locks: each advisory lock takes a slot of the server's shared lock
    /// table (`max_locks_per_transaction` × connections, 6,400 by default).
    static let replayEntitiesPerTransaction = 500

    /// Receives events, deduplicated by event id, in one transaction; see `ConnectorStore.receiveEvents(_:now:)`.
    /// Idle workers waiting in ``waitForWork(timeout:)`` are notified.
    public func receiveEvents(_ drafts: [InboxEvent.Draft], now: Date) async throws -> [InboxAcceptance] {
        guard !drafts.isEmpty else { return [] }
        let prefix = inboxLockPrefix
        let entities = Array(Set(drafts.compactMap(\.entity))).sorted()
        return try await database.transaction(notify: (Self.notificationChannel, schema)) { connection in
            if !entities.isEmpty {
                _ = try connection.query(Self.lockEntities, [.text(prefix), .textArray(entities)])
            }
            let statements: [(sql: String, values: [PostgresValue])] = drafts.map { draft in
                (
                    """
                    WITH newest AS (
                        SELECT max(occurred_at) AS at FROM inbox
                        WHERE $4::text IS NOT NULL AND entity = $4 AND (state IN (1, 3) OR (state = 0 AND receives > 0))
                    ), inserted AS (
                        INSERT INTO inbox (source, event_id, type, entity, occurred_at, payload, received_at,
                            available_at, state, state_at)
                        SELECT $1, $2, $3, $4, $5, $6, $7, $7, CASE WHEN n.at > $5 THEN 2 ELSE 0 END,
                            CASE WHEN n.at > $5 THEN $7 END
                        FROM newest n
                        ON CONFLICT (event_id) DO NOTHING
                        RETURNING id, state
                    )
                    SELECT id, state, (SELECT at FROM newest), true FROM inserted
                    UNION ALL
                    SELECT id, state, NULL, false FROM inbox
                    WHERE event_id = $2 AND NOT EXISTS (SELECT 1 FROM inserted)
                    """,
                    [
                        .text(draft.source), .text(draft.eventID), .text(draft.type), .text(draft.entity),
                        .date(draft.occurredAt), .bytea(draft.payload), .date(now),
                    ]
                )
            }
            let results = try connection.pipeline(statements)
            var acceptances: [InboxAcceptance] = []
            for (draft, result) in zip(drafts, results) {
                guard result.count > 0 else {
                    // Another transaction stored the id after this statement's snapshot was taken.
                    let existing = try connection.query(
                        "SELECT id FROM inbox WHERE event_id = $1", [.text(draft.eventID)])
                    guard existing.count > 0 else {
                        throw BridgeError(.storageFailed, "Inbox event \(draft.eventID) was neither stored nor found.")
                    }
                    acceptances.append(.duplicate(position: existing.int64(0, 0)))
                    continue
                }
                let position = result.int64(0, 0)
                if !result.bool(0, 3) {
                    acceptances.append(.duplicate(position: position))
                } else if result.int64(0, 1) == 2 {
                    acceptances.append(.stale(position: position, newest: result.date(0, 2)))
                } else {
                    acceptances.append(.accepted(position: position))
                }
            }
            return acceptances
        }
    }

    /// Leases due events, one per entity and its earliest, in one transaction; see
    /// `ConnectorStore.claimEvents(limit:leaseDuration:now:)`.
    ///
    /// The first statement finds the entities whose head is due and takes their advisory locks (only trying); the
    /// second, whose snapshot is taken once the locks are held, leases the heads of those entities (and due events
    /// without an entity). A receive of an older event for one of them either committed before the lock was taken,
    /// and the second statement sees it as the head, or waits for this claim and then finds the newer event claimed.
    public func claimEvents(limit: Int, leaseDuration: Duration, now: Date) async throws -> [InboxLease] {
        guard limit > 0 else {
            throw BridgeError(.invalidArgument, "The claim limit must be at least 1, not \(limit).")
        }
        let token = "inbox-" + UUID().uuidString.lowercased()
        let expires = now.adding(leaseDuration)
        let prefix = inboxLockPrefix
        let columns = Self.inboxColumns.split(separator: ",").map { "o." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
        let head = """
            i.state = 0 AND i.available_at <= $1 AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= $1)
                AND (i.entity IS NULL OR (
                    NOT EXISTS (SELECT 1 FROM inbox p WHERE p.state = 0 AND p.entity = i.entity
                        AND (p.occurred_at, p.id) < (i.occurred_at, i.id))
                    AND NOT EXISTS (SELECT 1 FROM inbox l WHERE l.state = 0 AND l.entity = i.entity
                        AND l.lease_expires_at > $1)))
            """
        return try await database.transaction { connection in
            let locked = try connection.query(
                """
                SELECT c.entity FROM (
                    SELECT i.entity FROM inbox i WHERE i.entity IS NOT NULL AND \(head) ORDER BY i.id LIMIT $2
                ) AS c
                WHERE pg_try_advisory_xact_lock(hashtextextended($3 || c.entity, 0))
                """, [.date(now), .int(Int64(limit)), .text(prefix)])
            let entities = (0..<locked.count).map { locked.text($0, 0) }
            let result = try connection.query(
                """
                WITH due AS (
                    SELECT i.id FROM inbox i
                    WHERE (i.entity IS NULL OR i.entity = ANY ($5::text[])) AND \(head)
                    ORDER BY i.id LIMIT $2
                    FOR UPDATE OF i SKIP LOCKED
                )
                UPDATE inbox o SET lease_token = $3, lease_expires_at = $4, receives = o.receives + 1
                FROM due WHERE o.id = due.id
                RETURNING \(columns)
                """,
                [.date(now), .int(Int64(limit)), .text(token), .date(expires), .textArray(entities)])
            return try Self.inboxEvents(result).sorted { $0.id < $1.id }
                .map { InboxLease(event: $0, token: token, expiresAt: expires) }
        }
    }

    /// Inbox events after a position.
    public func inboxEvents(states: Set<InboxEvent.StateKind>?, after position: Int64, limit: Int) async throws
        -> [InboxEvent]
    {
        let codes: [String?]? = states.map { $0.map { Self.stateCode($0) }.sorted().map { String($0) } }
        return try await database.withConnection { connection in
            try Self.inboxEvents(
                connection.query(
                    """
                    SELECT \(Self.inboxColumns) FROM inbox
                    WHERE id > $1 AND ($2::text[] IS NULL OR state = ANY ($2::smallint[])) ORDER BY id LIMIT $3
                    """,
                    [.int(position), .textArray(codes), .int(Int64(max(0, limit)))]))
        }
    }

    /// How the inbox stands.
    public func inboxStatus(now: Date) async throws -> InboxStatus {
        try await database.withConnection { connection in
            let result = try connection.query(
                """
                SELECT count(*) FILTER (WHERE state = 0), count(*) FILTER (WHERE state = 0 AND lease_expires_at > $1),
                    count(*) FILTER (WHERE state = 1), count(*) FILTER (WHERE state = 2),
                    count(*) FILTER (WHERE state = 3), min(received_at) FILTER (WHERE state = 0)
                FROM inbox
                """, [.date(now)])
            return InboxStatus(
                pending: Int(result.int64(0, 0)), leased: Int(result.int64(0, 1)), handled: Int(result.int64(0, 2)),
                superseded: Int(result.int64(0, 3)), deadLettered: Int(result.int64(0, 4)),
                oldestPending: result.isNull(0, 5) ? nil : result.date(0, 5))
        }
    }

    private static let replaySet =
        "state = 0, state_at = NULL, reason = NULL, attempts = 0, receives = 0, lease_token = NULL, "
        + "lease_expires_at = NULL"

    /// Replays handled and dead-lettered events from a position; see
    /// `ConnectorStore.replayEvents(from:source:now:)`.
    ///
    /// Each entity's events are replayed together, in a transaction that first waits for the entity's advisory lock
    /// (as a receive does), so a claim of the entity either committed before (and the replayed events wait behind its
    /// lease) or starts after and sees them. Up to 500 entities go in one transaction,
    /// events without an entity in one more; events that become handled or dead-lettered meanwhile are left as they
    /// are, as if they had finished after the replay.
    public func replayEvents(from position: Int64, source: String?, now: Date) async throws -> Int {
        let prefix = inboxLockPrefix
        let selection = "id >= $1 AND ($2::text IS NULL OR source = $2) AND state IN (1, 3)"
        let entities = try await database.withConnection { connection in
            let result = try connection.query(
                "SELECT DISTINCT entity FROM inbox WHERE \(selection) AND entity IS NOT NULL ORDER BY entity",
                [.int(position), .text(source)])
            return (0..<result.count).compactMap { result.text($0, 0) }
        }
        var replayed = try await database.transaction(notify: (Self.notificationChannel, schema)) { connection in
            try connection.query(
                "UPDATE inbox SET \(Self.replaySet), available_at = $3 WHERE \(selection) AND entity IS NULL",
                [.int(position), .text(source), .date(now)]
            ).affectedRows
        }
        for first in stride(from: 0, to: entities.count, by: Self.replayEntitiesPerTransaction) {
            let chunk = Array(entities[first..<min(first + Self.replayEntitiesPerTransaction, entities.count)])
            replayed += try await database.transaction(notify: (Self.notificationChannel, schema)) { connection in
                _ = try connection.query(Self.lockEntities, [.text(prefix), .textArray(chunk)])
                return try connection.query(
                    """
                    UPDATE inbox SET \(Self.replaySet), available_at = $3
                    WHERE \(selection) AND entity = ANY ($4::text[])
                    """, [.int(position), .text(source), .date(now), .textArray(chunk)]
                ).affectedRows
            }
        }
        return replayed
    }

    /// Replays chosen handled or dead-lettered events, in one transaction that first waits for their entities'
    /// advisory locks, as ``replayEvents(from:source:now:)`` does.
    public func replayEvents(ids: [Int64], now: Date) async throws {
        guard !ids.isEmpty else { return }
        let prefix = inboxLockPrefix
        try await database.transaction(notify: (Self.notificationChannel, schema)) { connection in
            let entities = try connection.query(
                "SELECT DISTINCT entity FROM inbox WHERE id = ANY ($1) AND entity IS NOT NULL", [.intArray(ids)])
            if entities.count > 0 {
                _ = try connection.query(
                    Self.lockEntities,
                    [.text(prefix), .textArray((0..<entities.count).map { entities.text($0, 0) })])
            }
            let updated = try connection.query(
                "UPDATE inbox SET \(Self.replaySet), available_at = $2 WHERE id = ANY ($1) AND state IN (1, 3) RETURNING id",
                [.intArray(ids), .date(now)])
            let replayed = Set((0..<updated.count).map { updated.int64($0, 0) })
            if let missing = ids.first(where: { !replayed.contains($0) }) {
                throw BridgeError(
                    .notFound, "Inbox event \(missing) does not exist or is neither handled nor dead-lettered.")
            }
        }
    }

    /// Removes handled and superseded events finished before `cutoff`, 5,000 per statement.
    func purgeInbox(finishedBefore cutoff: Date) async throws -> Int {
        var removed = 0
        while true {
            let batch = try await database.withConnection { connection in
                try connection.query(
                    """
                    DELETE FROM inbox WHERE id IN (
                        SELECT id FROM inbox WHERE state IN (1, 2) AND state_at < $1 LIMIT 5000)
                    """, [.date(cutoff)]
                ).affectedRows
            }
            removed += batch
            if batch < 5_000 { return removed }
            await Task.yield()
        }
    }

    static func stateCode(_ kind: InboxEvent.StateKind) -> Int {
        switch kind {
        case .pending: 0
        case .handled: 1
        case .superseded: 2
        case .deadLettered: 3
        }
    }

    static func inboxEvents(_ result: PostgresResult) throws(BridgeError) -> [InboxEvent] {
        var events: [InboxEvent] = []
        events.reserveCapacity(result.count)
        for row in 0..<result.count {
            let historyText = result.text(row, 11) ?? "[]"
            var history: [DeliveryAttempt] = []
            if historyText != "[]" {
                do {
                    history = try CommerceJSONDecoder().decode([DeliveryAttempt].self, from: Data(historyText.utf8))
                } catch {
                    throw BridgeError(
                        .storageFailed, "Inbox event \(result.int64(row, 0)) has an unreadable attempt history.")
                }
            }
            let state: InboxEvent.State =
                switch result.int64(row, 12) {
                case 0: .pending
                case 1: .handled(at: result.date(row, 13))
                case 2: .superseded(at: result.date(row, 13))
                default: .deadLettered(at: result.date(row, 13), reason: result.text(row, 14) ?? "")
                }
            events.append(
                InboxEvent(
                    id: result.int64(row, 0), source: result.text(row, 1) ?? "", eventID: result.text(row, 2) ?? "",
                    type: result.text(row, 3) ?? "", entity: result.text(row, 4), occurredAt: result.date(row, 5),
                    payload: result.bytea(row, 6), receivedAt: result.date(row, 7),
                    receives: Int(result.int64(row, 8)), attempts: Int(result.int64(row, 9)),
                    availableAt: result.date(row, 10), history: history, state: state))
        }
        return events
    }
}
