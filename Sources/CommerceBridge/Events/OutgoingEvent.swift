#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An event the connector announces: an order exported, a shipment applied, drift found.
///
/// Publish it through the outbox (``EventSinkRelay``), so that it leaves only after the change it announces has
/// committed, and is published again, with the same ``id``, when a publish was not confirmed.
///
/// ```swift
/// let event = OutgoingEvent(
///     id: "order-exported-000000123", type: "commercebridge.order.exported",
///     payload: try CommerceJSONEncoder().encode(exported), headers: ["order": "000000123"])
/// ```
public struct OutgoingEvent: Sendable, Hashable {
    /// The message id: the outbox message's idempotency key, so a re-publish after a crash carries the same id and
    /// consumers deduplicate it.
    public var id: String
    /// The routing key or event type, such as `commercebridge.order.exported`.
    public var type: String
    /// The body.
    public var payload: Data
    /// Headers, as text.
    public var headers: [String: String]

    /// Creates an event.
    /// - Parameters:
    ///   - id: The message id; the same on every publish of this event.
    ///   - type: The routing key or event type.
    ///   - payload: The body.
    ///   - headers: Headers as text.
    public init(id: String, type: String, payload: Data, headers: [String: String] = [:]) {
        self.id = id
        self.type = type
        self.payload = payload
        self.headers = headers
    }
}
