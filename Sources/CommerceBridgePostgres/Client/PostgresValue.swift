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
    /// `bytea[]`.
    case byteaArray([Data])

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
        case .byteaArray: 1001
        }
    }

    var isBinary: Bool {
        switch self {
        case .bytea, .byteaArray: true
        default: false
        }
    }

    /// The wire bytes, or `nil` for `NULL`.
    var bytes: [UInt8]? {
        switch self {
        case .text(let value): value.map { Array($0.utf8) }
        case .int(let value): value.map { Array(String($0).utf8) }
        case .bool(let value): Array((value ? "t" : "f").utf8)
        case .bytea(let value): Array(value)
        case .textArray(let values): values.map(Self.arrayLiteral)
        case .intArray(let values): Array(("{" + values.map(String.init).joined(separator: ",") + "}").utf8)
        case .byteaArray(let values): Self.binaryArray(values)
        }
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    private static let comma = UInt8(ascii: ","), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")

    /// `{"a","b",NULL}`: every element quoted, `"` and `\` escaped (bytes that never occur inside a multi-byte
    /// UTF-8 sequence, so escaping byte by byte is safe).
    static func arrayLiteral(_ values: [String?]) -> [UInt8] {
        var literal: [UInt8] = [open]
        literal.reserveCapacity(values.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { literal.append(comma) }
            guard let value else {
                literal += Array("NULL".utf8)
                continue
            }
            literal.append(quote)
            for byte in value.utf8 {
                if byte == quote || byte == backslash { literal.append(backslash) }
                literal.append(byte)
            }
            literal.append(quote)
        }
        literal.append(close)
        return literal
    }

    /// A `bytea[]` in PostgreSQL's binary array format: dimensions, then each element's length and bytes, so the
    /// payloads go as they are, with no hex or escaping.
    static func binaryArray(_ values: [Data]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + values.reduce(0) { $0 + $1.count + 4 })
        func append(_ value: Int32) { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
        append(values.isEmpty ? 0 : 1)  // dimensions
        append(0)  // no NULLs
        append(17)  // bytea
        if !values.isEmpty {
            append(Int32(values.count))
            append(1)  // lower bound
        }
        for value in values {
            append(Int32(value.count))
            bytes.append(contentsOf: value)
        }
        return bytes
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
        let count = (length - 2) / 2
        return Data(
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    buffer[index] = Self.nibble(value[2 + 2 * index]) << 4 | Self.nibble(value[3 + 2 * index])
                }
                initialized = count
            })
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
