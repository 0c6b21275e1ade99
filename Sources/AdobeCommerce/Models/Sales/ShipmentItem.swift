#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A line of a shipment (`ShipmentItemInterface`).
public struct ShipmentItem: Codable, Sendable, Hashable {
    /// The id.
    public var entityID: Int?
    /// The shipment.
    public var parentID: Int?
    /// The order line.
    public var orderItemID: Int?
    /// The SKU.
    public var sku: String?
    /// The name.
    public var name: String?
    /// The quantity.
    public var qty: Decimal?
    /// The unit price.
    public var price: Decimal?
    /// The weight.
    public var weight: Decimal?
    /// The product.
    public var productID: Int?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case parentID = "parent_id"
        case orderItemID = "order_item_id"
        case sku
        case name
        case qty
        case price
        case weight
        case productID = "product_id"
    }
}
