#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Any JSON value, with numbers kept as `Decimal` so that no digit is lost.
///
/// Used for `extension_attributes`, `custom_attributes` values and anything Magento lets extensions add.
public enum JSONValue: Sendable, Hashable, Codable {
    /// `null`
    case null
    /// `true` or `false`
    case bool(Bool)
    /// A number, exactly as written.
    case number(Decimal)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// Decodes any JSON value.
    ///
    /// The package's decoder reads the value's kind from the next token; other decoders (Foundation's, say) are
    /// asked for each kind in turn.
    public init(from decoder: any Decoder) throws {
        if let reader = decoder as? JSONDocumentDecoder {
            self = try reader.jsonValue(at: reader.current, path: reader.path)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    /// The string, or a number or boolean written as text (Magento sends many values as strings).
    public var stringValue: String? {
        switch self {
        case .string(let value): value
        case .number(let value): "\(value)"
        case .bool(let value): value ? "1" : "0"
        default: nil
        }
    }

    /// The number, or a string holding one.
    public var decimalValue: Decimal? {
        switch self {
        case .number(let value): value
        case .string(let value): Decimal(string: value, locale: nil)
        default: nil
        }
    }

    /// The number as an `Int`, when it is whole.
    public var intValue: Int? {
        switch self {
        case .number(let value): DecimalText.integer(value)
        case .string(let text): Int(text) ?? decimalValue.flatMap(DecimalText.integer)
        default: nil
        }
    }

    /// The boolean, or `1`/`0` as Magento sends them.
    public var boolValue: Bool? {
        switch self {
        case .bool(let value): value
        case .number(let value): value != 0
        case .string(let value):
            value == "1" || value == "true" ? true : (value == "0" || value == "false" ? false : nil)
        default: nil
        }
    }

    /// The elements of an array, or `nil`.
    public var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }

    /// The members of an object, or `nil`.
    public var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }

    /// Reads one JSON value from UTF-8 bytes, numbers kept exactly.
    /// - Throws: `DecodingError.dataCorrupted` with a ``JSONReadError`` underneath when the bytes are not one JSON
    ///   value, or hold a number `Decimal` cannot keep exactly.
    public init(parsing data: Data) throws {
        self = try CommerceJSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The value as compact JSON, members sorted by name: equal values give equal bytes.
    public var jsonData: Data {
        var writer = JSONWriter()
        writer.write(self)
        return Data(writer.output)
    }

    /// Converts the value into a `Decodable` type.
    /// - Throws: `DecodingError` when the shape does not match.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try CommerceJSONDecoder().decode(T.self, from: jsonData)
    }

    /// Converts an `Encodable` value into a `JSONValue`.
    /// - Throws: `EncodingError` when the value cannot be encoded.
    public init(encoding value: some Encodable) throws {
        self = try JSONNodeEncoder().box(value, key: nil).jsonValue
    }
}
