import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeSQLite
import CommerceBridgeTesting
import Foundation
import Testing

/// Four worker processes handle one SQLite inbox while events arrive (shuffled per entity, with duplicates), and are
/// killed with SIGKILL at random moments (seeded) and started again: every event's in-transaction effect lands exactly
/// once, in order per entity, none is lost, nothing is dead-lettered, and the handler runs that a non-deduplicating sink
/// saw twice are each explained by a kill or a failed commit (see `ConnectorStoreConformance.runInboxKills`).
@Suite(.serialized, .timeLimit(.minutes(5)))
struct InboxCrashTests {
    @Test(
        "4,000 events, 20% duplicates, 4 worker processes killed 24 times at random: each effect exactly once, in order"
    )
    func killedWorkersHandleEachEventOnce() async throws {
        let seed =
            ProcessInfo.processInfo.environment["INBOX_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        print("InboxCrashTests seed \(seed) (INBOX_CRASH_SEED=\(seed) repeats its deliveries and kills)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("inbox.sqlite").path
        var configuration = SQLiteConnectorStore.Configuration()
        configuration.synchronousFull = false
        configuration.busyTimeout = .seconds(10)
        let receiver = try SQLiteConnectorStore(path: path, configuration: configuration)
        let outcome = try await ConnectorStoreConformance.runInboxKills(
            receiver: receiver, worker: ChildProcess.builtExecutable("inbox-crash-worker"),
            arguments: ["sqlite", path], directory: directory, seed: seed)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.effectsTwice == 0 && outcome.effects == outcome.handled)
        #expect(outcome.duplicatesByKills <= outcome.kills * 4)
        print("InboxCrashTests seed \(seed): \(outcome.summary)")
    }
}
