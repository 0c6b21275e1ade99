import AdobeCommerce
package import CommerceBridge

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// The inbox at production volume, for the stores' own test suites: several workers, each with its own handle on one
/// store, handle events delivered shuffled and with duplicates while they arrive.
extension ConnectorStoreConformance {
    /// What a volume run saw.
    package struct InboxVolumeOutcome: Sendable {
        /// Every event id delivered (each once).
        package var eventIDs: Set<String>
        /// Deliveries made, duplicates included.
        package var deliveries: Int
        /// Event ids in the order the handler saw them, per entity, with their occurrence times.
        package var handled: [String: [(eventID: String, occurredAt: Date)]]
        /// How many times the handler saw each event id.
        package var handledCounts: [String: Int]
        /// Event ids the store recorded as superseded.
        package var superseded: Set<String>
        /// Duplicates the store reported.
        package var duplicates: Int
        /// How long it took.
        package var elapsed: Duration
        /// The processors' reports, summed.
        package var report: InboxProcessor.Report
        /// Passes that failed because the store was busy (`databaseLocked`) and were tried again.
        package var busyPasses: Int

        /// The problems found: an id handled twice (more often than outcomes went uncommitted or leases were lost,
        /// the at-least-once cases), lost, or both handled and superseded, or an entity handled out of order. Empty
        /// when the run was right.
        package var problems: [String] {
            var problems: [String] = []
            let twice = handledCounts.filter { $0.value > 1 }.keys.sorted()
            if twice.count > report.uncommitted + report.leaseLost {
                problems.append(
                    "handled more than once: \(twice.prefix(5)), with \(report.uncommitted) uncommitted outcomes "
                        + "and \(report.leaseLost) lost leases")
            }
            let handledIDs = Set(handledCounts.keys)
            let both = handledIDs.intersection(superseded)
            if !both.isEmpty { problems.append("handled and superseded: \(both.sorted().prefix(5))") }
            let lost = eventIDs.subtracting(handledIDs).subtracting(superseded)
            if !lost.isEmpty {
                problems.append("\(lost.count) neither handled nor superseded: \(lost.sorted().prefix(5))")
            }
            for (entity, events) in handled {
                for (earlier, later) in zip(events, events.dropFirst()) where later.occurredAt < earlier.occurredAt {
                    problems.append("\(entity): \(later.eventID) handled after the later \(earlier.eventID)")
                    break
                }
            }
            return problems
        }
    }

    /// Delivers `events` events over `entities` entities (their occurrence times one second apart per entity), shuffled,
    /// plus `duplicateRate` of them again, in batches of 50, while `workers.count` processors (one per handle) handle
    /// them with a handler that records every call and deduplicates nothing.
    package static func runInboxVolume(
        workers: [any ConnectorStore], receiver: any ConnectorStore, events: Int = 5_000, entities: Int = 500,
        duplicateRate: Double = 0.2, seed: UInt64 = 42
    ) async throws -> InboxVolumeOutcome {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        var generator = SplitMix(seed: seed)
        let drafts = (0..<events).map { index in
            let entity = index % entities
            let step = index / entities
            return InboxEvent.Draft(
                source: "io-events", eventID: "evt-\(entity)-\(step)", type: "order.saved", entity: "order:\(entity)",
                occurredAt: start.addingTimeInterval(Double(step)), payload: Data("{\"n\":\(index)}".utf8))
        }
        var deliveries = drafts
        for _ in 0..<Int(Double(events) * duplicateRate) {
            deliveries.append(drafts[Int(generator.next() % UInt64(drafts.count))])
        }
        deliveries.shuffle(using: &generator)
        let delivered = deliveries
        let sink = LockedValue<[(entity: String, eventID: String, occurredAt: Date)]>([])
        let receiving = LockedValue(true)
        let duplicates = LockedValue(0)
        let reports = LockedValue(InboxProcessor.Report())
        let busy = LockedValue(0)
        let clock = ContinuousClock()
        let began = clock.now
        let configuration = {
            var configuration = InboxProcessor.Configuration()
            configuration.maximumConcurrency = 4
            configuration.leaseDuration = .seconds(15)  // an outcome that could not be committed comes back sooner
            return configuration
        }()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { receiving.withLock { $0 = false } }
                var index = 0
                while index < delivered.count {
                    let batch = Array(delivered[index..<min(index + 50, delivered.count)])
                    let results: [InboxAcceptance]
                    do {
                        results = try await receiver.receiveEvents(batch, now: Date())
                    } catch let error as BridgeError where error.code == .databaseLocked {
                        // A source whose delivery failed delivers again (nothing of the batch was stored).
                        busy.withLock { $0 += 1 }
                        continue
                    }
                    index += batch.count
                    let count = results.filter { if case .duplicate = $0 { true } else { false } }.count
                    duplicates.withLock { $0 += count }
                    await Task.yield()
                }
            }
            for store in workers {
                group.addTask {
                    let processor = InboxProcessor(
                        store: store, time: .system,
                        handlers: [
                            "order.saved": { event, _ in
                                sink.withLock { $0.append((event.entity ?? "", event.eventID, event.occurredAt)) }
                            }
                        ], configuration: configuration)
                    while true {
                        let stillReceiving = receiving.withLock { $0 }
                        do {
                            let report = try await processor.processAvailable()
                            reports.withLock { total in
                                total.handled += report.handled
                                total.ignored += report.ignored
                                total.retried += report.retried
                                total.deadLettered += report.deadLettered
                                total.leaseLost += report.leaseLost
                                total.uncommitted += report.uncommitted
                            }
                            if report == InboxProcessor.Report() {
                                if !stillReceiving, try await store.inboxStatus(now: Date()).pending == 0 { return }
                                try await Task.sleep(for: .milliseconds(5))
                            }
                        } catch let error as BridgeError where error.code == .databaseLocked {
                            // As `InboxProcessor.run()` does: a busy store is waited out.
                            busy.withLock { $0 += 1 }
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = began.duration(to: clock.now)
        var superseded = Set<String>()
        var after: Int64 = 0
        while true {
            let page = try await receiver.inboxEvents(states: [.superseded], after: after, limit: 1_000)
            guard let last = page.last else { break }
            superseded.formUnion(page.map(\.eventID))
            after = last.id
        }
        var handled: [String: [(eventID: String, occurredAt: Date)]] = [:]
        var counts: [String: Int] = [:]
        for entry in sink.withLock({ $0 }) {
            handled[entry.entity, default: []].append((entry.eventID, entry.occurredAt))
            counts[entry.eventID, default: 0] += 1
        }
        return InboxVolumeOutcome(
            eventIDs: Set(drafts.map(\.eventID)), deliveries: deliveries.count, handled: handled,
            handledCounts: counts, superseded: superseded, duplicates: duplicates.withLock { $0 },
            elapsed: elapsed, report: reports.withLock { $0 }, busyPasses: busy.withLock { $0 })
    }

    /// SplitMix64, for reproducible shuffles.
    struct SplitMix: RandomNumberGenerator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }
}
