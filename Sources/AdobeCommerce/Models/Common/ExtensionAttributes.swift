/// The `extension_attributes` object of a Magento model: whatever modules attach, kept whole and readable
/// through typed accessors.
///
/// ```swift
/// let websites: [Int]? = try product.extensionAttributes?.decode([Int].self, forKey: "website_ids")
/// product.extensionAttributes = try ExtensionAttributes().setting("website_ids", to: [1])
/// ```
public struct ExtensionAttributes: Codable, Sendable, Hashable {
    /// The members as received.
    public var values: [String: JSONValue]

    /// Creates the object from members.
    public init(_ values: [String: JSONValue] = [:]) { self.values = values }

    /// Decodes the object.
    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    /// Encodes the object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    /// The raw member `key`.
    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// Decodes member `key` into `type`, or returns `nil` when it is absent or `null`.
    /// - Throws: `DecodingError` when the member has another shape.
    public func decode<T: Decodable>(_ type: T.Type, forKey key: String) throws -> T? {
        guard let value = values[key], value != .null else { return nil }
        return try value.decode(T.self)
    }

    /// Returns a copy with member `key` set to `value`.
    /// - Throws: `EncodingError` when the value cannot be encoded.
    public func setting(_ key: String, to value: some Encodable) throws -> ExtensionAttributes {
        var copy = self
        copy.values[key] = try JSONValue(encoding: value)
        return copy
    }
}
