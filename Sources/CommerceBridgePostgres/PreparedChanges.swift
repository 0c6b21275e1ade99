import AdobeCommerce
import CommerceBridge
import Foundation

/// A `StoreChanges` turned into array parameters, so that each kind of change is one statement however many rows it
/// has (`unnest($1::bigint[], $2::text[])`), and the transaction is a handful of round trips.
///
/// Encoding happens once, before the transaction, so that a transaction run again after a broken connection sends
/// the same values.
struct PreparedChanges: Sendable {
    private var statements: [(sql: String, values: [PostgresValue], expect: Expectation)] = []
    private var mappings: [(key: MappingKey, token: String, targetID: String)] = []

    /// What a statement's returned ids must be.
    enum Expectation: Sendable {
        /// Nothing to check.
        case none
        /// One returned id per lease, in order; a missing one means that lease was lost.
        case leases([Int64])
        /// One returned key per saved reservation; a missing one means its claim was taken over.
        case reservations([String])
        /// One returned id per inbox lease, in order; a missing one means that lease was lost.
        case eventLeases([Int64])
    }

    init(_ changes: StoreChanges) throws(BridgeError) {
        let encoder = CommerceJSONEncoder()  // sorted keys, `/` unescaped: as written, so erasure can find a key
        func json(_ value: some Encodable) throws(BridgeError) -> String {
            do {
                return String(decoding: try encoder.encode(value), as: UTF8.self)
            } catch {
                throw BridgeError(.invalidArgument, "A value could not be encoded: \(error).")
            }
        }
        func optionalJSON(_ value: JSONValue?) throws(BridgeError) -> String? {
            guard let value else { return nil }
            return try json(value)
        }

        if !changes.enqueued.isEmpty {
            let drafts = changes.enqueued
            statements.append(
                (
                    """
                    INSERT INTO outbox (destination, topic, idempotency_key, correlation_id, payload, created_at,
                        available_at)
                    SELECT v.destination, v.topic, v.key, v.correlation, v.payload, $7, v.available
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::bigint[])
                        WITH ORDINALITY AS v(destination, topic, key, correlation, payload, available, position)
                    WHERE NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.idempotency_key = v.key)
                    ORDER BY v.position
                    ON CONFLICT (idempotency_key) DO NOTHING
                    """,
                    [
                        .textArray(drafts.map(\.destination)), .textArray(drafts.map(\.topic)),
                        .textArray(drafts.map(\.idempotencyKey)), .textArray(drafts.map(\.correlationID)),
                        .byteaArray(drafts.map(\.payload)),
                        .dateArray(drafts.map { $0.availableAt ?? changes.time }), .date(changes.time),
                    ], .none
                ))
        }
        if !changes.acknowledged.isEmpty {
            let leases = changes.acknowledged
            statements.append(
                (
                    """
                    DELETE FROM outbox o USING unnest($1::bigint[], $2::text[]) AS a(id, token)
                    WHERE o.id = a.id AND o.lease_token = a.token RETURNING o.id
                    """,
                    [.intArray(leases.map(\.message.id)), .textArray(leases.map(\.token))],
                    .leases(leases.map(\.message.id))
                ))
        }
        if !changes.rescheduled.isEmpty {
            let items = changes.rescheduled
            statements.append(
                (
                    """
                    UPDATE outbox o SET attempts = o.attempts + 1, history = r.history, available_at = r.available,
                        lease_token = NULL, lease_expires_at = NULL
                    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS r(id, token, history, available)
                    WHERE o.id = r.id AND o.lease_token = r.token RETURNING o.id
                    """,
                    [
                        .intArray(items.map(\.lease.message.id)), .textArray(items.map(\.lease.token)),
                        .textArray(
                            try items.map { (item) throws(BridgeError) in
                                try json(item.lease.message.history + [item.attempt])
                            }),
                        .dateArray(items.map(\.availableAt)),
                    ], .leases(items.map(\.lease.message.id))
                ))
        }
        if !changes.released.isEmpty {
            let items = changes.released
            statements.append(
                (
                    """
                    UPDATE outbox o SET available_at = r.available, lease_token = NULL, lease_expires_at = NULL,
                        receives = greatest(o.receives - 1, 0)
                    FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS r(id, token, available)
                    WHERE o.id = r.id AND o.lease_token = r.token RETURNING o.id
                    """,
                    [
                        .intArray(items.map(\.lease.message.id)), .textArray(items.map(\.lease.token)),
                        .dateArray(items.map(\.availableAt)),
                    ], .leases(items.map(\.lease.message.id))
                ))
        }
        if !changes.deadLettered.isEmpty {
            let items = changes.deadLettered
            statements.append(
                (
                    """
                    WITH moved AS (
                        DELETE FROM outbox o
                        USING unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[])
                            AS d(id, token, history, at, reason)
                        WHERE o.id = d.id AND o.lease_token = d.token
                        RETURNING o.id, o.destination, o.topic, o.idempotency_key, o.correlation_id, o.payload,
                            o.attempts, o.receives, o.created_at, o.available_at, d.history, d.at, d.reason
                    )
                    INSERT INTO dead_letters (id, destination, topic, idempotency_key, correlation_id, payload, attempts,
                        receives, created_at, available_at, history, dead_lettered_at, reason)
                    SELECT id, destination, topic, idempotency_key, correlation_id, payload, attempts + 1, receives,
                        created_at, available_at, history, at, reason
                    FROM moved RETURNING id
                    """,
                    [
                        .intArray(items.map(\.lease.message.id)), .textArray(items.map(\.lease.token)),
                        .textArray(
                            try items.map { (item) throws(BridgeError) in
                                try json(item.lease.message.history + [item.attempt])
                            }),
                        .dateArray(items.map(\.attempt.time)), .textArray(items.map(\.attempt.error)),
                    ], .leases(items.map(\.lease.message.id))
                ))
        }
        mappings = changes.completedMappings
        if !changes.checkpoints.isEmpty {
            // The last save of a name wins, as if saved one after another.
            var latest: [String: Checkpoint] = [:]
            var order: [String] = []
            for checkpoint in changes.checkpoints {
                if latest.updateValue(checkpoint, forKey: checkpoint.name) == nil { order.append(checkpoint.name) }
            }
            let items = order.compactMap { latest[$0] }
            statements.append(
                (
                    """
                    INSERT INTO checkpoints (name, position, cursor, updated_at)
                    SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[])
                    ON CONFLICT (name) DO UPDATE SET position = excluded.position, cursor = excluded.cursor,
                        updated_at = excluded.updated_at
                    """,
                    [
                        .textArray(items.map(\.name)), .dateArray(items.map(\.position)),
                        .textArray(items.map(\.cursor)), .dateArray(items.map(\.updatedAt)),
                    ], .none
                ))
        }
        if !changes.auditRecords.isEmpty {
            let records = changes.auditRecords
            statements.append(
                (
                    """
                    INSERT INTO audit (kind, system, entity_key, action, current_value, incoming_value, winner, rule,
                        explanation, correlation_id, time)
                    SELECT kind, system, entity_key, action, current_value, incoming_value, winner, rule, explanation,
                        correlation_id, time
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::bigint[]) WITH ORDINALITY
                        AS r(kind, system, entity_key, action, current_value, incoming_value, winner, rule, explanation,
                            correlation_id, time, position)
                    ORDER BY position
                    """,
                    [
                        .textArray(records.map(\.entity.kind.rawValue)),
                        .textArray(records.map(\.entity.system.rawValue)), .textArray(records.map(\.entity.key)),
                        .textArray(records.map(\.action)),
                        .textArray(
                            try records.map { (record) throws(BridgeError) in try optionalJSON(record.currentValue) }),
                        .textArray(
                            try records.map { (record) throws(BridgeError) in try optionalJSON(record.incomingValue) }),
                        .textArray(records.map(\.winner?.rawValue)), .textArray(records.map(\.rule)),
                        .textArray(records.map(\.explanation)), .textArray(records.map(\.correlationID)),
                        .dateArray(records.map(\.time)),
                    ], .none
                ))
        }
        if !changes.contentHashes.isEmpty {
            // The last hash of a record wins, as if recorded one after another.
            var latest: [EntityReference: String] = [:]
            var order: [EntityReference] = []
            for (entity, hash) in changes.contentHashes where latest.updateValue(hash, forKey: entity) == nil {
                order.append(entity)
            }
            statements.append(
                (
                    """
                    INSERT INTO content_hashes (kind, system, entity_key, hash)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
                    ON CONFLICT (kind, system, entity_key) DO UPDATE SET hash = excluded.hash
                    """,
                    [
                        .textArray(order.map(\.kind.rawValue)), .textArray(order.map(\.system.rawValue)),
                        .textArray(order.map(\.key)), .textArray(order.map { latest[$0] }),
                    ], .none
                ))
        }
        if !changes.parked.isEmpty {
            let items = changes.parked
            statements.append(
                (
                    """
                    INSERT INTO review_items (kind, system, entity_key, reason, rule, current_value, incoming_value,
                        correlation_id, created_at)
                    SELECT kind, system, entity_key, reason, rule, current_value, incoming_value, correlation_id, $9
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[]) WITH ORDINALITY
                        AS r(kind, system, entity_key, reason, rule, current_value, incoming_value, correlation_id,
                            position)
                    ORDER BY position
                    """,
                    [
                        .textArray(items.map(\.entity.kind.rawValue)), .textArray(items.map(\.entity.system.rawValue)),
                        .textArray(items.map(\.entity.key)), .textArray(items.map(\.reason)),
                        .textArray(items.map(\.rule)),
                        .textArray(try items.map { (item) throws(BridgeError) in try optionalJSON(item.currentValue) }),
                        .textArray(
                            try items.map { (item) throws(BridgeError) in try optionalJSON(item.incomingValue) }),
                        .textArray(items.map(\.correlationID)), .date(changes.time),
                    ], .none
                ))
        }
        prepareSharedState(changes)
        try prepareInbox(changes) { (attempts) throws(BridgeError) in try json(attempts) }
    }

    /// The inbox part: acknowledged, rescheduled, released and dead-lettered events, each statement naming the leases'
    /// tokens and a pending state.
    private mutating func prepareInbox(
        _ changes: StoreChanges, json: (([DeliveryAttempt]) throws(BridgeError) -> String)
    ) throws(BridgeError) {
        let free = "lease_token = NULL, lease_expires_at = NULL"
        let held = "i.id = c.id AND i.lease_token = c.token AND i.state = 0"
        if !changes.acknowledgedEvents.isEmpty {
            let leases = changes.acknowledgedEvents
            statements.append(
                (
                    """
                    UPDATE inbox i SET state = 1, state_at = $3, \(free)
                    FROM unnest($1::bigint[], $2::text[]) AS c(id, token) WHERE \(held) RETURNING i.id
                    """,
                    [.intArray(leases.map(\.event.id)), .textArray(leases.map(\.token)), .date(changes.time)],
                    .eventLeases(leases.map(\.event.id))
                ))
        }
        if !changes.rescheduledEvents.isEmpty {
            let items = changes.rescheduledEvents
            var histories: [String?] = []
            for item in items { histories.append(try json(item.lease.event.history + [item.attempt])) }
            statements.append(
                (
                    """
                    UPDATE inbox i SET attempts = i.attempts + 1, history = c.history, available_at = c.available, \(free)
                    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS c(id, token, history, available)
                    WHERE \(held) RETURNING i.id
                    """,
                    [
                        .intArray(items.map(\.lease.event.id)), .textArray(items.map(\.lease.token)),
                        .textArray(histories), .dateArray(items.map(\.availableAt)),
                    ], .eventLeases(items.map(\.lease.event.id))
                ))
        }
        if !changes.releasedEvents.isEmpty {
            let items = changes.releasedEvents
            statements.append(
                (
                    """
                    UPDATE inbox i SET available_at = c.available, receives = greatest(i.receives - 1, 0), \(free)
                    FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS c(id, token, available)
                    WHERE \(held) RETURNING i.id
                    """,
                    [
                        .intArray(items.map(\.lease.event.id)), .textArray(items.map(\.lease.token)),
                        .dateArray(items.map(\.availableAt)),
                    ], .eventLeases(items.map(\.lease.event.id))
                ))
        }
        if !changes.deadLetteredEvents.isEmpty {
            let items = changes.deadLetteredEvents
            var histories: [String?] = []
            for item in items { histories.append(try json(item.lease.event.history + [item.attempt])) }
            statements.append(
                (
                    """
                    UPDATE inbox i SET state = 3, state_at = c.at, reason = c.reason, attempts = i.attempts + 1,
                        history = c.history, \(free)
                    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[])
                        AS c(id, token, history, at, reason)
                    WHERE \(held) RETURNING i.id
                    """,
                    [
                        .intArray(items.map(\.lease.event.id)), .textArray(items.map(\.lease.token)),
                        .textArray(histories), .dateArray(items.map(\.attempt.time)),
                        .textArray(items.map(\.attempt.error)),
                    ], .eventLeases(items.map(\.lease.event.id))
                ))
        }
    }

    /// The shared-state part: reservation answers, forgotten reservations and echo fingerprints.
    private mutating func prepareSharedState(_ changes: StoreChanges) {
        if !changes.savedReservations.isEmpty {
            let records = changes.savedReservations
            statements.append(
                (
                    """
                    UPDATE reservations r SET answer = s.answer, holds_stock = s.holds::boolean, expires_at = s.expires,
                        claim_expires_at = NULL
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
                        AS s(reservation_key, token, answer, holds, expires)
                    WHERE r.reservation_key = s.reservation_key AND r.token = s.token
                    RETURNING r.reservation_key
                    """,
                    [
                        .textArray(records.map(\.key)), .textArray(records.map(\.token)),
                        .textArray(records.map(\.answer)), .textArray(records.map { $0.holdsStock ? "t" : "f" }),
                        .dateArray(records.map(\.expiresAt)),
                    ], .reservations(records.map(\.key))
                ))
        }
        if !changes.forgottenReservations.isEmpty {
            statements.append(
                (
                    "DELETE FROM reservations WHERE reservation_key = ANY ($1)",
                    [.textArray(changes.forgottenReservations)], .none
                ))
        }
        if !changes.echoFingerprints.isEmpty {
            // The latest expiry of a fingerprint wins, so one statement never updates a row twice.
            var latest: [EchoFingerprint: Date] = [:]
            for (fingerprint, expiresAt) in changes.echoFingerprints {
                latest[fingerprint] = max(latest[fingerprint] ?? expiresAt, expiresAt)
            }
            let items = latest.sorted { $0.key.entity.key < $1.key.entity.key }
            statements.append(
                (
                    """
                    INSERT INTO echo_fingerprints AS e (kind, system, entity_key, hash, expires_at)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
                    ON CONFLICT (kind, system, entity_key, hash)
                        DO UPDATE SET expires_at = greatest(e.expires_at, excluded.expires_at)
                    """,
                    [
                        .textArray(items.map(\.key.entity.kind.rawValue)),
                        .textArray(items.map(\.key.entity.system.rawValue)), .textArray(items.map(\.key.entity.key)),
                        .textArray(items.map(\.key.contentHash)), .dateArray(items.map(\.value)),
                    ], .none
                ))
        }
    }

    /// Runs the statements in the open transaction.
    /// - Throws: `BridgeError.Code.leaseLost` when a lease is no longer held, `BridgeError.Code.mappingConflict`
    ///   when a claim token does not hold its key; the caller rolls back.
    func apply(on connection: PostgresConnection) throws {
        // Every statement in one round trip; the mappings' updates each followed by a read of where the key stands.
        var pipeline = statements.map { ($0.sql, $0.values) }
        for (key, token, targetID) in mappings {
            pipeline.append(
                (
                    """
                    UPDATE id_map SET target_id = $5
                    WHERE kind = $1 AND source_system = $2 AND source_id = $3 AND target_system = $4 AND token = $6
                        AND target_id IS NULL
                    """, PostgresConnectorStore.keyValues(key) + [.text(targetID), .text(token)]
                ))
            pipeline.append(
                (
                    """
                    SELECT token, target_id FROM id_map
                    WHERE kind = $1 AND source_system = $2 AND source_id = $3 AND target_system = $4
                    """, PostgresConnectorStore.keyValues(key)
                ))
        }
        let results = try connection.pipeline(pipeline)
        for (statement, result) in zip(statements, results) {
            if case .reservations(let keys) = statement.expect {
                let returned = Set((0..<result.count).map { result.text($0, 0) ?? "" })
                if let lost = keys.first(where: { !returned.contains($0) }) {
                    throw BridgeError(.leaseLost, "The claim on reservation \(lost) is no longer held.")
                }
            }
            let (ids, noun): ([Int64], String)
            switch statement.expect {
            case .leases(let leased): (ids, noun) = (leased, "message")
            case .eventLeases(let leased): (ids, noun) = (leased, "inbox event")
            case .none, .reservations: continue
            }
            var returned = [Int64: Int]()
            for row in 0..<result.count { returned[result.int64(row, 0), default: 0] += 1 }
            for id in ids {
                guard let count = returned[id], count > 0 else {
                    throw BridgeError(.leaseLost, "The lease on \(noun) \(id) is no longer held.")
                }
                returned[id] = count - 1
            }
        }
        for (index, (key, token, targetID)) in mappings.enumerated() {
            let state = results[statements.count + 2 * index + 1]
            guard state.count > 0 else { throw BridgeError(.mappingConflict, "No claim exists for \(key).") }
            if let existing = state.text(0, 1) {
                guard existing == targetID else {
                    throw BridgeError(.mappingConflict, "\(key) is already mapped to \(existing).")
                }
            } else if state.text(0, 0) != token {
                throw BridgeError(.mappingConflict, "The claim on \(key) is held by another token.")
            }
        }
    }
}
