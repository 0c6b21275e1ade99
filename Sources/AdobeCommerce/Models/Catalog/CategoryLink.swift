/// A product's membership of a category (`extension_attributes.category_links`): the schema definition
/// `catalog-data-category-link-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a value read, changed and written back loses nothing.
public typealias CategoryLink = CommerceSchema.CatalogCategoryLink
