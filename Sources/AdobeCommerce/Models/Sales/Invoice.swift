#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An invoice (`InvoiceInterface`).
public struct Invoice: Codable, Sendable, Hashable {
    /// The id.
    public var entityID: Int?
    /// The order.
    public var orderID: Int?
    /// The invoice number.
    public var incrementID: String?
    /// 1 open, 2 paid, 3 canceled.
    public var state: Int?
    /// The total.
    public var grandTotal: Decimal?
    /// The total in the base currency.
    public var baseGrandTotal: Decimal?
    /// The subtotal.
    public var subtotal: Decimal?
    /// The tax.
    public var taxAmount: Decimal?
    /// The shipping amount.
    public var shippingAmount: Decimal?
    /// The quantity invoiced.
    public var totalQty: Decimal?
    /// The store.
    public var storeID: Int?
    /// When it was created.
    public var createdAt: MagentoDate?
    /// When it last changed.
    public var updatedAt: MagentoDate?
    /// The lines.
    public var items: [SalesDocumentItem]?
    /// The comments, oldest first.
    public var comments: [SalesDocumentComment]?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case orderID = "order_id"
        case incrementID = "increment_id"
        case state
        case grandTotal = "grand_total"
        case baseGrandTotal = "base_grand_total"
        case subtotal
        case taxAmount = "tax_amount"
        case shippingAmount = "shipping_amount"
        case totalQty = "total_qty"
        case storeID = "store_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case items
        case comments
        case extensionAttributes = "extension_attributes"
    }
}
