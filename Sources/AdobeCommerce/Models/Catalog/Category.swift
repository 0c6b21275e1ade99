/// A category: the schema definition `catalog-data-category-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a category read, changed and written back loses nothing.
public typealias Category = CommerceSchema.CatalogCategory
