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
    /// members are sorted in place, written into one stack buffer and hashed inline. `members` must not repeat a key.
    package static func hash(stringMembers members: inout [(key: String, value: String)]) -> String {
        if members.count > 1 { members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } }
        // Each byte takes at most six (`\u00XX`); quotes, colon and comma add six a member.
        var capacity = 2
        for member in members { capacity += (member.key.utf8.count + member.value.utf8.count) * 6 + 6 }
        let digest = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var count = 0
            func append(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { append(UInt8(ascii: ",")) }
                writeString(member.key, to: buffer, at: &count)
                append(UInt8(ascii: ":"))
                writeString(member.value, to: buffer, at: &count)
            }
            append(UInt8(ascii: "}"))
            return SHA256.digest(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[0..<count])))
        }
        return hex(digest)
    }

    /// ``writeString(_:to:)`` into memory the caller sized: runs without escapes are copied whole.
    private static func writeString(_ text: String, to buffer: UnsafeMutableBufferPointer<UInt8>, at count: inout Int) {
        var text = text
        text.withUTF8 { bytes in
            buffer[count] = UInt8(ascii: "\"")
            count += 1
            var runStart = 0
            func flush(upTo end: Int) {
                let length = end - runStart
                guard length > 0 else { return }
                (buffer.baseAddress! + count).update(from: bytes.baseAddress! + runStart, count: length)
                count += length
            }
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                flush(upTo: index)
                runStart = index + 1
                var escaped: [UInt8] = []
                writeString(String(decoding: [byte], as: UTF8.self), to: &escaped)
                // The quotes writeString adds around the escape are dropped.
                for character in escaped.dropFirst().dropLast() {
                    buffer[count] = character
                    count += 1
                }
            }
            flush(upTo: bytes.count)
            buffer[count] = UInt8(ascii: "\"")
            count += 1
        }
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
