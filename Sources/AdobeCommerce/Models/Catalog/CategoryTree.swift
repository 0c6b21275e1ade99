/// A node of the category tree: the schema definition `catalog-data-category-tree-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a value read, changed and written back loses nothing.
public typealias CategoryTree = CommerceSchema.CatalogCategoryTree
