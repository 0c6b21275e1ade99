/// A link from a product to another (`ProductLinkInterface`).
public struct ProductLink: Codable, Sendable, Hashable {
    /// The linking product.
    public var sku: String?
    /// `related`, `upsell`, `crosssell` or `associated`.
    public var linkType: String?
    /// The linked product.
    public var linkedProductSKU: String?
    /// The linked product's type.
    public var linkedProductType: String?
    /// The sort position.
    public var position: Int?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sku
        case linkType = "link_type"
        case linkedProductSKU = "linked_product_sku"
        case linkedProductType = "linked_product_type"
        case position
        case extensionAttributes = "extension_attributes"
    }
}
