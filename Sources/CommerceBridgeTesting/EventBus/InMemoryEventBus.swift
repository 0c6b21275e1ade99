public import CommerceBridge
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A broker in memory: one queue that is an `EventSink` (publish) and an `EventSource` (receive, acknowledge,
/// reject), with the delivery semantics of a RabbitMQ queue consumed with manual acknowledgements.
///
/// - Published events wait in order until a consumer receives them.
/// - A received event stays with its consumer until acknowledged or rejected; when the consumer is closed
///   (``Consumer/close()``, or ``requeueUnacknowledged()`` for the bus's own receives) its unsettled events go back
///   to the front of the queue and are delivered again with a higher `ReceivedEvent.deliveryCount`.
/// - A rejected event goes to ``deadLetters``, never back.
/// - ``injectPublishFaults(_:count:)`` makes publishes fail as a broker can: refused, or taken but unconfirmed (the
///   publisher retries and the event arrives twice, with the same id).
///
/// ```swift
/// let bus = InMemoryEventBus()
/// try await bus.publish([OutgoingEvent(id: "e1", type: "order.exported", payload: body)])
/// let events = try await bus.receive(limit: 10, timeout: .seconds(1))
/// try await bus.acknowledge(events)
/// ```
public final class InMemoryEventBus: EventSource, EventSink, Sendable {
    /// How an injected publish fault fails.
    public enum PublishFault: Sendable, Hashable {
        /// The broker refuses the events: nothing is enqueued and `publish` throws.
        case refused
        /// The broker takes the events but the confirmation is lost: they are enqueued and `publish` throws, so a
        /// retrying publisher enqueues them again.
        case unconfirmed
    }

    /// The error an injected fault throws.
    public struct PublishFailed: Error, RetryClassifiable, CustomStringConvertible {
        /// Which fault it was.
        public var fault: PublishFault
        /// Always true: a broker's refusal or a lost confirmation passes by retrying.
        public var isRetryable: Bool { true }
        /// What happened.
        public var description: String {
            switch fault {
            case .refused: "the in-memory bus refused the publish (injected fault)"
            case .unconfirmed: "the in-memory bus took the events but did not confirm them (injected fault)"
            }
        }
    }

    /// A consumer of the bus's queue: its own unsettled events, returned to the queue when it is closed, as a
    /// broker returns a dead connection's unacknowledged deliveries.
    public final class Consumer: EventSource, Sendable {
        private let bus: InMemoryEventBus
        /// The consumer's number on the bus.
        public let number: Int

        init(bus: InMemoryEventBus, number: Int) {
            self.bus = bus
            self.number = number
        }

        /// Takes up to `limit` events, waiting up to `timeout` for the first.
        /// - Throws: `CancellationError`, or ``InMemoryEventBus/ConsumerClosed`` after ``close()``.
        public func receive(limit: Int, timeout: Duration) async throws -> [ReceivedEvent] {
            try await bus.receive(consumer: number, limit: limit, timeout: timeout)
        }

        /// Settles events; receipts of another or a closed consumer are ignored (those events come back).
        public func acknowledge(_ events: [ReceivedEvent]) async throws { bus.settle(events, consumer: number) }

        /// Sends an event to ``InMemoryEventBus/deadLetters``.
        public func reject(_ event: ReceivedEvent) async throws { bus.reject(event, consumer: number) }

        /// Closes the consumer: its unsettled events go back to the front of the queue.
        public func close() { bus.close(consumer: number) }
    }

    /// What a closed consumer throws when asked to receive.
    public struct ConsumerClosed: Error, CustomStringConvertible {
        /// The consumer's number.
        public var consumer: Int
        /// What happened and what to do.
        public var description: String { "consumer \(consumer) of the in-memory bus is closed; make a new one" }
    }

    private struct Message {
        var event: OutgoingEvent
        var deliveries: Int
    }

    private struct State {
        var ready: [Message] = []
        var unsettled: [String: (consumer: Int, message: Message)] = [:]
        var nextReceipt = 1
        var nextConsumer = 1
        var closed: Set<Int> = []
        var deadLetters: [ReceivedEvent] = []
        var faults: [PublishFault] = []
        var published = 0
    }

    private let state = Mutex(State())
    /// The consumer that the bus's own ``receive(limit:timeout:)`` uses.
    private static let ownConsumer = 0

    /// Creates an empty bus.
    public init() {}

    // MARK: Sink

    /// Enqueues the events in order (or fails as an injected fault says).
    /// - Throws: ``PublishFailed`` when a fault was injected.
    public func publish(_ events: [OutgoingEvent]) async throws {
        guard !events.isEmpty else { return }
        let fault = state.withLock { state -> PublishFault? in
            let fault = state.faults.isEmpty ? nil : state.faults.removeFirst()
            if fault != .refused {
                state.ready += events.map { Message(event: $0, deliveries: 0) }
                state.published += events.count
            }
            return fault
        }
        if let fault { throw PublishFailed(fault: fault) }
    }

    /// Makes the next `count` publishes fail with `fault`.
    /// - Parameters:
    ///   - fault: How they fail.
    ///   - count: How many publishes (calls, not events).
    public func injectPublishFaults(_ fault: PublishFault, count: Int = 1) {
        state.withLock { $0.faults += Array(repeating: fault, count: count) }
    }

    // MARK: Source

    /// Takes up to `limit` events for the bus's own consumer, waiting up to `timeout` for the first.
    /// - Throws: `CancellationError`.
    public func receive(limit: Int, timeout: Duration) async throws -> [ReceivedEvent] {
        try await receive(consumer: Self.ownConsumer, limit: limit, timeout: timeout)
    }

    /// Settles events received through the bus itself.
    public func acknowledge(_ events: [ReceivedEvent]) async throws { settle(events, consumer: Self.ownConsumer) }

    /// Sends an event received through the bus itself to ``deadLetters``.
    public func reject(_ event: ReceivedEvent) async throws { reject(event, consumer: Self.ownConsumer) }

    /// Puts every event received through the bus itself and not settled back at the front of the queue, as a broker
    /// does when the consumer's connection dies.
    public func requeueUnacknowledged() { requeue(consumer: Self.ownConsumer) }

    /// A new consumer of the queue.
    public func makeConsumer() -> Consumer {
        Consumer(
            bus: self,
            number: state.withLock { state in
                defer { state.nextConsumer += 1 }
                return state.nextConsumer
            })
    }

    // MARK: Inspection

    /// Rejected events, in the order they were rejected.
    public var deadLetters: [ReceivedEvent] { state.withLock { $0.deadLetters } }
    /// Events waiting for a consumer.
    public var readyCount: Int { state.withLock { $0.ready.count } }
    /// Events received and not yet settled.
    public var unacknowledgedCount: Int { state.withLock { $0.unsettled.count } }
    /// Events enqueued by publishes so far (an unconfirmed publish counts; a refused one does not).
    public var publishedCount: Int { state.withLock { $0.published } }

    // MARK: Internals

    fileprivate func receive(consumer: Int, limit: Int, timeout: Duration) async throws -> [ReceivedEvent] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            try Task.checkCancellation()
            let taken = try state.withLock { state -> [ReceivedEvent] in
                if state.closed.contains(consumer) { throw ConsumerClosed(consumer: consumer) }
                var taken: [ReceivedEvent] = []
                while taken.count < max(0, limit), !state.ready.isEmpty {
                    var message = state.ready.removeFirst()
                    message.deliveries += 1
                    let receipt = "\(consumer):\(state.nextReceipt)"
                    state.nextReceipt += 1
                    state.unsettled[receipt] = (consumer, message)
                    taken.append(
                        ReceivedEvent(
                            id: message.event.id, type: message.event.type, payload: message.event.payload,
                            headers: message.event.headers, deliveryCount: message.deliveries, receipt: receipt))
                }
                return taken
            }
            if !taken.isEmpty || clock.now >= deadline { return taken }
            try await clock.sleep(for: min(.milliseconds(2), deadline - clock.now))
        }
    }

    fileprivate func settle(_ events: [ReceivedEvent], consumer: Int) {
        state.withLock { state in
            for event in events where state.unsettled[event.receipt]?.consumer == consumer {
                state.unsettled[event.receipt] = nil
            }
        }
    }

    fileprivate func reject(_ event: ReceivedEvent, consumer: Int) {
        state.withLock { state in
            guard state.unsettled[event.receipt]?.consumer == consumer else { return }
            state.unsettled[event.receipt] = nil
            state.deadLetters.append(event)
        }
    }

    fileprivate func close(consumer: Int) {
        state.withLock { state in
            Self.requeue(consumer: consumer, in: &state)
            state.closed.insert(consumer)
        }
    }

    private func requeue(consumer: Int) {
        state.withLock { Self.requeue(consumer: consumer, in: &$0) }
    }

    private static func requeue(consumer: Int, in state: inout State) {
        let returned = state.unsettled.filter { $0.value.consumer == consumer }
            .sorted { receiptNumber($0.key) < receiptNumber($1.key) }
        for (receipt, _) in returned { state.unsettled[receipt] = nil }
        state.ready.insert(contentsOf: returned.map(\.value.message), at: 0)
    }

    private static func receiptNumber(_ receipt: String) -> Int {
        Int(receipt.split(separator: ":").last ?? "") ?? 0
    }
}
