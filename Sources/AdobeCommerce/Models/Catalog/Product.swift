#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A catalog product (`ProductInterface`).
///
/// ```swift
/// var product = Product(sku: "24-MB01")
/// product.name = "Joust Duffle Bag"
/// product.price = Decimal(string: "34.00")
/// product.setCustomAttribute("description", to: "A bag.")
/// ```
public struct Product: Codable, Sendable, Hashable {
    /// The entity id.
    public var id: Int?
    /// The stock-keeping unit, the natural key.
    public var sku: String?
    /// The name in the requested store view.
    public var name: String?
    /// The attribute set (4 is the default set on a fresh install).
    public var attributeSetID: Int?
    /// The base price.
    public var price: Decimal?
    /// Enabled or disabled.
    public var status: ProductStatus?
    /// Where the product is shown.
    public var visibility: ProductVisibility?
    /// `simple`, `configurable`, `virtual`, `bundle`, `grouped` or `downloadable`.
    public var typeID: String?
    /// When it was created (UTC).
    public var createdAt: MagentoDate?
    /// When it was last changed (UTC).
    public var updatedAt: MagentoDate?
    /// The weight in the store's unit.
    public var weight: Decimal?
    /// Extension attributes: `website_ids`, `category_links`, `stock_item` and whatever modules add.
    public var extensionAttributes: ExtensionAttributes?
    /// Related, up-sell and cross-sell links.
    public var productLinks: [ProductLink]?
    /// Custom options, as sent.
    public var options: [JSONValue]?
    /// Images and videos.
    public var mediaGalleryEntries: [MediaGalleryEntry]?
    /// Quantity discounts per customer group.
    public var tierPrices: [ProductTierPrice]?
    /// EAV attributes such as `description`, `url_key`, `special_price`.
    public var customAttributes: [CustomAttribute]?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(sku: String) {
        self.sku = sku
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case sku
        case name
        case attributeSetID = "attribute_set_id"
        case price
        case status
        case visibility
        case typeID = "type_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case weight
        case extensionAttributes = "extension_attributes"
        case productLinks = "product_links"
        case options
        case mediaGalleryEntries = "media_gallery_entries"
        case tierPrices = "tier_prices"
        case customAttributes = "custom_attributes"
    }
}
