import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgePostgres
import CommerceBridgeTesting
import Foundation
import PostgresTestSupport
import Testing

/// `InboxCrashTests` on PostgreSQL: four worker processes on one schema of a private server, killed with SIGKILL at
/// random moments (seeded) while events arrive: every effect exactly once, in order per entity, none lost.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.unavailableMessage)))
struct PostgresInboxCrashTests {
    @Test(
        "4,000 events, 20% duplicates, 4 worker processes killed 24 times at random: each effect exactly once, in order"
    )
    func killedWorkersHandleEachEventOnce() async throws {
        let seed =
            ProcessInfo.processInfo.environment["INBOX_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        print("PostgresInboxCrashTests seed \(seed) (INBOX_CRASH_SEED=\(seed) repeats its deliveries and kills)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await PostgresTestServer.sharedServer()
        var configuration = PostgresConnectorStore.Configuration()
        configuration.schema = TestStores.schemaName()
        let receiver = try await PostgresConnectorStore(
            connectionString: server.connectionString(), configuration: configuration)
        let outcome = try await ConnectorStoreConformance.runInboxKills(
            receiver: receiver, worker: ChildProcess.builtExecutable("inbox-crash-worker"),
            arguments: ["postgres", server.connectionString(), configuration.schema], directory: directory, seed: seed)
        await receiver.close()
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.effectsTwice == 0 && outcome.effects == outcome.handled)
        #expect(outcome.duplicatesByKills <= outcome.kills * 4)
        print("PostgresInboxCrashTests seed \(seed): \(outcome.summary)")
    }
}
