public import CommerceBridge

/// Publishes events to a RabbitMQ exchange as an `EventSink`, with publisher confirms.
///
/// The channel is in confirm mode (`confirm.select`); each event is published persistent (`delivery_mode` 2),
/// `mandatory`, with `message_id` = the event's id, `type` and routing key = its type, the configured content type,
/// its headers, and its `EventSinkRelay.correlationIDHeader` header (when present) as `correlation_id`.
/// ``publish(_:)`` returns only when the broker acknowledged every event; it throws when one was nacked, returned as
/// unroutable, or not confirmed within ``RabbitMQConfiguration/operationTimeout`` (and when the broker stays away
/// longer than ``RabbitMQConfiguration/Reconnect/giveUpAfter``), so the outbox publishes them again with the same
/// ids.
///
/// All calls to librabbitmq run on the sink's own serial queue, never on Swift's cooperative pool.
///
/// ```swift
/// let sink = RabbitMQEventSink(
///     configuration: try RabbitMQConfiguration(url: "amqp://connector:secret@rabbit:5672/%2F"),
///     options: .init(exchange: "commercebridge.events"))
/// let dispatcher = OutboxDispatcher(
///     store: store, time: .system,
///     handlers: EventSinkRelay(sink: sink).handlers(for: ["commercebridge.order.exported"]))
/// ```
public actor RabbitMQEventSink: EventSink {
    /// Where events go.
    public struct Options: Sendable {
        /// The exchange to publish to; empty for the default exchange (routing key = queue name).
        public var exchange: String
        /// Whether to declare ``exchange`` (durable, of ``exchangeType``) on connecting.
        public var declaresExchange: Bool
        /// The type of ``exchange``.
        public var exchangeType: String
        /// Whether an event that reaches no queue is an error (`mandatory`; the broker returns it) rather than
        /// silently dropped.
        public var mandatory: Bool
        /// The `content_type` property.
        public var contentType: String

        /// Creates options.
        /// - Parameters:
        ///   - exchange: The exchange to publish to.
        ///   - declaresExchange: Whether to declare it.
        ///   - exchangeType: Its type.
        ///   - mandatory: Whether unroutable events are an error.
        ///   - contentType: The `content_type` property.
        public init(
            exchange: String, declaresExchange: Bool = true, exchangeType: String = "topic", mandatory: Bool = true,
            contentType: String = "application/json"
        ) {
            self.exchange = exchange
            self.declaresExchange = declaresExchange
            self.exchangeType = exchangeType
            self.mandatory = mandatory
            self.contentType = contentType
        }
    }

    /// The broker.
    public nonisolated let configuration: RabbitMQConfiguration
    /// Where events go.
    public nonisolated let options: Options
    private let executor: AMQPExecutor
    private var link: AMQPLink

    /// The sink's own serial queue.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Creates a sink; it connects on first use.
    /// - Parameters:
    ///   - configuration: The broker.
    ///   - options: Where events go.
    public init(configuration: RabbitMQConfiguration, options: Options) {
        self.configuration = configuration
        self.options = options
        self.executor = AMQPExecutor(label: "CommerceBridgeRabbitMQ.sink.\(options.exchange)")
        self.link = AMQPLink(configuration: configuration)
    }

    /// Publishes the events and returns once the broker confirmed every one.
    /// - Throws: ``RabbitMQError``: ``RabbitMQError/Code/publishRefused`` (nacked),
    ///   ``RabbitMQError/Code/publishReturned`` (unroutable), ``RabbitMQError/Code/channelClosed`` (a missing
    ///   exchange: 404), ``RabbitMQError/Code/timedOut``, or a connection failure; some events may have been
    ///   published, so publish them all again. `CancellationError`.
    public func publish(_ events: [OutgoingEvent]) throws {
        guard !events.isEmpty else { return }
        let deadline = ContinuousClock().now.advanced(by: configuration.reconnect.giveUpAfter)
        let connection = try link.connected(until: deadline, setup: setUp)
        do {
            var first: UInt64?
            var last: UInt64 = 0
            for event in events {
                last = try connection.publish(
                    exchange: options.exchange, routingKey: event.type, messageID: event.id, type: event.type,
                    contentType: options.contentType, correlationID: event.headers[EventSinkRelay.correlationIDHeader],
                    headers: event.headers, body: event.payload, mandatory: options.mandatory)
                if first == nil { first = last }
            }
            let outcome = try connection.waitForConfirms(
                from: first ?? last, through: last, timeout: configuration.operationTimeout)
            if let returned = outcome.returned.first {
                throw RabbitMQError(
                    code: .publishReturned, operation: "basic.publish \(returned.routingKey) to \(options.exchange)",
                    server: configuration.description, replyCode: returned.replyCode, replyText: returned.replyText,
                    detail: "\(outcome.returned.count) of \(events.count) reached no queue",
                    recovery: "bind a queue to the exchange for this routing key; the publish is retried")
            }
            if outcome.nacked > 0 {
                throw RabbitMQError(
                    code: .publishRefused, operation: "basic.publish to \(options.exchange)",
                    server: configuration.description, detail: "\(outcome.nacked) of \(events.count) nacked",
                    recovery: "check the broker's log (a full disk, a queue length limit); the publish is retried")
            }
        } catch {
            link.dropIfBroken()
            throw error
        }
    }

    /// Closes the connection politely. The sink cannot be used afterwards.
    public func shutdown() { link.shutdown() }

    /// Drops the connection without a goodbye, as a network cut does; the next publish reconnects. For tests.
    public func dropConnection() { link.cut() }

    private func setUp(_ connection: AMQPConnection) throws {
        if options.declaresExchange, !options.exchange.isEmpty {
            try connection.declareExchange(options.exchange, type: options.exchangeType)
        }
        try connection.confirmSelect()
    }
}
