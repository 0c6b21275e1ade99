import AdobeCommerce
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct EventSinkRelayTests {
    @Test("An outbox message becomes an event: id = idempotency key, type = topic without the prefix, correlation id")
    func mapping() {
        let relay = EventSinkRelay(sink: InMemoryEventBus())
        let event = OutgoingEvent(id: "exported-1", type: "commercebridge.order.exported", payload: Data("{}".utf8))
        let draft = relay.draft(for: event, correlationID: "corr-1")
        #expect(draft.topic == "event.commercebridge.order.exported")
        #expect(draft.idempotencyKey == "exported-1")
        #expect(draft.destination == "events")
        let message = OutboxMessage(
            id: 1, destination: draft.destination, topic: draft.topic, idempotencyKey: draft.idempotencyKey,
            correlationID: draft.correlationID, payload: draft.payload, attempts: 0, createdAt: Date(),
            availableAt: Date(), history: [])
        #expect(
            relay.event(for: message)
                == OutgoingEvent(
                    id: "exported-1", type: "commercebridge.order.exported", payload: Data("{}".utf8),
                    headers: [EventSinkRelay.correlationIDHeader: "corr-1"]))
        var other = message
        other.topic = "order.export"
        other.correlationID = ""
        #expect(relay.event(for: other).type == "order.export")
        #expect(relay.event(for: other).headers.isEmpty)
        #expect(Set(relay.handlers(for: ["a", "b", "a"]).keys) == ["event.a", "event.b"])
    }

    @Test("Through the outbox, refused and unconfirmed publishes lose nothing; duplicates carry the same id")
    func relayThroughOutbox() async throws {
        let store = InMemoryConnectorStore()
        let bus = InMemoryEventBus()
        let relay = EventSinkRelay(sink: bus)
        let count = 500
        let drafts = (0..<count).map { index in
            relay.draft(
                for: OutgoingEvent(
                    id: "shipment-applied-\(index)", type: "commercebridge.shipment.applied",
                    payload: Data("{\"shipment\":\(index)}".utf8)))
        }
        try await store.enqueue(drafts, now: Date())
        // An order-export message in the same outbox is not the relay's to claim.
        try await store.enqueue(
            [OutboxMessage.Draft(destination: "erp", topic: "order.export", idempotencyKey: "o1", payload: Data())],
            now: Date())
        bus.injectPublishFaults(.unconfirmed, count: 7)
        bus.injectPublishFaults(.refused, count: 5)
        var configuration = OutboxDispatcher.Configuration()
        configuration.defaultPolicy = .init(
            retry: RetryPolicy(maximumAttempts: 20, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(5)))
        let dispatcher = OutboxDispatcher(
            store: store, configuration: configuration, time: .system,
            handlers: relay.handlers(for: ["commercebridge.shipment.applied"]))
        var delivered = 0
        for _ in 0..<200 where delivered < count {
            delivered += try await dispatcher.drain().delivered
            if delivered < count { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(delivered == count)
        let status = try await store.outboxStatus(now: Date())
        #expect(status.pending == ["erp": 1])
        #expect(status.deadLettered == 0)

        var seen: [String: Int] = [:]
        while true {
            let batch = try await bus.receive(limit: 100, timeout: .milliseconds(50))
            if batch.isEmpty { break }
            for event in batch {
                seen[event.id, default: 0] += 1
                #expect(event.type == "commercebridge.shipment.applied")
            }
            try await bus.acknowledge(batch)
        }
        #expect(Set(seen.keys) == Set(drafts.map(\.idempotencyKey)))
        // Each unconfirmed publish was made again with the same id: exactly 7 duplicates, none from refusals.
        #expect(seen.values.reduce(0, +) == count + 7)
        #expect(seen.values.filter { $0 == 2 }.count == 7)
    }
}
