/// A tier price on the product record: the schema definition `catalog-data-product-tier-price-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a value read, changed and written back loses nothing.
public typealias ProductTierPrice = CommerceSchema.CatalogProductTierPrice
