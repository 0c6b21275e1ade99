public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A canonical encoding of JSON values: object keys sorted by their UTF-8 bytes, no insignificant white
/// space, numbers in their shortest exact decimal form, strings with only the escapes JSON requires. Two
/// equal values always encode to the same bytes, so the encoding can be hashed.
public enum CanonicalJSON {
    /// The canonical bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        write(value, to: &output)
        return output
    }

    /// The lower-case hex SHA-256 of the canonical bytes of `value`.
    public static func hash(_ value: JSONValue) -> String {
        hex(encode(value).withUnsafeBytes { SHA256.digest($0) })
    }

    /// The hash of `.object` of these string members, as ``hash(_:)`` gives it, without building the value: the
    /// members are sorted and written into one buffer and hashed inline. `members` must not repeat a key.
    package static func hash(stringMembers members: [(key: String, value: String)]) -> String {
        let sorted = members.count < 2 ? members : members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var output: [UInt8] = []
        output.reserveCapacity(
            sorted.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        output.append(UInt8(ascii: "{"))
        for (index, member) in sorted.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            writeString(member.key, to: &output)
            output.append(UInt8(ascii: ":"))
            writeString(member.value, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return hex(output.withUnsafeBytes { SHA256.digest($0) })
    }

    /// 64 lower-case hex digits.
    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits: StaticString = "0123456789abcdef"
        return digest.withBytes { bytes in
            String(unsafeUninitializedCapacity: 64) { text in
                for (index, byte) in bytes.enumerated() {
                    text[index * 2] = digits.utf8Start[Int(byte >> 4)]
                    text[index * 2 + 1] = digits.utf8Start[Int(byte & 15)]
                }
                return 64
            }
        }
    }

    private static func write(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: Array("null".utf8))
        case .bool(let flag): output.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .number(let number): output.append(contentsOf: Array(canonicalNumber(number).utf8))
        case .string(let text): writeString(text, to: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(members[key]!, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// `Decimal`'s description is already exact; normalise `-0` and trailing fractional zeros.
    private static func canonicalNumber(_ number: Decimal) -> String {
        var text = "\(number)"
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    private static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): output.append(contentsOf: [92, 92])
            case 0x0A: output.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [
                    92, UInt8(ascii: "u"), 48, 48, digits[Int(byte >> 4)], digits[Int(byte & 15)],
                ])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
