#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Encodes values as compact JSON with members sorted by name, so equal values give equal bytes (bodies are hashed,
/// signed and compared); `/` and non-ASCII characters are written as they are.
///
/// Used on every wire path in place of Foundation's `JSONEncoder` with `.sortedKeys`.
public struct CommerceJSONEncoder: Sendable {
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
            writer.write(try JSONNodeEncoder().box(value, key: nil))
        }
        return writer.output
    }
}
