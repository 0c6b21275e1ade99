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
                + "\(outcome.superseded.count) superseded, \(outcome.duplicates) duplicates, in \(outcome.elapsed)")
        for case let store as PostgresConnectorStore in workers + [receiver] { await store.close() }
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
