/// A per-item failure from a price-storage call (`PriceUpdateResultInterface`); an empty list means all succeeded.
public struct PriceUpdateResult: Codable, Sendable, Hashable {
    /// The raw message with placeholders.
    public var message: String?
    /// The placeholder values.
    public var parameters: [String]?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case message
        case parameters
        case extensionAttributes = "extension_attributes"
    }
}

extension PriceUpdateResult: SchemaMapped {
    static let schemaDefinitions = ["catalog-data-price-update-result-interface"]
}
