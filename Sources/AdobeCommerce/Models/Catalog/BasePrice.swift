#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A base price for a SKU in a store (`BasePriceInterface`).
public struct BasePrice: Codable, Sendable, Hashable {
    /// The price.
    public var price: Decimal?
    /// The store (0 = all).
    public var storeID: Int?
    /// The product.
    public var sku: String?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(sku: String, price: Decimal, storeID: Int = 0) {
        self.sku = sku
        self.price = price
        self.storeID = storeID
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case price
        case storeID = "store_id"
        case sku
        case extensionAttributes = "extension_attributes"
    }
}
