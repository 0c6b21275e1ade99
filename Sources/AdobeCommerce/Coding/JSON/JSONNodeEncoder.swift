#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `Encoder` that turns an `Encodable` value into a ``JSONNode`` tree for ``JSONWriter``.
///
/// Strings, numbers, booleans, `Decimal`, `Data` (Base64), `URL` (its absolute string) and ``JSONValue`` become nodes
/// directly, a ``SchemaObjectEncodable`` value (a generated model) writes its members into its node itself; any other
/// value encodes into a child encoder. The coding path is built only when asked for.
final class JSONNodeEncoder: Encoder, SingleValueEncodingContainer {
    private let parent: JSONNodeEncoder?
    private let key: (any CodingKey)?
    /// Whether a ``SchemaObjectEncodable`` value writes itself (`write(to:)`) rather than encoding (`encode(to:)`);
    /// a child encoder takes its parent's choice.
    let writesSchemaObjects: Bool
    var node: JSONNode?

    init(parent: JSONNodeEncoder? = nil, key: (any CodingKey)? = nil, writesSchemaObjects: Bool = true) {
        self.parent = parent
        self.key = key
        self.writesSchemaObjects = parent?.writesSchemaObjects ?? writesSchemaObjects
    }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var encoder: JSONNodeEncoder? = self
        while let current = encoder {
            if let key = current.key { keys.append(key) }
            encoder = current.parent
        }
        return keys.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object)? = node {
            return KeyedEncodingContainer(KeyedContainer(encoder: self, object: object))
        }
        let object = JSONNode.Object()
        node = .object(object)
        return KeyedEncodingContainer(KeyedContainer(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array)? = node { return UnkeyedContainer(encoder: self, array: array) }
        let array = JSONNode.Array()
        node = .array(array)
        return UnkeyedContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: Single value

    func encodeNil() { node = .null }
    func encode(_ value: Bool) { node = .bool(value) }
    func encode(_ value: String) { node = .string(value) }
    func encode(_ value: Double) throws { node = try Self.number(value, path: codingPath) }
    func encode(_ value: Float) throws { node = try Self.number(value, path: codingPath) }
    func encode(_ value: Int) { node = .number(String(value)) }
    func encode(_ value: Int8) { node = .number(String(value)) }
    func encode(_ value: Int16) { node = .number(String(value)) }
    func encode(_ value: Int32) { node = .number(String(value)) }
    func encode(_ value: Int64) { node = .number(String(value)) }
    func encode(_ value: UInt) { node = .number(String(value)) }
    func encode(_ value: UInt8) { node = .number(String(value)) }
    func encode(_ value: UInt16) { node = .number(String(value)) }
    func encode(_ value: UInt32) { node = .number(String(value)) }
    func encode(_ value: UInt64) { node = .number(String(value)) }
    func encode<T: Encodable>(_ value: T) throws { node = try box(value, key: nil) }

    // MARK: Boxing

    /// The node for `value`, encoded under `key` (appended to the path for errors and custom encoders).
    func box<T: Encodable>(_ value: T, key: (any CodingKey)?) throws -> JSONNode {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .number(String(value as! Int)) }
        if T.self == Decimal.self {
            let number = value as! Decimal
            guard !number.isNaN else {
                throw EncodingError.invalidValue(
                    number,
                    .init(
                        codingPath: codingPath + (key.map { [$0] } ?? []), debugDescription: "NaN is not a JSON number."
                    )
                )
            }
            return .number(DecimalText.text(number))
        }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == JSONValue.self { return .value(value as! JSONValue) }
        if T.self == Double.self {
            return try Self.number(value as! Double, path: codingPath + (key.map { [$0] } ?? []))
        }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if writesSchemaObjects, let model = value as? any SchemaObjectEncodable {
            // A generated model writes its members straight into the node, in one pass (see `SchemaObjectWriter`).
            do {
                return try SchemaObjectWriter.node(model, at: nil)
            } catch EncodingError.invalidValue(let value, let context) {
                throw EncodingError.invalidValue(
                    value,
                    .init(
                        codingPath: codingPath + (key.map { [$0] } ?? []) + context.codingPath,
                        debugDescription: context.debugDescription, underlyingError: context.underlyingError))
            }
        }
        let child = JSONNodeEncoder(parent: self, key: key)
        try value.encode(to: child)
        return child.node ?? .object(JSONNode.Object())
    }

    /// A finite floating-point number in the shortest form that reads back the same, `.0` dropped.
    static func number<Number: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: Number,
        path: @autoclosure () -> [any CodingKey]
    ) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: path(), debugDescription: "\(value) is not a JSON number."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}
