/// An MSI stock: sources grouped for sales channels (`StockInterface`).
public struct InventoryStock: Codable, Sendable, Hashable {
    /// The id (1 = default stock).
    public var stockID: Int?
    /// The name.
    public var name: String?
    /// Extension attributes, including `sales_channels`.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stockID = "stock_id"
        case name
        case extensionAttributes = "extension_attributes"
    }
}
