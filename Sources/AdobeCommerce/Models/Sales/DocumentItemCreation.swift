#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A line to invoice, ship or refund: an order line and a quantity (`InvoiceItemCreationInterface` and its shipment and credit-memo twins).
public struct DocumentItemCreation: Codable, Sendable, Hashable {
    /// The order line (`OrderItem.itemID`).
    public var orderItemID: Int?
    /// The quantity.
    public var qty: Decimal?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(orderItemID: Int, qty: Decimal) {
        self.orderItemID = orderItemID
        self.qty = qty
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case orderItemID = "order_item_id"
        case qty
    }
}
