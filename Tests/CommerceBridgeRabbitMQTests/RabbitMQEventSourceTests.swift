import CommerceBridge
import CommerceBridgeRabbitMQ
import Foundation
import RabbitMQTestSupport
import Testing

@Suite(.enabled(if: RabbitMQTestServer.shouldRun, Comment(rawValue: RabbitMQTestServer.unavailableMessage)))
struct RabbitMQEventSourceTests {
    @Test("Published events arrive with id, type, payload, headers and content type, in order, across many pages")
    func roundTrip() async throws {
        let configuration = try await Broker.shared()
        let exchange = Broker.name("x")
        let source = RabbitMQEventSource(
            configuration: configuration,
            options: .init(queue: Broker.name("q"), exchange: exchange, routingKeys: ["commercebridge.order.*"]))
        _ = try await source.receive(limit: 1, timeout: .zero)  // declares the topology
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: exchange))
        var events = Broker.events(1_200, type: "commercebridge.order.exported")
        events[0].headers = ["correlation-id": "corr-7", "store": "de_DE", "ümlaut": "grüße"]
        for page in stride(from: 0, to: events.count, by: 250) {
            try await sink.publish(Array(events[page..<min(page + 250, events.count)]))
        }
        let received = try await Broker.receive(events.count, from: source)
        #expect(received.map(\.id) == events.map(\.id))
        #expect(received.allSatisfy { $0.type == "commercebridge.order.exported" && $0.deliveryCount == 1 })
        #expect(received.map(\.payload) == events.map(\.payload))
        #expect(received[0].headers["store"] == "de_DE")
        #expect(received[0].headers["ümlaut"] == "grüße")
        #expect(received[0].headers["correlation-id"] == "corr-7")
        #expect(received[1].headers == ["index": "1"])
        #expect(Set(received.map(\.receipt)).count == events.count)
        // A routing key the queue is not bound for is returned to the publisher, not delivered.
        await #expect(
            performing: { try await sink.publish(Broker.events(1, type: "commercebridge.stock.changed")) },
            throws: { error in
                (error as? RabbitMQError)?.code == .publishReturned && (error as? RabbitMQError)?.replyCode == 312
            })
        #expect(try await source.receive(limit: 10, timeout: .milliseconds(300)).isEmpty)
        await source.shutdown()
        await sink.shutdown()
    }

    @Test("The broker sends no more than the prefetch count of unacknowledged events")
    func prefetch() async throws {
        let configuration = try await Broker.shared { $0.prefetch = 10 }
        let queue = Broker.name("q")
        let source = RabbitMQEventSource(configuration: configuration, options: .init(queue: queue))
        _ = try await source.receive(limit: 1, timeout: .zero)
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: ""))
        try await sink.publish(Broker.events(45, type: queue))
        var seen: [String] = []
        for round in 0..<5 {
            let expected = round < 4 ? 10 : 5
            var batch = try await Broker.receive(expected, from: source, acknowledging: false, limit: 100)
            // Then wait a while for more than 10 to arrive, if the broker sent them.
            batch += try await source.receive(limit: 100, timeout: .milliseconds(300))
            #expect(batch.count == expected, "round \(round)")
            seen += batch.map(\.id)
            try await source.acknowledge(batch)
        }
        #expect(Set(seen).count == 45)
        await source.shutdown()
        await sink.shutdown()
    }

    @Test("Unacknowledged events come back when the consumer's connection dies, counted as redeliveries")
    func unacknowledgedComeBack() async throws {
        let configuration = try await Broker.shared { $0.prefetch = 200 }
        let queue = Broker.name("q")
        let first = RabbitMQEventSource(configuration: configuration, options: .init(queue: queue))
        _ = try await first.receive(limit: 1, timeout: .zero)
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: ""))
        let events = Broker.events(300, type: queue)
        try await sink.publish(events)
        let taken = try await Broker.receive(150, from: first, acknowledging: false, limit: 50)
        #expect(taken.count == 150)
        try await first.acknowledge(Array(taken[..<100]))
        // Acknowledgements get no answer, and a cut connection loses what the broker has not read yet: wait until
        // it has taken the 100 in, which shows as the rest of the queue dispatched to the consumer (prefetch 200).
        let server = try await RabbitMQTestServer.sharedServer()
        let acknowledged = try await eventually { await server.readyMessages(in: queue) == 0 }
        #expect(acknowledged, "the broker still has events ready: it has not read the acknowledgements")
        await first.dropConnection()  // a dead connection: 50 unacknowledged events go back to the queue

        let second = RabbitMQEventSource(configuration: configuration, options: .init(queue: queue))
        let rest = try await Broker.receive(200, from: second)
        #expect(Set(rest.map(\.id)) == Set(events[100...].map(\.id)))
        // The 50 taken and unacknowledged come back flagged, and so do any the broker had sent on (prefetch 200)
        // that the first consumer never took; an event arriving for the first time is never flagged.
        let redelivered = Set(rest.filter { $0.deliveryCount >= 2 }.map(\.id))
        #expect(redelivered.isSuperset(of: taken[100...].map(\.id)))
        #expect(redelivered.isSubset(of: events[100...].map(\.id)))
        #expect(rest.filter { $0.deliveryCount == 1 }.allSatisfy { event in !taken.contains { $0.id == event.id } })
        #expect(try await second.receive(limit: 10, timeout: .milliseconds(300)).isEmpty)
        await second.shutdown()
        await sink.shutdown()
    }

    @Test("After a reconnect, receipts of the old connection settle nothing: their events come again")
    func staleReceipts() async throws {
        let configuration = try await Broker.shared()
        let queue = Broker.name("q")
        let source = RabbitMQEventSource(configuration: configuration, options: .init(queue: queue))
        _ = try await source.receive(limit: 1, timeout: .zero)
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: ""))
        let events = Broker.events(3, type: queue)
        try await sink.publish(events)
        let old = try await Broker.receive(3, from: source, acknowledging: false)
        await source.dropConnection()
        let again = try await Broker.receive(3, from: source, acknowledging: false)
        #expect(again.map(\.id) == events.map(\.id))
        #expect(again.allSatisfy { $0.deliveryCount == 2 })
        // The new delivery tags are again 1, 2, 3: the old receipts must not acknowledge them, nor reject them.
        try await source.acknowledge(old)
        try await source.reject(old[0])
        await source.dropConnection()
        let third = try await Broker.receive(3, from: source)
        #expect(third.map(\.id) == events.map(\.id))
        await source.shutdown()
        await sink.shutdown()
    }

    @Test("A rejected event goes to the dead-letter queue, not back to the source")
    func rejectDeadLetters() async throws {
        let configuration = try await Broker.shared()
        let queue = Broker.name("q")
        let source = RabbitMQEventSource(configuration: configuration, options: .init(queue: queue))
        _ = try await source.receive(limit: 1, timeout: .zero)
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: ""))
        let events = Broker.events(2, type: queue)
        try await sink.publish(events)
        let taken = try await Broker.receive(2, from: source, acknowledging: false)
        try await source.reject(taken[0])
        try await source.acknowledge([taken[1]])
        await source.dropConnection()
        #expect(try await source.receive(limit: 10, timeout: .milliseconds(500)).isEmpty)

        let deadLetters = RabbitMQEventSource(
            configuration: configuration,
            options: .init(queue: "\(queue).dead-letter", deadLetter: nil, declaresTopology: false))
        let dead = try await Broker.receive(1, from: deadLetters)
        #expect(dead.map(\.id) == [events[0].id])
        #expect(dead.first?.payload == events[0].payload)
        #expect(dead.first?.headers["x-first-death-reason"] == "rejected")
        #expect(dead.first?.headers["x-first-death-queue"] == queue)
        await source.shutdown()
        await deadLetters.shutdown()
        await sink.shutdown()
    }

    @Test("On a quorum queue the delivery count follows x-delivery-count")
    func quorumDeliveryCount() async throws {
        let configuration = try await Broker.shared()
        let queue = Broker.name("q")
        let source = RabbitMQEventSource(configuration: configuration, options: .init(queue: queue, queueType: .quorum))
        _ = try await source.receive(limit: 1, timeout: .zero)
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: ""))
        try await sink.publish(Broker.events(1, type: queue))
        var counts: [Int] = []
        for _ in 0..<3 {
            let taken = try await Broker.receive(1, from: source, acknowledging: false)
            counts += taken.map(\.deliveryCount)
            await source.dropConnection()
        }
        #expect(counts == [1, 2, 3])
        await source.shutdown()
        await sink.shutdown()
    }

    @Test("Declaring a queue that exists with other arguments fails with 406 and says what to do")
    func preconditionFailed() async throws {
        let configuration = try await Broker.shared()
        let queue = Broker.name("q")
        let classic = RabbitMQEventSource(configuration: configuration, options: .init(queue: queue, deadLetter: nil))
        _ = try await classic.receive(limit: 1, timeout: .zero)
        let other = RabbitMQEventSource(configuration: configuration, options: .init(queue: queue))
        await #expect(
            performing: { try await other.receive(limit: 1, timeout: .seconds(1)) },
            throws: { error in
                guard let error = error as? RabbitMQError else { return false }
                return error.code == .channelClosed && error.replyCode == 406
                    && error.replyText?.contains("PRECONDITION_FAILED") == true
                    && error.recovery.contains("other arguments")
            })
        await classic.shutdown()
        await other.shutdown()
    }

    /// Polls `condition` until it holds (`true`) or a generous deadline, a guard against hangs only, passes.
    private func eventually(_ condition: () async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
