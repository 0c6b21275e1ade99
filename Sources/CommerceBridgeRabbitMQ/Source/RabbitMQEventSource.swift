import AdobeCommerce
public import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Consumes a RabbitMQ queue as an `EventSource`: manual acknowledgements, a `basic.qos` prefetch, redeliveries
/// counted, rejected events dead-lettered.
///
/// On first use (and after every reconnect) it declares its topology unless told not to: a durable queue (classic
/// or quorum) bound to an exchange with routing patterns, and a dead-letter exchange and queue the queue names in
/// `x-dead-letter-exchange`. Then it consumes with manual acknowledgements.
///
/// - `ReceivedEvent.id` is the AMQP `message_id` (without one: a hash of routing key and body, the same on every
///   delivery); `ReceivedEvent.type` the routing key; `ReceivedEvent.headers` the message's headers as text.
/// - `ReceivedEvent.deliveryCount` is a quorum queue's `x-delivery-count` plus one when present, else 2 for a
///   message the broker marks `redelivered` (it may have been delivered more often), else 1.
/// - When the broker goes away (a restart) it reconnects with backoff. Receipts (delivery tags) of the old
///   connection are void: acknowledging or rejecting them does nothing, and the broker delivers those events again
///   (the inbox deduplicates them).
///
/// All calls to librabbitmq run on the source's own serial queue, never on Swift's cooperative pool.
///
/// ```swift
/// let source = RabbitMQEventSource(
///     configuration: try RabbitMQConfiguration(url: "amqp://connector:secret@rabbit:5672/%2F"),
///     options: .init(queue: "erp.commerce-events", exchange: "commerce.events", routingKeys: ["order.*"]))
/// while !Task.isCancelled {
///     let events = try await source.receive(limit: 100, timeout: .seconds(5))
///     try await inbox.store(events)
///     try await source.acknowledge(events)
/// }
/// await source.shutdown()
/// ```
public actor RabbitMQEventSource: EventSource {
    /// The queue and its surroundings.
    public struct Options: Sendable {
        /// The kind of queue to declare.
        public enum QueueType: String, Sendable {
            /// A classic queue.
            case classic
            /// A replicated quorum queue; it counts deliveries in `x-delivery-count`.
            case quorum
        }

        /// Where rejected events go.
        public struct DeadLetterRoute: Sendable, Hashable {
            /// The dead-letter exchange (a fanout exchange, declared durable).
            public var exchange: String
            /// The queue bound to it that keeps rejected events.
            public var queue: String

            /// Creates a route.
            /// - Parameters:
            ///   - exchange: The dead-letter exchange.
            ///   - queue: The queue that keeps rejected events.
            public init(exchange: String, queue: String) {
                self.exchange = exchange
                self.queue = queue
            }

            /// The fanout exchange and the queue named `<queue>.dead-letter`, after the consumed queue.
            public static let automatic = DeadLetterRoute(exchange: "", queue: "")
        }

        /// The queue to consume.
        public var queue: String
        /// Whether to declare the exchange, queue, bindings and dead-letter route (idempotent when they exist with
        /// the same arguments); `false` consumes a queue that an operator declared.
        public var declaresTopology: Bool
        /// The kind of queue to declare.
        public var queueType: QueueType
        /// The exchange to bind the queue to (declared durable, of ``exchangeType``), or `nil` for none.
        public var exchange: String?
        /// The type of ``exchange``: `topic`, `direct`, `fanout`, `headers`.
        public var exchangeType: String
        /// The routing patterns to bind with (`*` one word, `#` zero or more).
        public var routingKeys: [String]
        /// Where rejected events go, or `nil` to drop them.
        public var deadLetter: DeadLetterRoute?

        /// Creates options.
        /// - Parameters:
        ///   - queue: The queue to consume.
        ///   - exchange: The exchange to bind it to, or `nil`.
        ///   - exchangeType: The exchange's type.
        ///   - routingKeys: The routing patterns to bind with.
        ///   - queueType: Classic or quorum.
        ///   - deadLetter: Where rejected events go: ``DeadLetterRoute/automatic`` (the fanout exchange
        ///     `<queue>.dead-letter` and the queue of the same name), a route of your own, or `nil` to drop them.
        ///   - declaresTopology: Whether to declare all this.
        public init(
            queue: String, exchange: String? = nil, exchangeType: String = "topic", routingKeys: [String] = ["#"],
            queueType: QueueType = .classic, deadLetter: DeadLetterRoute? = .automatic, declaresTopology: Bool = true
        ) {
            self.queue = queue
            self.exchange = exchange
            self.exchangeType = exchangeType
            self.routingKeys = routingKeys
            self.queueType = queueType
            self.deadLetter =
                deadLetter == .automatic
                ? DeadLetterRoute(exchange: "\(queue).dead-letter", queue: "\(queue).dead-letter") : deadLetter
            self.declaresTopology = declaresTopology
        }
    }

    /// The broker.
    public nonisolated let configuration: RabbitMQConfiguration
    /// The queue and its surroundings.
    public nonisolated let options: Options
    private let executor: AMQPExecutor
    private var link: AMQPLink

    /// The source's own serial queue.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Creates a source; it connects on first use.
    /// - Parameters:
    ///   - configuration: The broker.
    ///   - options: The queue and its surroundings.
    public init(configuration: RabbitMQConfiguration, options: Options) {
        self.configuration = configuration
        self.options = options
        self.executor = AMQPExecutor(label: "CommerceBridgeRabbitMQ.source.\(options.queue)")
        self.link = AMQPLink(configuration: configuration)
    }

    /// Takes up to `limit` events, waiting up to `timeout` for the first; reconnects meanwhile when the broker went
    /// away.
    /// - Returns: The events, unsettled; empty when none came (or the broker is still coming back).
    /// - Throws: ``RabbitMQError`` when the broker stayed unreachable for longer than
    ///   ``RabbitMQConfiguration/Reconnect/giveUpAfter``, refused the credentials or the topology;
    ///   `CancellationError`.
    public func receive(limit: Int, timeout: Duration) throws -> [ReceivedEvent] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var received: [(generation: Int, event: ReceivedEvent)] = []
        while received.count < limit {
            let connection: AMQPConnection
            do {
                connection = try link.connected(until: deadline, setup: setUp)
            } catch let error as RabbitMQError where error.isConnectionLoss && !link.isDownTooLong {
                break  // still within the reconnect budget: an empty answer, try again on the next call
            }
            let remaining = deadline - clock.now
            let wait: Duration = received.isEmpty ? min(max(remaining, .zero), .milliseconds(200)) : .zero
            do {
                if let delivery = try connection.nextDelivery(timeout: wait) {
                    received.append((link.generation, event(from: delivery)))
                } else if !received.isEmpty || clock.now >= deadline {
                    break
                }
                try Task.checkCancellation()
            } catch let error as RabbitMQError {
                link.dropIfBroken()
                if !error.isRetryable { throw error }
            }
        }
        // Events of a connection that has since been lost will come again: their receipts settle nothing.
        return received.filter { $0.generation == link.generation && link.openConnection != nil }.map(\.event)
    }

    /// Acknowledges events; receipts of a connection that was lost since are skipped (the broker delivers those
    /// events again).
    /// - Throws: ``RabbitMQError`` when the connection fails while acknowledging (the events come again).
    public func acknowledge(_ events: [ReceivedEvent]) throws {
        for event in events {
            guard let tag = currentTag(event.receipt), let connection = link.openConnection else { continue }
            do {
                try connection.ack(tag)
            } catch {
                link.dropIfBroken()
                throw error
            }
        }
    }

    /// Rejects an event without requeueing it: the queue dead-letters it to ``Options/deadLetter``. A receipt of a
    /// connection that was lost since is skipped (the event comes again, to be rejected again).
    /// - Throws: ``RabbitMQError`` when the connection fails (the event comes again).
    public func reject(_ event: ReceivedEvent) throws {
        guard let tag = currentTag(event.receipt), let connection = link.openConnection else { return }
        do {
            try connection.reject(tag)
        } catch {
            link.dropIfBroken()
            throw error
        }
    }

    /// Closes the connection politely; the broker delivers unacknowledged events to other consumers. The source
    /// cannot be used afterwards.
    public func shutdown() { link.shutdown() }

    /// Drops the connection without a goodbye, as a network cut does: unacknowledged events go back to the queue,
    /// and the next ``receive(limit:timeout:)`` reconnects. For tests and operators.
    public func dropConnection() { link.cut() }

    // MARK: Internals

    private func setUp(_ connection: AMQPConnection) throws {
        if options.declaresTopology {
            var arguments: [(String, AMQPFieldValue)] = []
            if let deadLetter = options.deadLetter {
                try connection.declareExchange(deadLetter.exchange, type: "fanout")
                try connection.declareQueue(
                    deadLetter.queue,
                    arguments: options.queueType == .quorum ? [("x-queue-type", .string("quorum"))] : [])
                try connection.bind(queue: deadLetter.queue, exchange: deadLetter.exchange, routingKey: "")
                arguments.append(("x-dead-letter-exchange", .string(deadLetter.exchange)))
            }
            if options.queueType == .quorum { arguments.append(("x-queue-type", .string("quorum"))) }
            try connection.declareQueue(options.queue, arguments: arguments)
            if let exchange = options.exchange {
                try connection.declareExchange(exchange, type: options.exchangeType)
                for key in options.routingKeys {
                    try connection.bind(queue: options.queue, exchange: exchange, routingKey: key)
                }
            }
        }
        try connection.qos(prefetch: configuration.prefetch)
        try connection.consume(queue: options.queue)
    }

    private func event(from delivery: AMQPConnection.Delivery) -> ReceivedEvent {
        let deliveryCount =
            if let counted = delivery.deliveryCountHeader { counted + 1 } else { delivery.redelivered ? 2 : 1 }
        let id =
            delivery.messageID.flatMap { $0.isEmpty ? nil : $0 }
            ?? "sha256:" + SHA256.hexHash(Array(delivery.routingKey.utf8) + [0] + delivery.body)
        return ReceivedEvent(
            id: id, type: delivery.routingKey, payload: Data(delivery.body), headers: delivery.headers,
            deliveryCount: deliveryCount, receipt: "\(link.generation):\(delivery.deliveryTag)")
    }

    /// The delivery tag of a receipt of the current connection, or `nil` for another's.
    private func currentTag(_ receipt: String) -> UInt64? {
        let parts = receipt.split(separator: ":")
        guard parts.count == 2, Int(parts[0]) == link.generation, link.openConnection != nil else { return nil }
        return UInt64(parts[1])
    }
}
