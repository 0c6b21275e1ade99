import AdobeCommerce
import CSQLite
import CommerceBridge
import CommerceBridgeSQLite
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

struct SQLiteInboxTests {
    private static let directory = try! TemporaryDirectory()

    private static func fastStore(_ path: String) throws -> SQLiteConnectorStore {
        var configuration = SQLiteConnectorStore.Configuration()
        // Survives process crashes: these tests are about concurrency and volume, not power loss.
        configuration.synchronousFull = false
        configuration.busyTimeout = .seconds(30)
        return try SQLiteConnectorStore(path: path, configuration: configuration)
    }

    @Test("A schema-6 database gains the inbox on open, keeping its data")
    func migratesToTheInbox() async throws {
        let path = Self.directory.path("six.sqlite")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            let store = try SQLiteConnectorStore(path: path)
            try await store.enqueue(
                [OutboxMessage.Draft(destination: "erp", topic: "t", idempotencyKey: "kept", payload: Data())], now: now
            )
        }
        try SQLiteConnectorStoreTests.sql(path, "DROP TABLE inbox; PRAGMA user_version = 6;")
        let migrated = try SQLiteConnectorStore(path: path)
        #expect(
            SQLiteConnectorStoreTests.integer(path, "PRAGMA user_version") == Int64(SQLiteConnectorStore.schemaVersion))
        #expect(SQLiteConnectorStore.schemaVersion == 7)
        #expect(try await migrated.outboxStatus(now: now).totalPending == 1)
        let accepted = try await migrated.receiveEvents(
            [
                InboxEvent.Draft(
                    source: "journal", eventID: "e1", type: "t", entity: nil, occurredAt: now, payload: Data())
            ],
            now: now)
        #expect(accepted == [.accepted(position: 1)])
    }

    @Test("Claims beside 100,000 handled and 10,000 pending events take one event per entity")
    func claimsStayFast() async throws {
        let path = Self.directory.path("large.sqlite")
        let store = try Self.fastStore(path)
        // Bulk rows straight into the table: 100,000 handled over 5,000 entities, 10,000 pending over 2,000.
        try SQLiteConnectorStoreTests.sql(
            path,
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
            INSERT INTO inbox (source, event_id, type, entity, occurred_at, payload, received_at, available_at, state,
                state_at)
            SELECT 'io-events', 'h-' || i, 'order.saved', 'order:' || (i % 5000), i, x'00', 0, 0, 1, 1000 FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
            INSERT INTO inbox (source, event_id, type, entity, occurred_at, payload, received_at, available_at)
            SELECT 'io-events', 'p-' || i, 'order.saved', 'order:' || (i % 2000), 200000 + i, x'00', 0, 0 FROM n;
            ANALYZE;
            """)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = ContinuousClock()
        var slowest = Duration.zero
        var claimed = 0
        var total = Duration.zero
        for round in 0..<50 {
            let began = clock.now
            let leases = try await store.claimEvents(limit: 8, leaseDuration: .seconds(60), now: now)
            let took = began.duration(to: clock.now)
            slowest = max(slowest, took)
            total += took
            claimed += leases.count
            #expect(Set(leases.compactMap(\.event.entity)).count == leases.count, "one per entity (round \(round))")
            var changes = StoreChanges(time: now)
            for lease in leases { changes.acknowledgeEvent(lease) }
            try await store.commit(changes)
        }
        #expect(claimed == 400)
        print("inbox claim of 8 beside 100,000 handled and 10,000 pending: mean \(total / 50), slowest \(slowest)")
        let status = try await store.inboxStatus(now: now)
        #expect(status.handled == 100_400 && status.pending == 9_600)
    }

    @Test("A claim that waited for the write lock longer than its lease does not hand the event to a handler")
    func claimOutwaitingItsLease() async throws {
        let path = Self.directory.path("outwaited.sqlite")
        let worker = try Self.fastStore(path)
        let other = try Self.fastStore(path)
        _ = try await worker.receiveEvents(
            [
                InboxEvent.Draft(
                    source: "io-events", eventID: "e1", type: "order.saved", entity: "order:1", occurredAt: Date(),
                    payload: Data())
            ], now: Date())
        // Another connection holds the write lock for longer than the lease: the claim waits for it (its busy timeout
        // is 30 s) and is then decided at the time it was asked for.
        let blocker = try SQLiteConnection(path: path, busyTimeout: .seconds(1))
        try blocker.execute("BEGIN IMMEDIATE")
        let stolen = Mutex<[String]>([])
        var configuration = InboxProcessor.Configuration()
        configuration.maximumConcurrency = 1
        configuration.leaseDuration = .seconds(2)
        let processor = InboxProcessor(
            store: worker, time: .system,
            handlers: [
                "order.saved": { _, _ in
                    // Another worker claims while this handler runs: it must find the event held.
                    let leases = try await other.claimEvents(limit: 1, leaseDuration: .seconds(30), now: Date())
                    stolen.withLock { $0.append(contentsOf: leases.map(\.event.eventID)) }
                }
            ], configuration: configuration)
        let pass = Task { try await processor.processAvailable() }
        try await Task.sleep(for: .milliseconds(2_500))
        try blocker.execute("COMMIT")
        let report = try await pass.value
        #expect(stolen.withLock { $0 }.isEmpty, "another worker claimed the event while it was being handled")
        #expect(report.handled == 1 && report.leaseLost == 1, "\(report)")
        #expect(try await worker.inboxStatus(now: Date()).handled == 1)
    }

    @Test(
        "Four workers on one file handle 5,000 events over 500 entities delivered shuffled with 20% duplicates: each once, in order per entity"
    )
    func productionVolume() async throws {
        let path = Self.directory.path("volume.sqlite")
        let workers = try (0..<4).map { _ in try Self.fastStore(path) as any ConnectorStore }
        let outcome = try await ConnectorStoreConformance.runInboxVolume(
            workers: workers, receiver: try Self.fastStore(path))
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.duplicates == outcome.deliveries - 5_000)
        #expect(outcome.handledCounts.count + outcome.superseded.count == 5_000)
        print(
            "SQLite inbox volume: \(outcome.deliveries) deliveries, \(outcome.handledCounts.count) handled, "
                + "\(outcome.superseded.count) superseded, \(outcome.duplicates) duplicates, in \(outcome.elapsed); "
                + "\(outcome.report), \(outcome.busyPasses) busy passes")
    }
}
