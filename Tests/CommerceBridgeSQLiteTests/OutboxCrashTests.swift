import AdobeCommerceTesting
import CSQLite
import CommerceBridge
import CommerceBridgeSQLite
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Kills a worker with SIGKILL at random moments while it drains 2,000 messages, restarts it each time,
/// and checks every message's effect happened exactly once and none was lost.
@Suite(.serialized)
struct OutboxCrashTests {
    private static func workerPath() throws -> String {
        try ChildProcess.builtExecutable("outbox-crash-worker").path
    }

    /// The first column of `sql`'s first row, or -1 while the database or its table does not exist yet.
    private static func count(_ sql: String, in path: String) -> Int {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { return -1 }
        defer { sqlite3_close(handle) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { return -1 }
        defer { sqlite3_finalize(statement) }
        return sqlite3_step(statement) == SQLITE_ROW ? Int(sqlite3_column_int64(statement, 0)) : -1
    }

    @Test(
        "2,000 messages, 24 SIGKILLs at random moments: every effect exactly once, nothing lost",
        .timeLimit(.minutes(3)))
    func killedWorkersLoseNothingAndDuplicateNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outbox = directory.appendingPathComponent("outbox.sqlite").path
        let effects = directory.appendingPathComponent("effects.sqlite").path
        let messageCount = 2_000
        do {
            let store = try SQLiteConnectorStore(path: outbox)
            let keys = (0..<messageCount).map { "order-\($0)" }
            for chunk in stride(from: 0, to: messageCount, by: 500) {
                try await store.enqueue(
                    keys[chunk..<chunk + 500].map {
                        OutboxMessage.Draft(
                            destination: "erp", topic: "order.export", idempotencyKey: $0, payload: Data($0.utf8))
                    }, now: Date())
            }
        }
        let worker = try Self.workerPath()
        var random = SystemRandomNumberGenerator()
        var kills = 0
        var early: [String] = []
        for _ in 0..<24 {
            let process = try ChildProcess(URL(fileURLWithPath: worker), arguments: [outbox, effects])
            try process.start()
            // A random moment after the worker began delivering: on a loaded machine its start alone can take
            // longer than the whole window, and a worker killed before it delivers anything tests nothing.
            let started = ContinuousClock.now
            while process.isRunning, ContinuousClock.now - started < .seconds(30),
                Self.count("SELECT count(*) FROM deliveries WHERE pid = \(process.processIdentifier)", in: effects) < 1
            {
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...80, using: &random)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
                _ = await process.exit()
            } else {
                let exit = await process.exit()
                early.append(
                    "status \(exit.status)\(exit.signalled ? " (signal)" : ""): \(exit.standardError.prefix(200))")
            }
        }
        let survivor = try await ChildProcess.run(URL(fileURLWithPath: worker), arguments: [outbox, effects])
        #expect(survivor.status == 0, "\(survivor.standardError)")
        #expect(kills >= 20, "the worker was killed mid-run \(kills) times; the others ended early: \(early)")

        let applied = Self.count("SELECT count(*) FROM effects", in: effects)
        let distinct = Self.count("SELECT count(DISTINCT idempotency_key) FROM effects", in: effects)
        let deliveries = Self.count("SELECT count(*) FROM deliveries", in: effects)
        let workers = Self.count("SELECT count(DISTINCT pid) FROM deliveries", in: effects)
        #expect(applied == messageCount, "every message's effect happened")
        #expect(distinct == messageCount, "no effect happened twice")
        #expect(
            deliveries >= messageCount, "at-least-once delivery: \(deliveries) deliveries for \(messageCount) messages")
        #expect(workers >= 10, "the work was spread over \(workers) killed and restarted workers")
        print(
            "crash test: \(kills) kills, \(workers) workers, \(deliveries) deliveries, \(applied) effects for \(messageCount) messages"
        )
        let store = try SQLiteConnectorStore(path: outbox)
        let status = try await store.outboxStatus(now: Date())
        #expect(
            status.totalPending == 0 && status.deadLettered == 0, "the outbox is empty and nothing was dead-lettered")
    }
}
