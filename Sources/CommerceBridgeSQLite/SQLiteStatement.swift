import AdobeCommerce
import CSQLite
public import CommerceBridge

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A prepared statement of an ``SQLiteConnection``: bind, then step, read rows or run.
///
/// Statements are cached by their SQL and reused, so finish with one (``run()``, ``rows(_:)``,
/// ``firstRow(_:)``) before asking the connection for the same SQL again.
public final class SQLiteStatement {
    private let pointer: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(_ pointer: OpaquePointer, connection: SQLiteConnection) {
        self.pointer = pointer
        self.connection = connection
    }

    deinit { sqlite3_finalize(pointer) }

    /// Resets the statement and clears its bindings.
    public func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    /// Binds values to `?1`, `?2` … in order.
    /// - Returns: The statement, to chain a read or ``run()``.
    @discardableResult
    public func bind(_ values: SQLiteValue...) throws(BridgeError) -> SQLiteStatement {
        try bind(values)
    }

    /// Binds a list of values to `?1`, `?2` … in order.
    /// - Returns: The statement, to chain a read or ``run()``.
    @discardableResult
    public func bind(_ values: [SQLiteValue]) throws(BridgeError) -> SQLiteStatement {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(pointer, index)
            case .integer(let number): status = sqlite3_bind_int64(pointer, index, number)
            case .text(let text): status = sqlite3_bind_text(pointer, index, text, -1, sqliteTransient)
            case .blob(let data):
                status = data.withUnsafeBytes { bytes in
                    sqlite3_bind_blob(pointer, index, bytes.baseAddress, Int32(bytes.count), sqliteTransient)
                }
            }
            guard status == SQLITE_OK else { throw connection.failure(status) }
        }
        return self
    }

    /// Steps once: `true` when a row is available to read.
    public func step() throws(BridgeError) -> Bool {
        let status = sqlite3_step(pointer)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.failure(status)
        }
    }

    /// Reads the first row, if any, then resets the statement so it holds no read transaction.
    public func firstRow<T>(_ read: (SQLiteStatement) throws(BridgeError) -> T) throws(BridgeError) -> T? {
        defer { reset() }
        guard try step() else { return nil }
        return try read(self)
    }

    /// Reads every row with `read`, then resets the statement for its next use.
    public func rows<T>(_ read: (SQLiteStatement) throws -> T) throws -> [T] {
        defer { reset() }
        var rows: [T] = []
        while try step() { rows.append(try read(self)) }
        return rows
    }

    /// Runs to completion, then resets the statement for its next use.
    public func run() throws(BridgeError) {
        defer { reset() }
        while try step() {}
    }

    /// The integer in `column` (0-based) of the current row.
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }
    /// Whether `column` of the current row is `NULL`.
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }
    /// The text in `column` of the current row, or `nil` for `NULL`.
    public func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(pointer, column) else { return nil }
        return String(cString: bytes)
    }
    /// The time in `column` of the current row, stored as milliseconds since 1970 (as ``SQLiteValue/date(_:)``
    /// binds it).
    public func date(_ column: Int32) -> Date { Date(millisecondsSince1970: int64(column)) }
    /// The bytes in `column` of the current row (empty for `NULL`).
    public func blob(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(pointer, column))
        guard count > 0, let bytes = sqlite3_column_blob(pointer, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bound bytes.
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
