#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A type that writes itself as a JSON object, member after member, which `CommerceJSONEncoder` uses instead of
/// `encode(to:)`: the generated models implement it, writing each member straight into the encoder's tree instead of
/// through a keyed container (see `commerce-codegen`). `encode(to:)` stays for every other encoder and must write
/// the same members.
public protocol SchemaObjectEncodable: Encodable {
    /// Writes every member of the value into `writer`'s object.
    /// - Throws: `EncodingError.invalidValue` for a value JSON cannot hold (a `Decimal` NaN).
    func write(to writer: inout SchemaObjectWriter) throws
}

/// The members of one JSON object being written by a ``SchemaObjectEncodable`` type.
///
/// Members are written in any order; the encoder sorts them by name, and of two members with the same name the one
/// written last is kept, so a model writes its ``SchemaModel/additionalFields`` first and its typed properties after
/// them. A `nil` value writes nothing.
///
/// ```swift
/// func write(to writer: inout SchemaObjectWriter) throws {
///     try writer.write(additionalFields: additionalFields, typedMembers: 2)
///     try writer.write(self.entityID, "entity_id")
///     try writer.write(self.items, "items")
/// }
/// ```
public struct SchemaObjectWriter {
    let object: JSONNode.Object

    init(object: JSONNode.Object) { self.object = object }

    /// Writes `fields` as they are; `typedMembers` is how many members may follow (room is made for them).
    public mutating func write(additionalFields fields: [String: JSONValue], typedMembers: Int) throws {
        object.members.reserveCapacity(fields.count + typedMembers)
        for (name, value) in fields { object.members.append((name, .value(value))) }
    }

    /// Writes the member `key` as a string, unless `value` is `nil`.
    public mutating func write(_ value: String?, _ key: String) throws {
        if let value { object.members.append((key, .string(value))) }
    }

    /// Writes the member `key` as a number, unless `value` is `nil`.
    public mutating func write(_ value: Int?, _ key: String) throws {
        if let value { object.members.append((key, .number(String(value)))) }
    }

    /// Writes the member `key` as `true` or `false`, unless `value` is `nil`.
    public mutating func write(_ value: Bool?, _ key: String) throws {
        if let value { object.members.append((key, .bool(value))) }
    }

    /// Writes the member `key` as a number with every digit of `value`, unless it is `nil`.
    /// - Throws: `EncodingError.invalidValue` for a NaN, which JSON cannot hold.
    public mutating func write(_ value: Decimal?, _ key: String) throws {
        if let value { object.members.append((key, try Self.number(value, key))) }
    }

    /// Writes the member `key` as the date's text, unless `value` is `nil`.
    public mutating func write(_ value: MagentoDate?, _ key: String) throws {
        if let value { object.members.append((key, .string(value.rawValue))) }
    }

    /// Writes the member `key` as it is, unless `value` is `nil` (a ``JSONValue/null`` writes `null`).
    public mutating func write(_ value: JSONValue?, _ key: String) throws {
        if let value { object.members.append((key, .value(value))) }
    }

    /// Writes the member `key` as an object, unless `value` is `nil`.
    /// - Throws: What `value` throws writing its members, with `key` added to the coding path.
    public mutating func write<Model: SchemaObjectEncodable>(_ value: Model?, _ key: String) throws {
        guard let value else { return }
        object.members.append((key, try Self.node(value, at: SchemaCodingKey(stringValue: key))))
    }

    /// Writes the member `key` as a list of strings, unless `value` is `nil`.
    public mutating func write(_ value: [String]?, _ key: String) throws {
        guard let value else { return }
        object.members.append((key, Self.array(value.map { .string($0) })))
    }

    /// Writes the member `key` as a list of numbers, unless `value` is `nil`.
    public mutating func write(_ value: [Int]?, _ key: String) throws {
        guard let value else { return }
        object.members.append((key, Self.array(value.map { .number(String($0)) })))
    }

    /// Writes the member `key` as a list of numbers, unless `value` is `nil`.
    /// - Throws: `EncodingError.invalidValue` for a NaN, which JSON cannot hold.
    public mutating func write(_ value: [Decimal]?, _ key: String) throws {
        guard let value else { return }
        var items: [JSONNode] = []
        items.reserveCapacity(value.count)
        for (index, number) in value.enumerated() {
            items.append(try Self.prefixingPath(SchemaCodingKey(stringValue: key)) { try Self.number(number, index) })
        }
        object.members.append((key, Self.array(items)))
    }

    /// Writes the member `key` as a list of `true` and `false`, unless `value` is `nil`.
    public mutating func write(_ value: [Bool]?, _ key: String) throws {
        guard let value else { return }
        object.members.append((key, Self.array(value.map { .bool($0) })))
    }

    /// Writes the member `key` as a list of values as they are, unless `value` is `nil`.
    public mutating func write(_ value: [JSONValue]?, _ key: String) throws {
        guard let value else { return }
        object.members.append((key, Self.array(value.map { .value($0) })))
    }

    /// Writes the member `key` as a list of objects, unless `value` is `nil`.
    /// - Throws: What an item throws writing its members, with `key` and its index added to the coding path.
    public mutating func write<Model: SchemaObjectEncodable>(_ value: [Model]?, _ key: String) throws {
        guard let value else { return }
        let keyPath = SchemaCodingKey(stringValue: key)
        var items: [JSONNode] = []
        items.reserveCapacity(value.count)
        for (index, item) in value.enumerated() {
            items.append(try Self.prefixingPath(keyPath) { try Self.node(item, at: JSONCodingKey(index)) })
        }
        object.members.append((key, Self.array(items)))
    }

    /// Writes the member `key` through its `encode(to:)`, unless `value` is `nil`: for a type the other methods do
    /// not take (a list of lists).
    /// - Throws: What `value`'s `encode(to:)` throws.
    public mutating func writeEncoded<Value: Encodable>(_ value: Value?, _ key: String) throws {
        guard let value else { return }
        object.members.append((key, try JSONNodeEncoder().box(value, key: SchemaCodingKey(stringValue: key))))
    }

    // MARK: Nodes

    /// The object node `value` writes, an error's coding path starting at `key`.
    static func node<Model: SchemaObjectEncodable>(_ value: Model, at key: (any CodingKey)?) throws -> JSONNode {
        let object = JSONNode.Object()
        var writer = SchemaObjectWriter(object: object)
        if let key {
            try prefixingPath(key) { try value.write(to: &writer) }
        } else {
            try value.write(to: &writer)
        }
        return .object(object)
    }

    private static func array(_ items: [JSONNode]) -> JSONNode {
        let array = JSONNode.Array()
        array.items = items
        return .array(array)
    }

    private static func number(_ value: Decimal, _ key: String) throws -> JSONNode {
        guard !value.isNaN else { throw nanError(value, SchemaCodingKey(stringValue: key)) }
        return .number(DecimalText.text(value))
    }

    private static func number(_ value: Decimal, _ index: Int) throws -> JSONNode {
        guard !value.isNaN else { throw nanError(value, JSONCodingKey(index)) }
        return .number(DecimalText.text(value))
    }

    private static func nanError(_ value: Decimal, _ key: any CodingKey) -> EncodingError {
        .invalidValue(value, .init(codingPath: [key], debugDescription: "NaN is not a JSON number."))
    }

    /// Runs `body`, adding `key` to the front of the coding path of an `EncodingError` it throws.
    static func prefixingPath<Result>(_ key: any CodingKey, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch EncodingError.invalidValue(let value, let context) {
            throw EncodingError.invalidValue(
                value,
                .init(
                    codingPath: [key] + context.codingPath, debugDescription: context.debugDescription,
                    underlyingError: context.underlyingError))
        }
    }
}
