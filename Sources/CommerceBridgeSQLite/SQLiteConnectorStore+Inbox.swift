import AdobeCommerce
public import CommerceBridge

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The inbox: each operation one `BEGIN IMMEDIATE` transaction, so a claim's per-entity rule holds across processes.
extension SQLiteConnectorStore {
    static let inboxColumns =
        "id, source, event_id, type, entity, occurred_at, payload, received_at, receives, attempts, available_at, "
        + "history, state, state_at, reason"

    /// Receives events, deduplicated by event id, in one transaction; see `ConnectorStore.receiveEvents(_:now:)`.
    public func receiveEvents(_ drafts: [InboxEvent.Draft], now: Date) async throws -> [InboxAcceptance] {
        guard !drafts.isEmpty else { return [] }
        return try connection.transaction { () throws(BridgeError) -> [InboxAcceptance] in
            let existing = try connection.statement("SELECT id FROM inbox WHERE event_id = ?1")
            // The newest event of the entity a handler has had: claimed (receives > 0), handled or dead-lettered.
            let newest = try connection.statement(
                "SELECT max(occurred_at) FROM inbox WHERE entity = ?1 AND (state IN (1, 3) OR "
                    + "(state = 0 AND receives > 0))")
            let insert = try connection.statement(
                "INSERT INTO inbox (source, event_id, type, entity, occurred_at, payload, received_at, available_at, "
                    + "state, state_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9) RETURNING id")
            var results: [InboxAcceptance] = []
            results.reserveCapacity(drafts.count)
            for draft in drafts {
                if let position = try existing.bind(.text(draft.eventID)).firstRow({ $0.int64(0) }) {
                    results.append(.duplicate(position: position))
                    continue
                }
                var newestTime: Int64?
                if let entity = draft.entity {
                    newestTime = try newest.bind(.text(entity)).firstRow { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
                }
                let occurred = draft.occurredAt.millisecondsSince1970
                let stale = newestTime.map { occurred < $0 } ?? false
                let position = try insert.bind(
                    .text(draft.source), .text(draft.eventID), .text(draft.type), .optionalText(draft.entity),
                    .integer(occurred), .blob(draft.payload), .date(now), .integer(stale ? 2 : 0),
                    stale ? .date(now) : .null
                ).firstRow { $0.int64(0) }
                guard let position else { throw BridgeError(.storageFailed, "An inbox insert returned no id.") }
                if stale, let newestTime {
                    results.append(.stale(position: position, newest: Date(millisecondsSince1970: newestTime)))
                } else {
                    results.append(.accepted(position: position))
                }
            }
            return results
        }
    }

    /// Leases due events, one per entity and its earliest, in one transaction; see
    /// `ConnectorStore.claimEvents(limit:leaseDuration:now:)`.
    public func claimEvents(limit: Int, leaseDuration: Duration, now: Date) async throws -> [InboxLease] {
        guard limit > 0 else {
            throw BridgeError(.invalidArgument, "The claim limit must be at least 1, not \(limit).")
        }
        // Idle workers poll often: look without the write lock first, so they do not crowd out the ones with work.
        let due = try connection.statement(
            "SELECT 1 FROM inbox WHERE state = 0 AND available_at <= ?1 AND (lease_expires_at IS NULL OR "
                + "lease_expires_at <= ?1) LIMIT 1"
        ).bind(.date(now)).firstRow { _ in true }
        guard due == true else { return [] }
        let token = "inbox-" + UUID().uuidString.lowercased()
        let expires = now.adding(leaseDuration)
        return try connection.transaction { () throws(BridgeError) -> [InboxLease] in
            let claim = try connection.statement(
                """
                UPDATE inbox SET lease_token = ?3, lease_expires_at = ?4, receives = receives + 1 WHERE id IN (
                    SELECT i.id FROM inbox i
                    WHERE i.state = 0 AND i.available_at <= ?1 AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= ?1)
                        AND (i.entity IS NULL OR (
                            NOT EXISTS (SELECT 1 FROM inbox p WHERE p.state = 0 AND p.entity = i.entity
                                AND (p.occurred_at < i.occurred_at OR (p.occurred_at = i.occurred_at AND p.id < i.id)))
                            AND NOT EXISTS (SELECT 1 FROM inbox l WHERE l.state = 0 AND l.entity = i.entity
                                AND l.lease_expires_at > ?1)))
                    ORDER BY i.id LIMIT ?2)
                RETURNING \(Self.inboxColumns)
                """)
            try claim.bind(.date(now), .integer(Int64(limit)), .text(token), .date(expires))
            var leases: [InboxLease] = []
            defer { claim.reset() }
            while try claim.step() {
                leases.append(InboxLease(event: try Self.inboxEvent(from: claim), token: token, expiresAt: expires))
            }
            return leases.sorted { $0.event.id < $1.event.id }
        }
    }

    /// Inbox events after a position.
    public func inboxEvents(states: Set<InboxEvent.StateKind>?, after position: Int64, limit: Int) async throws
        -> [InboxEvent]
    {
        let select = try connection.statement(
            "SELECT \(Self.inboxColumns) FROM inbox WHERE id > ?1 AND (?2 IS NULL OR state IN "
                + "(SELECT value FROM json_each(?2))) ORDER BY id LIMIT ?3")
        let codes = states.map { "[" + $0.map { String(Self.stateCode($0)) }.sorted().joined(separator: ",") + "]" }
        try select.bind(.integer(position), .optionalText(codes), .integer(Int64(max(0, limit))))
        defer { select.reset() }
        var events: [InboxEvent] = []
        while try select.step() { events.append(try Self.inboxEvent(from: select)) }
        return events
    }

    /// How the inbox stands, in one statement (one snapshot), without taking the write lock.
    public func inboxStatus(now: Date) async throws -> InboxStatus {
        let select = try connection.statement(
            """
            SELECT count(*) FILTER (WHERE state = 0), count(*) FILTER (WHERE state = 0 AND lease_expires_at > ?1),
                count(*) FILTER (WHERE state = 1), count(*) FILTER (WHERE state = 2), count(*) FILTER (WHERE state = 3),
                min(received_at) FILTER (WHERE state = 0)
            FROM inbox
            """)
        let status = try select.bind(.date(now)).firstRow { row in
            InboxStatus(
                pending: Int(row.int64(0)), leased: Int(row.int64(1)), handled: Int(row.int64(2)),
                superseded: Int(row.int64(3)), deadLettered: Int(row.int64(4)),
                oldestPending: row.isNull(5) ? nil : row.date(5))
        }
        return status
            ?? InboxStatus(pending: 0, leased: 0, handled: 0, superseded: 0, deadLettered: 0, oldestPending: nil)
    }

    private static let replaySet =
        "state = 0, state_at = NULL, reason = NULL, attempts = 0, receives = 0, lease_token = NULL, "
        + "lease_expires_at = NULL"

    /// Replays handled and dead-lettered events from a position.
    public func replayEvents(from position: Int64, source: String?, now: Date) async throws -> Int {
        try connection.transaction { () throws(BridgeError) -> Int in
            try connection.statement(
                "UPDATE inbox SET \(Self.replaySet), available_at = ?3 WHERE id >= ?1 AND (?2 IS NULL OR source = ?2) "
                    + "AND state IN (1, 3)"
            ).bind(.integer(position), .optionalText(source), .date(now)).run()
            return connection.changes
        }
    }

    /// Replays chosen handled or dead-lettered events.
    public func replayEvents(ids: [Int64], now: Date) async throws {
        try connection.transaction { () throws(BridgeError) in
            let replay = try connection.statement(
                "UPDATE inbox SET \(Self.replaySet), available_at = ?2 WHERE id = ?1 AND state IN (1, 3)")
            for id in ids {
                try replay.bind(.integer(id), .date(now)).run()
                guard connection.changes == 1 else {
                    throw BridgeError(
                        .notFound, "Inbox event \(id) does not exist or is neither handled nor dead-lettered.")
                }
            }
        }
    }

    /// The inbox part of a commit, in its transaction: every statement names its lease's token and a pending state, so
    /// a row count of 0 means the lease was lost, and throwing rolls everything back.
    func applyInbox(_ changes: StoreChanges) throws(BridgeError) {
        let encoder = CommerceJSONEncoder()
        func requireHeld(_ lease: InboxLease) throws(BridgeError) {
            guard connection.changes == 1 else {
                throw BridgeError(.leaseLost, "The lease on inbox event \(lease.event.id) is no longer held.")
            }
        }
        func history(_ lease: InboxLease, _ attempt: DeliveryAttempt) throws(BridgeError) -> String {
            do {
                return String(decoding: try encoder.encode(lease.event.history + [attempt]), as: UTF8.self)
            } catch {
                throw BridgeError(.invalidArgument, "An attempt history could not be encoded: \(error).")
            }
        }
        let held = "WHERE id = ?1 AND lease_token = ?2 AND state = 0"
        let free = "lease_token = NULL, lease_expires_at = NULL"
        if !changes.acknowledgedEvents.isEmpty {
            let acknowledge = try connection.statement("UPDATE inbox SET state = 1, state_at = ?3, \(free) \(held)")
            for lease in changes.acknowledgedEvents {
                try acknowledge.bind(.integer(lease.event.id), .text(lease.token), .date(changes.time)).run()
                try requireHeld(lease)
            }
        }
        if !changes.rescheduledEvents.isEmpty {
            let reschedule = try connection.statement(
                "UPDATE inbox SET attempts = attempts + 1, history = ?3, available_at = ?4, \(free) \(held)")
            for (lease, attempt, availableAt) in changes.rescheduledEvents {
                try reschedule.bind(
                    .integer(lease.event.id), .text(lease.token), .text(try history(lease, attempt)), .date(availableAt)
                ).run()
                try requireHeld(lease)
            }
        }
        if !changes.releasedEvents.isEmpty {
            let release = try connection.statement(
                "UPDATE inbox SET available_at = ?3, receives = max(receives - 1, 0), \(free) \(held)")
            for (lease, availableAt) in changes.releasedEvents {
                try release.bind(.integer(lease.event.id), .text(lease.token), .date(availableAt)).run()
                try requireHeld(lease)
            }
        }
        if !changes.deadLetteredEvents.isEmpty {
            let deadLetter = try connection.statement(
                "UPDATE inbox SET state = 3, state_at = ?3, reason = ?4, attempts = attempts + 1, history = ?5, "
                    + "\(free) \(held)")
            for (lease, attempt) in changes.deadLetteredEvents {
                try deadLetter.bind(
                    .integer(lease.event.id), .text(lease.token), .date(attempt.time), .text(attempt.error),
                    .text(try history(lease, attempt))
                ).run()
                try requireHeld(lease)
            }
        }
    }

    /// Removes handled and superseded events finished before `cutoff`, 5,000 per transaction.
    func purgeInbox(finishedBefore cutoff: Date) async throws(BridgeError) -> Int {
        var removed = 0
        while true {
            let batch = try connection.transaction { () throws(BridgeError) -> Int in
                try connection.statement(
                    "DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE state IN (1, 2) AND state_at < ?1 "
                        + "LIMIT 5000)"
                ).bind(.date(cutoff)).run()
                return connection.changes
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

    static func inboxEvent(from row: SQLiteStatement) throws(BridgeError) -> InboxEvent {
        let historyText = row.text(11) ?? "[]"
        var history: [DeliveryAttempt] = []
        if historyText != "[]" {
            do {
                history = try CommerceJSONDecoder().decode([DeliveryAttempt].self, from: Data(historyText.utf8))
            } catch {
                throw BridgeError(.storageFailed, "Inbox event \(row.int64(0)) has an unreadable attempt history.")
            }
        }
        let state: InboxEvent.State =
            switch row.int64(12) {
            case 0: .pending
            case 1: .handled(at: row.date(13))
            case 2: .superseded(at: row.date(13))
            default: .deadLettered(at: row.date(13), reason: row.text(14) ?? "")
            }
        return InboxEvent(
            id: row.int64(0), source: row.text(1) ?? "", eventID: row.text(2) ?? "", type: row.text(3) ?? "",
            entity: row.text(4), occurredAt: row.date(5), payload: row.blob(6), receivedAt: row.date(7),
            receives: Int(row.int64(8)), attempts: Int(row.int64(9)), availableAt: row.date(10), history: history,
            state: state)
    }
}
