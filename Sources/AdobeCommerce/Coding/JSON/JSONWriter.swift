#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Writes JSON bytes: members sorted by the UTF-8 of their names, no insignificant whitespace, `/` and non-ASCII
/// written as they are, so the same value always gives the same bytes (for hashing and signing).
package struct JSONWriter {
    /// The bytes written so far.
    package var output: [UInt8] = []

    /// A writer with room for `capacity` bytes.
    package init(capacity: Int = 256) { output.reserveCapacity(capacity) }

    mutating func write(_ node: JSONNode) {
        switch node {
        case .null: output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let value): writeBool(value)
        case .number(let text): writeASCII(text)
        case .string(let text): JSONEscapes.appendQuoted(text, to: &output)
        case .array(let array):
            output.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            var first = true
            for (name, node) in Self.sorted(object.members) {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                JSONEscapes.appendQuoted(name, to: &output)
                output.append(UInt8(ascii: ":"))
                write(node)
            }
            output.append(UInt8(ascii: "}"))
        case .value(let value): write(value)
        }
    }

    /// Writes a ``JSONValue`` (a `Decimal` NaN, which JSON cannot hold, as `null`).
    package mutating func write(_ value: JSONValue) {
        switch value {
        case .null: output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let flag): writeBool(flag)
        case .number(let number):
            if number.isNaN {
                output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
            } else {
                DecimalText.append(number, to: &output)
            }
        case .string(let text): JSONEscapes.appendQuoted(text, to: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            for name in members.keys.sorted(by: Self.precedes) {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                JSONEscapes.appendQuoted(name, to: &output)
                output.append(UInt8(ascii: ":"))
                write(members[name]!)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private mutating func writeBool(_ value: Bool) {
        if value {
            output.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        } else {
            output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        }
    }

    private mutating func writeASCII(_ text: String) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Whether `left` sorts before `right`: by Unicode scalars, which is the order of their UTF-8 bytes for the
    /// NFC text JSON members are named with (String's own comparison, much faster than a byte-wise one).
    static func precedes(_ left: String, _ right: String) -> Bool { left < right }

    /// Members by name, the last of a repeated name kept.
    private static func sorted(_ members: [(name: String, node: JSONNode)]) -> [(name: String, node: JSONNode)] {
        if members.count < 2 { return members }
        let order = members.indices.sorted {
            let (left, right) = (members[$0].name, members[$1].name)
            return left == right ? $0 < $1 : precedes(left, right)
        }
        var result: [(name: String, node: JSONNode)] = []
        result.reserveCapacity(members.count)
        for index in order {
            if let last = result.last, last.name == members[index].name { result.removeLast() }
            result.append(members[index])
        }
        return result
    }
}
