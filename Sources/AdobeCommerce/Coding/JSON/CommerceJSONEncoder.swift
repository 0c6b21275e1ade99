#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Encodes values as compact JSON with members sorted by name, so equal values give equal bytes (bodies are hashed,
/// signed and compared); `/` and non-ASCII characters are written as they are.
///
/// Used on every wire path in place of Foundation's `JSONEncoder` with `.sortedKeys`. A generated model (a
/// ``SchemaObjectEncodable`` value, also one inside a list, a dictionary or a hand-written wrapper) is written
/// through its `write(to:)` in one pass over its members rather than through `encode(to:)`; the bytes are the same.
public struct CommerceJSONEncoder: Sendable {
    /// Whether generated models are written through ``SchemaObjectEncodable/write(to:)`` (always, but in the tests
    /// that compare it with their `encode(to:)`).
    package var writesSchemaObjects = true

    /// An encoder.
    public init() {}

    /// The JSON for `value`.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number or a `Decimal` NaN.
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        Data(try encodeBytes(value))
    }

    /// The JSON for `value`, as bytes.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number or a `Decimal` NaN.
    public func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        var writer = JSONWriter()
        if let json = value as? JSONValue {
            writer.write(json)
        } else {
            writer.write(try JSONNodeEncoder(writesSchemaObjects: writesSchemaObjects).box(value, key: nil))
        }
        return writer.output
    }
}
