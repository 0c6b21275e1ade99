#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A line of an order (`OrderItemInterface`).
public struct OrderItem: Codable, Sendable, Hashable {
    /// The line id, used when invoicing, shipping and refunding.
    public var itemID: Int?
    /// The order.
    public var orderID: Int?
    /// The parent line of a configurable or bundle child.
    public var parentItemID: Int?
    /// The SKU ordered.
    public var sku: String?
    /// The name.
    public var name: String?
    /// The product.
    public var productID: Int?
    /// The product type.
    public var productType: String?
    /// Quantity ordered.
    public var qtyOrdered: Decimal?
    /// Quantity invoiced.
    public var qtyInvoiced: Decimal?
    /// Quantity shipped.
    public var qtyShipped: Decimal?
    /// Quantity refunded.
    public var qtyRefunded: Decimal?
    /// Quantity canceled.
    public var qtyCanceled: Decimal?
    /// The unit price.
    public var price: Decimal?
    /// The unit price in the base currency.
    public var basePrice: Decimal?
    /// The catalog price.
    public var originalPrice: Decimal?
    /// Price × quantity.
    public var rowTotal: Decimal?
    /// The tax.
    public var taxAmount: Decimal?
    /// The tax rate.
    public var taxPercent: Decimal?
    /// The discount.
    public var discountAmount: Decimal?
    /// The unit weight.
    public var weight: Decimal?
    /// 1 when nothing ships.
    public var isVirtual: Int?
    /// When it was created.
    public var createdAt: MagentoDate?
    /// When it last changed.
    public var updatedAt: MagentoDate?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemID = "item_id"
        case orderID = "order_id"
        case parentItemID = "parent_item_id"
        case sku
        case name
        case productID = "product_id"
        case productType = "product_type"
        case qtyOrdered = "qty_ordered"
        case qtyInvoiced = "qty_invoiced"
        case qtyShipped = "qty_shipped"
        case qtyRefunded = "qty_refunded"
        case qtyCanceled = "qty_canceled"
        case price
        case basePrice = "base_price"
        case originalPrice = "original_price"
        case rowTotal = "row_total"
        case taxAmount = "tax_amount"
        case taxPercent = "tax_percent"
        case discountAmount = "discount_amount"
        case weight
        case isVirtual = "is_virtual"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
