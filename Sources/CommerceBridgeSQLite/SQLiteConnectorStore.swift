import AdobeCommerce
public import CommerceBridge

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A durable `ConnectorStore` in one SQLite file: the embedded default.
///
/// WAL journaling, a busy timeout for concurrent workers (one store per worker or process, all on the same
/// file), versioned migrations, and one `BEGIN IMMEDIATE` transaction per ``commit(_:)`` and per claim.
/// A corrupt or foreign file, a schema newer than the code, a lock held too long and a full disk each give
/// their own `BridgeError`, and leave the data as it was.
///
/// ```swift
/// let store = try SQLiteConnectorStore(path: "/var/lib/connector/bridge.sqlite")
/// ```
public actor SQLiteConnectorStore: ConnectorStore {
    /// How the database is opened.
    public struct Configuration: Sendable {
        /// How long to wait for another connection's lock before failing with
        /// `BridgeError.Code.databaseLocked`.
        public var busyTimeout: Duration = .seconds(5)
        /// `FULL` survives power loss; `NORMAL` survives process crashes and is faster.
        public var synchronousFull = true
        /// A cap on the file's size in bytes; writes beyond it fail with `BridgeError.Code.diskFull`.
        public var maximumSize: Int?

        /// The defaults: 5 s busy timeout, full sync, no size cap.
        public init() {}
    }

    let connection: SQLiteConnection
    private let executor = BlockingWorkExecutor(label: "CommerceBridge.SQLiteConnectorStore")

    /// The store's work runs on a queue of its own, off the cooperative pool: a statement waiting for another
    /// worker's lock blocks that queue, never the threads other tasks run on.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let encoder = CommerceJSONEncoder()  // sorted keys, `/` unescaped: as written, so erasure can find a key
    private let decoder = CommerceJSONDecoder()
    private var leaseCounter: Int64 = 0
    /// Unique per store instance, so tokens never repeat across processes or restarts.
    private let leasePrefix = UUID().uuidString.lowercased()

    /// The schema version this code writes.
    public static let schemaVersion = SQLiteMigrations.all.count

    /// Opens the database at `path`, creating and migrating it as needed.
    /// - Throws: `BridgeError` with `BridgeError.Code.notADatabase`, `BridgeError.Code.foreignDatabase`,
    ///   `BridgeError.Code.schemaTooNew`, `BridgeError.Code.databaseLocked` or
    ///   `BridgeError.Code.storageFailed`; the file is left as it was.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        let connection = try SQLiteConnection(path: path, busyTimeout: configuration.busyTimeout)
        self.connection = connection
        try Self.prepare(connection, configuration: configuration)
    }

    /// The oldest SQLite the store runs on: 3.38 has `UPDATE … RETURNING` (3.35) and JSON functions built in.
    static let minimumLibraryVersion: Int32 = 3_038_000

    private static func prepare(_ connection: SQLiteConnection, configuration: Configuration) throws(BridgeError) {
        let library = SQLiteConnection.libraryVersionNumber
        guard library >= minimumLibraryVersion else {
            throw BridgeError(
                .storageFailed,
                "The SQLite library is \(SQLiteConnection.libraryVersion); the store needs 3.38 or later.",
                recoverySuggestion: "Install a newer SQLite (libsqlite3-dev from Debian 12 or later) and rebuild.")
        }
        let tables = try connection.integer("SELECT count(*) FROM sqlite_master")
        let application = try connection.integer("PRAGMA application_id")
        if tables > 0, application != SQLiteMigrations.applicationID {
            throw BridgeError(
                .foreignDatabase,
                "\(connection.path) holds another application's tables (application id \(application)).")
        }
        let version = try connection.integer("PRAGMA user_version")
        if version > SQLiteMigrations.all.count {
            throw BridgeError(
                .schemaTooNew,
                "\(connection.path) has schema version \(version); this CommerceBridge knows up to \(SQLiteMigrations.all.count)."
            )
        }
        let journal = try connection.statement("PRAGMA journal_mode = WAL").firstRow { $0.text(0) } ?? nil
        guard journal?.lowercased() == "wal" else {
            throw BridgeError(
                .storageFailed,
                "\(connection.path) could not switch to write-ahead logging (journal mode \(journal ?? "unknown")), "
                    + "which several workers on one store need.",
                recoverySuggestion: "Put the file on a local file system (not NFS, not in memory) and check no other "
                    + "program holds it in another journal mode.")
        }
        try connection.execute("PRAGMA synchronous = \(configuration.synchronousFull ? "FULL" : "NORMAL")")
        try connection.execute("PRAGMA foreign_keys = ON")
        if let maximumSize = configuration.maximumSize {
            let pageSize = try connection.integer("PRAGMA page_size")
            try connection.execute("PRAGMA max_page_count = \(max(1, Int64(maximumSize) / max(1, pageSize)))")
        }
        guard version < SQLiteMigrations.all.count else { return }
        try connection.transaction { () throws(BridgeError) in
            let current = try connection.integer("PRAGMA user_version")
            guard current < SQLiteMigrations.all.count else { return }
            for migration in SQLiteMigrations.all.dropFirst(Int(current)) { try connection.execute(migration) }
            try connection.execute("PRAGMA application_id = \(SQLiteMigrations.applicationID)")
            try connection.execute("PRAGMA user_version = \(SQLiteMigrations.all.count)")
        }
    }

    // MARK: Writes

    /// Applies the changes in one transaction.
    public func commit(_ changes: StoreChanges) async throws {
        guard !changes.isEmpty else { return }
        let encoder = self.encoder
        try connection.transaction { () throws(BridgeError) in
            try insert(changes.enqueued, at: changes.time)
            // Every statement on a lease names its token; a row count of 0 means the lease was lost, and
            // throwing rolls the whole transaction back.
            func requireHeld(_ lease: Lease) throws(BridgeError) {
                guard connection.changes == 1 else {
                    throw BridgeError(.leaseLost, "The lease on message \(lease.message.id) is no longer held.")
                }
            }
            let delete = try connection.statement("DELETE FROM outbox WHERE id = ?1 AND lease_token = ?2")
            for lease in changes.acknowledged {
                try delete.bind(.integer(lease.message.id), .text(lease.token)).run()
                try requireHeld(lease)
            }
            let reschedule = try connection.statement(
                "UPDATE outbox SET attempts = attempts + 1, history = ?3, available_at = ?4, lease_token = NULL, "
                    + "lease_expires_at = NULL WHERE id = ?1 AND lease_token = ?2")
            for (lease, attempt, availableAt) in changes.rescheduled {
                let history = try Self.json(lease.message.history + [attempt], encoder)
                try reschedule.bind(.integer(lease.message.id), .text(lease.token), .text(history), .date(availableAt))
                    .run()
                try requireHeld(lease)
            }
            let release = try connection.statement(
                "UPDATE outbox SET available_at = ?3, lease_token = NULL, lease_expires_at = NULL, "
                    + "receives = max(receives - 1, 0) WHERE id = ?1 AND lease_token = ?2")
            for (lease, availableAt) in changes.released {
                try release.bind(.integer(lease.message.id), .text(lease.token), .date(availableAt)).run()
                try requireHeld(lease)
            }
            let park = try connection.statement(
                "INSERT INTO dead_letters (id, destination, topic, idempotency_key, correlation_id, payload, attempts, "
                    + "created_at, available_at, history, receives, dead_lettered_at, reason) SELECT id, destination, "
                    + "topic, idempotency_key, correlation_id, payload, attempts + 1, created_at, available_at, ?3, "
                    + "receives, ?4, ?5 FROM outbox WHERE id = ?1 AND lease_token = ?2")
            for (lease, attempt) in changes.deadLettered {
                let history = try Self.json(lease.message.history + [attempt], encoder)
                try park.bind(
                    .integer(lease.message.id), .text(lease.token), .text(history), .date(attempt.time),
                    .text(attempt.error)
                ).run()
                try requireHeld(lease)
                try delete.bind(.integer(lease.message.id), .text(lease.token)).run()
            }
            try completeMappings(changes.completedMappings)
            let checkpoint = try connection.statement(
                "INSERT INTO checkpoints (name, position, cursor, updated_at) VALUES (?1, ?2, ?3, ?4) "
                    + "ON CONFLICT (name) DO UPDATE SET position = excluded.position, cursor = excluded.cursor, "
                    + "updated_at = excluded.updated_at")
            for item in changes.checkpoints {
                try checkpoint.bind(
                    .text(item.name), .date(item.position), .optionalText(item.cursor), .date(item.updatedAt)
                ).run()
            }
            let audit = try connection.statement(
                "INSERT INTO audit (kind, system, entity_key, action, current_value, incoming_value, winner, rule, "
                    + "explanation, correlation_id, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
            for record in changes.auditRecords {
                try audit.bind(
                    .text(record.entity.kind.rawValue), .text(record.entity.system.rawValue), .text(record.entity.key),
                    .text(record.action), .optionalText(try Self.optionalJSON(record.currentValue, encoder)),
                    .optionalText(try Self.optionalJSON(record.incomingValue, encoder)),
                    .optionalText(record.winner?.rawValue), .text(record.rule), .text(record.explanation),
                    .text(record.correlationID), .date(record.time)
                ).run()
            }
            let hash = try connection.statement(
                "INSERT INTO content_hashes (kind, system, entity_key, hash) VALUES (?1, ?2, ?3, ?4) "
                    + "ON CONFLICT (kind, system, entity_key) DO UPDATE SET hash = excluded.hash")
            for (entity, value) in changes.contentHashes {
                try hash.bind(
                    .text(entity.kind.rawValue), .text(entity.system.rawValue), .text(entity.key), .text(value)
                ).run()
            }
            let review = try connection.statement(
                "INSERT INTO review_items (kind, system, entity_key, reason, rule, current_value, incoming_value, "
                    + "correlation_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
            for item in changes.parked {
                try review.bind(
                    .text(item.entity.kind.rawValue), .text(item.entity.system.rawValue), .text(item.entity.key),
                    .text(item.reason),
                    .text(item.rule), .optionalText(try Self.optionalJSON(item.currentValue, encoder)),
                    .optionalText(try Self.optionalJSON(item.incomingValue, encoder)), .text(item.correlationID),
                    .date(changes.time)
                ).run()
            }
            try applySharedState(changes)
            try applyInbox(changes)
        }
    }

    private func insert(_ drafts: [OutboxMessage.Draft], at time: Date) throws(BridgeError) {
        guard !drafts.isEmpty else { return }
        let insert = try connection.statement(
            "INSERT INTO outbox (destination, topic, idempotency_key, correlation_id, payload, created_at, available_at) "
                + "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS "
                + "(SELECT 1 FROM dead_letters WHERE idempotency_key = ?3) ON CONFLICT (idempotency_key) DO NOTHING")
        for draft in drafts {
            try insert.bind(
                .text(draft.destination), .text(draft.topic), .text(draft.idempotencyKey), .text(draft.correlationID),
                .blob(draft.payload), .date(time), .date(draft.availableAt ?? time)
            ).run()
        }
    }

    private func completeMappings(_ completions: [(key: MappingKey, token: String, targetID: String)])
        throws(BridgeError)
    {
        let read = try connection.statement(
            "SELECT token, target_id FROM id_map WHERE kind = ?1 AND source_system = ?2 AND source_id = ?3 AND "
                + "target_system = ?4")
        let write = try connection.statement(
            "UPDATE id_map SET target_id = ?5 WHERE kind = ?1 AND source_system = ?2 AND source_id = ?3 AND "
                + "target_system = ?4")
        for (key, token, targetID) in completions {
            try read.bind(
                .text(key.kind.rawValue), .text(key.sourceSystem.rawValue), .text(key.sourceID),
                .text(key.targetSystem.rawValue))
            guard let (holder, existing) = try read.firstRow({ ($0.text(0), $0.text(1)) }) else {
                throw BridgeError(.mappingConflict, "No claim exists for \(key).")
            }
            if let existing {
                guard existing == targetID else {
                    throw BridgeError(.mappingConflict, "\(key) is already mapped to \(existing).")
                }
                continue
            }
            guard holder == token else {
                throw BridgeError(.mappingConflict, "The claim on \(key) is held by another token.")
            }
            try write.bind(
                .text(key.kind.rawValue), .text(key.sourceSystem.rawValue), .text(key.sourceID),
                .text(key.targetSystem.rawValue),
                .text(targetID)
            ).run()
        }
    }

    // MARK: Outbox reads

    private static let messageColumns =
        "id, destination, topic, idempotency_key, correlation_id, payload, attempts, created_at, available_at, history, "
        + "receives"

    private func message(from row: SQLiteStatement) throws(BridgeError) -> OutboxMessage {
        let historyText = row.text(9) ?? "[]"
        var history: [DeliveryAttempt] = []
        do {
            if historyText != "[]" {
                history = try decoder.decode([DeliveryAttempt].self, from: Data(historyText.utf8))
            }
        } catch {
            throw BridgeError(.storageFailed, "Message \(row.int64(0)) has an unreadable attempt history.")
        }
        return OutboxMessage(
            id: row.int64(0), destination: row.text(1) ?? "", topic: row.text(2) ?? "",
            idempotencyKey: row.text(3) ?? "",
            correlationID: row.text(4) ?? "", payload: row.blob(5), attempts: Int(row.int64(6)),
            receives: Int(row.int64(10)),
            createdAt: row.date(7),
            availableAt: row.date(8),
            history: history)
    }

    /// Leases due messages, oldest first, in one transaction, counting a receive on each.
    public func claim(destination: String?, topics: Set<String>?, limit: Int, leaseDuration: Duration, now: Date)
        async throws -> [Lease]
    {
        guard limit > 0 else {
            throw BridgeError(.invalidArgument, "The claim limit must be at least 1, not \(limit).")
        }
        let nowMilliseconds = now.millisecondsSince1970
        let expires = now.adding(leaseDuration).millisecondsSince1970
        leaseCounter += 1
        let token = "\(leasePrefix)-\(leaseCounter)"
        return try connection.transaction { () throws(BridgeError) -> [Lease] in
            let claim = try connection.statement(
                "UPDATE outbox SET lease_token = ?4, lease_expires_at = ?5, receives = receives + 1 WHERE id IN "
                    + "(SELECT id FROM outbox WHERE available_at <= ?1 AND (lease_expires_at IS NULL OR "
                    + "lease_expires_at <= ?1) AND (?2 IS NULL OR destination = ?2) AND (?6 IS NULL OR topic IN "
                    + "(SELECT value FROM json_each(?6))) ORDER BY id LIMIT ?3) RETURNING \(Self.messageColumns)")
            let topicList: String? = try topics.map { (topics) throws(BridgeError) in
                try Self.json(topics.sorted(), encoder)
            }
            try claim.bind(
                .integer(nowMilliseconds), .optionalText(destination), .integer(Int64(limit)), .text(token),
                .integer(expires), .optionalText(topicList))
            var leases: [Lease] = []
            while try claim.step() {
                leases.append(
                    Lease(
                        message: try message(from: claim), token: token, expiresAt: Date(millisecondsSince1970: expires)
                    ))
            }
            return leases.sorted { $0.message.id < $1.message.id }
        }
    }

    /// Extends a lease still held.
    public func extendLease(_ lease: Lease, by duration: Duration, now: Date) async throws -> Lease {
        var extended = lease
        extended.expiresAt = now.adding(duration)
        let extend = try connection.statement(
            "UPDATE outbox SET lease_expires_at = ?3 WHERE id = ?1 AND lease_token = ?2")
        try extend.bind(.integer(lease.message.id), .text(lease.token), .date(extended.expiresAt)).run()
        guard connection.changes == 1 else {
            throw BridgeError(.leaseLost, "The lease on message \(lease.message.id) is no longer held.")
        }
        return extended
    }

    /// Counts of waiting, leased and dead-lettered messages.
    public func outboxStatus(now: Date) async throws -> OutboxStatus {
        let grouped = try connection.statement(
            "SELECT destination, count(*), min(created_at) FROM outbox GROUP BY destination")
        var pending: [String: Int] = [:]
        var oldest: Int64?
        while try grouped.step() {
            pending[grouped.text(0) ?? ""] = Int(grouped.int64(1))
            oldest = min(oldest ?? .max, grouped.int64(2))
        }
        let leased = try connection.statement("SELECT count(*) FROM outbox WHERE lease_expires_at > ?1")
        let leasedCount = try leased.bind(.date(now)).firstRow { Int($0.int64(0)) } ?? 0
        let dead = try connection.integer("SELECT count(*) FROM dead_letters")
        return OutboxStatus(
            pending: pending, leased: leasedCount, deadLettered: Int(dead),
            oldestPending: oldest.map(Date.init(millisecondsSince1970:)))
    }

    // MARK: Dead letters

    private func deadLetter(from row: SQLiteStatement) throws(BridgeError) -> DeadLetter {
        DeadLetter(
            message: try message(from: row), deadLetteredAt: row.date(11),
            reason: row.text(12) ?? "")
    }

    /// Dead letters, oldest first.
    public func deadLetters(limit: Int, offset: Int) async throws -> [DeadLetter] {
        let select = try connection.statement(
            "SELECT \(Self.messageColumns), dead_lettered_at, reason FROM dead_letters ORDER BY id LIMIT ?1 OFFSET ?2")
        try select.bind(.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset))))
        return try select.rows { try deadLetter(from: $0) }
    }

    /// One dead letter.
    public func deadLetter(id: Int64) async throws -> DeadLetter? {
        let select = try connection.statement(
            "SELECT \(Self.messageColumns), dead_lettered_at, reason FROM dead_letters WHERE id = ?1")
        return try select.bind(.integer(id)).firstRow { row throws(BridgeError) in try deadLetter(from: row) }
    }

    /// Puts dead letters back in the outbox with their history and a fresh attempt count.
    public func replayDeadLetters(ids: [Int64], now: Date) async throws {
        try connection.transaction { () throws(BridgeError) in
            try requireDeadLetters(ids)
            let move = try connection.statement(
                "INSERT INTO outbox (id, destination, topic, idempotency_key, correlation_id, payload, attempts, "
                    + "created_at, available_at, history, receives) SELECT id, destination, topic, idempotency_key, "
                    + "correlation_id, payload, 0, created_at, ?2, history, 0 FROM dead_letters WHERE id = ?1")
            let delete = try connection.statement("DELETE FROM dead_letters WHERE id = ?1")
            for id in ids {
                try delete.bind(.integer(id))
                try move.bind(.integer(id), .date(now)).run()
                try delete.run()
            }
        }
    }

    /// Deletes dead letters.
    public func discardDeadLetters(ids: [Int64]) async throws {
        try connection.transaction { () throws(BridgeError) in
            try requireDeadLetters(ids)
            let delete = try connection.statement("DELETE FROM dead_letters WHERE id = ?1")
            for id in ids {
                try delete.bind(.integer(id)).run()
            }
        }
    }

    private func requireDeadLetters(_ ids: [Int64]) throws(BridgeError) {
        let exists = try connection.statement("SELECT 1 FROM dead_letters WHERE id = ?1")
        for id in ids where try exists.bind(.integer(id)).firstRow({ _ in true }) == nil {
            throw BridgeError(.notFound, "Dead letter \(id) does not exist.")
        }
    }

    // MARK: ID map

    /// Claims a mapping key unless someone has.
    public func claimMapping(_ key: MappingKey, token: String, now: Date) async throws -> MappingState {
        try connection.transaction { () throws(BridgeError) -> MappingState in
            let insert = try connection.statement(
                "INSERT INTO id_map (kind, source_system, source_id, target_system, token, claimed_at) "
                    + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
            try insert.bind(
                .text(key.kind.rawValue), .text(key.sourceSystem.rawValue), .text(key.sourceID),
                .text(key.targetSystem.rawValue),
                .text(token), .date(now)
            ).run()
            if connection.changes == 1 { return .claimed(token: token) }
            return try readMapping(key) ?? .claimed(token: token)
        }
    }

    /// Where a mapping key stands.
    public func mapping(_ key: MappingKey) async throws -> MappingState? { try readMapping(key) }

    private func readMapping(_ key: MappingKey) throws(BridgeError) -> MappingState? {
        let select = try connection.statement(
            "SELECT token, claimed_at, target_id FROM id_map WHERE kind = ?1 AND source_system = ?2 AND source_id = ?3 "
                + "AND target_system = ?4")
        try select.bind(
            .text(key.kind.rawValue), .text(key.sourceSystem.rawValue), .text(key.sourceID),
            .text(key.targetSystem.rawValue))
        return try select.firstRow { row in
            if let target = row.text(2) { return .mapped(targetID: target) }
            return .pending(token: row.text(0) ?? "", claimedAt: row.date(1))
        }
    }

    /// The reverse lookup.
    public func sourceID(kind: EntityKind, sourceSystem: SystemID, targetSystem: SystemID, targetID: String)
        async throws
        -> String?
    {
        let select = try connection.statement(
            "SELECT source_id FROM id_map WHERE kind = ?1 AND source_system = ?2 AND target_system = ?3 AND target_id = ?4"
        )
        try select.bind(
            .text(kind.rawValue), .text(sourceSystem.rawValue), .text(targetSystem.rawValue), .text(targetID))
        return try select.firstRow { $0.text(0) } ?? nil
    }

    // MARK: Review queue

    /// Items waiting for review, oldest first.
    public func reviewItems(limit: Int, offset: Int) async throws -> [ReviewItem] {
        let select = try connection.statement(
            "SELECT id, kind, system, entity_key, reason, rule, current_value, incoming_value, correlation_id, created_at "
                + "FROM review_items ORDER BY id LIMIT ?1 OFFSET ?2")
        try select.bind(.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset))))
        let items = try select.rows { row in
            let draft = ReviewItem.Draft(
                entity: EntityReference(
                    EntityKind(rawValue: row.text(1) ?? ""), SystemID(rawValue: row.text(2) ?? ""), row.text(3) ?? ""),
                reason: row.text(4) ?? "", rule: row.text(5) ?? "",
                currentValue: try value(fromJSON: row.text(6)),
                incomingValue: try value(fromJSON: row.text(7)), correlationID: row.text(8) ?? "")
            return ReviewItem(id: row.int64(0), createdAt: row.date(9), draft: draft)
        }
        return items
    }

    /// Removes reviewed items.
    public func resolveReviewItems(ids: [Int64]) async throws {
        try connection.transaction { () throws(BridgeError) in
            let delete = try connection.statement("DELETE FROM review_items WHERE id = ?1")
            for id in ids {
                try delete.bind(.integer(id)).run()
                guard connection.changes == 1 else { throw BridgeError(.notFound, "Review item \(id) does not exist.") }
            }
        }
    }

    // MARK: Content hashes

    /// Content hashes of records.
    public func contentHashes(kind: EntityKind, system: SystemID, keys: [String]) async throws -> [String: String] {
        let select = try connection.statement(
            "SELECT hash FROM content_hashes WHERE kind = ?1 AND system = ?2 AND entity_key = ?3")
        var result: [String: String] = [:]
        for key in keys {
            try select.bind(.text(kind.rawValue), .text(system.rawValue), .text(key))
            if let value = try select.firstRow({ $0.text(0) }) ?? nil { result[key] = value }
        }
        return result
    }

    // MARK: Checkpoints and audit

    /// A checkpoint.
    public func checkpoint(named name: String) async throws -> Checkpoint? {
        let select = try connection.statement("SELECT position, cursor, updated_at FROM checkpoints WHERE name = ?1")
        return try select.bind(.text(name)).firstRow { row in
            Checkpoint(
                name: name, position: row.date(0), cursor: row.text(1),
                updatedAt: row.date(2))
        }
    }

    /// Every saved checkpoint, by name.
    public func checkpoints() async throws -> [Checkpoint] {
        let select = try connection.statement(
            "SELECT name, position, cursor, updated_at FROM checkpoints ORDER BY name")
        return try select.rows { row in
            Checkpoint(
                name: row.text(0) ?? "", position: row.date(1), cursor: row.text(2),
                updatedAt: row.date(3))
        }
    }

    /// Audit records of an entity.
    public func auditRecords(for entity: EntityReference) async throws -> [AuditRecord] {
        let select = try connection.statement(
            "SELECT \(Self.auditColumns) FROM audit WHERE kind = ?1 AND system = ?2 AND entity_key = ?3 ORDER BY id")
        try select.bind(.text(entity.kind.rawValue), .text(entity.system.rawValue), .text(entity.key))
        return try auditRecords(from: select)
    }

    /// Audit records of a correlation id.
    public func auditRecords(correlationID: String) async throws -> [AuditRecord] {
        let select = try connection.statement(
            "SELECT \(Self.auditColumns) FROM audit WHERE correlation_id = ?1 ORDER BY id")
        try select.bind(.text(correlationID))
        return try auditRecords(from: select)
    }

    /// Removes history older than the policy keeps, in batches of 5,000 rows, each its own transaction, so other
    /// workers wait for one batch at most, never for the whole purge.
    public func purge(_ retention: RetentionPolicy, now: Date) async throws -> PurgeReport {
        var report = PurgeReport()
        try deleteExpiredEchoes(now: now)
        func delete(from table: String, where column: String, olderThan age: Duration?) async throws(BridgeError) -> Int
        {
            guard let age else { return 0 }
            let cutoff = now.adding(.zero - age)
            var removed = 0
            while true {
                let batch = try connection.transaction { () throws(BridgeError) -> Int in
                    try connection.statement(
                        "DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) WHERE \(column) < ?1 LIMIT 5000)"
                    ).bind(.date(cutoff)).run()
                    return connection.changes
                }
                removed += batch
                if batch < 5_000 { return removed }
                await Task.yield()  // let other callers of the store in between
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
        return try connection.transaction { () throws(BridgeError) -> ErasureReport in
            // ?1 kind, ?2 system, ?3 key, ?4 pseudonym, ?5 whether the key is distinctive (then any kind and system).
            let own = "lower(entity_key) = lower(?3) AND (?5 = 1 OR (kind = ?1 AND system = ?2))"
            let mentions = { (columns: [String]) in
                columns.map { "instr(lower(coalesce(\($0), '')), lower(?3)) > 0" }.joined(separator: " OR ")
            }
            let values: [SQLiteValue] = [
                .text(entity.kind.rawValue), .text(entity.system.rawValue), .text(entity.key), .text(pseudonym),
                .integer(distinctive ? 1 : 0),
            ]
            try connection.statement(
                "UPDATE audit SET entity_key = ?4, current_value = NULL, incoming_value = NULL, explanation = 'erased', "
                    + "correlation_id = ?4 WHERE \(own)"
            ).bind(values).run()
            var records = connection.changes
            try connection.statement(
                "UPDATE review_items SET entity_key = ?4, current_value = NULL, incoming_value = NULL, reason = 'erased', "
                    + "correlation_id = ?4 WHERE \(own)"
            ).bind(values).run()
            records += connection.changes
            var mentioned = 0
            if distinctive {
                try connection.statement(
                    "UPDATE audit SET current_value = NULL, incoming_value = NULL, explanation = 'erased', "
                        + "correlation_id = CASE WHEN \(mentions(["correlation_id"])) THEN ?4 ELSE correlation_id END "
                        + "WHERE entity_key <> ?4 AND "
                        + "(\(mentions(["current_value", "incoming_value", "explanation", "correlation_id"])))"
                ).bind(Array(values.prefix(4))).run()
                mentioned += connection.changes
                try connection.statement(
                    "UPDATE review_items SET current_value = NULL, incoming_value = NULL, reason = 'erased', "
                        + "correlation_id = CASE WHEN \(mentions(["correlation_id"])) THEN ?4 ELSE correlation_id END "
                        + "WHERE entity_key <> ?4 AND "
                        + "(\(mentions(["current_value", "incoming_value", "reason", "correlation_id"])))"
                ).bind(Array(values.prefix(4))).run()
                mentioned += connection.changes
            }
            try connection.statement(
                "DELETE FROM id_map WHERE target_system LIKE 'review.%' AND lower(substr(source_id, 1, length(?3) + 1)) "
                    + "= lower(?3) || '|' AND (?5 = 1 OR (kind = ?1 AND source_system = ?2))"
            ).bind(values).run()
            try connection.statement("DELETE FROM echo_fingerprints WHERE \(own)").bind(values).run()
            return ErasureReport(records: records, mentions: mentioned, pseudonym: pseudonym)
        }
    }

    private static let auditColumns =
        "kind, system, entity_key, action, current_value, incoming_value, winner, rule, explanation, correlation_id, time"

    private func auditRecords(from select: SQLiteStatement) throws -> [AuditRecord] {
        try select.rows { row in
            AuditRecord(
                entity: EntityReference(
                    EntityKind(rawValue: row.text(0) ?? ""), SystemID(rawValue: row.text(1) ?? ""), row.text(2) ?? ""),
                action: row.text(3) ?? "", currentValue: try value(fromJSON: row.text(4)),
                incomingValue: try value(fromJSON: row.text(5)), winner: row.text(6).map(SystemID.init(rawValue:)),
                rule: row.text(7) ?? "", explanation: row.text(8) ?? "", correlationID: row.text(9) ?? "",
                time: row.date(10))
        }
    }

    private func value(fromJSON text: String?) throws(BridgeError) -> JSONValue? {
        guard let text else { return nil }
        do {
            return try decoder.decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw BridgeError(.storageFailed, "An audit value is not valid JSON.")
        }
    }

    private static func optionalJSON(_ value: JSONValue?, _ encoder: CommerceJSONEncoder) throws(BridgeError) -> String?
    {
        guard let value else { return nil }
        return try json(value, encoder)
    }

    private static func json(_ value: some Encodable, _ encoder: CommerceJSONEncoder) throws(BridgeError) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw BridgeError(.invalidArgument, "A value could not be encoded: \(error).")
        }
    }
}
