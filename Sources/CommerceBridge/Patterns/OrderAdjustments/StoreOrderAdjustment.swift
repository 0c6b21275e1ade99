public import AdobeCommerce

/// What happened to an exported order in Commerce: it was cancelled, or a credit memo was made for it. The input of
/// ``OrderAdjustmentExportPattern``.
public enum StoreOrderAdjustment: Sendable {
    /// The order was cancelled (its `state` is `canceled`).
    case cancellation(order: Order)
    /// A credit memo was made for the order.
    case creditMemo(CommerceSchema.SalesCreditmemo, order: Order)

    /// The order.
    public var order: Order {
        switch self {
        case .cancellation(let order): order
        case .creditMemo(_, let order): order
        }
    }

    /// `credit memo 000000012` or `cancellation of order 000000007`, for errors and the audit trail.
    public var name: String {
        switch self {
        case .cancellation(let order):
            "cancellation of order \(order.incrementID ?? String(order.entityID ?? 0))"
        case .creditMemo(let memo, _):
            "credit memo \(memo.incrementID ?? String(memo.entityID ?? 0))"
        }
    }
}
