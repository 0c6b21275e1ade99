/// Where the connector's events go: a broker exchange, a topic, a bus.
///
/// ``publish(_:)`` returns only when the destination has taken every event durably (AMQP publisher confirms, a
/// Kafka `acks=all` produce, an EventBridge `PutEvents` with no failed entries), and throws otherwise, so the outbox
/// keeps the events and publishes them again, with the same ids. A sink need not deduplicate: consumers do, by
/// ``OutgoingEvent/id``.
///
/// Write one for a broker the package does not ship, and check it with `EventSinkConformance` from
/// `CommerceBridgeTesting`:
///
/// ```swift
/// struct EventBridgeSink: EventSink {
///     func publish(_ events: [OutgoingEvent]) async throws {
///         let result = try await eventBridge.putEvents(events.map {
///             Entry(detailType: $0.type, detail: String(decoding: $0.payload, as: UTF8.self), id: $0.id)
///         })
///         guard result.failedEntryCount == 0 else { throw PublishFailed(result) }   // the outbox retries
///     }
/// }
/// ```
public protocol EventSink: Sendable {
    /// Publishes events, returning once the destination has taken every one durably.
    /// - Parameter events: The events, in order; empty publishes nothing.
    /// - Throws: When any event was refused, returned as unroutable, or not confirmed in time; some may have been
    ///   published, so publish all of them again (with the same ids).
    func publish(_ events: [OutgoingEvent]) async throws
}
