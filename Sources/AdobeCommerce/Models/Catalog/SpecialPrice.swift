#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A scheduled special price: the schema definition `catalog-data-special-price-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a price read, changed and written back loses nothing.
public typealias SpecialPrice = CommerceSchema.CatalogSpecialPrice

extension CommerceSchema.CatalogSpecialPrice {
    /// Creates a special price with the members a write needs.
    /// - Parameters:
    ///   - sku: The product.
    ///   - price: The special price.
    ///   - storeID: The store view (`0`, the default, for every store).
    ///   - priceFrom: The first moment, `yyyy-MM-dd HH:mm:ss`.
    ///   - priceTo: The last moment, `yyyy-MM-dd HH:mm:ss`.
    public init(sku: String, price: Decimal, storeID: Int = 0, priceFrom: MagentoDate, priceTo: MagentoDate) {
        self.init(price: price, priceFrom: priceFrom, priceTo: priceTo, sku: sku, storeID: storeID)
    }
}
