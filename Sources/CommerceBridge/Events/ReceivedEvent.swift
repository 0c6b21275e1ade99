#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An event taken from a broker or feed, not yet settled.
///
/// Store it durably (in the inbox, deduplicated by ``id``), then hand it back to its ``EventSource`` with
/// ``EventSource/acknowledge(_:)``. Until then the source may deliver it again, with a higher ``deliveryCount``.
///
/// ```swift
/// for event in try await source.receive(limit: 100, timeout: .seconds(5)) {
///     try await inbox.store(event)          // idempotent by event.id
/// }
/// try await source.acknowledge(events)
/// ```
public struct ReceivedEvent: Sendable, Hashable {
    /// The message id (AMQP `message_id`; for Adobe I/O events the event id): the key the inbox deduplicates by.
    public var id: String
    /// The routing key or event type, such as `com.adobe.commerce.observer.sales_order_save_commit_after`.
    public var type: String
    /// The body, as the publisher sent it.
    public var payload: Data
    /// The message's headers, as text.
    public var headers: [String: String]
    /// 1 on the first delivery; more when the source delivers it again (AMQP `redelivered`, or a quorum queue's
    /// `x-delivery-count`), so a poison event can be recognised after a number of receives.
    public var deliveryCount: Int
    /// The source's opaque handle to settle it with (an AMQP delivery tag, a journal position …).
    public var receipt: String

    /// Creates a received event.
    /// - Parameters:
    ///   - id: The message id, the deduplication key.
    ///   - type: The routing key or event type.
    ///   - payload: The body.
    ///   - headers: The headers as text.
    ///   - deliveryCount: 1 on the first delivery, more on redeliveries.
    ///   - receipt: The source's handle to settle it with.
    public init(
        id: String, type: String, payload: Data, headers: [String: String] = [:], deliveryCount: Int = 1,
        receipt: String
    ) {
        self.id = id
        self.type = type
        self.payload = payload
        self.headers = headers
        self.deliveryCount = deliveryCount
        self.receipt = receipt
    }
}
