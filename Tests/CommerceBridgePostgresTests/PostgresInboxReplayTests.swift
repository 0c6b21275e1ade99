import AdobeCommerce
import CommerceBridge
import Foundation
import PostgresTestSupport
import Synchronization
import Testing

@testable import CommerceBridgePostgres

@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.unavailableMessage)))
struct PostgresInboxReplayTests {
    /// What the workers and the operator saw, shared between their tasks.
    final class Observations: Sendable {
        struct State {
            /// Event ids per entity in the order workers were handed them.
            var handled: [String: [String]] = [:]
            /// Entities a worker holds a lease on right now.
            var held: Set<String> = []
            /// `(replayed, newer)`: `newer` was seen waiting unclaimed after the replay of `replayed` committed.
            var mustFollow: [(replayed: String, newer: String, entity: String)] = []
            var problems: [String] = []
            var count = 0
        }

        let state = Mutex(State())
    }

    @Test(
        "Replays of dead letters racing four workers' claims (each lease slowed by 5 ms): a replayed event is handled before the newer events of its entity it found waiting, one worker at a time per entity"
    )
    func replayRacingClaims() async throws {
        let schema = TestStores.schemaName()
        var workers: [PostgresConnectorStore] = []
        for _ in 0..<4 { workers.append(try await TestStores.store(schema: schema) { $0.poolSize = 1 }) }
        let operatorStore = try await TestStores.store(schema: schema) { $0.poolSize = 1 }
        let setup = try await TestStores.store(schema: schema) { $0.poolSize = 1 }
        let database = try await TestStores.database()
        // A claim on a busy server: every row it leases takes 5 ms more, so a replay can commit while one runs.
        try await database.withConnection { connection in
            _ = try connection.simpleQuery(
                """
                CREATE FUNCTION \(schema).slow_lease() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_sleep(0.005); RETURN NEW; END $$;
                CREATE TRIGGER slow_lease BEFORE UPDATE ON \(schema).inbox FOR EACH ROW
                    WHEN (NEW.lease_token IS NOT NULL AND NEW.lease_token IS DISTINCT FROM OLD.lease_token)
                    EXECUTE FUNCTION \(schema).slow_lease();
                """)
        }
        let iterations = 30
        let entitiesPerIteration = 6
        let observations = Observations()
        var generator = SystemRandomNumberGenerator()
        let clock = ContinuousClock()
        let began = clock.now
        for iteration in 0..<iterations {
            let entities = (0..<entitiesPerIteration).map { "order:\(iteration)-\($0)" }
            let base = Date(timeIntervalSince1970: 1_767_225_600 + Double(iteration) * 100)
            func draft(_ name: String, _ entity: String, _ offset: Double) -> InboxEvent.Draft {
                InboxEvent.Draft(
                    source: "io-events", eventID: "\(entity)/\(name)", type: "order.saved", entity: entity,
                    occurredAt: base.addingTimeInterval(offset), payload: Data(name.utf8))
            }
            // Each entity: `a` dead-lettered, then the newer `b` and `c` received.
            _ = try await setup.receiveEvents(entities.map { draft("a", $0, 1) }, now: Date())
            let letters = try await setup.claimEvents(limit: 100, leaseDuration: .seconds(60), now: Date())
            try #require(letters.count == entitiesPerIteration, "one `a` per entity: \(letters.count)")
            var changes = StoreChanges(time: Date())
            for lease in letters {
                changes.deadLetterEvent(
                    lease, attempt: DeliveryAttempt(number: 1, time: Date(), error: "bug", retryable: false))
            }
            try await setup.commit(changes)
            let newer = try await setup.receiveEvents(
                entities.flatMap { [draft("b", $0, 2), draft("c", $0, 3)] }, now: Date())
            try #require(newer.allSatisfy { if case .accepted = $0 { true } else { false } }, "\(newer)")
            let letterIDs = letters.map(\.event.id)
            let firstPosition = try #require(letterIDs.min()) - 1
            let expected = 3 * entitiesPerIteration * (iteration + 1)
            let delay = Duration.milliseconds(Int.random(in: 0...25, using: &generator))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in workers {
                    group.addTask {
                        try await Self.work(on: worker, until: expected, observations: observations)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: delay)
                    try await operatorStore.replayEvents(ids: letterIDs, now: Date())
                    // Whatever is still unclaimed now was claimed after the replay: the replayed event goes first.
                    let waiting = try await operatorStore.inboxEvents(
                        states: [.pending], after: firstPosition, limit: 1_000)
                    observations.state.withLock { state in
                        for event in waiting where event.receives == 0 && !event.eventID.hasSuffix("/a") {
                            let entity = event.entity ?? ""
                            state.mustFollow.append((entity + "/a", event.eventID, entity))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let elapsed = began.duration(to: clock.now)
        let state = observations.state.withLock { $0 }
        var problems = state.problems
        var orderViolations = 0
        for (replayed, newer, entity) in state.mustFollow {
            let order = state.handled[entity] ?? []
            guard let r = order.firstIndex(of: replayed), let n = order.firstIndex(of: newer) else {
                problems.append("\(entity): \(replayed) or \(newer) never handled: \(order)")
                continue
            }
            if n < r {
                orderViolations += 1
                if orderViolations <= 5 {
                    problems.append(
                        "\(entity): \(newer) was seen waiting after the replay of \(replayed) but handled before it: "
                            + "\(order)")
                }
            }
        }
        for (entity, order) in state.handled {
            let expectedEvents = ["a", "b", "c"].map { "\(entity)/\($0)" }
            if order.sorted() != expectedEvents { problems.append("\(entity): handled \(order), not each once") }
            if let b = order.firstIndex(of: "\(entity)/b"), let c = order.firstIndex(of: "\(entity)/c"), c < b {
                problems.append("\(entity): c handled before b: \(order)")
            }
        }
        print(
            "PostgreSQL inbox replay race: \(iterations) iterations × \(entitiesPerIteration) entities, "
                + "\(state.count) events handled, \(state.mustFollow.count) newer events seen waiting after a replay, "
                + "\(orderViolations) of them handled before the replayed one, in \(elapsed)")
        #expect(state.handled.count == iterations * entitiesPerIteration)
        #expect(!state.mustFollow.isEmpty, "some replays found newer events waiting")
        #expect(problems.isEmpty, "\(problems)")
        for store in workers + [operatorStore, setup] { await store.close() }
        await database.close()
    }

    @Test(
        "A receive batch and a replay of its entity's newest event (its first insert slowed by 50 ms) do not interleave: two older events of the batch are both stale or both accepted"
    )
    func replayRacingReceives() async throws {
        let schema = TestStores.schemaName()
        let receiver = try await TestStores.store(schema: schema) { $0.poolSize = 1 }
        let operatorStore = try await TestStores.store(schema: schema) { $0.poolSize = 1 }
        let database = try await TestStores.database()
        try await database.withConnection { connection in
            _ = try connection.simpleQuery(
                """
                CREATE FUNCTION \(schema).slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END $$;
                CREATE TRIGGER slow_insert BEFORE INSERT ON \(schema).inbox FOR EACH ROW
                    WHEN (NEW.event_id LIKE '%/older-1') EXECUTE FUNCTION \(schema).slow_insert();
                """)
        }
        var generator = SystemRandomNumberGenerator()
        var mixed: [String] = []
        var outcomes: [String: Int] = [:]
        for iteration in 0..<40 {
            let entity = "order:\(iteration)"
            let base = Date(timeIntervalSince1970: 1_767_225_600)
            func draft(_ name: String, _ offset: Double) -> InboxEvent.Draft {
                InboxEvent.Draft(
                    source: "io-events", eventID: "\(entity)/\(name)", type: "order.saved", entity: entity,
                    occurredAt: base.addingTimeInterval(offset), payload: Data(name.utf8))
            }
            _ = try await receiver.receiveEvents([draft("newest", 100)], now: Date())
            // Handles everything pending (the last iteration's events, then this one's newest).
            var newest: InboxLease?
            while true {
                let leases = try await receiver.claimEvents(limit: 100, leaseDuration: .seconds(60), now: Date())
                guard !leases.isEmpty else { break }
                var changes = StoreChanges(time: Date())
                for lease in leases { changes.acknowledgeEvent(lease) }
                try await receiver.commit(changes)
                newest = leases.first { $0.event.entity == entity } ?? newest
            }
            let lease = try #require(newest)
            let delay = Duration.microseconds(Int.random(in: 5_000...60_000, using: &generator))
            let results = try await withThrowingTaskGroup(of: [InboxAcceptance]?.self) { group in
                group.addTask {
                    try await receiver.receiveEvents([draft("older-1", 10), draft("older-2", 20)], now: Date())
                }
                group.addTask {
                    try await Task.sleep(for: delay)
                    try await operatorStore.replayEvents(ids: [lease.event.id], now: Date())
                    return nil
                }
                var results: [InboxAcceptance] = []
                for try await case let received? in group { results = received }
                return results
            }
            let kinds = results.map { if case .stale = $0 { "stale" } else { "accepted" } }
            outcomes[kinds.joined(separator: "+"), default: 0] += 1
            if Set(kinds).count > 1 { mixed.append("\(entity): \(kinds)") }
        }
        print("PostgreSQL inbox receive beside a replay, 40 batches: \(outcomes)")
        #expect(mixed.isEmpty, "one batch judged two older events differently: \(mixed)")
        await receiver.close()
        await operatorStore.close()
        await database.close()
    }

    @Test(
        "A replay from a position over 1,200 entities (three lock batches) and 300 events without one replays each once"
    )
    func replayInBatches() async throws {
        let schema = TestStores.schemaName()
        let store = try await TestStores.store(schema: schema)
        let database = try await TestStores.database()
        try await database.withConnection { connection in
            _ = try connection.simpleQuery(
                """
                INSERT INTO \(schema).inbox (source, event_id, type, entity, occurred_at, payload, received_at,
                    available_at, state, state_at, reason)
                SELECT 'io-events', 'e-' || i, 'order.saved',
                    CASE WHEN i > 2700 THEN NULL ELSE 'order:' || (i % 1200) END, i, '\\x00', 0, 0,
                    CASE WHEN i % 3 = 0 THEN 3 ELSE 1 END, 1000, CASE WHEN i % 3 = 0 THEN 'bug' END
                FROM generate_series(1, 3000) AS i;
                INSERT INTO \(schema).inbox (source, event_id, type, entity, occurred_at, payload, received_at,
                    available_at, state, state_at)
                VALUES ('io-events', 'superseded', 'order.saved', 'order:1', 0, '\\x00', 0, 0, 2, 1000),
                    ('journal', 'other-source', 'order.saved', 'order:2', 0, '\\x00', 0, 0, 1, 1000);
                """)
        }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let count = try await store.replayEvents(from: 1, source: "io-events", now: now)
        #expect(count == 3_000)
        let status = try await store.inboxStatus(now: now)
        #expect(status.pending == 3_000 && status.handled == 1 && status.superseded == 1 && status.deadLettered == 0)
        let again = try await store.replayEvents(from: 1, source: "io-events", now: now)
        #expect(again == 0, "pending events are not replayed")
        await store.close()
        await database.close()
    }

    /// Claims (two at a time) and acknowledges until `expected` events were handled in all, recording what it was
    /// handed and whether another worker held the entity then.
    static func work(on store: PostgresConnectorStore, until expected: Int, observations: Observations) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while observations.state.withLock({ $0.count < expected }) {
            guard ContinuousClock.now < deadline else {
                observations.state.withLock { $0.problems.append("events left unhandled after 20 s") }
                return
            }
            let leases = try await store.claimEvents(limit: 2, leaseDuration: .seconds(60), now: Date())
            if leases.isEmpty {
                try await Task.sleep(for: .milliseconds(1))
                continue
            }
            observations.state.withLock { state in
                for lease in leases {
                    let entity = lease.event.entity ?? ""
                    if !state.held.insert(entity).inserted {
                        state.problems.append("\(entity) held by two workers at once (\(lease.event.eventID))")
                    }
                    state.handled[entity, default: []].append(lease.event.eventID)
                    state.count += 1
                }
            }
            await Task.yield()
            var changes = StoreChanges(time: Date())
            for lease in leases { changes.acknowledgeEvent(lease) }
            // Released before the acknowledgement commits: after it, another worker may take the entity at once.
            observations.state.withLock { state in
                for lease in leases { state.held.remove(lease.event.entity ?? "") }
            }
            try await store.commit(changes)
        }
    }
}
