import AdobeCommerce
import AdobeCommerceTesting
package import CommerceBridge

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// The inbox with worker processes killed at random, for the stores' own test suites (`InboxCrashTests`,
/// `PostgresInboxCrashTests`): the worker is `Tests/InboxCrashWorker`, whose handler appends `H <event id> <pid>` to a
/// non-deduplicating sink file before its commit, and commits an `inbox.effect` audit record (rule: its pid;
/// explanation: the occurrence time in milliseconds; key: the entity) with the acknowledgement; a failed commit appends
/// `F <event id> <pid>`.
extension ConnectorStoreConformance {
    /// What a run with kills saw.
    package struct InboxKillsOutcome: Sendable {
        /// Events (distinct ids), and deliveries made, duplicates included.
        package var events: Int
        package var deliveries: Int
        /// Worker processes killed with SIGKILL, and started in all.
        package var kills: Int
        package var processes: Int
        /// Events handled and superseded, by the store's account.
        package var handled: Int
        package var superseded: Int
        /// Effects committed, and the events with more than one.
        package var effects: Int
        package var effectsTwice: Int
        /// Handler runs in the sink, those beyond each event's committed one, and of those the ones a kill explains
        /// and the ones a failed commit explains.
        package var sinkRuns: Int
        package var sinkDuplicates: Int
        package var duplicatesByKills: Int
        package var duplicatesByFailedCommits: Int
        /// How long it took.
        package var elapsed: Duration
        /// The last workers' totals, as they printed them.
        package var survivors: [String]
        /// What was wrong; empty when the run was right.
        package var problems: [String]

        /// One line of figures.
        package var summary: String {
            "\(events) events, \(deliveries) deliveries, \(kills) kills, \(processes) processes, in \(elapsed); "
                + "\(handled) handled, \(superseded) superseded, \(effects) effects (\(effectsTwice) twice); sink "
                + "\(sinkRuns) runs, \(sinkDuplicates) duplicates: \(duplicatesByKills) by kills, "
                + "\(duplicatesByFailedCommits) by failed commits; survivors: \(survivors)"
        }
    }

    /// SplitMix64: the delivery order, the kill moments and which worker is killed follow from the seed.
    private struct KillSchedule: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    /// Delivers `events` events over `entities` entities (each entity's ten or so events one second apart, delivered
    /// in a roughly step-major order whose neighbouring steps are shuffled together, so an entity's events often arrive
    /// out of order, plus 20% again, later) in batches of 100 every 250 ms into `receiver`, while `workers` worker
    /// processes (`worker` with `arguments`, then the sink file and the marker file) handle them; every 100–500 ms a
    /// random running worker is killed with SIGKILL and another started, `killTarget` times or until all is handled.
    package static func runInboxKills(
        receiver: any ConnectorStore, worker: URL, arguments: [String], directory: URL, seed: UInt64,
        events: Int = 4_000, entities: Int = 400, workers: Int = 4, killTarget: Int = 24, inFlightPerWorker: Int = 4
    ) async throws -> InboxKillsOutcome {
        var random = KillSchedule(state: seed)
        let sinkPath = directory.appendingPathComponent("sink.log").path
        let marker = directory.appendingPathComponent("received").path
        let start = Date(timeIntervalSince1970: 1_767_225_600)
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
        let deliveries = keyed.sorted { $0.key < $1.key }.map(\.draft)
        let eventIDs = Set(drafts.map(\.eventID))
        let workerArguments = arguments + [sinkPath, marker]
        func startWorker() throws -> ChildProcess {
            let process = try ChildProcess(worker, arguments: workerArguments)
            try process.start()
            return process
        }
        var problems: [String] = []
        let clock = ContinuousClock()
        let began = clock.now
        var slots = try (0..<workers).map { _ in try startWorker() }
        var started = slots.count
        var killed = Set<Int32>()
        var duplicatesReported = 0
        try await withThrowingTaskGroup(of: Int.self) { group in
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
                        continue  // a source whose delivery failed delivers again
                    }
                    try await Task.sleep(for: .milliseconds(250))
                }
                _ = FileManager.default.createFile(atPath: marker, contents: nil)
                return duplicates
            }
            while killed.count < killTarget, clock.now - began < .seconds(120) {
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...500, using: &random)))
                let slot = Int(random.next() % UInt64(workers))
                let status = try await receiver.inboxStatus(now: Date())
                if status.pending == 0, FileManager.default.fileExists(atPath: marker) { break }
                let process = slots[slot]
                guard process.isRunning, process.outputSoFar.contains("ready") else { continue }
                let pid = process.processIdentifier
                process.kill()
                let exit = await process.exit()
                guard exit.signalled else {
                    problems.append("worker \(pid) ended before the kill: \(exit.status) \(exit.standardError)")
                    continue
                }
                killed.insert(pid)
                slots[slot] = try startWorker()
                started += 1
            }
            duplicatesReported = try await group.next() ?? 0
        }
        var survivors: [String] = []
        for process in slots {
            let (exit, wasKilled) = await process.exit(within: .seconds(120))
            if wasKilled || exit.status != 0 {
                problems.append("a worker did not finish: \(exit.status) \(exit.standardError.suffix(500))")
            }
            survivors += exit.standardOutput.split(separator: "\n").filter { $0.hasPrefix("done") }.map { String($0) }
        }
        let elapsed = began.duration(to: clock.now)

        // The store: nothing pending or dead-lettered; every event handled or superseded.
        let status = try await receiver.inboxStatus(now: Date())
        if status.pending != 0 || status.deadLettered != 0 {
            problems.append("left pending or dead-lettered: \(status)")
        }
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
                default: problems.append("\(event.eventID) ended \(event.state)")
                }
            }
            after = last.id
        }
        if handledIDs.union(supersededIDs) != eventIDs {
            problems.append("\(eventIDs.subtracting(handledIDs).subtracting(supersededIDs).count) events lost")
        }
        if duplicatesReported != deliveries.count - events {
            problems.append("\(duplicatesReported) duplicates reported for \(deliveries.count - events) redeliveries")
        }

        // The effects, committed with the acknowledgements: exactly once per handled event, in order per entity.
        var effectCounts: [String: Int] = [:]
        var committer: [String: Int32] = [:]
        var outOfOrder: [String] = []
        var effects = 0
        for entity in 0..<entities {
            let records = try await receiver.auditRecords(
                for: EntityReference(
                    EntityKind(rawValue: "crashTestOrder"), SystemID(rawValue: "inbox-crash-test"), "order:\(entity)"))
            var newest: Int64?
            for record in records where record.action == "inbox.effect" {
                effects += 1
                effectCounts[record.correlationID, default: 0] += 1
                committer[record.correlationID] = Int32(record.rule)
                let at = Int64(record.explanation) ?? 0
                if let newest, newest >= at { outOfOrder.append(record.correlationID) }
                newest = at
            }
        }
        let twice = effectCounts.filter { $0.value > 1 }.keys.sorted()
        if !twice.isEmpty { problems.append("effects committed more than once: \(twice.prefix(10))") }
        if Set(effectCounts.keys) != handledIDs { problems.append("effects and handled events differ") }
        if !outOfOrder.isEmpty { problems.append("effects out of order per entity: \(outOfOrder.prefix(10))") }

        // The sink, which deduplicates nothing: each handler run beyond the committed one is explained by a failed
        // commit of that worker (F) or by the kill of that worker, which can catch at most its in-flight runs.
        let lines = try String(contentsOfFile: sinkPath, encoding: .utf8).split(separator: "\n")
        var runs: [String: [Int32]] = [:]
        var failures: [String: Int] = [:]
        for line in lines {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let pid = Int32(parts[2]) else {
                problems.append("unreadable sink line \(line)")
                continue
            }
            if parts[0] == "H" { runs[String(parts[1]), default: []].append(pid) }
            if parts[0] == "F" { failures["\(parts[1]) \(pid)", default: 0] += 1 }
        }
        if !Set(runs.keys).isDisjoint(with: supersededIDs) { problems.append("a superseded event reached a handler") }
        if Set(runs.keys) != handledIDs { problems.append("handler runs and handled events differ") }
        var byKill: [Int32: Int] = [:]
        var byFailedCommit = 0
        var unexplained: [String] = []
        for (eventID, pids) in runs {
            var remaining = pids
            if let index = remaining.firstIndex(of: committer[eventID] ?? -1) { remaining.remove(at: index) }
            for pid in remaining {
                if let count = failures["\(eventID) \(pid)"], count > 0 {
                    failures["\(eventID) \(pid)"] = count - 1
                    byFailedCommit += 1
                } else if killed.contains(pid) {
                    byKill[pid, default: 0] += 1
                } else {
                    unexplained.append("\(eventID) by \(pid)")
                }
            }
        }
        if !unexplained.isEmpty {
            problems.append("handler runs neither committed, failed nor killed: \(unexplained.prefix(10))")
        }
        if !byKill.values.allSatisfy({ $0 <= inFlightPerWorker }) {
            problems.append("a kill caught more runs than a worker has in flight: \(byKill)")
        }
        if killed.count < killTarget / 2 {
            problems.append("only \(killed.count) kills landed while events were pending")
        }
        let sinkRuns = lines.filter { $0.hasPrefix("H") }.count
        return InboxKillsOutcome(
            events: events, deliveries: deliveries.count, kills: killed.count, processes: started,
            handled: handledIDs.count, superseded: supersededIDs.count, effects: effects, effectsTwice: twice.count,
            sinkRuns: sinkRuns, sinkDuplicates: sinkRuns - runs.count, duplicatesByKills: byKill.values.reduce(0, +),
            duplicatesByFailedCommits: byFailedCommit, elapsed: elapsed, survivors: survivors, problems: problems)
    }
}
