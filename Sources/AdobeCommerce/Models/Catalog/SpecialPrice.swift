#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A scheduled special price (`SpecialPriceInterface`).
public struct SpecialPrice: Codable, Sendable, Hashable {
    /// The special price.
    public var price: Decimal?
    /// The store (0 = all).
    public var storeID: Int?
    /// The product.
    public var sku: String?
    /// The first day, `yyyy-MM-dd HH:mm:ss`.
    public var priceFrom: MagentoDate?
    /// The last day, `yyyy-MM-dd HH:mm:ss`.
    public var priceTo: MagentoDate?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(sku: String, price: Decimal, storeID: Int = 0, priceFrom: MagentoDate, priceTo: MagentoDate) {
        self.sku = sku
        self.price = price
        self.storeID = storeID
        self.priceFrom = priceFrom
        self.priceTo = priceTo
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case price
        case storeID = "store_id"
        case sku
        case priceFrom = "price_from"
        case priceTo = "price_to"
        case extensionAttributes = "extension_attributes"
    }
}
