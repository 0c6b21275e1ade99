/// Where events come from: a broker queue, a journal, a webhook's buffer.
///
/// Delivery is at least once: receive, store durably (the inbox deduplicates by ``ReceivedEvent/id``), then
/// acknowledge. An event received but not acknowledged comes back, later or to another consumer, with a higher
/// ``ReceivedEvent/deliveryCount``; an event that can never be handled is rejected to the source's dead-letter route.
///
/// Write one for a broker the package does not ship (Kafka, Amazon EventBridge through SQS, Google Pub/Sub): map the
/// broker's message to a ``ReceivedEvent`` (its id, type, body, headers and delivery count) and keep what settles it
/// (an offset, a receipt handle) in ``ReceivedEvent/receipt``. Check it with `EventSourceConformance` from
/// `CommerceBridgeTesting`.
///
/// ```swift
/// struct SQSEventSource: EventSource {
///     func receive(limit: Int, timeout: Duration) async throws -> [ReceivedEvent] {
///         try await sqs.receiveMessages(max: min(limit, 10), wait: timeout).map {
///             ReceivedEvent(id: $0.attributes["id"] ?? $0.messageId, type: $0.attributes["type"] ?? "",
///                           payload: Data($0.body.utf8), deliveryCount: $0.approximateReceiveCount,
///                           receipt: $0.receiptHandle)
///         }
///     }
///     func acknowledge(_ events: [ReceivedEvent]) async throws {
///         try await sqs.deleteMessages(events.map(\.receipt))
///     }
///     func reject(_ event: ReceivedEvent) async throws {
///         try await sqs.moveToDeadLetterQueue(event.receipt)
///     }
/// }
/// ```
public protocol EventSource: Sendable {
    /// Takes up to `limit` events, waiting up to `timeout` when none is ready.
    /// - Parameters:
    ///   - limit: The most events to return.
    ///   - timeout: How long to wait for the first event when none is ready.
    /// - Returns: The events, unsettled; empty when none came within `timeout`.
    /// - Throws: The source's error when it cannot be reached; events already taken come back later.
    func receive(limit: Int, timeout: Duration) async throws -> [ReceivedEvent]

    /// Settles events as taken: the source will not deliver them again.
    ///
    /// Acknowledge only what is stored durably. An event whose receipt no longer holds (the source reconnected
    /// since it was received) is not settled: it will be delivered again, and the inbox drops the duplicate.
    /// - Parameter events: Events this source returned.
    /// - Throws: The source's error when it cannot be reached; the events will then be delivered again.
    func acknowledge(_ events: [ReceivedEvent]) async throws

    /// Refuses an event that can never be handled (it cannot be parsed): it goes to the source's dead-letter route,
    /// not back to this source.
    /// - Parameter event: An event this source returned.
    /// - Throws: The source's error when it cannot be reached; the event will then be delivered again.
    func reject(_ event: ReceivedEvent) async throws
}
