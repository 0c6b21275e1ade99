#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A product cost (`CostInterface`).
public struct Cost: Codable, Sendable, Hashable {
    /// The cost.
    public var cost: Decimal?
    /// The store (0 = all).
    public var storeID: Int?
    /// The product.
    public var sku: String?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(sku: String, cost: Decimal, storeID: Int = 0) {
        self.sku = sku
        self.cost = cost
        self.storeID = storeID
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cost
        case storeID = "store_id"
        case sku
        case extensionAttributes = "extension_attributes"
    }
}
