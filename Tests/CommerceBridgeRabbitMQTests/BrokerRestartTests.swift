import AdobeCommerce
import CommerceBridge
import CommerceBridgeRabbitMQ
import Foundation
import RabbitMQTestSupport
import Synchronization
import Testing

/// Counts each publish attempt of every event id, then passes it on: how often the outbox relay re-published.
private final class CountingSink: EventSink {
    let sink: any EventSink
    let attempts = Mutex<[String: Int]>([:])

    init(_ sink: any EventSink) { self.sink = sink }

    func publish(_ events: [OutgoingEvent]) async throws {
        attempts.withLock { attempts in for event in events { attempts[event.id, default: 0] += 1 } }
        try await sink.publish(events)
    }
}

/// What the consumer saw: the delivery counts of every arrival of every id; and whether the broker was restarted.
private final class Observations: Sendable {
    let arrivals = Mutex<[String: [Int]]>([:])
    let restarted = Mutex(false)
}

@Suite(.enabled(if: RabbitMQTestServer.shouldRun, Comment(rawValue: RabbitMQTestServer.unavailableMessage)))
struct BrokerRestartTests {
    @Test("2,000 events through the outbox relay while the broker restarts: none lost, duplicates only as redeliveries")
    func restartLosesNothing() async throws {
        let server = try await RabbitMQTestServer.startPrivate()
        do {
            try await run(on: server)
        } catch {
            Issue.record("node log: \(server.log.suffix(2_000))")
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func run(on server: RabbitMQTestServer) async throws {
        let configuration = try Broker.configuration(server) { $0.prefetch = 50 }
        let exchange = "commercebridge.events"
        let source = RabbitMQEventSource(
            configuration: configuration,
            options: .init(queue: "erp.inbox", exchange: exchange, routingKeys: ["commercebridge.#"]))
        _ = try await source.receive(limit: 1, timeout: .zero)  // the durable queue exists before the first publish
        let sink = CountingSink(RabbitMQEventSink(configuration: configuration, options: .init(exchange: exchange)))

        let store = InMemoryConnectorStore()
        let relay = EventSinkRelay(sink: sink)
        let types = ["commercebridge.order.exported", "commercebridge.shipment.applied", "commercebridge.drift.found"]
        let count = 2_000
        let drafts = (0..<count).map { index in
            relay.draft(
                for: OutgoingEvent(
                    id: "event-\(index)", type: types[index % types.count], payload: Data("{\"n\":\(index)}".utf8)),
                correlationID: "run-\(index / 100)")
        }
        try await store.enqueue(drafts, now: Date())
        var outbox = OutboxDispatcher.Configuration()
        outbox.pollInterval = .milliseconds(20)
        outbox.defaultPolicy = .init(
            retry: RetryPolicy(maximumAttempts: 50, initialDelay: .milliseconds(20), maximumDelay: .milliseconds(500)),
            maximumConcurrency: 8)
        let dispatcher = OutboxDispatcher(
            store: store, configuration: outbox, time: .system, handlers: relay.handlers(for: types))

        // A consumer that does not deduplicate: it counts every arrival of every id.
        let observations = Observations()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(240))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await dispatcher.run() }
            group.addTask {
                while clock.now < deadline {
                    let batch = try await source.receive(limit: 100, timeout: .milliseconds(200))
                    observations.arrivals.withLock { arrivals in
                        for event in batch { arrivals[event.id, default: []].append(event.deliveryCount) }
                    }
                    do { try await source.acknowledge(batch) } catch let error as RabbitMQError where error.isRetryable
                    {
                        continue  // the broker went away: these come again
                    }
                    if observations.arrivals.withLock({ $0.count }) == count,
                        try await store.outboxStatus(now: Date()).pending.isEmpty
                    {
                        return
                    }
                }
            }
            group.addTask {
                // Restart once the relay is a third of the way through, so it publishes into the outage.
                while clock.now < deadline, sink.attempts.withLock({ $0.count }) < 700 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await server.restart()
                observations.restarted.withLock { $0 = true }
            }
            // The consumer ends when everything arrived; then stop the relay.
            try await group.next()
            try await group.next()
            group.cancelAll()
        }

        let seen = observations.arrivals.withLock { $0 }
        let attempts = sink.attempts.withLock { $0 }
        #expect(observations.restarted.withLock { $0 })
        #expect(Set(seen.keys) == Set(drafts.map(\.idempotencyKey)), "every event arrives")
        #expect(seen.count == count)
        // A first delivery (delivery count 1) happens once per copy the broker took: at most once per publish
        // attempt. Every other arrival is a redelivery, which the inbox deduplicates by id.
        let unexplained = seen.filter { id, counts in counts.filter { $0 == 1 }.count > (attempts[id] ?? 0) }
        #expect(unexplained.isEmpty, "first deliveries beyond publish attempts: \(unexplained.prefix(5))")
        let duplicates = seen.values.map { $0.count - 1 }.reduce(0, +)
        let redeliveries = seen.values.map { $0.filter { $0 >= 2 }.count }.reduce(0, +)
        let republished = attempts.values.map { $0 - 1 }.reduce(0, +)
        let status = try await store.outboxStatus(now: Date())
        #expect(status.pending.isEmpty)
        #expect(status.deadLettered == 0)
        print(
            "broker restart: \(count) events, \(duplicates) duplicate arrivals (\(redeliveries) flagged redeliveries), "
                + "\(republished) re-publishes by the outbox relay")
        await source.shutdown()
        if let rabbit = sink.sink as? RabbitMQEventSink { await rabbit.shutdown() }
    }
}
