#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Something the ERP did to an exported order that Commerce must show: a status change or comment, a hold, the
/// release of a hold, or the cancellation of the whole order.
public struct ERPOrderEvent: Sendable, Hashable, Codable {
    /// What happened.
    public enum Action: Sendable, Hashable, Codable {
        /// A comment on the order, optionally with a new order status (a status of the order's current state, such
        /// as a custom `processing` status); `notify` e-mails the customer and `visibleOnFront` shows the comment in
        /// the customer's account.
        case comment(String, status: String? = nil, notify: Bool = false, visibleOnFront: Bool = false)
        /// Put the order on hold (`POST /V1/orders/{id}/hold`).
        case hold
        /// Release the hold (`POST /V1/orders/{id}/unhold`).
        case unhold
        /// Cancel the whole order (`POST /V1/orders/{id}/cancel`); Magento refuses once it is fully invoiced,
        /// complete, closed or on hold. The reason, when given, is added as an order comment.
        case cancel(reason: String? = nil)
    }

    /// The ERP's id of the event, unique among events.
    public var id: String
    /// The ERP order it belongs to.
    public var erpOrderNumber: String
    /// What happened.
    public var action: Action
    /// When it happened.
    public var occurredAt: Date

    /// Creates an event.
    /// - Parameters:
    ///   - id: The ERP's id of the event.
    ///   - erpOrderNumber: The ERP order.
    ///   - action: What happened.
    ///   - occurredAt: When.
    public init(id: String, erpOrderNumber: String, action: Action, occurredAt: Date) {
        self.id = id
        self.erpOrderNumber = erpOrderNumber
        self.action = action
        self.occurredAt = occurredAt
    }
}

extension ERPOrderEvent: FeedRecord {
    /// `occurredAt`, keyed by the event id.
    public var feedPosition: FeedCursor { FeedCursor(time: occurredAt, key: id) }
}
