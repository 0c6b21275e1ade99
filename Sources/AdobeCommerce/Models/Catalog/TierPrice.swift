#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A tier price in the price-storage API: the schema definition `catalog-data-tier-price-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a price read, changed and written back loses nothing.
public typealias TierPrice = CommerceSchema.CatalogTierPrice

extension CommerceSchema.CatalogTierPrice {
    /// Creates a tier price with the members a write needs.
    /// - Parameters:
    ///   - sku: The product.
    ///   - price: The price, or the percentage when `priceType` is `discount`.
    ///   - priceType: `fixed` (the default) or `discount`.
    ///   - websiteID: The website (`0`, the default, for every website).
    ///   - customerGroup: The customer group code, `ALL GROUPS` by default.
    ///   - quantity: The minimum quantity.
    public init(
        sku: String, price: Decimal, priceType: String = "fixed", websiteID: Int = 0,
        customerGroup: String = "ALL GROUPS", quantity: Decimal
    ) {
        self.init(
            customerGroup: customerGroup, price: price, priceType: priceType, quantity: quantity, sku: sku,
            websiteID: websiteID)
    }
}
