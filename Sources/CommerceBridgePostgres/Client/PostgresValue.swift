import AdobeCommerce
import CLibPQ
package import Foundation

/// A statement parameter, typed so that PostgreSQL never has to guess (`$1 IS NULL` needs a type). Text format,
/// except `bytea`, which goes as raw bytes.
package enum PostgresValue: Sendable, Hashable {
    /// `text`, or a typed `NULL`.
    case text(String?)
    /// `bigint`, or a typed `NULL`.
    case int(Int64?)
    /// `boolean`.
    case bool(Bool)
    /// `bytea`, sent as binary.
    case bytea(Data)
    /// `text[]`, or a typed `NULL`; elements may be `NULL`.
    case textArray([String?]?)
    /// `bigint[]`.
    case intArray([Int64])

    /// A time, as milliseconds since 1970 (how the store keeps times).
    package static func date(_ date: Date) -> PostgresValue { .int(date.millisecondsSince1970) }
    /// An optional time.
    package static func optionalDate(_ date: Date?) -> PostgresValue { .int(date?.millisecondsSince1970) }
    /// `bigint[]` of times.
    package static func dateArray(_ dates: [Date]) -> PostgresValue { .intArray(dates.map(\.millisecondsSince1970)) }

    var type: Oid {
        switch self {
        case .text: 25
        case .int: 20
        case .bool: 16
        case .bytea: 17
        case .textArray: 1009
        case .intArray: 1016
        }
    }

    var isBinary: Bool { if case .bytea = self { true } else { false } }

    /// The wire bytes, or `nil` for `NULL`.
    var bytes: [UInt8]? {
        switch self {
        case .text(let value): value.map { Array($0.utf8) }
        case .int(let value): value.map { Array(String($0).utf8) }
        case .bool(let value): Array((value ? "t" : "f").utf8)
        case .bytea(let value): Array(value)
        case .textArray(let values): values.map { Array(Self.arrayLiteral($0).utf8) }
        case .intArray(let values): Array(("{" + values.map(String.init).joined(separator: ",") + "}").utf8)
        }
    }

    /// `{"a","b",NULL}`: every element quoted, `"` and `\` escaped.
    static func arrayLiteral(_ values: [String?]) -> String {
        var literal = "{"
        literal.reserveCapacity(values.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            guard let value else {
                literal += "NULL"
                continue
            }
            literal += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }
}

/// The rows of a statement's result, in text format, read while the result lives.
package final class PostgresResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    /// Rows returned.
    package var count: Int { Int(PQntuples(handle)) }
    /// Rows inserted, updated or deleted (`PQcmdTuples`).
    package var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// Whether the cell is `NULL`.
    package func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    /// The cell as text, `nil` when `NULL`.
    package func text(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column) else { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// The cell as an integer (`0` when `NULL` or not a number).
    package func int64(_ row: Int, _ column: Int) -> Int64 {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return 0 }
        return strtoll(value, nil, 10)
    }

    /// The cell as a time kept in milliseconds since 1970.
    package func date(_ row: Int, _ column: Int) -> Date { Date(millisecondsSince1970: int64(row, column)) }

    /// The cell as a boolean.
    package func bool(_ row: Int, _ column: Int) -> Bool { text(row, column) == "t" }

    /// A `bytea` cell (hex text format, `\x…`) as bytes.
    package func bytea(_ row: Int, _ column: Int) -> Data {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return Data() }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard length >= 2, value[0] == 0x5C, value[1] == 0x78 else {  // "\x"
            return Data(bytes: value, count: length)
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity((length - 2) / 2)
        var index = 2
        while index + 1 < length {
            bytes.append(Self.nibble(value[index]) << 4 | Self.nibble(value[index + 1]))
            index += 2
        }
        return Data(bytes)
    }

    private static func nibble(_ character: CChar) -> UInt8 {
        let value = UInt8(bitPattern: character)
        switch value {
        case 0x30...0x39: return value - 0x30
        case 0x61...0x66: return value - 0x61 + 10
        case 0x41...0x46: return value - 0x41 + 10
        default: return 0
        }
    }
}

extension Data {
    /// Lowercase hex, for `decode($1, 'hex')`.
    var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
