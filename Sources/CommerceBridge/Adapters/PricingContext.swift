#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Who is buying, which decides the price: customer or group, website, currency and quantity.
public struct PricingContext: Sendable, Hashable, Codable {
    /// The SKU.
    public var sku: String
    /// The customer's id in Commerce, when signed in.
    public var customerID: String?
    /// The customer group.
    public var customerGroupID: Int
    /// The website code.
    public var website: String
    /// The ISO currency.
    public var currency: String
    /// The quantity, for tiered prices.
    public var quantity: Decimal

    /// Creates a context.
    public init(
        sku: String, customerID: String? = nil, customerGroupID: Int = 0, website: String = "base",
        currency: String = "USD",
        quantity: Decimal = 1
    ) {
        self.sku = sku
        self.customerID = customerID
        self.customerGroupID = customerGroupID
        self.website = website
        self.currency = currency
        self.quantity = quantity
    }
}
