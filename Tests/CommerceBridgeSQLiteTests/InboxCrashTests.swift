import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeSQLite
import Foundation
import Testing

/// Four worker processes handle one SQLite inbox while events arrive (shuffled per entity, with duplicates), and are
/// killed with SIGKILL at random moments (seeded) and started again: every event's in-transaction effect lands exactly
/// once, in order per entity, none is lost, nothing is dead-lettered, and the handler runs that a non-deduplicating sink
/// saw twice are each explained by a kill or a failed commit.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct InboxCrashTests {
    private static let events = 4_000
    private static let entities = 400
    private static let workers = 4
    private static let killTarget = 24
    /// The worker's `maximumConcurrency`: the most handler runs a kill can catch between sink write and commit.
    private static let inFlightPerWorker = 4

    /// SplitMix64: the delivery order, the kill moments and which worker is killed follow from the printed seed.
    private struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    /// The deliveries: each entity's ten events (one second apart) in a roughly step-major order whose neighbouring
    /// steps are shuffled together, so an entity's events often arrive out of order, plus 20% again, later.
    private static func deliveries(start: Date, random: inout Seeded) -> (all: [InboxEvent.Draft], ids: Set<String>) {
        var keyed: [(key: Double, draft: InboxEvent.Draft)] = []
        var drafts: [InboxEvent.Draft] = []
        for index in 0..<events {
            let entity = index % entities
            let step = index / entities
            let draft = InboxEvent.Draft(
                source: "io-events", eventID: "evt-\(entity)-\(step)", type: "order.saved", entity: "order:\(entity)",
                occurredAt: start.addingTimeInterval(Double(step)), payload: Data("{\"n\":\(index)}".utf8))
            drafts.append(draft)
            keyed.append((Double(step) + Double.random(in: 0..<2.5, using: &random), draft))
        }
        for _ in 0..<(events / 5) {
            let index = Int(random.next() % UInt64(events))
            keyed.append((Double(index / entities) + Double.random(in: 0..<4, using: &random), drafts[index]))
        }
        return (keyed.sorted { $0.key < $1.key }.map(\.draft), Set(drafts.map(\.eventID)))
    }

    private static func start(_ worker: URL, _ arguments: [String]) throws -> ChildProcess {
        let process = try ChildProcess(worker, arguments: arguments)
        try process.start()
        return process
    }

    @Test(
        "4,000 events, 20% duplicates, 4 worker processes killed 24 times at random: each effect exactly once, in order"
    )
    func killedWorkersHandleEachEventOnce() async throws {
        let seed =
            ProcessInfo.processInfo.environment["INBOX_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        print("InboxCrashTests seed \(seed) (INBOX_CRASH_SEED=\(seed) repeats its deliveries and kills)")
        var random = Seeded(state: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("inbox.sqlite").path
        let sinkPath = directory.appendingPathComponent("sink.log").path
        let marker = directory.appendingPathComponent("received").path
        var configuration = SQLiteConnectorStore.Configuration()
        configuration.synchronousFull = false
        configuration.busyTimeout = .seconds(10)
        let receiver = try SQLiteConnectorStore(path: path, configuration: configuration)
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let (deliveries, eventIDs) = Self.deliveries(start: start, random: &random)
        let worker = try ChildProcess.builtExecutable("inbox-crash-worker")
        let arguments = [path, sinkPath, marker]
        let clock = ContinuousClock()
        let began = clock.now

        var slots = try (0..<Self.workers).map { _ in try Self.start(worker, arguments) }
        var started = slots.count
        var killed = Set<Int32>()
        var duplicatesReported = 0
        try await withThrowingTaskGroup(of: Int.self) { group in
            // The source: batches of 100 every 250 ms while the workers run; a busy store is delivered to again.
            group.addTask {
                var duplicates = 0
                var index = 0
                while index < deliveries.count {
                    let batch = Array(deliveries[index..<min(index + 100, deliveries.count)])
                    do {
                        let results = try await receiver.receiveEvents(batch, now: Date())
                        duplicates += results.filter { if case .duplicate = $0 { true } else { false } }.count
                        index += batch.count
                    } catch let error as BridgeError where error.code == .databaseLocked {
                        continue
                    }
                    try await Task.sleep(for: .milliseconds(250))
                }
                _ = FileManager.default.createFile(atPath: marker, contents: nil)
                return duplicates
            }
            // The killer: every 100–500 ms a random worker that is running and ready is killed and replaced, while
            // events are pending.
            while killed.count < Self.killTarget, clock.now - began < .seconds(120) {
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...500, using: &random)))
                let slot = Int(random.next() % UInt64(Self.workers))
                let status = try await receiver.inboxStatus(now: Date())
                if status.pending == 0, FileManager.default.fileExists(atPath: marker) { break }
                let process = slots[slot]
                guard process.isRunning, process.outputSoFar.contains("ready") else { continue }
                let pid = process.processIdentifier
                process.kill()
                let exit = await process.exit()
                guard exit.signalled else {
                    Issue.record("worker \(pid) ended before the kill: \(exit.status) \(exit.standardError)")
                    continue
                }
                killed.insert(pid)
                slots[slot] = try Self.start(worker, arguments)
                started += 1
            }
            duplicatesReported = try await group.next() ?? 0
        }
        var totals: [String] = []
        for process in slots {
            let (exit, wasKilled) = await process.exit(within: .seconds(120))
            #expect(!wasKilled && exit.status == 0, "a worker did not finish: \(exit.status) \(exit.standardError)")
            let done = exit.standardOutput.split(separator: "\n").filter { $0.hasPrefix("done") }
            totals.append(contentsOf: done.map { String($0) })
        }
        let elapsed = began.duration(to: clock.now)

        // The store: nothing pending or dead-lettered; every event handled or superseded.
        let status = try await receiver.inboxStatus(now: Date())
        #expect(status.pending == 0 && status.deadLettered == 0, "\(status)")
        var handledIDs = Set<String>()
        var supersededIDs = Set<String>()
        var after: Int64 = 0
        while true {
            let page = try await receiver.inboxEvents(states: nil, after: after, limit: 1_000)
            guard let last = page.last else { break }
            for event in page {
                switch event.state {
                case .handled: handledIDs.insert(event.eventID)
                case .superseded: supersededIDs.insert(event.eventID)
                default: Issue.record("\(event.eventID) ended \(event.state)")
                }
            }
            after = last.id
        }
        #expect(handledIDs.union(supersededIDs) == eventIDs, "every event was handled or superseded")
        #expect(duplicatesReported == deliveries.count - Self.events)

        // The effects, committed with the acknowledgements: exactly once per handled event, in order per entity.
        let database = try SQLiteConnection(path: path, busyTimeout: .seconds(5))
        let effects = try database.statement(
            "SELECT correlation_id, entity_key, CAST(explanation AS INTEGER), CAST(rule AS INTEGER) FROM audit "
                + "WHERE action = 'inbox.effect' ORDER BY id"
        ).rows { row in (eventID: row.text(0) ?? "", entity: row.text(1) ?? "", at: row.int64(2), pid: row.int64(3)) }
        var effectCounts: [String: Int] = [:]
        var committer: [String: Int32] = [:]
        var newest: [String: Int64] = [:]
        var outOfOrder: [String] = []
        for effect in effects {
            effectCounts[effect.eventID, default: 0] += 1
            committer[effect.eventID] = Int32(effect.pid)
            if let previous = newest[effect.entity], previous >= effect.at { outOfOrder.append(effect.eventID) }
            newest[effect.entity] = effect.at
        }
        let twice = effectCounts.filter { $0.value > 1 }.keys.sorted()
        #expect(twice.isEmpty, "effects committed more than once: \(twice.prefix(10))")
        #expect(Set(effectCounts.keys) == handledIDs, "an effect for every handled event and for no other")
        #expect(outOfOrder.isEmpty, "effects out of order per entity: \(outOfOrder.prefix(10))")

        // The sink, which deduplicates nothing: each handler run beyond the committed one is explained by a failed
        // commit of that worker (F) or by the kill of that worker, which can catch at most its in-flight runs.
        let lines = try String(contentsOfFile: sinkPath, encoding: .utf8).split(separator: "\n")
        var runs: [String: [Int32]] = [:]
        var failures: [String: Int] = [:]  // "event pid" -> failed commits
        for line in lines {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let pid = Int32(parts[2]) else {
                Issue.record("unreadable sink line \(line)")
                continue
            }
            if parts[0] == "H" { runs[String(parts[1]), default: []].append(pid) }
            if parts[0] == "F" { failures["\(parts[1]) \(pid)", default: 0] += 1 }
        }
        #expect(Set(runs.keys).isDisjoint(with: supersededIDs), "a superseded event reached a handler")
        #expect(Set(runs.keys) == handledIDs, "every handled event's handler ran")
        var extraByKill: [Int32: Int] = [:]
        var extraByFailedCommit = 0
        var unexplained: [String] = []
        for (eventID, pids) in runs {
            var remaining = pids
            if let index = remaining.firstIndex(of: committer[eventID] ?? -1) { remaining.remove(at: index) }
            for pid in remaining {
                if let count = failures["\(eventID) \(pid)"], count > 0 {
                    failures["\(eventID) \(pid)"] = count - 1
                    extraByFailedCommit += 1
                } else if killed.contains(pid) {
                    extraByKill[pid, default: 0] += 1
                } else {
                    unexplained.append("\(eventID) by \(pid)")
                }
            }
        }
        let sinkDuplicates = lines.filter { $0.hasPrefix("H") }.count - runs.count
        let byKill = extraByKill.values.reduce(0, +)
        #expect(unexplained.isEmpty, "handler runs neither committed, failed nor killed: \(unexplained.prefix(10))")
        #expect(
            extraByKill.values.allSatisfy { $0 <= Self.inFlightPerWorker },
            "a kill caught more runs than a worker has in flight: \(extraByKill)")
        #expect(byKill <= killed.count * Self.inFlightPerWorker)
        #expect(killed.count >= Self.killTarget / 2, "only \(killed.count) kills landed while events were pending")
        print(
            "InboxCrashTests seed \(seed): \(Self.events) events over \(Self.entities) entities, \(deliveries.count) "
                + "deliveries, \(Self.workers) workers, \(killed.count) kills, \(started) processes, in \(elapsed); "
                + "\(handledIDs.count) handled, \(supersededIDs.count) superseded, \(effects.count) effects "
                + "(\(twice.count) twice); sink \(lines.filter { $0.hasPrefix("H") }.count) runs, \(sinkDuplicates) "
                + "duplicates: \(byKill) by kills, \(extraByFailedCommit) by failed commits; survivors: \(totals)")
    }
}
