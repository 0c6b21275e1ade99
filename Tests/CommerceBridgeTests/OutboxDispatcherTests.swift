import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// A destination that fails on demand and records what it received.
final class RecordingDestination: Sendable {
    private let state = Mutex<(received: [String], failures: [String: [any Error & Sendable]])>(([], [:]))

    func failNext(_ key: String, with errors: [any Error & Sendable]) { state.withLock { $0.failures[key] = errors } }

    func deliver(_ message: OutboxMessage) throws {
        try state.withLock { state in
            if var queue = state.failures[message.idempotencyKey], !queue.isEmpty {
                let error = queue.removeFirst()
                state.failures[message.idempotencyKey] = queue
                throw error
            }
            state.received.append(message.idempotencyKey)
        }
    }

    var received: [String] { state.withLock { $0.received } }
}

struct DestinationDown: RetryClassifiable {
    var isRetryable: Bool { true }
}

struct OutboxDispatcherTests {
    private let clock = ManualClock()
    private var time: TimeSource { clock.timeSource() }

    private func drafts(_ keys: [String], destination: String = "erp") -> [OutboxMessage.Draft] {
        keys.map {
            OutboxMessage.Draft(
                destination: destination, topic: "order.export", idempotencyKey: $0, correlationID: "c-\($0)",
                payload: Data($0.utf8))
        }
    }

    private func dispatcher(
        _ store: InMemoryConnectorStore, _ destination: RecordingDestination,
        policy: OutboxDispatcher.DestinationPolicy? = nil,
        batchSize: Int = 32, handler: OutboxDispatcher.Handler? = nil
    ) -> OutboxDispatcher {
        var configuration = OutboxDispatcher.Configuration()
        configuration.batchSize = batchSize
        // These tests count the clock's sleepers; lease heartbeats are tested on their own.
        configuration.extendsLeases = false
        if let policy { configuration.defaultPolicy = policy }
        return OutboxDispatcher(
            store: store, configuration: configuration, time: time, random: { 0.5 },
            handler: handler ?? { message, _ in try destination.deliver(message) })
    }

    @Test("Due messages are delivered and acknowledged")
    func delivers() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        try await store.enqueue(drafts(["a", "b", "c"]), now: time.now())
        let report = try await dispatcher(store, destination).drain()
        #expect(report.delivered == 3)
        #expect(Set(destination.received) == ["a", "b", "c"])
        #expect(try await store.outboxStatus(now: time.now()).totalPending == 0)
    }

    @Test("A retryable failure is rescheduled on the backoff schedule, then delivered")
    func retriesWithBackoff() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        destination.failNext(
            "a", with: [CommerceError(code: .serverError, message: "HTTP 503", httpStatus: 503), DestinationDown()])
        let policy = OutboxDispatcher.DestinationPolicy(
            retry: RetryPolicy(maximumAttempts: 5, initialDelay: .seconds(10), maximumDelay: .seconds(60)))
        let dispatcher = dispatcher(store, destination, policy: policy)
        try await store.enqueue(drafts(["a"]), now: time.now())
        #expect(try await dispatcher.drain().retried == 1)
        clock.advance(by: .seconds(4))
        #expect(try await dispatcher.drain() == OutboxDispatcher.Report(), "not due before the jittered 5 s backoff")
        clock.advance(by: .seconds(1))
        #expect(try await dispatcher.drain().retried == 1)
        clock.advance(by: .seconds(10))
        #expect(try await dispatcher.drain().delivered == 1)
        #expect(destination.received == ["a"])
    }

    @Test("A non-retryable failure goes to the dead-letter queue at once, with an audit record")
    func deadLettersValidationErrors() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        destination.failNext(
            "bad",
            with: [CommerceError(code: .badRequest, message: "Invalid SKU \"password\": \"hunter2\"", httpStatus: 400)])
        try await store.enqueue(drafts(["bad"]), now: time.now())
        let report = try await dispatcher(store, destination).drain()
        #expect(report.deadLettered == 1 && report.retried == 0)
        let letter = try #require(try await store.deadLetters(limit: 10, offset: 0).first)
        #expect(letter.message.history.count == 1 && letter.message.history[0].retryable == false)
        #expect(
            letter.reason.contains("Invalid SKU") && !letter.reason.contains("hunter2"), "the error is kept, redacted")
        let audit = try await store.auditRecords(correlationID: "c-bad")
        #expect(audit.map(\.action) == ["deadLetter"] && audit.first?.rule == "notRetryable")
    }

    @Test("After the last attempt the message is dead-lettered with every attempt's error; replay delivers it")
    func exhaustsRetriesThenReplays() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        destination.failNext("x", with: (0..<3).map { _ in DestinationDown() })
        let policy = OutboxDispatcher.DestinationPolicy(
            retry: RetryPolicy(maximumAttempts: 3, initialDelay: .seconds(1), maximumDelay: .seconds(1), jitter: false),
            circuitBreaker: .init(failureThreshold: 100))
        let dispatcher = dispatcher(store, destination, policy: policy)
        try await store.enqueue(drafts(["x"]), now: time.now())
        for _ in 0..<3 {
            _ = try await dispatcher.drain()
            clock.advance(by: .seconds(1))
        }
        let letter = try #require(try await store.deadLetter(id: 1))
        #expect(letter.message.history.map(\.number) == [1, 2, 3])
        #expect(try await store.auditRecords(correlationID: "c-x").first?.rule == "retriesExhausted")
        try await store.replayDeadLetters(ids: [1], now: time.now())
        #expect(try await dispatcher.drain().delivered == 1)
        #expect(destination.received == ["x"])
    }

    @Test("An open breaker defers a destination's messages without spending attempts")
    func breakerDefers() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        for key in ["a", "b"] { destination.failNext(key, with: [DestinationDown()]) }
        let policy = OutboxDispatcher.DestinationPolicy(
            retry: RetryPolicy(maximumAttempts: 9, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(1)),
            maximumConcurrency: 1, circuitBreaker: .init(failureThreshold: 2, openDuration: .seconds(30)))
        let dispatcher = dispatcher(store, destination, policy: policy, batchSize: 1)
        try await store.enqueue(drafts(["a", "b", "c", "d"]), now: time.now())
        let first = try await dispatcher.drain()
        #expect(
            first.retried == 2 && first.deferred == 1,
            "two failures open the breaker; the drain stops at the first message it gives back, got \(first)")
        #expect(await dispatcher.circuitBreaker(for: "erp").state != .closed)
        clock.advance(by: .seconds(30))
        let second = try await dispatcher.drain()
        #expect(second.delivered == 4, "after the open period a probe succeeds and the rest follow, got \(second)")
        let letters = try await store.deadLetters(limit: 10, offset: 0)
        #expect(letters.isEmpty)
    }

    @Test("Changes the handler adds land with the acknowledgement; a failing handler's changes do not")
    func handlerChangesAreAtomic() async throws {
        let store = InMemoryConnectorStore()
        let key = MappingKey(.order, from: .commerce, "12", to: .erp)
        guard case .claimed(let token) = try await store.claimMapping(key, token: "t", now: time.now()) else {
            Issue.record("claim refused")
            return
        }
        let dispatcher = OutboxDispatcher(store: store, time: time) { message, changes in
            changes.completeMapping(key, token: token, targetID: "SO-\(message.id)")
            changes.saveCheckpoint(
                Checkpoint(
                    name: "orders", position: Date(timeIntervalSince1970: 42),
                    updatedAt: Date(timeIntervalSince1970: 42)))
            if message.idempotencyKey == "fails" { throw DestinationDown() }
        }
        try await store.enqueue(drafts(["fails"]), now: time.now())
        _ = try await dispatcher.drain()
        #expect(try await store.mapping(key) == .pending(token: "t", claimedAt: time.now()))
        #expect(try await store.checkpoint(named: "orders") == nil)
        try await store.enqueue(drafts(["works"]), now: time.now())
        _ = try await dispatcher.drain()
        #expect(try await store.mapping(key) == .mapped(targetID: "SO-2"))
        #expect(try await store.checkpoint(named: "orders") != nil)
    }

    @Test("A delivery whose lease was lost is counted, not acknowledged, and comes back")
    func leaseLost() async throws {
        let store = InMemoryConnectorStore()
        let clock = self.clock
        var configuration = OutboxDispatcher.Configuration()
        configuration.leaseDuration = .seconds(5)
        configuration.extendsLeases = false  // a worker paused longer than its lease
        let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: time) { _, _ in
            clock.advance(by: .seconds(6))
            _ = try await store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(60), now: clock.timeSource().now())
        }
        try await store.enqueue(drafts(["slow"]), now: time.now())
        let report = try await dispatcher.drain()
        #expect(report.leaseLost == 1 && report.delivered == 0)
        #expect(try await store.outboxStatus(now: time.now()).totalPending == 1)
    }

    @Test("A rate-limited destination spaces deliveries on the clock")
    func rateLimited() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        let policy = OutboxDispatcher.DestinationPolicy(
            rateLimit: RateLimit(requestsPerSecond: 1, burst: 1), maximumConcurrency: 1)
        let dispatcher = dispatcher(store, destination, policy: policy)
        try await store.enqueue(drafts(["a", "b"]), now: time.now())
        let task = Task { try await dispatcher.drain() }
        await clock.waitForSleepers(1)
        #expect(destination.received.count == 1)
        clock.advance(by: .seconds(1))
        #expect(try await task.value.delivered == 2)
    }

    @Test("run() keeps polling and stops promptly when cancelled")
    func runStopsOnCancel() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        let dispatcher = dispatcher(store, destination)
        let task = Task { try await dispatcher.run() }
        await clock.waitForSleepers(1)
        try await store.enqueue(drafts(["late"]), now: time.now())
        clock.advance(by: .seconds(1))
        while destination.received.isEmpty { await Task.yield() }
        task.cancel()
        try await task.value
        #expect(destination.received == ["late"])
    }

    @Test("Retryability: CommerceError and RetryClassifiable decide; unknown errors retry")
    func classification() {
        #expect(OutboxDispatcher.isRetryable(CommerceError(code: .rateLimited, message: "")))
        #expect(!OutboxDispatcher.isRetryable(CommerceError(code: .badRequest, message: "")))
        #expect(OutboxDispatcher.isRetryable(DestinationDown()))
        #expect(!OutboxDispatcher.isRetryable(BridgeError(.mappingConflict, "")))
        #expect(OutboxDispatcher.isRetryable(CocoaStyleError()))
    }

    struct CocoaStyleError: Error {}

    struct Refused: RetryClassifiable {
        var isRetryable: Bool { false }
    }

    @Test("Dispatchers sharing a store claim only their own topics; the other topic's message is left untouched")
    func routesByTopic() async throws {
        let store = InMemoryConnectorStore()
        let seen = Mutex<[String]>([])
        let orders = OutboxDispatcher(
            store: store, time: time,
            handlers: [
                "order.export": { message, _ in
                    seen.withLock { $0.append("orders:\(message.topic)") }
                    // The catalog payload would not decode here: the order handler must never see it.
                    guard message.topic == "order.export" else { throw Refused() }
                }
            ])
        let catalog = OutboxDispatcher(
            store: store, time: time,
            handlers: ["catalog.update": { message, _ in seen.withLock { $0.append("catalog:\(message.topic)") } }])
        try await store.enqueue(
            [
                OutboxMessage.Draft(
                    destination: "commerce", topic: "catalog.update", idempotencyKey: "p", payload: Data()),
                OutboxMessage.Draft(destination: "erp", topic: "order.export", idempotencyKey: "o", payload: Data()),
            ], now: time.now())
        let first = try await orders.drain()
        #expect(first.delivered == 1 && first.deadLettered == 0 && first.retried == 0, "\(first)")
        let waiting = try await store.claim(destination: nil, limit: 10, leaseDuration: .seconds(1), now: time.now())
        #expect(waiting.map(\.message.idempotencyKey) == ["p"])
        #expect(waiting.first?.message.attempts == 0 && waiting.first?.message.receives == 1, "untouched until now")
        clock.advance(by: .seconds(2))
        #expect(try await catalog.drain().delivered == 1)
        #expect(seen.withLock { $0 } == ["orders:order.export", "catalog:catalog.update"])
        #expect(try await store.deadLetters(limit: 10, offset: 0).isEmpty)
        #expect(orders.topics == ["order.export"])
    }

    @Test("A message received more often than allowed is dead-lettered without another delivery")
    func poisonMessage() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        try await store.enqueue(drafts(["poison", "fine"]), now: time.now())
        // Ten workers took it and died before any outcome: only the lease ran out each time.
        for _ in 1...10 {
            _ = try await store.claim(destination: nil, limit: 1, leaseDuration: .seconds(1), now: time.now())
            clock.advance(by: .seconds(2))
        }
        let report = try await dispatcher(store, destination).drain()
        #expect(report.deadLettered == 1 && report.delivered == 1, "\(report)")
        #expect(destination.received == ["fine"], "the poison message is not delivered an eleventh time")
        let letter = try #require(try await store.deadLetters(limit: 1, offset: 0).first)
        #expect(letter.message.idempotencyKey == "poison" && letter.reason.contains("received 11 times"))
        #expect(try await store.auditRecords(correlationID: "c-poison").first?.rule == "maximumReceives")
    }

    @Test(
        "A delivery that never returns is cancelled at the time limit and retried; a handler's own cancellation is a failure"
    )
    func hungAndCancellingHandlers() async throws {
        let store = InMemoryConnectorStore()
        let clock = self.clock
        var configuration = OutboxDispatcher.Configuration()
        configuration.extendsLeases = false
        configuration.maximumDeliveryTime = .seconds(60)
        let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: time) { message, _ in
            if message.idempotencyKey == "hangs" { try await clock.sleep(for: .seconds(1_000_000)) }
            throw CancellationError()  // a handler's own timeout, not the dispatcher's task being cancelled
        }
        try await store.enqueue(drafts(["hangs"]), now: time.now())
        let task = Task { try await dispatcher.drain() }
        await clock.waitForSleepers(2)  // the handler and the delivery's time limit
        clock.advance(by: .seconds(60))
        let hung = try await task.value
        #expect(hung.retried == 1, "\(hung)")
        try await store.enqueue(drafts(["cancels"]), now: time.now())
        let cancelled = try await dispatcher.drain()
        #expect(cancelled.retried == 1, "a CancellationError from the handler does not stop the drain: \(cancelled)")
        let leases = try await store.claim(
            destination: nil, limit: 5, leaseDuration: .seconds(1), now: time.now() + 999)
        #expect(
            leases.first { $0.message.idempotencyKey == "hangs" }?.message.history.first?.error.contains(
                "no outcome within") == true)
    }

    @Test("Ordinary retries do not count as receives without an outcome")
    func retriesAreNotPoison() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        destination.failNext("flaky", with: Array(repeating: DestinationDown(), count: 14))
        let policy = OutboxDispatcher.DestinationPolicy(
            retry: RetryPolicy(maximumAttempts: 20, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(1)),
            circuitBreaker: .init(failureThreshold: 100))
        let dispatcher = dispatcher(store, destination, policy: policy)
        try await store.enqueue(drafts(["flaky"]), now: time.now())
        var report = OutboxDispatcher.Report()
        for _ in 0..<15 {
            let pass = try await dispatcher.drain()
            report.retried += pass.retried
            report.delivered += pass.delivered
            report.deadLettered += pass.deadLettered
            clock.advance(by: .seconds(1))
        }
        #expect(report.retried == 14 && report.delivered == 1 && report.deadLettered == 0, "\(report)")
    }

    @Test("A message received again without an outcome is delivered alone; its neighbours are given back untouched")
    func suspectDeliveredAlone() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        try await store.enqueue(drafts(["suspect", "b", "c"]), now: time.now())
        for _ in 1...2 {  // two workers died holding the first message
            _ = try await store.claim(destination: nil, limit: 1, leaseDuration: .seconds(1), now: time.now())
            clock.advance(by: .seconds(2))
        }
        let batchSizes = Mutex<[Int]>([])
        let now = time.now()
        let dispatcher = OutboxDispatcher(store: store, time: time) { message, _ in
            let leased = try await store.outboxStatus(now: now).leased
            batchSizes.withLock { $0.append(leased) }
            try destination.deliver(message)
        }
        #expect(try await dispatcher.drain().delivered == 3)
        #expect(destination.received.first == "suspect" && batchSizes.withLock { $0.first } == 1)
        let letters = try await store.deadLetters(limit: 10, offset: 0)
        #expect(letters.isEmpty)
    }

    @Test("A claim takes no more messages than can start at once")
    func claimsWhatCanStart() async throws {
        let store = InMemoryConnectorStore()
        let leasedWhileRunning = Mutex<[Int]>([])
        var configuration = OutboxDispatcher.Configuration()
        configuration.defaultPolicy.maximumConcurrency = 2
        let now = time.now()
        let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: time) { _, _ in
            let leased = try await store.outboxStatus(now: now).leased
            leasedWhileRunning.withLock { $0.append(leased) }
        }
        try await store.enqueue(drafts((1...7).map { "m\($0)" }), now: now)
        #expect(try await dispatcher.drain().delivered == 7)
        #expect(leasedWhileRunning.withLock { $0.max() ?? 0 } <= 2, "\(leasedWhileRunning.withLock { $0 })")
    }

    @Test("A slow delivery extends its lease, so no other worker takes the message meanwhile")
    func heartbeatKeepsTheLease() async throws {
        let store = InMemoryConnectorStore()
        let clock = self.clock
        var configuration = OutboxDispatcher.Configuration()
        configuration.leaseDuration = .seconds(6)
        let stolen = Mutex<[Lease]>([])
        let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: time) { _, _ in
            // Twelve seconds pass in the handler, twice the lease; the heartbeat beats every two. (The other sleeper
            // is the delivery's own time limit.)
            for _ in 1...6 {
                await clock.waitForSleepers(2)
                clock.advance(by: .seconds(2))
            }
            await clock.waitForSleepers(2)
            let other = try await store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(60), now: clock.timeSource().now())
            stolen.withLock { $0 = other }
        }
        try await store.enqueue(drafts(["slow"]), now: time.now())
        let report = try await dispatcher.drain()
        #expect(stolen.withLock { $0.isEmpty }, "another worker took the message while it was being delivered")
        #expect(report.delivered == 1 && report.leaseLost == 0, "\(report)")
        #expect(try await store.outboxStatus(now: time.now()).totalPending == 0)
    }

    /// A store that fails some claims, as SQLite does when busy.
    actor FlakyStore: ForwardingConnectorStore {
        nonisolated let base: any ConnectorStore = InMemoryConnectorStore()
        var failures: [BridgeError]
        /// Run before the inbox claims, one each, first to last: a failure to throw, or a wait for the write lock.
        var eventClaimSteps: [@Sendable () async throws -> Void] = []

        init(failures: [BridgeError]) { self.failures = failures }

        func beforeEventClaims(_ steps: [@Sendable () async throws -> Void]) { eventClaimSteps = steps }

        func claim(destination: String?, topics: Set<String>?, limit: Int, leaseDuration: Duration, now: Date)
            async throws -> [Lease]
        {
            if !failures.isEmpty { throw failures.removeFirst() }
            return try await base.claim(
                destination: destination, topics: topics, limit: limit, leaseDuration: leaseDuration, now: now)
        }

        func claimEvents(limit: Int, leaseDuration: Duration, now: Date) async throws -> [InboxLease] {
            if !eventClaimSteps.isEmpty {
                let step = eventClaimSteps.removeFirst()
                try await step()
            }
            return try await base.claimEvents(limit: limit, leaseDuration: leaseDuration, now: now)
        }
    }

    @Test("run() waits out a busy store and carries on; a store it cannot use stops it with the error")
    func runSurvivesTransientStoreErrors() async throws {
        let store = FlakyStore(failures: [BridgeError(.databaseLocked, "busy"), BridgeError(.databaseLocked, "busy")])
        let destination = RecordingDestination()
        try await store.enqueue(drafts(["after-busy"]), now: time.now())
        var configuration = OutboxDispatcher.Configuration()
        configuration.extendsLeases = false
        let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: time) { message, _ in
            try destination.deliver(message)
        }
        let task = Task { try await dispatcher.run() }
        while destination.received.isEmpty {
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(10))
        }
        task.cancel()
        try await task.value
        #expect(destination.received == ["after-busy"])

        let broken = FlakyStore(failures: [BridgeError(.schemaTooNew, "newer")])
        let stopping = OutboxDispatcher(store: broken, configuration: configuration, time: time) { _, _ in }
        await #expect(throws: BridgeError.self) { try await stopping.run() }
    }

    @Test("A destination's Retry-After schedules the next attempt when it asks for longer than the backoff")
    func honoursRetryAfter() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        destination.failNext(
            "slow", with: [AdapterError(.unavailable, system: .erp, "maintenance", retryAfter: .seconds(120))])
        let dispatcher = dispatcher(store, destination)
        try await store.enqueue(drafts(["slow"]), now: time.now())
        #expect(try await dispatcher.drain().retried == 1)
        clock.advance(by: .seconds(119))
        #expect(try await dispatcher.drain().delivered == 0, "the backoff alone would have retried after half a second")
        clock.advance(by: .seconds(1))
        #expect(try await dispatcher.drain().delivered == 1)
    }

    @Test(
        "A destination that refuses the connector itself is paused and keeps every message; the operator is told once")
    func destinationWideFailurePauses() async throws {
        let store = InMemoryConnectorStore()
        let observer = RecordingObserver()
        let rotated = Mutex(true)
        var configuration = OutboxDispatcher.Configuration()
        configuration.extendsLeases = false
        configuration.observer = observer
        let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: time) { _, _ in
            if rotated.withLock({ $0 }) {
                throw CommerceError(
                    code: .unauthorized, message: "The consumer isn't authorized to access %resources.",
                    httpStatus: 401)
            }
        }
        try await store.enqueue(drafts((1...40).map { "m\($0)" }), now: time.now())
        let paused = try await dispatcher.drain()
        #expect(
            paused.deadLettered == 0 && paused.retried == 0 && paused.deferred == 4,
            "the first batch is given back and the drain stops there, without walking the backlog: \(paused)")
        #expect(try await store.deadLetters(limit: 100, offset: 0).isEmpty)
        let kept = try await store.claim(
            destination: nil, limit: 100, leaseDuration: .seconds(1), now: time.now() + 3600)
        #expect(kept.count == 40 && kept.allSatisfy { $0.message.attempts == 0 }, "no attempt spent")
        let alerts = observer.events.filter { if case .destinationPaused = $0 { true } else { false } }
        #expect(alerts.count == 1 && "\(alerts[0])".contains("paused until"))
        rotated.withLock { $0 = false }  // the operator installs the new token
        clock.advance(by: .seconds(3_700))
        #expect(try await dispatcher.drain().delivered == 40)
        #expect(OutboxDispatcher.isDestinationWide(AdapterError(.unauthorized, system: .erp, "API key revoked")))
        #expect(
            OutboxDispatcher.isDestinationWide(
                CommerceError(code: .notFound, message: "Request does not match any route.", httpStatus: 404)))
        #expect(!OutboxDispatcher.isDestinationWide(CommerceError(code: .notFound, message: "No such entity.")))
    }

    @Test("A half-open breaker whose probe is refused as a record error lets the next call probe")
    func halfOpenProbeAlwaysReports() async throws {
        let store = InMemoryConnectorStore()
        let destination = RecordingDestination()
        destination.failNext("down", with: [DestinationDown()])
        destination.failNext("refused", with: [Refused()])
        let policy = OutboxDispatcher.DestinationPolicy(
            retry: RetryPolicy(maximumAttempts: 5, initialDelay: .seconds(600), maximumDelay: .seconds(600)),
            maximumConcurrency: 1, circuitBreaker: .init(failureThreshold: 1, openDuration: .seconds(30)))
        let dispatcher = dispatcher(store, destination, policy: policy, batchSize: 1)
        try await store.enqueue(drafts(["down"]), now: time.now())
        #expect(try await dispatcher.drain().retried == 1)
        clock.advance(by: .seconds(30))
        try await store.enqueue(drafts(["refused", "fine"]), now: time.now())
        let report = try await dispatcher.drain()
        #expect(report.deadLettered == 1 && report.delivered == 1, "\(report)")
        #expect(destination.received == ["fine"])
        #expect(await dispatcher.circuitBreaker(for: "erp").state == .closed)
    }
}
