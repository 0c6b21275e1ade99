import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
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
        #expect(first.retried == 2 && first.deferred == 2, "two failures open the breaker; the rest wait, got \(first)")
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
}
