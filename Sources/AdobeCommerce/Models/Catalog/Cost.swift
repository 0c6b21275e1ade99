#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A product cost: the schema definition `catalog-data-cost-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a cost read, changed and written back loses nothing.
public typealias Cost = CommerceSchema.CatalogCost

extension CommerceSchema.CatalogCost {
    /// Creates a cost with the members a write needs.
    /// - Parameters:
    ///   - sku: The product.
    ///   - cost: The cost.
    ///   - storeID: The store view (`0`, the default, for every store).
    public init(sku: String, cost: Decimal, storeID: Int = 0) {
        self.init(cost: cost, sku: sku, storeID: storeID)
    }
}
