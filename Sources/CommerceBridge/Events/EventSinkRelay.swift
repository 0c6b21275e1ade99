/// Delivers the outbox's event messages to an ``EventSink``: the way the connector announces what it did without
/// losing or inventing events.
///
/// An engine enqueues the event in the same commit as the change it announces (``draft(for:destination:correlationID:)``
/// makes the outbox message); an ``OutboxDispatcher`` with the relay's handlers publishes it and acknowledges the
/// message only after the sink confirmed. A crash between the commit and the publish loses nothing (the message is
/// still in the outbox), and a publish that was not confirmed is made again with the same message id (the outbox
/// message's idempotency key), so consumers deduplicate it.
///
/// ```swift
/// let relay = EventSinkRelay(sink: rabbitSink)
/// var changes = StoreChanges(time: now)
/// changes.enqueue(relay.draft(for: OutgoingEvent(id: "exported-\(order)", type: "commercebridge.order.exported",
///                                                payload: body)))
/// try await store.commit(changes)
///
/// let dispatcher = OutboxDispatcher(
///     store: store, time: .system, handlers: relay.handlers(for: ["commercebridge.order.exported"]))
/// try await dispatcher.run()
/// ```
public struct EventSinkRelay: Sendable {
    /// The header carrying the outbox message's correlation id, when it has one.
    public static let correlationIDHeader = "correlation-id"

    /// Where the events go.
    public let sink: any EventSink
    /// What an event's outbox topic starts with: the topic is this prefix and the event type.
    public let topicPrefix: String

    /// Creates a relay.
    /// - Parameters:
    ///   - sink: Where the events go.
    ///   - topicPrefix: What an event's outbox topic starts with (`event.` by default): the message of topic
    ///     `event.commercebridge.order.exported` is published with the type `commercebridge.order.exported`.
    public init(sink: any EventSink, topicPrefix: String = "event.") {
        self.sink = sink
        self.topicPrefix = topicPrefix
    }

    /// The outbox topic of an event type: ``topicPrefix`` and the type.
    /// - Parameter type: The event type.
    /// - Returns: The topic to enqueue it under.
    public func topic(for type: String) -> String { topicPrefix + type }

    /// The outbox message that publishes an event: its topic is ``topic(for:)`` of the event's type, its idempotency
    /// key the event's id (so enqueuing the same event twice is a no-op) and its payload the event's.
    ///
    /// The outbox keeps no headers: the event's headers are not carried, only the correlation id.
    /// - Parameters:
    ///   - event: The event.
    ///   - destination: The outbox destination (retry schedule, breaker and rate limit are per destination).
    ///   - correlationID: Follows the event through logs; published as the ``correlationIDHeader`` header.
    /// - Returns: The draft to enqueue in the same commit as the change the event announces.
    public func draft(
        for event: OutgoingEvent, destination: String = "events", correlationID: String = ""
    ) -> OutboxMessage.Draft {
        OutboxMessage.Draft(
            destination: destination, topic: topic(for: event.type), idempotencyKey: event.id,
            correlationID: correlationID, payload: event.payload)
    }

    /// The event an outbox message publishes: id = the idempotency key, type = the topic without
    /// ``topicPrefix`` (the whole topic when it lacks the prefix), payload as enqueued, and the correlation id as
    /// the ``correlationIDHeader`` header.
    /// - Parameter message: An outbox message.
    /// - Returns: The event to publish.
    public func event(for message: OutboxMessage) -> OutgoingEvent {
        let type =
            message.topic.hasPrefix(topicPrefix) && message.topic.count > topicPrefix.count
            ? String(message.topic.dropFirst(topicPrefix.count)) : message.topic
        var headers: [String: String] = [:]
        if !message.correlationID.isEmpty { headers[Self.correlationIDHeader] = message.correlationID }
        return OutgoingEvent(id: message.idempotencyKey, type: type, payload: message.payload, headers: headers)
    }

    /// Publishes one outbox message and returns once the sink confirmed it.
    /// - Parameter message: An outbox message.
    /// - Throws: The sink's error: the dispatcher retries the message (or dead-letters it, when the error says it
    ///   cannot succeed).
    public func deliver(_ message: OutboxMessage) async throws {
        try await sink.publish([event(for: message)])
    }

    /// A handler for ``OutboxDispatcher`` that publishes each message it is given (of any topic) as
    /// ``event(for:)`` describes.
    public var handler: OutboxDispatcher.Handler {
        { [self] message, _ in try await deliver(message) }
    }

    /// Handlers for ``OutboxDispatcher/init(store:configuration:time:random:handlers:)``, one per event type, keyed
    /// by ``topic(for:)``, so the dispatcher claims only these events' messages.
    /// - Parameter types: The event types to publish.
    /// - Returns: The handlers by topic.
    public func handlers(for types: some Sequence<String>) -> [String: OutboxDispatcher.Handler] {
        Dictionary(types.map { (topic(for: $0), handler) }, uniquingKeysWith: { first, _ in first })
    }
}
