#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A credit memo, the record of a refund (`CreditmemoInterface`).
public struct Creditmemo: Codable, Sendable, Hashable {
    /// The id.
    public var entityID: Int?
    /// The order.
    public var orderID: Int?
    /// The invoice refunded, if online.
    public var invoiceID: Int?
    /// The credit memo number.
    public var incrementID: String?
    /// 1 open, 2 refunded, 3 canceled.
    public var state: Int?
    /// The amount refunded.
    public var grandTotal: Decimal?
    /// The amount in the base currency.
    public var baseGrandTotal: Decimal?
    /// The subtotal.
    public var subtotal: Decimal?
    /// The adjustment refund.
    public var adjustmentPositive: Decimal?
    /// The adjustment fee.
    public var adjustmentNegative: Decimal?
    /// The shipping refunded.
    public var shippingAmount: Decimal?
    /// When it was created.
    public var createdAt: MagentoDate?
    /// The lines.
    public var items: [SalesDocumentItem]?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case orderID = "order_id"
        case invoiceID = "invoice_id"
        case incrementID = "increment_id"
        case state
        case grandTotal = "grand_total"
        case baseGrandTotal = "base_grand_total"
        case subtotal
        case adjustmentPositive = "adjustment_positive"
        case adjustmentNegative = "adjustment_negative"
        case shippingAmount = "shipping_amount"
        case createdAt = "created_at"
        case items
        case extensionAttributes = "extension_attributes"
    }
}
