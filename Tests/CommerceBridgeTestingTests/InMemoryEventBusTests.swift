import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct InMemoryEventBusTests {
    private func events(_ count: Int) -> [OutgoingEvent] {
        (0..<count).map { OutgoingEvent(id: "e\($0)", type: "t", payload: Data("\($0)".utf8)) }
    }

    @Test("A closed consumer's unsettled events go to the next consumer first, counted as redeliveries")
    func closeRedelivers() async throws {
        let bus = InMemoryEventBus()
        try await bus.publish(events(5))
        let first = bus.makeConsumer()
        let taken = try await first.receive(limit: 3, timeout: .zero)
        #expect(taken.map(\.id) == ["e0", "e1", "e2"])
        try await first.acknowledge([taken[1]])
        #expect(bus.unacknowledgedCount == 2)
        first.close()
        await #expect(throws: InMemoryEventBus.ConsumerClosed.self) {
            try await first.receive(limit: 1, timeout: .zero)
        }
        let second = bus.makeConsumer()
        let again = try await second.receive(limit: 10, timeout: .zero)
        #expect(again.map(\.id) == ["e0", "e2", "e3", "e4"])
        #expect(again.map(\.deliveryCount) == [2, 2, 1, 1])
        // A receipt of the closed consumer settles nothing now.
        try await second.acknowledge([taken[0]])
        #expect(bus.unacknowledgedCount == 4)
    }

    @Test("Rejected events are dead-lettered; the bus's own receives return on requeueUnacknowledged")
    func rejectAndRequeue() async throws {
        let bus = InMemoryEventBus()
        try await bus.publish(events(2))
        let taken = try await bus.receive(limit: 2, timeout: .zero)
        try await bus.reject(taken[0])
        #expect(bus.deadLetters.map(\.id) == ["e0"])
        bus.requeueUnacknowledged()
        let again = try await bus.receive(limit: 2, timeout: .zero)
        #expect(again.map(\.id) == ["e1"])
        #expect(again.first?.deliveryCount == 2)
    }

    @Test("Injected faults: a refused publish enqueues nothing, an unconfirmed one enqueues and still throws")
    func publishFaults() async throws {
        let bus = InMemoryEventBus()
        bus.injectPublishFaults(.refused)
        bus.injectPublishFaults(.unconfirmed)
        await #expect(
            performing: { try await bus.publish(events(1)) },
            throws: { ($0 as? InMemoryEventBus.PublishFailed)?.fault == .refused })
        #expect(bus.readyCount == 0)
        await #expect(
            performing: { try await bus.publish(events(1)) },
            throws: { ($0 as? InMemoryEventBus.PublishFailed)?.fault == .unconfirmed })
        #expect(bus.readyCount == 1)
        try await bus.publish(events(1))
        #expect(bus.readyCount == 2)
        #expect(bus.publishedCount == 2)
    }

    @Test("A receive waits for an event published meanwhile")
    func receiveWaits() async throws {
        let bus = InMemoryEventBus()
        async let received = bus.receive(limit: 5, timeout: .seconds(10))
        try await Task.sleep(for: .milliseconds(50))
        try await bus.publish(events(1))
        #expect(try await received.map(\.id) == ["e0"])
    }
}
