#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `Decimal`'s text, as its `description` writes it, many times faster.
///
/// `description` runs a general formatter (about 1.7 µs a number). Here the sign, exponent and significand are read
/// and the digits written directly, for significands of up to 64 bits; larger ones and NaN fall back to
/// `description`. The fields are read from the value's memory where its layout is the one probed at first use
/// (swift-foundation's, about 30 ns), otherwise through `Decimal`'s own `Codable` conformance (its archived fields:
/// exponent, length, sign and eight 16-bit mantissa words; about 0.6 µs).
enum DecimalText {
    /// Sign, exponent, mantissa length and the low 64 bits of the mantissa.
    struct Parts: Equatable {
        var negative: Bool
        var exponent: Int
        var length: Int
        var significand: UInt64
    }

    static func text(_ value: Decimal) -> String {
        var output: [UInt8] = []
        append(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the text of `value` to `output`.
    static func append(_ value: Decimal, to output: inout [UInt8]) {
        guard !value.isNaN, let parts = parts(of: value), parts.length <= 4 else {
            output.append(contentsOf: value.description.utf8)
            return
        }
        append(parts, to: &output)
    }

    /// The value as an `Int` when it is whole and fits, else `nil`.
    static func integer(_ value: Decimal) -> Int? {
        guard !value.isNaN else { return nil }
        guard let parts = parts(of: value), parts.length <= 4 else {
            return Int(value.description)  // wider than 64 bits: only the text can say
        }
        var magnitude = parts.significand
        var exponent = parts.exponent
        while exponent < 0 {
            guard magnitude % 10 == 0 else { return nil }
            magnitude /= 10
            exponent += 1
        }
        while exponent > 0, magnitude != 0 {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            magnitude = product
            exponent -= 1
        }
        if parts.negative {
            return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    static func parts(of value: Decimal) -> Parts? {
        layoutIsKnown ? partsFromMemory(value) : partsFromCoding(value)
    }

    /// Whether reading the fields from memory gives what the `Codable` fields say, on a few probes.
    static let layoutIsKnown: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let probes: [(FloatingPointSign, Int, UInt64)] = [
            (.minus, -2, 1999), (.plus, 3, 65_536), (.plus, -1, .max), (.plus, 127, 1), (.minus, -128, 12_345),
            (.plus, 0, 0x0001_0002_0003_0004),
        ]
        return probes.allSatisfy { sign, exponent, significand in
            let value = Decimal(sign: sign, exponent: exponent, significand: Decimal(significand))
            guard let coded = partsFromCoding(value) else { return false }
            return partsFromMemory(value) == coded
        }
    }()

    private static func partsFromMemory(_ value: Decimal) -> Parts {
        withUnsafeBytes(of: value) { raw in
            var significand: UInt64 = 0
            for word in 0..<4 {
                significand |= UInt64(raw[4 + 2 * word]) << (16 * word) | UInt64(raw[5 + 2 * word]) << (16 * word + 8)
            }
            return Parts(
                negative: raw[1] & 0x08 != 0, exponent: Int(Int8(bitPattern: raw[0])), length: Int(raw[1] >> 4),
                significand: significand)
        }
    }

    private static func partsFromCoding(_ value: Decimal) -> Parts? {
        let fields = Fields()
        guard (try? value.encode(to: fields)) != nil, fields.complete else { return nil }
        return Parts(
            negative: fields.negative, exponent: fields.exponent, length: fields.length,
            significand: fields.significand)
    }

    private static func append(_ parts: Parts, to output: inout [UInt8]) {
        var significand = parts.significand
        if significand == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        if parts.negative { output.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of a UInt64
        let count = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
            var position = buffer.count
            while significand > 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(significand % 10)
                significand /= 10
            }
            let count = buffer.count - position
            let point = count + parts.exponent  // digits before the decimal point
            if parts.exponent >= 0 {
                output.append(contentsOf: buffer[position...])
                output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: parts.exponent))
            } else if point > 0 {
                output.append(contentsOf: buffer[position..<position + point])
                output.append(UInt8(ascii: "."))
                output.append(contentsOf: buffer[(position + point)...])
            } else {
                output.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
                output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
                output.append(contentsOf: buffer[position...])
            }
            return count
        }
        _ = count
    }

    /// Collects the fields `Decimal.encode(to:)` writes.
    private final class Fields: Encoder {
        var exponent = 0
        var length = Int.max
        var negative = false
        /// The low four mantissa words, least significant first.
        var significand: UInt64 = 0
        var words = 0
        var complete: Bool { length != Int.max && words >= 4 }

        func append(_ word: UInt16) {
            if words < 4 { significand |= UInt64(word) << (16 * words) }
            words += 1
        }

        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(fields: self))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer { Words(fields: self) }
        func singleValueContainer() -> any SingleValueEncodingContainer { Ignored() }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let fields: Fields
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) {}
        mutating func encode(_ value: Bool, forKey key: Key) {
            if key.stringValue == "isNegative" { fields.negative = value }
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) {
            switch key.stringValue {
            case "exponent": if let number = value as? Int32 { fields.exponent = Int(number) }
            case "length": if let number = value as? UInt32 { fields.length = Int(number) }
            default: break
            }
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(fields: fields))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            key.stringValue == "mantissa" ? Words(fields: fields) : Words(fields: Fields())
        }
        mutating func superEncoder() -> any Encoder { fields }
        mutating func superEncoder(forKey key: Key) -> any Encoder { fields }
    }

    private struct Words: UnkeyedEncodingContainer {
        let fields: Fields
        var codingPath: [any CodingKey] { [] }
        var count: Int { fields.words }

        mutating func encodeNil() {}
        mutating func encode<T: Encodable>(_ value: T) {
            if let word = value as? UInt16 { fields.append(word) }
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(fields: Fields()))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Words(fields: Fields()) }
        mutating func superEncoder() -> any Encoder { Fields() }
    }

    private struct Ignored: SingleValueEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() {}
        mutating func encode<T: Encodable>(_ value: T) {}
    }
}
