import AdobeCommerce
import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// MARK: replay ordering

/// Checks of how a replayed event takes its place among its entity's events: a replay is one step that claims of the
/// entity see whole, before or after.
extension ConnectorStoreConformance {
    static let inboxReplayChecks: [Check] = [
        Check(name: "inboxReplayedEventGoesBeforeTheNewerEventsWaiting") { context in
            let store = context.store
            let worker = context.workers[1]
            _ = try await store.receiveEvents([context.event("a", entity: "order:1", at: 10)], now: context.at(0))
            let a = try requireEvent(
                try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(1)), context)
            let attempt = DeliveryAttempt(number: 1, time: context.at(2), error: "bug", retryable: false)
            try await context.commit(at: 2) { $0.deadLetterEvent(a, attempt: attempt) }
            let newer = try await store.receiveEvents(
                [context.event("b", entity: "order:1", at: 20), context.event("c", entity: "order:1", at: 30)],
                now: context.at(3))
            guard case .accepted = newer[0], case .accepted = newer[1] else {
                throw Failure(check: context.name, message: "events newer than a dead letter are accepted: \(newer)")
            }
            // Replayed while b and c still wait unclaimed: a is the entity's earliest pending event again.
            try await store.replayEvents(ids: [a.event.id], now: context.at(4))
            var handled: [String] = []
            for step in 0..<4 {
                let leases = try await worker.claimEvents(
                    limit: 10, leaseDuration: .seconds(60), now: context.at(5 + Double(step)))
                try context.expect(leases.count <= 1, "one event of the entity at a time: \(leases)")
                handled += leases.map(\.event.eventID)
                var changes = StoreChanges(time: context.at(5 + Double(step)))
                for lease in leases { changes.acknowledgeEvent(lease) }
                try await worker.commit(changes)
            }
            try context.expect(handled == ["a", "b", "c"], "the replayed event goes first: \(handled)")
        },
        Check(name: "inboxReplayedEventWaitsForTheLeaseOfItsEntity") { context in
            let store = context.store
            let worker = context.workers[1]
            _ = try await store.receiveEvents([context.event("a", entity: "order:1", at: 10)], now: context.at(0))
            let a = try requireEvent(
                try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(1)), context)
            let attempt = DeliveryAttempt(number: 1, time: context.at(2), error: "bug", retryable: false)
            try await context.commit(at: 2) { $0.deadLetterEvent(a, attempt: attempt) }
            _ = try await store.receiveEvents([context.event("b", entity: "order:1", at: 20)], now: context.at(3))
            let b = try requireEvent(
                try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(4)), context)
            try context.expect(b.event.eventID == "b", "the newer event is claimed: \(b.event.eventID)")
            // Replayed after b was claimed: a is pending again but nobody may take the entity while b is leased.
            try await store.replayEvents(ids: [a.event.id], now: context.at(5))
            let during = try await worker.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(6))
            try context.expect(during.isEmpty, "nothing of the entity while its event is leased: \(during)")
            try await context.commit(at: 7) { $0.acknowledgeEvent(b) }
            // As documented, a replay makes the event pending whatever was handled since: it is handled after b.
            // Replay an entity's newer events with it (from a position) to handle them again in order.
            let after = try requireEvent(
                try await worker.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(8)), context)
            try context.expect(after.event.eventID == "a", "the replayed event once the lease ended: \(after)")
        },
        Check(name: "inboxReplayFromAPositionHandlesAnEntityAgainInOrder") { context in
            let store = context.store
            let accepted = try await store.receiveEvents(
                [
                    context.event("x", entity: "order:1", at: 10), context.event("y", entity: "order:1", at: 20),
                    context.event("z", entity: "order:1", at: 30),
                ], now: context.at(0))
            for step in 0..<3 {
                let lease = try requireEvent(
                    try await store.claimEvents(limit: 10, leaseDuration: .seconds(60), now: context.at(1)), context)
                try await context.commit(at: 2 + Double(step)) { $0.acknowledgeEvent(lease) }
            }
            let count = try await store.replayEvents(from: accepted[0].position, source: nil, now: context.at(10))
            try context.expect(count == 3, "all three replayed: \(count)")
            var handled: [String] = []
            for step in 0..<4 {
                let leases = try await context.workers[1].claimEvents(
                    limit: 10, leaseDuration: .seconds(60), now: context.at(11 + Double(step)))
                try context.expect(leases.count <= 1, "one event of the entity at a time: \(leases)")
                handled += leases.map(\.event.eventID)
                var changes = StoreChanges(time: context.at(11 + Double(step)))
                for lease in leases { changes.acknowledgeEvent(lease) }
                try await context.workers[1].commit(changes)
            }
            try context.expect(handled == ["x", "y", "z"], "handled again in order: \(handled)")
        },
    ]
}
