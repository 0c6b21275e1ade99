import CSQLite
public import CommerceBridge

/// One connection to an SQLite database file, with prepared-statement caching: the small SQL layer the SQLite
/// store is built on, public so that an adapter can keep its own tables (a sample ERP, a staging area) the same way.
///
/// A connection is not `Sendable`: own it from one actor, and run it off the cooperative pool when queries are
/// long. Every failure is a `BridgeError` naming the file (`databaseLocked`, `diskFull`, `notADatabase`,
/// `storageFailed`).
///
/// ```swift
/// let database = try SQLiteConnection(path: "erp.sqlite", busyTimeout: .seconds(5))
/// try database.execute("CREATE TABLE IF NOT EXISTS stock (sku TEXT PRIMARY KEY, on_hand TEXT)")
/// try database.statement("INSERT OR REPLACE INTO stock VALUES (?1, ?2)").bind(.text("24-MB01"), .text("7")).run()
/// let onHand = try database.statement("SELECT on_hand FROM stock WHERE sku = ?1").bind(.text("24-MB01"))
///     .firstRow { $0.text(0) }
/// ```
public final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    let path: String

    /// Opens (creating if needed) the database at `path`.
    /// - Parameters:
    ///   - path: The database file.
    ///   - busyTimeout: How long a statement waits for another connection's lock before failing with
    ///     `databaseLocked`.
    public init(path: String, busyTimeout: Duration) throws(BridgeError) {
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
    public func execute(_ sql: String) throws(BridgeError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw Self.error(status, text, path: path)
        }
    }

    /// The prepared statement for `sql`, reset and unbound; prepared once per connection and reused.
    public func statement(_ sql: String) throws(BridgeError) -> SQLiteStatement {
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
    /// - Returns: What `body` returns, once committed.
    public func transaction<T>(_ body: () throws(BridgeError) -> T) throws(BridgeError) -> T {
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

    /// An integer from a one-row query such as `PRAGMA user_version`; `0` when it returns no row.
    public func integer(_ sql: String) throws(BridgeError) -> Int64 {
        try statement(sql).firstRow { $0.int64(0) } ?? 0
    }

    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The SQLite library's version as a number, such as 3040001 for 3.40.1.
    static var libraryVersionNumber: Int32 { sqlite3_libversion_number() }
    /// The SQLite library's version, such as `3.40.1`.
    static var libraryVersion: String { String(cString: sqlite3_libversion()) }

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
