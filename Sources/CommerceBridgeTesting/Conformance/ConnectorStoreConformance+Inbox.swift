import AdobeCommerce
import CommerceBridge
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Checks of the inbox: deduplication, stale events, order and exclusivity per entity, fencing, poison events, replay,
/// retention and status.
extension ConnectorStoreConformance {
    static let inboxChecks: [Check] = [
        Check(name: "inboxDeduplicatesByEventID") { context in
            let store = context.store
            let first = try await store.receiveEvents(
                [
                    context.event("a", entity: "order:1", at: 1), context.event("b", entity: "order:2", at: 1),
                    context.event("a", entity: "order:1", at: 1),
                ], now: context.at(0))
            guard case .accepted(let a) = first[0], case .accepted(let b) = first[1] else {
                throw Failure(check: context.name, message: "two new events are accepted: \(first)")
            }
            try context.expect(b > a, "positions increase in receive order: \(first)")
            try context.expect(first[2] == .duplicate(position: a), "a duplicate within the batch: \(first)")
            let again = try await store.receiveEvents(
                [context.event("a", entity: "order:1", at: 1)], now: context.at(1))
            try context.expect(again == [.duplicate(position: a)], "a duplicate across batches: \(again)")
            let leases = try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(2))
            try context.expect(leases.map(\.event.eventID).sorted() == ["a", "b"], "each event once: \(leases)")
            try await context.commit(at: 3) { changes in for lease in leases { changes.acknowledgeEvent(lease) } }
            let afterHandling = try await store.receiveEvents(
                [context.event("b", entity: "order:2", at: 9), context.event("c", entity: nil, at: 9)],
                now: context.at(4))
            try context.expect(
                afterHandling[0] == .duplicate(position: b), "a duplicate after handling: \(afterHandling)")
            guard case .accepted(let c) = afterHandling[1] else {
                throw Failure(check: context.name, message: "a new event is accepted: \(afterHandling)")
            }
            try context.expect(c > b, "a later position")
            let pending = try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(5))
            try context.expect(pending.map(\.event.eventID) == ["c"], "duplicates are never handled: \(pending)")
            let stored = try await store.inboxEvents(states: nil, after: 0, limit: 10)
            try context.expect(stored.count == 3, "three events stored: \(stored.map(\.eventID))")
            try context.expect(
                stored[0].state == .handled(at: context.at(3)) && stored[0].receivedAt == context.at(0)
                    && stored[0].payload == Data("{\"event\":\"a\"}".utf8) && stored[0].type == "order.saved"
                    && stored[0].source == "io-events" && stored[0].entity == "order:1"
                    && stored[0].occurredAt == context.at(1),
                "an event is kept whole: \(stored[0])")
        },
        Check(name: "inboxSupersedesStaleEvents") { context in
            let store = context.store
            _ = try await store.receiveEvents([context.event("new", entity: "order:1", at: 100)], now: context.at(0))
            // An older event arriving while the newer one waits unclaimed is accepted, and handled first.
            let early = try await store.receiveEvents(
                [context.event("older", entity: "order:1", at: 50)], now: context.at(1))
            guard case .accepted = early[0] else {
                throw Failure(check: context.name, message: "an older event before any claim is accepted: \(early)")
            }
            let first = try requireEvent(
                try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(2)), context)
            try context.expect(first.event.eventID == "older", "the older is handled first: \(first.event.eventID)")
            try await context.commit(at: 3) { $0.acknowledgeEvent(first) }
            let second = try requireEvent(
                try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(4)), context)
            try context.expect(second.event.eventID == "new", "then the newer")
            // Once the newer one was handed to a handler, an older one would overtake it: superseded, never handled.
            let late = try await store.receiveEvents(
                [
                    context.event("stale", entity: "order:1", at: 70),
                    context.event("same", entity: "order:1", at: 100),
                    context.event("other", entity: "order:2", at: 10),
                ], now: context.at(5))
            guard case .stale(let position, let newest) = late[0] else {
                throw Failure(check: context.name, message: "an event older than one claimed is stale: \(late)")
            }
            try context.expect(newest == context.at(100), "stale names the newest time: \(newest)")
            guard case .accepted = late[1], case .accepted = late[2] else {
                throw Failure(
                    check: context.name,
                    message: "an event as new as the newest, or of another entity, is accepted: \(late)")
            }
            try await context.commit(at: 6) { $0.acknowledgeEvent(second) }
            let stored = try await store.inboxEvents(states: [.superseded], after: 0, limit: 10)
            try context.expect(
                stored.map(\.id) == [position] && stored[0].state == .superseded(at: context.at(5)),
                "the stale event is kept as superseded: \(stored)")
            var handled: [String] = []
            for step in 0..<4 {
                let leases = try await store.claimEvents(
                    limit: 10, leaseDuration: .seconds(60), now: context.at(10 + Double(step)))
                handled += leases.map(\.event.eventID)
                try await context.commit(at: 10 + Double(step)) { changes in
                    for lease in leases { changes.acknowledgeEvent(lease) }
                }
            }
            try context.expect(handled.sorted() == ["other", "same"], "the stale event is never handled: \(handled)")
        },
        Check(name: "inboxHandsOutOneEventPerEntityInOrder") { context in
            let store = context.store
            _ = try await store.receiveEvents(
                [
                    context.event("o1-30", entity: "order:1", at: 30),
                    context.event("o1-10", entity: "order:1", at: 10),
                    context.event("free-1", entity: nil, at: 50), context.event("o1-20", entity: "order:1", at: 20),
                    context.event("o2-5", entity: "order:2", at: 5), context.event("free-2", entity: nil, at: 1),
                ],
                now: context.at(0))
            let first = try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(1))
            try context.expect(
                first.map(\.event.eventID) == ["o1-10", "free-1", "o2-5", "free-2"],
                "one per entity, its earliest, by position; events without an entity all: \(first.map(\.event.eventID))"
            )
            try context.expect(first.allSatisfy { $0.event.receives == 1 }, "each claim counts a receive")
            let none = try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(2))
            try context.expect(none.isEmpty, "nothing of an entity while one of its events is leased: \(none)")
            try await context.commit(at: 3) { changes in for lease in first { changes.acknowledgeEvent(lease) } }
            let second = try requireEvent(
                try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(4)), context)
            try context.expect(second.event.eventID == "o1-20", "then the next in occurrence order")
            let attempt = DeliveryAttempt(number: 1, time: context.at(5), error: "ERP down", retryable: true)
            try await context.commit(at: 5) {
                $0.rescheduleEvent(second, attempt: attempt, availableAt: context.at(100))
            }
            let waiting = try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(6))
            try context.expect(waiting.isEmpty, "a later event waits for an earlier one's retry: \(waiting)")
            let retried = try requireEvent(
                try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(100)), context)
            try context.expect(
                retried.event.eventID == "o1-20" && retried.event.attempts == 1 && retried.event.history == [attempt]
                    && retried.event.receives == 2 && retried.event.availableAt == context.at(100),
                "the retry comes back with its history: \(retried.event)")
            try await context.commit(at: 101) { $0.acknowledgeEvent(retried) }
            let last = try requireEvent(
                try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(102)), context)
            try context.expect(last.event.eventID == "o1-30", "and the latest last")
            try await context.expectError(.invalidArgument, "a claim limit of 0") {
                _ = try await store.claimEvents(limit: 0, leaseDuration: .seconds(60), now: context.at(103))
            }
        },
        Check(name: "inboxWorkersNeverHoldTwoEventsOfOneEntity") { context in
            // 12 entities × 6 events, received out of order; two workers (two handles) claim and acknowledge at once.
            var drafts: [InboxEvent.Draft] = []
            for entity in 0..<12 {
                for step in [3, 0, 5, 1, 4, 2] {
                    drafts.append(context.event("e\(entity)-\(step)", entity: "order:\(entity)", at: Double(step)))
                }
            }
            _ = try await context.store.receiveEvents(drafts, now: context.at(0))
            let held = LockedValue<Set<String>>([])
            let handled = LockedValue<[String: [Int]]>([:])
            let violations = LockedValue<[String]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, worker) in context.workers.enumerated() {
                    for lane in 0..<2 {
                        group.addTask {
                            var idle = 0
                            while idle < 3 {
                                let leases = try await worker.claimEvents(
                                    limit: 3, leaseDuration: .seconds(600), now: context.at(1))
                                if leases.isEmpty {
                                    idle += 1
                                    await Task.yield()
                                    continue
                                }
                                idle = 0
                                for lease in leases {
                                    let entity = lease.event.entity ?? ""
                                    if !held.withLock({ $0.insert(entity).inserted }) {
                                        violations.withLock { $0.append("\(entity) twice (worker \(index).\(lane))") }
                                    }
                                    let step = Int(lease.event.eventID.split(separator: "-").last ?? "") ?? -1
                                    handled.withLock { $0[entity, default: []].append(step) }
                                }
                                await Task.yield()
                                var changes = StoreChanges(time: context.at(2))
                                for lease in leases {
                                    _ = held.withLock { $0.remove(lease.event.entity ?? "") }
                                    changes.acknowledgeEvent(lease)
                                }
                                try await worker.commit(changes)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let problems = violations.withLock { $0 }
            try context.expect(problems.isEmpty, "never two events of one entity at once: \(problems)")
            let orders = handled.withLock { $0 }
            try context.expect(orders.count == 12, "every entity handled: \(orders.keys.sorted())")
            for (entity, steps) in orders {
                try context.expect(steps == [0, 1, 2, 3, 4, 5], "\(entity) handled in occurrence order: \(steps)")
            }
        },
        Check(name: "inboxFencesLostLeases") { context in
            let (a, b) = (context.workers[0], context.workers[1])
            _ = try await a.receiveEvents([context.event("x", entity: "order:1", at: 1)], now: context.at(0))
            let old = try requireEvent(
                try await a.claimEvents(limit: 1, leaseDuration: .seconds(10), now: context.at(1)), context)
            let early = try await b.claimEvents(limit: 1, leaseDuration: .seconds(10), now: context.at(5))
            try context.expect(early.isEmpty, "a live lease is not taken: \(early)")
            let new = try requireEvent(
                try await b.claimEvents(limit: 1, leaseDuration: .seconds(10), now: context.at(20)), context)
            try context.expect(new.token != old.token && new.event.receives == 2, "a new token and a second receive")
            let attempt = DeliveryAttempt(number: 1, time: context.at(21), error: "late", retryable: true)
            for (label, apply) in [
                ("acknowledge", { (changes: inout StoreChanges) in changes.acknowledgeEvent(old) }),
                ("reschedule", { $0.rescheduleEvent(old, attempt: attempt, availableAt: context.at(30)) }),
                ("release", { $0.releaseEvent(old, availableAt: context.at(30)) }),
                ("dead-letter", { $0.deadLetterEvent(old, attempt: attempt) }),
            ] as [(String, (inout StoreChanges) -> Void)] {
                try await context.expectError(.leaseLost, "\(label) with the old lease") {
                    var changes = StoreChanges(time: context.at(21))
                    changes.enqueue(context.draft("effect-\(label)"))
                    apply(&changes)
                    try await a.commit(changes)
                }
            }
            try context.expect(
                try await a.outboxStatus(now: context.at(21)).totalPending == 0,
                "nothing else in a commit with a lost lease is applied")
            try await context.commit(at: 22) { $0.acknowledgeEvent(new) }
            try await context.expectError(.leaseLost, "acknowledging twice") {
                try await context.commit(at: 23) { $0.acknowledgeEvent(new) }
            }
            let stored = try await a.inboxEvents(states: nil, after: 0, limit: 10)
            try context.expect(stored.map(\.state) == [.handled(at: context.at(22))], "handled once: \(stored)")
        },
        Check(name: "inboxDeadLettersAndReleases") { context in
            let store = context.store
            _ = try await store.receiveEvents(
                [context.event("poison", entity: "order:1", at: 1), context.event("next", entity: "order:1", at: 2)],
                now: context.at(0))
            var lease = try requireEvent(
                try await store.claimEvents(limit: 5, leaseDuration: .seconds(10), now: context.at(1)), context)
            // Its worker crashes twice: the lease runs out and the event comes back with each receive counted.
            for round in 1...2 {
                lease = try requireEvent(
                    try await store.claimEvents(
                        limit: 5, leaseDuration: .seconds(10), now: context.at(1 + 20 * Double(round))), context)
            }
            try context.expect(lease.event.receives == 3 && lease.event.attempts == 0, "3 receives: \(lease.event)")
            try await context.commit(at: 45) { $0.releaseEvent(lease, availableAt: context.at(50)) }
            lease = try requireEvent(
                try await store.claimEvents(limit: 5, leaseDuration: .seconds(10), now: context.at(50)), context)
            try context.expect(lease.event.receives == 3, "a release gives its receive back: \(lease.event.receives)")
            let attempt = DeliveryAttempt(number: 1, time: context.at(51), error: "poison", retryable: false)
            try await context.commit(at: 51) { $0.deadLetterEvent(lease, attempt: attempt) }
            let letters = try await store.inboxEvents(states: [.deadLettered], after: 0, limit: 10)
            try context.expect(
                letters.count == 1 && letters[0].state == .deadLettered(at: context.at(51), reason: "poison")
                    && letters[0].attempts == 1 && letters[0].history == [attempt],
                "dead-lettered with its attempt: \(letters)")
            let next = try requireEvent(
                try await store.claimEvents(limit: 5, leaseDuration: .seconds(10), now: context.at(52)), context)
            try context.expect(next.event.eventID == "next", "a dead letter does not hold its entity's next event")
        },
        Check(name: "inboxReplaysFromAPositionAndByID") { context in
            let store = context.store
            let accepted = try await store.receiveEvents(
                (1...4).map { context.event("r\($0)", entity: "order:\($0)", at: Double($0)) }
                    + [context.event("s1", source: "journal", entity: "order:9", at: 1)], now: context.at(0))
            let positions = accepted.map(\.position)
            let leases = try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(1))
            let attempt = DeliveryAttempt(number: 1, time: context.at(2), error: "bug", retryable: false)
            try await context.commit(at: 2) { changes in
                for lease in leases {
                    if lease.event.eventID == "r3" {
                        changes.deadLetterEvent(lease, attempt: attempt)
                    } else {
                        changes.acknowledgeEvent(lease)
                    }
                }
            }
            _ = try await store.receiveEvents([context.event("old", entity: "order:1", at: 0)], now: context.at(3))
            try await context.expectError(.notFound, "replaying an unknown id") {
                try await store.replayEvents(ids: [positions[0], 9_999], now: context.at(4))
            }
            try context.expect(
                try await store.inboxStatus(now: context.at(4)).pending == 0, "a failed replay changes nothing")
            let count = try await store.replayEvents(from: positions[1], source: "io-events", now: context.at(5))
            try context.expect(count == 3, "r2, r3 and r4 replayed (not the journal's, not the superseded): \(count)")
            let pending = try await store.inboxEvents(states: [.pending], after: 0, limit: 10)
            try context.expect(
                pending.map(\.eventID) == ["r2", "r3", "r4"], "replayed events are pending: \(pending.map(\.eventID))")
            let replayedLetter = pending[1]
            try context.expect(
                replayedLetter.attempts == 0 && replayedLetter.receives == 0 && replayedLetter.history == [attempt]
                    && replayedLetter.availableAt == context.at(5),
                "fresh counts, history kept: \(replayedLetter)")
            try await store.replayEvents(ids: [positions[0]], now: context.at(6))
            let again = try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(6))
            try context.expect(
                again.map(\.event.eventID) == ["r1", "r2", "r3", "r4"], "replayed events are handled again: \(again)")
            try await context.expectError(.notFound, "replaying a pending event by id") {
                try await store.replayEvents(ids: [positions[1]], now: context.at(7))
            }
        },
        Check(name: "inboxPurgesHandledEventsAfterTheRetention") { context in
            let store = context.store
            _ = try await store.receiveEvents(
                [
                    context.event("done", entity: "order:1", at: 10),
                    context.event("failed", entity: "order:2", at: 10),
                    context.event("waiting", entity: nil, at: 10),
                ], now: context.at(0))
            let leases = try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(1))
            let attempt = DeliveryAttempt(number: 1, time: context.at(2), error: "no", retryable: false)
            try await context.commit(at: 2) { changes in
                for lease in leases {
                    switch lease.event.eventID {
                    case "done": changes.acknowledgeEvent(lease)
                    case "failed": changes.deadLetterEvent(lease, attempt: attempt)
                    default: changes.releaseEvent(lease, availableAt: context.at(2))
                    }
                }
            }
            _ = try await store.receiveEvents([context.event("late", entity: "order:1", at: 1)], now: context.at(3))
            let early = try await store.purge(RetentionPolicy(), now: context.at(6 * 86_400))
            try context.expect(early.inboxEvents == 0, "nothing within 7 days: \(early)")
            let report = try await store.purge(RetentionPolicy(), now: context.at(7 * 86_400 + 4))
            try context.expect(report.inboxEvents == 2, "the handled and the superseded event go: \(report)")
            let kept = try await store.inboxEvents(states: nil, after: 0, limit: 10)
            try context.expect(
                kept.map(\.eventID) == ["failed", "waiting"],
                "pending and dead-lettered are kept: \(kept.map(\.eventID))")
            let redelivered = try await store.receiveEvents(
                [context.event("done", entity: "order:1", at: 10)], now: context.at(7 * 86_400 + 5))
            guard case .accepted = redelivered[0] else {
                throw Failure(check: context.name, message: "after the window an id is new again: \(redelivered)")
            }
            let never = try await store.purge(
                RetentionPolicy(handledEvents: nil), now: context.at(100 * 86_400))
            try context.expect(never.inboxEvents == 0, "no retention keeps them: \(never)")
        },
        Check(name: "inboxReportsStatusAndLists") { context in
            let store = context.store
            let empty = try await store.inboxStatus(now: context.at(0))
            try context.expect(
                empty
                    == InboxStatus(
                        pending: 0, leased: 0, handled: 0, superseded: 0, deadLettered: 0, oldestPending: nil),
                "an empty inbox: \(empty)")
            _ = try await store.receiveEvents(
                [context.event("a", entity: "order:1", at: 5), context.event("b", entity: "order:2", at: 5)],
                now: context.at(1))
            _ = try await store.receiveEvents(
                [context.event("c", entity: "order:3", at: 5), context.event("d", entity: nil, at: 5)],
                now: context.at(2))
            let leases = try await store.claimEvents(limit: 3, leaseDuration: .seconds(60), now: context.at(3))
            try context.expect(leases.count == 3, "three claimed: \(leases.count)")
            let attempt = DeliveryAttempt(number: 1, time: context.at(4), error: "no", retryable: false)
            try await context.commit(at: 4) { changes in
                changes.acknowledgeEvent(leases[0])
                changes.deadLetterEvent(leases[1], attempt: attempt)
            }
            _ = try await store.receiveEvents([context.event("stale", entity: "order:1", at: 1)], now: context.at(5))
            let status = try await store.inboxStatus(now: context.at(6))
            try context.expect(
                status
                    == InboxStatus(
                        pending: 2, leased: 1, handled: 1, superseded: 1, deadLettered: 1, oldestPending: context.at(2)),
                "counts per state: \(status)")
            try context.expect(status[.superseded] == 1 && status[.pending] == 2, "by kind")
            let later = try await store.inboxStatus(now: context.at(100))
            try context.expect(later.leased == 0, "an expired lease is not counted: \(later)")
            let all = try await store.inboxEvents(states: nil, after: 0, limit: 10)
            try context.expect(
                all.map(\.eventID) == ["a", "b", "c", "d", "stale"], "by position: \(all.map(\.eventID))")
            let page = try await store.inboxEvents(states: [.pending, .handled], after: all[0].id, limit: 1)
            try context.expect(page.map(\.eventID) == ["c"], "filtered and paged: \(page.map(\.eventID))")
        },
    ]

    /// A value several tasks share, behind a lock.
    final class LockedValue<Value: Sendable>: Sendable {
        private let mutex: Mutex<Value>
        init(_ value: Value) { mutex = Mutex(value) }
        func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
    }

    /// The only lease of an inbox claim, or a failure.
    static func requireEvent(_ leases: [InboxLease], _ context: Context) throws -> InboxLease {
        guard leases.count == 1, let lease = leases.first else {
            throw Failure(
                check: context.name, message: "expected one inbox lease, got \(leases.map(\.event.eventID))")
        }
        return lease
    }
}

extension ConnectorStoreConformance.Context {
    /// An inbox draft of type `order.saved` that happened `seconds` after the start.
    func event(_ id: String, source: String = "io-events", entity: String?, at seconds: TimeInterval)
        -> InboxEvent.Draft
    {
        InboxEvent.Draft(
            source: source, eventID: id, type: "order.saved", entity: entity, occurredAt: at(seconds),
            payload: Data("{\"event\":\"\(id)\"}".utf8))
    }
}
