import AdobeCommerce
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import PostgresTestSupport
import Testing

@testable import CommerceBridgePostgres

@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.unavailableMessage)))
struct PostgresInboxTests {
    @Test(
        "Four workers (four pools) on one schema handle 5,000 events over 500 entities delivered shuffled with 20% duplicates: each once, in order per entity"
    )
    func productionVolume() async throws {
        let schema = TestStores.schemaName()
        var workers: [any ConnectorStore] = []
        for _ in 0..<4 { workers.append(try await TestStores.store(schema: schema) { $0.poolSize = 2 }) }
        let receiver = try await TestStores.store(schema: schema)
        let outcome = try await ConnectorStoreConformance.runInboxVolume(workers: workers, receiver: receiver)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.duplicates == outcome.deliveries - 5_000)
        #expect(outcome.handledCounts.count + outcome.superseded.count == 5_000)
        print(
            "PostgreSQL inbox volume: \(outcome.deliveries) deliveries, \(outcome.handledCounts.count) handled, "
                + "\(outcome.superseded.count) superseded, \(outcome.duplicates) duplicates, in \(outcome.elapsed); "
                + "\(outcome.report), \(outcome.busyPasses) busy passes")
        for case let store as PostgresConnectorStore in workers + [receiver] { await store.close() }
    }

    @Test("Claims beside 100,000 handled and 10,000 pending events take one event per entity")
    func claimsStayFast() async throws {
        let schema = TestStores.schemaName()
        let store = try await TestStores.store(schema: schema)
        let database = try await TestStores.database()
        try await database.withConnection { connection in
            _ = try connection.simpleQuery(
                """
                INSERT INTO \(schema).inbox (source, event_id, type, entity, occurred_at, payload, received_at,
                    available_at, state, state_at)
                SELECT 'io-events', 'h-' || i, 'order.saved', 'order:' || (i % 5000), i, '\\x00', 0, 0, 1, 1000
                FROM generate_series(1, 100000) AS i;
                INSERT INTO \(schema).inbox (source, event_id, type, entity, occurred_at, payload, received_at,
                    available_at)
                SELECT 'io-events', 'p-' || i, 'order.saved', 'order:' || (i % 2000), 200000 + i, '\\x00', 0, 0
                FROM generate_series(1, 10000) AS i;
                ANALYZE \(schema).inbox;
                """)
        }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = ContinuousClock()
        var total = Duration.zero
        var claimed = 0
        for _ in 0..<50 {
            let began = clock.now
            let leases = try await store.claimEvents(limit: 8, leaseDuration: .seconds(60), now: now)
            total += began.duration(to: clock.now)
            claimed += leases.count
            #expect(Set(leases.compactMap(\.event.entity)).count == leases.count, "one per entity")
            var changes = StoreChanges(time: now)
            for lease in leases { changes.acknowledgeEvent(lease) }
            try await store.commit(changes)
        }
        #expect(claimed == 400)
        print("PostgreSQL inbox claim of 8 beside 100,000 handled and 10,000 pending: mean \(total / 50)")
        let status = try await store.inboxStatus(now: now)
        #expect(status.handled == 100_400 && status.pending == 9_600)
        await store.close()
        await database.close()
    }

    @Test("A receive wakes a worker waiting for work on another store")
    func receiveNotifies() async throws {
        let schema = TestStores.schemaName()
        let waiting = try await TestStores.store(schema: schema)
        let receiving = try await TestStores.store(schema: schema)
        await waiting.waitForWork(timeout: .milliseconds(50))  // opens the LISTEN connection
        let clock = ContinuousClock()
        let began = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await waiting.waitForWork(timeout: .seconds(20)) }
            try await Task.sleep(for: .milliseconds(100))
            _ = try await receiving.receiveEvents(
                [
                    InboxEvent.Draft(
                        source: "journal", eventID: "n1", type: "t", entity: nil, occurredAt: Date(), payload: Data())
                ],
                now: Date())
            try await group.waitForAll()
        }
        #expect(began.duration(to: clock.now) < .seconds(10), "woken by the receive, not the timeout")
        await waiting.close()
        await receiving.close()
    }
}
