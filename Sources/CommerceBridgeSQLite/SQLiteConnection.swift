import AdobeCommerce
import CSQLite
package import CommerceBridge

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// One SQLite connection with prepared-statement caching; used by one actor at a time.
package final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    let path: String

    /// Opens (creating if needed) the database at `path`.
    package init(path: String, busyTimeout: Duration) throws(BridgeError) {
        self.path = path
        var pointer: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let status = sqlite3_open_v2(path, &pointer, flags, nil)
        guard status == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let pointer { sqlite3_close_v2(pointer) }
            throw Self.error(status, message, path: path)
        }
        handle = pointer
        let milliseconds =
            busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without results (several statements allowed).
    package func execute(_ sql: String) throws(BridgeError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw Self.error(status, text, path: path)
        }
    }

    /// A cached prepared statement, reset and unbound.
    package func statement(_ sql: String) throws(BridgeError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var pointer: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard status == SQLITE_OK, let pointer else { throw failure(status) }
        let statement = SQLiteStatement(pointer, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE` takes the write lock at once), rolling back on error.
    package func transaction<T>(_ body: () throws(BridgeError) -> T) throws(BridgeError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// An integer from a one-row query such as `PRAGMA user_version`.
    package func integer(_ sql: String) throws(BridgeError) -> Int64 {
        try statement(sql).firstRow { $0.int64(0) } ?? 0
    }

    var changes: Int { Int(sqlite3_changes(handle)) }

    func failure(_ status: Int32) -> BridgeError {
        Self.error(status, String(cString: sqlite3_errmsg(handle)), path: path)
    }

    static func error(_ status: Int32, _ message: String, path: String) -> BridgeError {
        switch status & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            BridgeError(.databaseLocked, "The database \(path) is locked by another connection: \(message).")
        case SQLITE_FULL:
            BridgeError(.diskFull, "The database \(path) is full: \(message). The transaction was rolled back.")
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            BridgeError(.notADatabase, "\(path) is not a usable SQLite database: \(message).")
        case SQLITE_CANTOPEN:
            BridgeError(
                .storageFailed, "Cannot open \(path): \(message).",
                recoverySuggestion: "Check the directory exists and is writable.")
        case SQLITE_READONLY:
            BridgeError(
                .storageFailed, "\(path) is read-only: \(message).", recoverySuggestion: "Check the file's permissions."
            )
        default:
            BridgeError(.storageFailed, "SQLite error \(status) on \(path): \(message).")
        }
    }
}

/// A prepared statement.
package final class SQLiteStatement {
    private let pointer: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(_ pointer: OpaquePointer, connection: SQLiteConnection) {
        self.pointer = pointer
        self.connection = connection
    }

    deinit { sqlite3_finalize(pointer) }

    package func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    /// Binds values to `?1`, `?2` … in order.
    @discardableResult
    package func bind(_ values: SQLiteValue...) throws(BridgeError) -> SQLiteStatement {
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

    /// Steps once: `true` when a row is available.
    package func step() throws(BridgeError) -> Bool {
        let status = sqlite3_step(pointer)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.failure(status)
        }
    }

    /// Reads the first row, if any, then resets the statement so it holds no read transaction.
    package func firstRow<T>(_ read: (SQLiteStatement) throws(BridgeError) -> T) throws(BridgeError) -> T? {
        defer { reset() }
        guard try step() else { return nil }
        return try read(self)
    }

    /// Reads every row with `read`, then resets the statement for its next use.
    package func rows<T>(_ read: (SQLiteStatement) throws -> T) throws -> [T] {
        defer { reset() }
        var rows: [T] = []
        while try step() { rows.append(try read(self)) }
        return rows
    }

    /// Runs to completion, then resets the statement for its next use.
    package func run() throws(BridgeError) {
        defer { reset() }
        while try step() {}
    }

    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }
    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }
    package func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(pointer, column) else { return nil }
        return String(cString: bytes)
    }
    package func blob(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(pointer, column))
        guard count > 0, let bytes = sqlite3_column_blob(pointer, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}

/// A value to bind.
package enum SQLiteValue {
    case null
    case integer(Int64)
    case text(String)
    case blob(Data)

    package static func optionalText(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    package static func date(_ value: Date) -> SQLiteValue { .integer(value.millisecondsSince1970) }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bound bytes.
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
