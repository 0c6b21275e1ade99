#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A base price for a SKU in a store: the schema definition `catalog-data-base-price-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a price read, changed and written back loses nothing.
public typealias BasePrice = CommerceSchema.CatalogBasePrice

extension CommerceSchema.CatalogBasePrice {
    /// Creates a base price with the members a write needs.
    /// - Parameters:
    ///   - sku: The product.
    ///   - price: The price.
    ///   - storeID: The store view (`0`, the default, for every store).
    public init(sku: String, price: Decimal, storeID: Int = 0) {
        self.init(price: price, sku: sku, storeID: storeID)
    }
}
