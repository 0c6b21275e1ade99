/// A model generated from a definition of Adobe Commerce's REST schema (see `commerce-codegen`).
///
/// Every property of the definition is a typed property; members the definition does not name, named members that
/// arrived as `null`, and named members whose value is not of the schema's type are kept in ``additionalFields``, so
/// that reading a record, changing it and writing it back loses nothing the store sent. `CommerceJSONDecoder` reads it
/// through ``SchemaObjectDecodable/init(reading:)`` and `CommerceJSONEncoder` writes it through
/// ``SchemaObjectEncodable/write(to:)``, each one pass over the members; `Codable` serves every other coder alike.
public protocol SchemaModel: Codable, SchemaObjectDecodable, SchemaObjectEncodable, Sendable, Equatable {
    /// The schema definition the type stands for, such as `sales-data-order-interface`.
    static var schemaDefinition: String { get }
    /// The JSON keys of the definition's properties.
    static var schemaKeys: Set<String> { get }
    /// The keys the schema marks required. The properties are optional all the same: Magento sends `null` for some
    /// of them (an order payment's `cc_last4`), and reading what a store really sends must not fail.
    static var requiredKeys: Set<String> { get }
    /// Members the definition does not name, and named ones that were `null` or not of the schema's type, as they
    /// were read. Writing the model writes them too; a typed property that has a value wins over a member of the
    /// same name here.
    var additionalFields: [String: JSONValue] { get set }
}

extension KeyedDecodingContainer where Key == SchemaCodingKey {
    /// The member `key` as `type`, `nil` when it is absent or `null`; a value of another JSON type than the schema
    /// says (Magento writes `category_ids` as an array where the schema says string), a `null` inside the value
    /// (`[null, 7]` for `[String]`), or a number the type cannot hold (a fraction in an integer), is kept as read in
    /// `unreadable` instead, for ``SchemaModel/additionalFields``, so that reading never fails on it and writing
    /// gives it back.
    public func decodeMember<T: Decodable>(
        _ type: T.Type, forKey key: SchemaCodingKey, unreadable: inout [String: JSONValue]
    ) throws -> T? {
        do {
            return try decodeIfPresent(type, forKey: key)
        } catch DecodingError.typeMismatch, DecodingError.valueNotFound {
            unreadable[key.stringValue] = try decode(JSONValue.self, forKey: key)
            return nil
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.count == codingPath.count + 1 {
            // The member's own value does not fit (a fraction in an integer, a number no Decimal holds): kept.
            unreadable[key.stringValue] = try decode(JSONValue.self, forKey: key)
            return nil
        }
    }

    /// The members not in `known`, and the members in `known` whose value is `null`, for
    /// ``SchemaModel/additionalFields``.
    public func additionalFields(excluding known: Set<String>) throws -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for key in allKeys {
            if known.contains(key.stringValue) {
                if try decodeNil(forKey: key) { fields[key.stringValue] = .null }
            } else {
                fields[key.stringValue] = try decode(JSONValue.self, forKey: key)
            }
        }
        return fields
    }
}

extension KeyedEncodingContainer where Key == SchemaCodingKey {
    /// Writes ``SchemaModel/additionalFields``; a model writes them before its typed properties, so that a typed
    /// property with a value replaces a member of the same name.
    public mutating func encodeAdditionalFields(_ fields: [String: JSONValue]) throws {
        for (name, value) in fields { try encode(value, forKey: SchemaCodingKey(stringValue: name)) }
    }
}
