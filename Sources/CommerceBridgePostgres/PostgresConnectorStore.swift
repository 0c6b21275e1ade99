import AdobeCommerce
public import CommerceBridge
public import Foundation
import Synchronization

/// A durable `ConnectorStore` in PostgreSQL, for many workers on many hosts.
///
/// Claims are one statement per batch (`FOR UPDATE SKIP LOCKED`: workers never wait for each other's rows), each
/// lease carries a token and an expiry, and every acknowledgement, reschedule, release and dead-letter names its
/// token, so a worker whose lease ran out cannot acknowledge. Each ``commit(_:)`` is one transaction, retried whole
/// on a new connection when the server restarts or the network drops, and checked with the server when the
/// connection broke during `COMMIT` — applied once, never half. Enqueues `NOTIFY` idle workers, which wait in
/// ``waitForWork(timeout:)`` (`OutboxDispatcher.run()` does) instead of polling.
///
/// The store keeps its tables in a schema of its own (``Configuration/schema``, `commerce_bridge` by default), created
/// and migrated on first use under an advisory lock, so ten workers starting at once migrate once.
///
/// ```swift
/// let store = try await PostgresConnectorStore(
///     connectionString: "postgres://connector@db.internal:5432/bridge?sslmode=require")
/// ```
///
/// libpq reads the connection string (a URI or `key=value` pairs) and the `PG*` environment variables
/// (`PGHOST`, `PGPASSWORD`, `PGSSLMODE` …); an empty string takes everything from the environment. Errors and
/// ``description`` name the server without its password.
public final class PostgresConnectorStore: NotifyingConnectorStore, CustomStringConvertible {
    /// How the store connects and where it keeps its tables.
    public struct Configuration: Sendable {
        /// The schema of the store's tables, created when missing: letters, digits and `_`, starting with a letter
        /// or `_`. A `schema` parameter in the connection URI (`…/bridge?schema=shop_eu`) overrides it.
        public var schema = "commerce_bridge"
        /// Connections this store keeps open at most (a worker process needs about one per concurrent delivery,
        /// plus one for listening).
        public var poolSize = 4
        /// The longest a statement may run before the server cancels it (`statement_timeout`), which then fails
        /// with `BridgeError.Code.databaseLocked`; `nil` for the server's setting.
        public var statementTimeout: Duration? = .seconds(30)
        /// How long to keep reconnecting while the server is unreachable before a call fails with
        /// `BridgeError.Code.storageFailed` (the dispatcher then backs off and tries again).
        public var reconnectTimeout: Duration = .seconds(60)
        /// The `application_name` sessions show in `pg_stat_activity`, unless the connection string sets one.
        public var applicationName = "commerce-bridge"
        /// Whether a missing schema is created; when `false` it is `BridgeError.Code.notFound` instead (what an
        /// operator's tool wants: a mistyped URL must not create an empty store). An older schema is migrated
        /// either way.
        public var createsSchema = true

        /// The defaults: schema `commerce_bridge`, 4 connections, 30 s statement timeout, 60 s of reconnecting.
        public init() {}
    }

    /// The schema version this code writes.
    public static let schemaVersion = PostgresMigrations.all.count
    /// The `NOTIFY` channel of enqueues; the payload is the schema.
    public static let notificationChannel = "commerce_bridge_outbox"

    /// The schema of the store's tables.
    public let schema: String
    let database: PostgresDatabase
    private let listener: PostgresListener
    /// Unique per store instance, so tokens never repeat across processes, hosts or restarts.
    private let leasePrefix = UUID().uuidString.lowercased()
    private let leaseCounter = Atomic<Int64>(0)

    /// Connects, and creates or migrates the schema as needed.
    /// - Parameters:
    ///   - connectionString: A libpq URI (`postgres://user@host:port/db?sslmode=require`), `key=value` pairs, or
    ///     `""` for the `PG*` environment variables.
    ///   - configuration: Pool, timeouts and schema.
    /// - Throws: `BridgeError` with `BridgeError.Code.schemaTooNew` (the schema is newer than this code),
    ///   `BridgeError.Code.foreignDatabase` (the schema holds other tables), `BridgeError.Code.invalidArgument`
    ///   (a bad schema name) or `BridgeError.Code.storageFailed` (the server cannot be reached or refused the
    ///   login).
    public init(connectionString: String, configuration: Configuration = Configuration()) async throws {
        let (connection, schemaOverride) = Self.extractSchema(from: connectionString)
        let schema = schemaOverride ?? configuration.schema
        guard Self.isValidSchemaName(schema) else {
            throw BridgeError(
                .invalidArgument,
                "\"\(schema)\" is not a usable schema name: use up to 63 letters, digits and _, starting with a letter."
            )
        }
        var settings = PostgresConnectionSettings(connectionString: connection)
        settings.poolSize = configuration.poolSize
        settings.statementTimeout = configuration.statementTimeout
        settings.reconnectTimeout = configuration.reconnectTimeout
        settings.applicationName = configuration.applicationName
        settings.sessionSetup = ["SET search_path = \(PostgresDatabase.identifier(schema))"]
        self.schema = schema
        database = PostgresDatabase(settings: settings)
        listener = PostgresListener(settings: settings, channel: Self.notificationChannel, payload: schema)
        _ = try await PostgresMigrations.migrate(database, schema: schema, create: configuration.createsSchema)
        database.enableCommitMarkers()
    }

    deinit { listener.stop() }

    /// Closes the store's connections and wakes anyone in ``waitForWork(timeout:)``.
    public func close() async {
        listener.stop()
        await database.close()
    }

    /// `PostgresConnectorStore(postgres://user@host:port/db, schema commerce_bridge)`, never with a password.
    public var description: String { "PostgresConnectorStore(\(database.redactedDescription), schema \(schema))" }

    /// Returns when messages were enqueued since the last call returned (by any worker, on any host, notified by
    /// `NOTIFY` on ``notificationChannel``), after `timeout`, or when the task is cancelled.
    ///
    /// The first call opens a `LISTEN` connection of its own, kept until ``close()``.
    public func waitForWork(timeout: Duration) async { await listener.wait(timeout: timeout) }

    // MARK: Writes

    /// Applies the changes in one transaction: every lease named must still be held, or nothing is applied.
    public func commit(_ changes: StoreChanges) async throws {
        guard !changes.isEmpty else { return }
        let batch = try PreparedChanges(changes)
        try await database.transaction(
            notify: changes.enqueued.isEmpty ? nil : (Self.notificationChannel, schema)
        ) { connection in
            try batch.apply(on: connection)
        }
    }

    // MARK: Outbox

    static let messageColumns =
        "id, destination, topic, idempotency_key, correlation_id, payload, attempts, created_at, available_at, history, "
        + "receives"

    /// Leases due messages, oldest first, in one statement, counting a receive on each.
    public func claim(destination: String?, topics: Set<String>?, limit: Int, leaseDuration: Duration, now: Date)
        async throws -> [Lease]
    {
        guard limit > 0 else {
            throw BridgeError(.invalidArgument, "The claim limit must be at least 1, not \(limit).")
        }
        let token = "\(leasePrefix)-\(leaseCounter.add(1, ordering: .relaxed).newValue)"
        let expires = now.adding(leaseDuration)
        let topicList: [String?]? = topics.map { $0.sorted() }
        let attempted = Atomic<Bool>(false)
        let columns = Self.messageColumns.split(separator: ",").map { "o." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
        return try await database.withConnection { connection in
            // Run again after the connection broke: if the first run committed, its rows carry this token.
            if attempted.exchange(true, ordering: .relaxed) {
                let earlier = try Self.messages(
                    connection.query("SELECT \(Self.messageColumns) FROM outbox WHERE lease_token = $1", [.text(token)])
                )
                if !earlier.isEmpty { return Self.leases(earlier, token: token, expires: expires) }
            }
            let result = try connection.query(
                """
                WITH due AS (
                    SELECT id FROM outbox
                    WHERE available_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
                        AND ($2::text IS NULL OR destination = $2) AND ($3::text[] IS NULL OR topic = ANY ($3))
                    ORDER BY id LIMIT $4
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE outbox o SET lease_token = $5, lease_expires_at = $6, receives = o.receives + 1
                FROM due WHERE o.id = due.id
                RETURNING \(columns)
                """,
                [
                    .date(now), .text(destination), .textArray(topicList), .int(Int64(limit)), .text(token),
                    .date(expires),
                ])
            return Self.leases(try Self.messages(result), token: token, expires: expires)
        }
    }

    private static func leases(_ messages: [OutboxMessage], token: String, expires: Date) -> [Lease] {
        messages.sorted { $0.id < $1.id }.map { Lease(message: $0, token: token, expiresAt: expires) }
    }

    static func messages(_ result: PostgresResult) throws(BridgeError) -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        messages.reserveCapacity(result.count)
        for row in 0..<result.count { messages.append(try message(result, row: row)) }
        return messages
    }

    private static func message(_ result: PostgresResult, row: Int) throws(BridgeError) -> OutboxMessage {
        let historyText = result.text(row, 9) ?? "[]"
        var history: [DeliveryAttempt] = []
        if historyText != "[]" {
            do {
                history = try CommerceJSONDecoder().decode([DeliveryAttempt].self, from: Data(historyText.utf8))
            } catch {
                throw BridgeError(.storageFailed, "Message \(result.int64(row, 0)) has an unreadable attempt history.")
            }
        }
        return OutboxMessage(
            id: result.int64(row, 0), destination: result.text(row, 1) ?? "", topic: result.text(row, 2) ?? "",
            idempotencyKey: result.text(row, 3) ?? "", correlationID: result.text(row, 4) ?? "",
            payload: result.bytea(row, 5), attempts: Int(result.int64(row, 6)), receives: Int(result.int64(row, 10)),
            createdAt: result.date(row, 7), availableAt: result.date(row, 8), history: history)
    }

    /// Extends a lease still held.
    public func extendLease(_ lease: Lease, by duration: Duration, now: Date) async throws -> Lease {
        var extended = lease
        extended.expiresAt = now.adding(duration)
        let held = try await database.withConnection { [extended] connection in
            try connection.query(
                "UPDATE outbox SET lease_expires_at = $3 WHERE id = $1 AND lease_token = $2",
                [.int(lease.message.id), .text(lease.token), .date(extended.expiresAt)]
            ).affectedRows == 1
        }
        guard held else { throw BridgeError(.leaseLost, "The lease on message \(lease.message.id) is no longer held.") }
        return extended
    }

    /// Counts of waiting, leased and dead-lettered messages.
    public func outboxStatus(now: Date) async throws -> OutboxStatus {
        try await database.withConnection { connection in
            let grouped = try connection.query(
                "SELECT destination, count(*), min(created_at) FROM outbox GROUP BY destination")
            var pending: [String: Int] = [:]
            var oldest: Int64?
            for row in 0..<grouped.count {
                pending[grouped.text(row, 0) ?? ""] = Int(grouped.int64(row, 1))
                oldest = min(oldest ?? .max, grouped.int64(row, 2))
            }
            let counts = try connection.query(
                "SELECT (SELECT count(*) FROM outbox WHERE lease_expires_at > $1), (SELECT count(*) FROM dead_letters)",
                [.date(now)])
            return OutboxStatus(
                pending: pending, leased: Int(counts.int64(0, 0)), deadLettered: Int(counts.int64(0, 1)),
                oldestPending: oldest.map(Date.init(millisecondsSince1970:)))
        }
    }

    // MARK: Dead letters

    private static let deadLetterColumns = "\(messageColumns), dead_lettered_at, reason"

    private static func deadLetters(_ result: PostgresResult) throws(BridgeError) -> [DeadLetter] {
        var letters: [DeadLetter] = []
        for row in 0..<result.count {
            letters.append(
                DeadLetter(
                    message: try message(result, row: row), deadLetteredAt: result.date(row, 11),
                    reason: result.text(row, 12) ?? ""))
        }
        return letters
    }

    /// Dead letters, oldest first.
    public func deadLetters(limit: Int, offset: Int) async throws -> [DeadLetter] {
        try await database.withConnection { connection in
            try Self.deadLetters(
                connection.query(
                    "SELECT \(Self.deadLetterColumns) FROM dead_letters ORDER BY id LIMIT $1 OFFSET $2",
                    [.int(Int64(max(0, limit))), .int(Int64(max(0, offset)))]))
        }
    }

    /// One dead letter.
    public func deadLetter(id: Int64) async throws -> DeadLetter? {
        try await database.withConnection { connection in
            try Self.deadLetters(
                connection.query("SELECT \(Self.deadLetterColumns) FROM dead_letters WHERE id = $1", [.int(id)])
            ).first
        }
    }

    /// Puts dead letters back in the outbox with their history and a fresh attempt count.
    public func replayDeadLetters(ids: [Int64], now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await database.transaction(notify: (Self.notificationChannel, schema)) { connection in
            try Self.requireDeadLetters(ids, on: connection)
            _ = try connection.query(
                """
                WITH moved AS (DELETE FROM dead_letters WHERE id = ANY ($1) RETURNING *)
                INSERT INTO outbox (id, destination, topic, idempotency_key, correlation_id, payload, attempts,
                    created_at, available_at, history, receives)
                SELECT id, destination, topic, idempotency_key, correlation_id, payload, 0, created_at, $2, history, 0
                FROM moved ORDER BY id
                """, [.intArray(ids), .date(now)])
        }
    }

    /// Deletes dead letters.
    public func discardDeadLetters(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await database.transaction { connection in
            try Self.requireDeadLetters(ids, on: connection)
            _ = try connection.query("DELETE FROM dead_letters WHERE id = ANY ($1)", [.intArray(ids)])
        }
    }

    private static func requireDeadLetters(_ ids: [Int64], on connection: PostgresConnection) throws {
        let found = try connection.query(
            "SELECT id FROM dead_letters WHERE id = ANY ($1) FOR UPDATE", [.intArray(ids)])
        let present = Set((0..<found.count).map { found.int64($0, 0) })
        if let missing = ids.first(where: { !present.contains($0) }) {
            throw BridgeError(.notFound, "Dead letter \(missing) does not exist.")
        }
    }

    // MARK: ID map

    /// Claims a mapping key unless someone has.
    public func claimMapping(_ key: MappingKey, token: String, now: Date) async throws -> MappingState {
        let attempted = Atomic<Bool>(false)
        return try await database.withConnection { connection in
            let retried = attempted.exchange(true, ordering: .relaxed)
            let inserted = try connection.query(
                """
                INSERT INTO id_map (kind, source_system, source_id, target_system, token, claimed_at)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                """, Self.keyValues(key) + [.text(token), .date(now)])
            if inserted.affectedRows == 1 { return .claimed(token: token) }
            let state = try Self.readMapping(key, on: connection) ?? .claimed(token: token)
            // A run again after a broken connection finds its own claim from the first run.
            if retried, state == .pending(token: token, claimedAt: now) { return .claimed(token: token) }
            return state
        }
    }

    /// Where a mapping key stands.
    public func mapping(_ key: MappingKey) async throws -> MappingState? {
        try await database.withConnection { connection in try Self.readMapping(key, on: connection) }
    }

    static func keyValues(_ key: MappingKey) -> [PostgresValue] {
        [
            .text(key.kind.rawValue), .text(key.sourceSystem.rawValue), .text(key.sourceID),
            .text(key.targetSystem.rawValue),
        ]
    }

    static func readMapping(_ key: MappingKey, on connection: PostgresConnection) throws -> MappingState? {
        let result = try connection.query(
            """
            SELECT token, claimed_at, target_id FROM id_map
            WHERE kind = $1 AND source_system = $2 AND source_id = $3 AND target_system = $4
            """, keyValues(key))
        guard result.count > 0 else { return nil }
        if let target = result.text(0, 2) { return .mapped(targetID: target) }
        return .pending(token: result.text(0, 0) ?? "", claimedAt: result.date(0, 1))
    }

    /// The reverse lookup.
    public func sourceID(kind: EntityKind, sourceSystem: SystemID, targetSystem: SystemID, targetID: String)
        async throws -> String?
    {
        try await database.withConnection { connection in
            try connection.query(
                """
                SELECT source_id FROM id_map
                WHERE kind = $1 AND source_system = $2 AND target_system = $3 AND target_id = $4 LIMIT 1
                """,
                [.text(kind.rawValue), .text(sourceSystem.rawValue), .text(targetSystem.rawValue), .text(targetID)]
            ).text(0, 0)
        }
    }

    // MARK: Content hashes

    /// Content hashes of records.
    public func contentHashes(kind: EntityKind, system: SystemID, keys: [String]) async throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        return try await database.withConnection { connection in
            let result = try connection.query(
                "SELECT entity_key, hash FROM content_hashes WHERE kind = $1 AND system = $2 AND entity_key = ANY ($3)",
                [.text(kind.rawValue), .text(system.rawValue), .textArray(keys)])
            var hashes: [String: String] = [:]
            for row in 0..<result.count { hashes[result.text(row, 0) ?? ""] = result.text(row, 1) }
            return hashes
        }
    }

    // MARK: Checkpoints

    /// A checkpoint.
    public func checkpoint(named name: String) async throws -> Checkpoint? {
        try await database.withConnection { connection in
            let result = try connection.query(
                "SELECT position, cursor, updated_at FROM checkpoints WHERE name = $1", [.text(name)])
            guard result.count > 0 else { return nil }
            return Checkpoint(
                name: name, position: result.date(0, 0), cursor: result.text(0, 1), updatedAt: result.date(0, 2))
        }
    }

    /// Every saved checkpoint, by name.
    public func checkpoints() async throws -> [Checkpoint] {
        try await database.withConnection { connection in
            let result = try connection.query(
                "SELECT name, position, cursor, updated_at FROM checkpoints ORDER BY name COLLATE \"C\"")
            return (0..<result.count).map { row in
                Checkpoint(
                    name: result.text(row, 0) ?? "", position: result.date(row, 1), cursor: result.text(row, 2),
                    updatedAt: result.date(row, 3))
            }
        }
    }

    // MARK: Review queue

    /// Items waiting for review, oldest first.
    public func reviewItems(limit: Int, offset: Int) async throws -> [ReviewItem] {
        try await database.withConnection { connection in
            let result = try connection.query(
                """
                SELECT id, kind, system, entity_key, reason, rule, current_value, incoming_value, correlation_id,
                    created_at
                FROM review_items ORDER BY id LIMIT $1 OFFSET $2
                """, [.int(Int64(max(0, limit))), .int(Int64(max(0, offset)))])
            var items: [ReviewItem] = []
            for row in 0..<result.count {
                let draft = ReviewItem.Draft(
                    entity: EntityReference(
                        EntityKind(rawValue: result.text(row, 1) ?? ""), SystemID(rawValue: result.text(row, 2) ?? ""),
                        result.text(row, 3) ?? ""),
                    reason: result.text(row, 4) ?? "", rule: result.text(row, 5) ?? "",
                    currentValue: try Self.value(fromJSON: result.text(row, 6)),
                    incomingValue: try Self.value(fromJSON: result.text(row, 7)),
                    correlationID: result.text(row, 8) ?? "")
                items.append(ReviewItem(id: result.int64(row, 0), createdAt: result.date(row, 9), draft: draft))
            }
            return items
        }
    }

    /// Removes reviewed items.
    public func resolveReviewItems(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await database.transaction { connection in
            let deleted = try connection.query(
                "DELETE FROM review_items WHERE id = ANY ($1) RETURNING id", [.intArray(ids)])
            let removed = Set((0..<deleted.count).map { deleted.int64($0, 0) })
            var seen = Set<Int64>()
            if let missing = ids.first(where: { !removed.contains($0) || !seen.insert($0).inserted }) {
                throw BridgeError(.notFound, "Review item \(missing) does not exist.")
            }
        }
    }

    // MARK: Audit

    private static let auditColumns =
        "kind, system, entity_key, action, current_value, incoming_value, winner, rule, explanation, correlation_id, time"

    /// Audit records of an entity.
    public func auditRecords(for entity: EntityReference) async throws -> [AuditRecord] {
        try await database.withConnection { connection in
            try Self.auditRecords(
                connection.query(
                    "SELECT \(Self.auditColumns) FROM audit WHERE kind = $1 AND system = $2 AND entity_key = $3 ORDER BY id",
                    [.text(entity.kind.rawValue), .text(entity.system.rawValue), .text(entity.key)]))
        }
    }

    /// Audit records of a correlation id.
    public func auditRecords(correlationID: String) async throws -> [AuditRecord] {
        try await database.withConnection { connection in
            try Self.auditRecords(
                connection.query(
                    "SELECT \(Self.auditColumns) FROM audit WHERE correlation_id = $1 ORDER BY id",
                    [.text(correlationID)]))
        }
    }

    private static func auditRecords(_ result: PostgresResult) throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        for row in 0..<result.count {
            records.append(
                AuditRecord(
                    entity: EntityReference(
                        EntityKind(rawValue: result.text(row, 0) ?? ""), SystemID(rawValue: result.text(row, 1) ?? ""),
                        result.text(row, 2) ?? ""),
                    action: result.text(row, 3) ?? "", currentValue: try value(fromJSON: result.text(row, 4)),
                    incomingValue: try value(fromJSON: result.text(row, 5)),
                    winner: result.text(row, 6).map(SystemID.init(rawValue:)), rule: result.text(row, 7) ?? "",
                    explanation: result.text(row, 8) ?? "", correlationID: result.text(row, 9) ?? "",
                    time: result.date(row, 10)))
        }
        return records
    }

    // MARK: Retention and erasure

    /// Removes history older than the policy keeps, in batches of 5,000 rows, each its own statement, so other
    /// workers never wait for the whole purge.
    public func purge(_ retention: RetentionPolicy, now: Date) async throws -> PurgeReport {
        var report = PurgeReport()
        _ = try await database.withConnection { connection in
            try connection.query("DELETE FROM echo_fingerprints WHERE expires_at <= $1", [.date(now)]).affectedRows
        }
        _ = try await database.withConnection { connection in
            try connection.query(PostgresMigrations.commitMarkerPurge).affectedRows
        }
        func delete(from table: String, where column: String, olderThan age: Duration?) async throws -> Int {
            guard let age else { return 0 }
            let cutoff = now.adding(.zero - age)
            var removed = 0
            while true {
                let batch = try await database.withConnection { connection in
                    try connection.query(
                        "DELETE FROM \(table) WHERE id IN (SELECT id FROM \(table) WHERE \(column) < $1 LIMIT 5000)",
                        [.date(cutoff)]
                    ).affectedRows
                }
                removed += batch
                if batch < 5_000 { return removed }
                await Task.yield()
            }
        }
        report.auditRecords = try await delete(from: "audit", where: "time", olderThan: retention.auditRecords)
        report.reviewItems = try await delete(
            from: "review_items", where: "created_at", olderThan: retention.reviewItems)
        report.deadLetters = try await delete(
            from: "dead_letters", where: "dead_lettered_at", olderThan: retention.deadLetters)
        if let age = retention.handledEvents {
            report.inboxEvents = try await purgeInbox(finishedBefore: now.adding(.zero - age))
        }
        return report
    }

    /// Blanks what the audit trail and the review list hold about `entity` and what mentions its key, in one
    /// transaction.
    public func erasePersonalData(of entity: EntityReference) async throws -> ErasureReport {
        let pseudonym = ErasureReport.newPseudonym()
        let distinctive = ErasureReport.isDistinctive(entity.key)
        return try await database.transaction { connection in
            // $1 kind, $2 system, $3 key, $4 pseudonym, $5 whether the key is distinctive (then any kind and system).
            let own = "lower(entity_key) = lower($3) AND ($5 OR (kind = $1 AND system = $2))"
            let mentions = { (columns: [String]) in
                columns.map { "strpos(lower(coalesce(\($0), '')), lower($3)) > 0" }.joined(separator: " OR ")
            }
            let values: [PostgresValue] = [
                .text(entity.kind.rawValue), .text(entity.system.rawValue), .text(entity.key), .text(pseudonym),
                .bool(distinctive),
            ]
            var records = try connection.query(
                "UPDATE audit SET entity_key = $4, current_value = NULL, incoming_value = NULL, explanation = 'erased', "
                    + "correlation_id = $4 WHERE \(own)", values
            ).affectedRows
            records += try connection.query(
                "UPDATE review_items SET entity_key = $4, current_value = NULL, incoming_value = NULL, "
                    + "reason = 'erased', correlation_id = $4 WHERE \(own)", values
            ).affectedRows
            var mentioned = 0
            if distinctive {
                let mentionValues = Array(values.prefix(4))
                mentioned += try connection.query(
                    "UPDATE audit SET current_value = NULL, incoming_value = NULL, explanation = 'erased', "
                        + "correlation_id = CASE WHEN \(mentions(["correlation_id"])) THEN $4 ELSE correlation_id END "
                        + "WHERE entity_key <> $4 AND "
                        + "(\(mentions(["current_value", "incoming_value", "explanation", "correlation_id"])))",
                    mentionValues
                ).affectedRows
                mentioned += try connection.query(
                    "UPDATE review_items SET current_value = NULL, incoming_value = NULL, reason = 'erased', "
                        + "correlation_id = CASE WHEN \(mentions(["correlation_id"])) THEN $4 ELSE correlation_id END "
                        + "WHERE entity_key <> $4 AND "
                        + "(\(mentions(["current_value", "incoming_value", "reason", "correlation_id"])))",
                    mentionValues
                ).affectedRows
            }
            _ = try connection.query(
                "DELETE FROM id_map WHERE target_system LIKE 'review.%' AND lower(substr(source_id, 1, length($3) + 1)) "
                    + "= lower($3) || '|' AND ($5 OR (kind = $1 AND source_system = $2))", values)
            _ = try connection.query(
                "DELETE FROM echo_fingerprints WHERE lower(entity_key) = lower($3) AND ($5 OR (kind = $1 AND system = $2))",
                [values[0], values[1], values[2], .text(""), values[4]])
            return ErasureReport(records: records, mentions: mentioned, pseudonym: pseudonym)
        }
    }

    // MARK: Values

    static func value(fromJSON text: String?) throws(BridgeError) -> JSONValue? {
        guard let text else { return nil }
        do {
            return try CommerceJSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw BridgeError(.storageFailed, "An audit value is not valid JSON.")
        }
    }

    // MARK: Connection strings

    /// `connectionString` with its password (in a URI's user part, a `password=` parameter or pair) replaced by
    /// `***`, for logs and messages.
    public static func redact(_ connectionString: String) -> String {
        PostgresConnectionSettings.redact(connectionString)
    }

    /// The connection string without a `schema` query parameter, and that parameter's value.
    static func extractSchema(from connectionString: String) -> (String, String?) {
        guard connectionString.hasPrefix("postgres://") || connectionString.hasPrefix("postgresql://"),
            let question = connectionString.firstIndex(of: "?")
        else { return (connectionString, nil) }
        let base = connectionString[..<question]
        let fragmentStart = connectionString[question...].firstIndex(of: "#") ?? connectionString.endIndex
        let query = connectionString[connectionString.index(after: question)..<fragmentStart]
        var schema: String?
        var kept: [Substring] = []
        for pair in query.split(separator: "&") {
            if pair.hasPrefix("schema=") {
                schema = String(pair.dropFirst("schema=".count)).removingPercentEncoding
            } else {
                kept.append(pair)
            }
        }
        let rest = kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
        return (String(base) + rest + connectionString[fragmentStart...], schema)
    }

    static func isValidSchemaName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63 else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) || byte == 95 }
        return isLetter(first) && name.utf8.allSatisfy { isLetter($0) || (48...57).contains($0) }
    }
}
