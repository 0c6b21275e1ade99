import AdobeCommerce
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import PostgresTestSupport
import Synchronization
import Testing

@testable import CommerceBridgePostgres

/// Stores on the test process's shared server, each in a fresh schema.
enum TestStores {
    static func schemaName() -> String { "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }

    static func store(
        schema: String = schemaName(), _ configure: (inout PostgresConnectorStore.Configuration) -> Void = { _ in }
    ) async throws -> PostgresConnectorStore {
        let server = try await PostgresTestServer.sharedServer()
        var configuration = PostgresConnectorStore.Configuration()
        configuration.schema = schema
        configuration.poolSize = 3
        configure(&configuration)
        return try await PostgresConnectorStore(
            connectionString: server.connectionString(), configuration: configuration)
    }

    static func database(_ configure: (inout PostgresConnectionSettings) -> Void = { _ in }) async throws
        -> PostgresDatabase
    {
        let server = try await PostgresTestServer.sharedServer()
        var settings = PostgresConnectionSettings(connectionString: server.connectionString())
        settings.poolSize = 2
        configure(&settings)
        return PostgresDatabase(settings: settings)
    }
}

@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.unavailableMessage)))
struct PostgresConnectorStoreTests {
    @Test(
        "The PostgreSQL store passes the ConnectorStore conformance suite",
        arguments: ConnectorStoreConformance.checkNames)
    func conformance(check: String) async throws {
        // Two stores (two connection pools) on one schema, as two worker processes would open it.
        try await ConnectorStoreConformance { count in
            let schema = TestStores.schemaName()
            var stores: [any ConnectorStore] = []
            for _ in 0..<count { stores.append(try await TestStores.store(schema: schema)) }
            return stores
        }
        .run(check)
    }

    @Test("A second store on a current schema migrates nothing; a newer schema is refused with schemaTooNew")
    func migrations() async throws {
        let schema = TestStores.schemaName()
        let first = try await TestStores.store(schema: schema)
        _ = try await TestStores.store(schema: schema)
        let database = try await TestStores.database()
        let versions = try await database.withConnection { connection in
            try connection.query("SELECT count(*) FROM \(schema).commerce_bridge_schema_versions").int64(0, 0)
        }
        #expect(versions == Int64(PostgresConnectorStore.schemaVersion))
        try await first.enqueue(
            [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "k", payload: Data([0, 1, 255]))],
            now: Date())
        try await database.withConnection { connection in
            _ = try connection.query(
                "INSERT INTO \(schema).commerce_bridge_schema_versions (version, description, applied_by) "
                    + "VALUES (99, 'from the future', 'test')")
        }
        await #expect {
            _ = try await TestStores.store(schema: schema)
        } throws: { ($0 as? BridgeError)?.code == .schemaTooNew }
        #expect(try await first.outboxStatus(now: Date()).totalPending == 1, "the data is left as it was")
    }

    @Test("A schema holding another application's tables is refused; a bad schema name too")
    func foreignSchema() async throws {
        let schema = TestStores.schemaName()
        let database = try await TestStores.database()
        try await database.withConnection { connection in
            _ = try connection.simpleQuery("CREATE SCHEMA \(schema); CREATE TABLE \(schema).outbox (id int)")
        }
        await #expect {
            _ = try await TestStores.store(schema: schema)
        } throws: { ($0 as? BridgeError)?.code == .foreignDatabase }
        await #expect {
            _ = try await TestStores.store(schema: "bad-name; DROP")
        } throws: { ($0 as? BridgeError)?.code == .invalidArgument }
    }

    @Test("The URI's schema parameter picks the schema; sslmode and other libpq options pass through")
    func uriOptions() async throws {
        let server = try await PostgresTestServer.sharedServer()
        let schema = TestStores.schemaName()
        let store = try await PostgresConnectorStore(
            connectionString: server.connectionString() + "?sslmode=disable&schema=\(schema)&connect_timeout=5")
        #expect(store.schema == schema)
        #expect(store.description.contains("127.0.0.1:\(server.port)/postgres"))
    }

    @Test("Passwords never appear in errors or descriptions")
    func redactsPasswords() async throws {
        let secret = "s3cret-Pa55word"
        #expect(
            PostgresConnectionSettings.redact("postgres://ann:\(secret)@db:5432/x?sslmode=require")
                == "postgres://ann:***@db:5432/x?sslmode=require")
        #expect(
            PostgresConnectionSettings.redact("host=db password=\(secret) user=ann") == "host=db password=*** user=ann")
        #expect(
            PostgresConnectionSettings.redact("host=db password='a \(secret)' user=ann")
                == "host=db password=*** user=ann")
        #expect(
            PostgresConnectionSettings.redact("postgres://db/x?password=\(secret)&user=ann")
                == "postgres://db/x?password=***&user=ann")
        var configuration = PostgresConnectorStore.Configuration()
        configuration.reconnectTimeout = .milliseconds(300)
        // Nobody listens on port 1: the connection is refused.
        do {
            _ = try await PostgresConnectorStore(
                connectionString: "postgres://ann:\(secret)@127.0.0.1:1/bridge", configuration: configuration)
            Issue.record("connecting to a closed port succeeded")
        } catch {
            #expect(!"\(error)".contains(secret), "\(error)")
            #expect("\(error)".contains("postgres://ann@127.0.0.1:1/bridge"), "\(error)")
        }
        // A wrong password for a role with password authentication.
        let server = try await PostgresTestServer.sharedServer()
        let database = try await TestStores.database()
        let role = "r_" + UUID().uuidString.prefix(8).lowercased()
        try await database.withConnection { connection in
            _ = try connection.simpleQuery("CREATE ROLE \(role) LOGIN PASSWORD 'right-password'")
        }
        let settings = PostgresConnectionSettings(
            connectionString: "postgresql://\(role):\(secret)@127.0.0.1:\(server.port)/postgres")
        #expect(!settings.redactedDescription.contains(secret))
        #expect(!settings.scrub("password \(secret) in a message").contains(secret))
    }

    @Test("A statement longer than the statement timeout fails with databaseLocked")
    func statementTimeout() async throws {
        let database = try await TestStores.database { $0.statementTimeout = .milliseconds(200) }
        await #expect {
            try await database.withConnection { connection in _ = try connection.query("SELECT pg_sleep(3)") }
        } throws: { ($0 as? BridgeError)?.code == .databaseLocked }
        let answer = try await database.withConnection { try $0.query("SELECT 41 + 1").int64(0, 0) }
        #expect(answer == 42, "the connection is still usable")
    }

    @Test("A connection the server dropped is replaced, and a transaction cut short runs again whole, once")
    func reconnects() async throws {
        let database = try await TestStores.database { $0.poolSize = 1 }
        let admin = try await TestStores.database()
        let table = "r_" + UUID().uuidString.prefix(8).lowercased()
        try await admin.withConnection { _ = try $0.simpleQuery("CREATE TABLE public.\(table) (n int)") }
        let first = try await database.withConnection { try $0.query("SELECT pg_backend_pid()").int64(0, 0) }
        try await admin.withConnection { _ = try $0.query("SELECT pg_terminate_backend($1::int)", [.int(first)]) }
        let second = try await database.withConnection { try $0.query("SELECT pg_backend_pid()").int64(0, 0) }
        #expect(second != first, "a new session after the old one was terminated")

        let runs = Atomic<Int>(0)
        let settings = database.settings
        try await database.transaction { connection in
            _ = try connection.query("INSERT INTO public.\(table) VALUES (1)")
            if runs.add(1, ordering: .relaxed).newValue == 1 {
                // The server drops the session in the middle of the transaction.
                let other = try PostgresConnection.connect(settings)
                _ = try other.query("SELECT pg_terminate_backend($1::int)", [.int(Int64(connection.backendPID))])
            }
            _ = try connection.query("INSERT INTO public.\(table) VALUES (2)")
        }
        let rows = try await admin.withConnection {
            try $0.query("SELECT count(*) FROM public.\(table)").int64(0, 0)
        }
        #expect(runs.load(ordering: .relaxed) == 2, "the transaction ran again")
        #expect(rows == 2, "its two rows landed once, the cut-short run left nothing")
    }

    @Test(
        "A COMMIT whose answer was lost is looked up, not repeated; one that never reached the server runs again",
        arguments: [PostgresFaults.Fault.loseCommitAnswer, .dropBeforeCommit])
    func commitOutcomeUnknown(fault: PostgresFaults.Fault) async throws {
        let admin = try await TestStores.database()
        let table = "c_" + UUID().uuidString.prefix(8).lowercased()
        try await admin.withConnection { _ = try $0.simpleQuery("CREATE TABLE public.\(table) (n int)") }
        let database = try await TestStores.database { $0.faults = PostgresFaults([fault]) }
        let runs = Atomic<Int>(0)
        let answer = try await database.transaction { connection in
            runs.add(1, ordering: .relaxed)
            _ = try connection.query("INSERT INTO public.\(table) VALUES (1)")
            return 42
        }
        let rows = try await admin.withConnection {
            try $0.query("SELECT count(*) FROM public.\(table)").int64(0, 0)
        }
        #expect(answer == 42)
        #expect(rows == 1, "applied once")
        #expect(
            runs.load(ordering: .relaxed) == (fault == .loseCommitAnswer ? 1 : 2),
            "a committed transaction is not run again; a rolled-back one is")
    }

    @Test("An idle worker waiting for work wakes when another store enqueues")
    func wakesOnEnqueue() async throws {
        let schema = TestStores.schemaName()
        let waiting = try await TestStores.store(schema: schema)
        let other = try await TestStores.store(schema: schema)
        let unrelated = try await TestStores.store()
        await waiting.waitForWork(timeout: .seconds(2))  // the listener connects, and wakes once to look
        let clock = ContinuousClock()
        let started = clock.now
        async let woke: Void = waiting.waitForWork(timeout: .seconds(20))
        try await Task.sleep(for: .milliseconds(300))
        try await unrelated.enqueue(
            [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "u", payload: Data())], now: Date())
        try await other.enqueue(
            [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "k", payload: Data())], now: Date())
        await woke
        let waited = clock.now - started
        #expect(waited < .seconds(5), "woke after \(waited), not at the 20 s timeout")
        await waiting.close()
    }

    @Test("OutboxDispatcher.run delivers a message enqueued while it waits, long before its poll interval")
    func dispatcherWakes() async throws {
        let store = try await TestStores.store()
        let delivered = Mutex<[String]>([])
        var configuration = OutboxDispatcher.Configuration()
        configuration.pollInterval = .seconds(30)
        let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: .system) { message, _ in
            delivered.withLock { $0.append(message.idempotencyKey) }
        }
        let running = Task { try await dispatcher.run() }
        try await Task.sleep(for: .milliseconds(500))
        try await store.enqueue(
            [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "wake", payload: Data())], now: Date())
        let clock = ContinuousClock()
        let enqueued = clock.now
        // Delivered (handled and acknowledged) long before the 30 s poll.
        while try await store.outboxStatus(now: Date()).totalPending > 0, clock.now - enqueued < .seconds(10) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let waited = clock.now - enqueued
        running.cancel()
        #expect(delivered.withLock { $0 } == ["wake"])
        #expect(try await store.outboxStatus(now: Date()).totalPending == 0, "acknowledged after \(waited)")
        #expect(waited < .seconds(10))
    }

    @Test("Payloads of every byte value and large batches come back whole")
    func payloadsAndBatches() async throws {
        let store = try await TestStores.store()
        let payload = Data((0..<4_096).map { UInt8($0 % 256) })
        let drafts = (0..<2_000).map {
            OutboxMessage.Draft(
                destination: "erp", topic: "t", idempotencyKey: "k-\($0) \"quoted\" \\ {braces},", correlationID: "c",
                payload: $0 == 0 ? payload : Data("\($0)".utf8))
        }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.enqueue(drafts, now: now)
        let leases = try await store.claim(destination: nil, limit: 2_000, leaseDuration: .seconds(60), now: now)
        #expect(leases.count == 2_000)
        #expect(leases.first?.message.payload == payload)
        #expect(leases.map(\.message.idempotencyKey) == drafts.map(\.idempotencyKey), "in enqueue order")
        var changes = StoreChanges(time: now)
        for lease in leases { changes.acknowledge(lease) }
        try await store.commit(changes)
        #expect(try await store.outboxStatus(now: now).totalPending == 0)
    }
}
