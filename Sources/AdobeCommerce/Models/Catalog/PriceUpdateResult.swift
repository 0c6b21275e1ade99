/// A per-item failure from a price-storage call (`PriceUpdateResultInterface`); an empty list means all succeeded.
public struct PriceUpdateResult: Codable, Sendable, Hashable {
    /// The raw message with placeholders.
    public var message: String?
    /// The placeholder values, as text. Magento declares them `string[]` but answers whatever the validator put in:
    /// numbers, `null` (read as an empty string), or an object of named values (read in key order).
    public var parameters: [String]?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    /// Decodes a result, reading each parameter as text whatever its JSON type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        extensionAttributes = try container.decodeIfPresent(ExtensionAttributes.self, forKey: .extensionAttributes)
        switch try container.decodeIfPresent(JSONValue.self, forKey: .parameters) {
        case .array(let values)?: parameters = values.map { $0.stringValue ?? "" }
        case .object(let members)?: parameters = members.sorted { $0.key < $1.key }.map { $0.value.stringValue ?? "" }
        case .string(let value)?: parameters = [value]
        default: parameters = nil
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case message
        case parameters
        case extensionAttributes = "extension_attributes"
    }
}
