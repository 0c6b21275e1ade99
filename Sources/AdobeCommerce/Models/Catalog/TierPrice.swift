#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A tier price in the price-storage API (`TierPriceInterface`).
public struct TierPrice: Codable, Sendable, Hashable {
    /// The price, or the percentage when `priceType` is `discount`.
    public var price: Decimal?
    /// `fixed` or `discount`.
    public var priceType: String?
    /// The website (0 = all).
    public var websiteID: Int?
    /// The product.
    public var sku: String?
    /// The customer group code, or `ALL GROUPS`.
    public var customerGroup: String?
    /// The minimum quantity.
    public var quantity: Decimal?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(
        sku: String, price: Decimal, priceType: String = "fixed", websiteID: Int = 0,
        customerGroup: String = "ALL GROUPS", quantity: Decimal
    ) {
        self.sku = sku
        self.price = price
        self.priceType = priceType
        self.websiteID = websiteID
        self.customerGroup = customerGroup
        self.quantity = quantity
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case price
        case priceType = "price_type"
        case websiteID = "website_id"
        case sku
        case customerGroup = "customer_group"
        case quantity
        case extensionAttributes = "extension_attributes"
    }
}
