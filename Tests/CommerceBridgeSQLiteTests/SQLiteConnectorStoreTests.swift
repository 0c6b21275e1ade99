import AdobeCommerce
import CSQLite
import CommerceBridge
import CommerceBridgeSQLite
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// A temporary directory removed when the value is deallocated.
final class TemporaryDirectory: Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Lines appended from several tasks.
final class EventLog: Sendable {
    let entries = Mutex<[String]>([])
}

struct SQLiteConnectorStoreTests {
    private static let directory = try! TemporaryDirectory()

    @Test(
        "The SQLite store passes the ConnectorStore conformance suite", arguments: ConnectorStoreConformance.checkNames)
    func conformance(check: String) async throws {
        // Two stores on one file, as two worker processes would open it.
        try await ConnectorStoreConformance { count in
            let path = Self.directory.path("\(UUID().uuidString).sqlite")
            return try (0..<count).map { _ in try SQLiteConnectorStore(path: path) }
        }
        .run(check)
    }

    @Test("State survives closing and reopening the file")
    func durable() async throws {
        let path = Self.directory.path("durable.sqlite")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            let store = try SQLiteConnectorStore(path: path)
            try await store.enqueue(
                [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "k", payload: Data([1, 2, 3]))],
                now: now)
            try await store.save(Checkpoint(name: "feed", position: now, cursor: "c", updatedAt: now))
            _ = try await store.claimMapping(MappingKey(.order, from: .commerce, "1", to: .erp), token: "t", now: now)
        }
        let reopened = try SQLiteConnectorStore(path: path)
        #expect(try await reopened.outboxStatus(now: now).totalPending == 1)
        #expect(try await reopened.checkpoint(named: "feed")?.cursor == "c")
        #expect(
            try await reopened.mapping(MappingKey(.order, from: .commerce, "1", to: .erp))
                == .pending(token: "t", claimedAt: now))
    }

    @Test("A database at an older schema version is migrated on open, keeping its data")
    func migratesOlderSchema() async throws {
        let path = Self.directory.path("old.sqlite")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            let store = try SQLiteConnectorStore(path: path)
            try await store.enqueue(
                [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "kept", payload: Data())], now: now
            )
        }
        // Back to the first schema: what migrations 2 and later add goes.
        try Self.sql(
            path,
            "DROP INDEX audit_time; DROP INDEX dead_letters_time; DROP TABLE review_items; DROP TABLE content_hashes; "
                + "DROP INDEX outbox_topic_due; DROP TABLE scheduled_runs; DROP TABLE reservations; "
                + "DROP TABLE rate_budgets; DROP TABLE echo_fingerprints; DROP TABLE inbox; "
                + "ALTER TABLE outbox DROP COLUMN receives; ALTER TABLE dead_letters DROP COLUMN receives; "
                + "PRAGMA user_version = 1;")
        let migrated = try SQLiteConnectorStore(path: path)
        #expect(Self.integer(path, "PRAGMA user_version") == Int64(SQLiteConnectorStore.schemaVersion))
        #expect(try await migrated.outboxStatus(now: now).totalPending == 1)
        #expect(try await migrated.reviewItems(limit: 1, offset: 0).isEmpty)
        #expect(
            try await migrated.claimScheduledRun(
                job: "full", period: now, holder: "w", leaseDuration: .seconds(1), now: now)
                == .claimed(ScheduledRun(job: "full", period: now, holder: "w", fencingToken: 1, expiresAt: now + 1)),
            "schema 6's shared state is there")
    }

    @Test("A database that cannot use write-ahead logging is refused with what to do")
    func refusesWithoutWAL() throws {
        #expect {
            try SQLiteConnectorStore(path: ":memory:")
        } throws: { error in
            (error as? BridgeError)?.code == .storageFailed && "\(error)".contains("write-ahead logging")
                && "\(error)".contains("local file system")
        }
    }

    @Test("Stores waiting on another connection's lock block their own queues, never the cooperative pool")
    func blockingWorkStaysOffThePool() async throws {
        let path = Self.directory.path("busy.sqlite")
        var configuration = SQLiteConnectorStore.Configuration()
        // Long enough for a loaded machine: the holder commits as soon as the pool has run a task, and the test is
        // about the pool staying free while the stores wait, not about how long they wait.
        configuration.busyTimeout = .seconds(60)
        // More stores than the pool has threads, each about to wait for the lock.
        let stores = try (0..<(ProcessInfo.processInfo.activeProcessorCount * 2 + 2)).map { _ in
            try SQLiteConnectorStore(path: path, configuration: configuration)
        }
        var holder: OpaquePointer?
        #expect(sqlite3_open(path, &holder) == SQLITE_OK)
        defer { sqlite3_close(holder) }
        #expect(sqlite3_exec(holder, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
        let order = EventLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    try await store.enqueue(
                        [
                            OutboxMessage.Draft(
                                destination: "erp", topic: "t", idempotencyKey: "k\(index)", payload: Data())
                        ],
                        now: Date())
                    order.entries.withLock { $0.append("commit") }
                }
            }
            try await Task.sleep(for: .milliseconds(300))  // the commits are waiting for the lock by now
            group.addTask { order.entries.withLock { $0.append("pool") } }
            while order.entries.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
            #expect(sqlite3_exec(holder, "COMMIT", nil, nil, nil) == SQLITE_OK)
            try await group.waitForAll()
        }
        #expect(
            order.entries.withLock { $0.first } == "pool",
            "a task ran while every store waited: \(order.entries.withLock { $0 })")
        #expect(order.entries.withLock { $0.count } == stores.count + 1)
    }

    @Test("A timestamp beyond what milliseconds in 64 bits hold is clamped, not a crash")
    func absurdTimestamps() async throws {
        let store = try SQLiteConnectorStore(path: Self.directory.path("absurd.sqlite"))
        let absurd = Date(timeIntervalSince1970: 1e300)
        try await store.save(Checkpoint(name: "feed", position: absurd, updatedAt: Date(timeIntervalSince1970: 0)))
        let saved = try #require(try await store.checkpoint(named: "feed"))
        #expect(saved.position > Date(timeIntervalSince1970: 9e15), "kept as the farthest time the store can hold")
    }

    @Test("A purge of 12,000 old audit records runs in batches and keeps the recent ones")
    func purgeInBatches() async throws {
        let store = try SQLiteConnectorStore(path: Self.directory.path("purge.sqlite"))
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        var changes = StoreChanges(time: old)
        for index in 0..<12_001 {
            let time = index == 12_000 ? old.addingTimeInterval(86_400 * 30) : old
            changes.audit(
                AuditRecord(
                    entity: EntityReference(.order, .commerce, "\(index)"), action: "a", rule: "r", explanation: "e",
                    correlationID: "purge", time: time))
        }
        try await store.commit(changes)
        let report = try await store.purge(
            RetentionPolicy(auditRecords: .days(10), reviewItems: nil, deadLetters: nil),
            now: old.addingTimeInterval(86_400 * 31))
        #expect(report.auditRecords == 12_000)
        #expect(try await store.auditRecords(correlationID: "purge").count == 1)
    }

    @Test("A file that is not a database is refused and left as it was")
    func corruptFile() throws {
        let path = Self.directory.path("corrupt.sqlite")
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect(
            performing: { try SQLiteConnectorStore(path: path) },
            throws: { ($0 as? BridgeError)?.code == .notADatabase })
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test("Another application's database is refused")
    func foreignDatabase() throws {
        let path = Self.directory.path("foreign.sqlite")
        try Self.sql(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY); INSERT INTO customers VALUES (1);")
        #expect(
            performing: { try SQLiteConnectorStore(path: path) },
            throws: { ($0 as? BridgeError)?.code == .foreignDatabase })
        #expect(Self.integer(path, "SELECT count(*) FROM customers") == 1)
    }

    @Test("A schema newer than the code is refused with the versions named")
    func newerSchema() throws {
        let path = Self.directory.path("newer.sqlite")
        _ = try SQLiteConnectorStore(path: path)
        try Self.sql(path, "PRAGMA user_version = \(SQLiteConnectorStore.schemaVersion + 1)")
        #expect(
            performing: { try SQLiteConnectorStore(path: path) },
            throws: { error in
                let error = error as? BridgeError
                return error?.code == .schemaTooNew
                    && error?.message.contains("\(SQLiteConnectorStore.schemaVersion + 1)") == true
            })
    }

    @Test("A lock held longer than the busy timeout fails with databaseLocked and changes nothing")
    func locked() async throws {
        let path = Self.directory.path("locked.sqlite")
        var configuration = SQLiteConnectorStore.Configuration()
        configuration.busyTimeout = .milliseconds(100)
        let store = try SQLiteConnectorStore(path: path, configuration: configuration)
        var holder: OpaquePointer?
        #expect(sqlite3_open(path, &holder) == SQLITE_OK)
        defer { sqlite3_close(holder) }
        #expect(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nil, nil, nil) == SQLITE_OK)
        await #expect(
            performing: {
                try await store.enqueue(
                    [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "k", payload: Data())],
                    now: Date())
            }, throws: { ($0 as? BridgeError)?.code == .databaseLocked })
        #expect(sqlite3_exec(holder, "COMMIT", nil, nil, nil) == SQLITE_OK)
        #expect(try await store.outboxStatus(now: Date()).totalPending == 0)
    }

    @Test("A full database fails with diskFull, rolls back, and keeps what was there")
    func diskFull() async throws {
        let path = Self.directory.path("full.sqlite")
        var configuration = SQLiteConnectorStore.Configuration()
        configuration.maximumSize = 256 * 1024
        let store = try SQLiteConnectorStore(path: path, configuration: configuration)
        let now = Date()
        try await store.enqueue(
            [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "first", payload: Data())], now: now)
        let big = (0..<40).map {
            OutboxMessage.Draft(
                destination: "erp", topic: "t", idempotencyKey: "big-\($0)",
                payload: Data(repeating: 7, count: 16 * 1024))
        }
        await #expect(
            performing: { try await store.enqueue(big, now: now) }, throws: { ($0 as? BridgeError)?.code == .diskFull })
        #expect(try await store.outboxStatus(now: now).totalPending == 1, "the failed transaction left nothing behind")
    }

    @Test("Several stores on one file (one per worker) never deliver a message twice or grant a mapping twice")
    func multipleConnections() async throws {
        let path = Self.directory.path("shared.sqlite")
        let setup = try SQLiteConnectorStore(path: path)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try await setup.enqueue(
            (0..<300).map {
                OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "m\($0)", payload: Data())
            }, now: now)
        let stores = try (0..<4).map { _ in try SQLiteConnectorStore(path: path) }
        let (claimed, grants) = try await withThrowingTaskGroup(of: ([Int64], Int).self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var mine: [Int64] = []
                    var granted = 0
                    for round in 0..<30 {
                        let key = MappingKey(.order, from: .commerce, "order-\(round)", to: .erp)
                        if case .claimed = try await store.claimMapping(key, token: "w\(index)", now: now) {
                            granted += 1
                        }
                    }
                    while true {
                        let leases = try await store.claim(
                            destination: nil, limit: 7, leaseDuration: .seconds(60), now: now)
                        if leases.isEmpty { return (mine, granted) }
                        var changes = StoreChanges(time: now)
                        for lease in leases { changes.acknowledge(lease) }
                        try await store.commit(changes)
                        mine += leases.map(\.message.id)
                    }
                }
            }
            return try await group.reduce(into: ([Int64](), 0)) {
                $0.0 += $1.0
                $0.1 += $1.1
            }
        }
        #expect(
            claimed.count == 300 && Set(claimed).count == 300,
            "each of 300 messages delivered once, got \(claimed.count)")
        #expect(grants == 30, "each of 30 mapping keys granted once, got \(grants)")
        #expect(try await setup.outboxStatus(now: now).totalPending == 0)
    }

    static func sql(_ path: String, _ sql: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK else { throw BridgeError(.storageFailed, "open") }
        defer { sqlite3_close(handle) }
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw BridgeError(.storageFailed, "exec") }
    }

    static func integer(_ path: String, _ sql: String) -> Int64 {
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK else { return -1 }
        defer { sqlite3_close(handle) }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        return sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1
    }
}
