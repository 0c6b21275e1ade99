/// An image or video of a product: the schema definition `catalog-data-product-attribute-media-gallery-entry-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a value read, changed and written back loses nothing.
public typealias MediaGalleryEntry = CommerceSchema.CatalogProductAttributeMediaGalleryEntry
