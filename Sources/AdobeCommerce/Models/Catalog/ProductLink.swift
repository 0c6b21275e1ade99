/// A link from a product to another (related, up-sell, cross-sell, associated): the schema definition `catalog-data-product-link-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a value read, changed and written back loses nothing.
public typealias ProductLink = CommerceSchema.CatalogProductLink
