import CLibPQ
import CommerceBridge
import Foundation

/// A failure reported by libpq or the server, before it becomes a `BridgeError`.
package struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    /// The SQLSTATE, or `nil` when there was no answer (the connection failed).
    package var sqlState: String?
    /// What happened (never a password).
    package var message: String
    /// Whether the connection is gone (refused, dropped, or the server is shutting down): the work may run again
    /// on a new connection.
    package var connectionLost: Bool
    /// Whether the failure happened while connecting and waiting cannot mend it (a wrong password, an unknown
    /// database or role, a refused SSL mode).
    package var permanent = false

    /// A serialization failure or deadlock: the transaction was rolled back and may run again as it was.
    package var transactionRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    package var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }

    /// Whether a SQLSTATE says the session is over: class 08 (connection exception), or the server shutting down
    /// or starting up (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now).
    static func isConnectionState(_ state: String?) -> Bool {
        guard let state else { return false }
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
    }
}

/// One libpq connection. Not thread-safe: the pool hands it to one caller at a time, and every call blocks, so run
/// them off Swift's cooperative pool (``PostgresDatabase`` does).
package final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private let settings: PostgresConnectionSettings

    /// Opens a connection and prepares its session (timeouts, quiet notices, ``PostgresConnectionSettings/sessionSetup``).
    /// Blocks until the server answers or `connect_timeout` passes.
    /// - Throws: ``PostgresFailure``, `permanent` when waiting cannot mend it.
    package static func connect(_ settings: PostgresConnectionSettings) throws(PostgresFailure) -> PostgresConnection {
        var keywords = ["fallback_application_name"]
        var values = [settings.applicationName]
        if ProcessInfoEnvironment.value("PGCONNECT_TIMEOUT") == nil {
            keywords.append("connect_timeout")
            values.append("10")
        }
        // Options before `dbname` are defaults the connection string's own expanded options override.
        keywords.append("dbname")
        values.append(settings.connectionString)
        let handle = withCStrings(keywords) { keywords in
            withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let handle else {
            throw PostgresFailure(sqlState: nil, message: "libpq could not allocate a connection", connectionLost: true)
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let text = settings.scrub(
                String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
            PQfinish(handle)
            throw PostgresFailure(
                sqlState: nil, message: text, connectionLost: true, permanent: Self.isPermanentConnectFailure(text))
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        let connection = PostgresConnection(handle: handle, settings: settings)
        var setup = ["SET client_min_messages = warning"]
        if let timeout = settings.statementTimeout {
            setup.append("SET statement_timeout = \(max(1, timeout.milliseconds))")
        }
        setup += settings.sessionSetup
        _ = try connection.simpleQuery(setup.joined(separator: "; "))
        return connection
    }

    private init(handle: OpaquePointer, settings: PostgresConnectionSettings) {
        self.handle = handle
        self.settings = settings
    }

    deinit { PQfinish(handle) }

    /// Whether the connection is gone.
    package var isBroken: Bool { dropped || PQstatus(handle) != CONNECTION_OK }

    private var dropped = false

    /// Cuts the connection as a network failure would (for injected faults).
    func drop() {
        dropped = true
        shutdown(PQsocket(handle), Int32(SHUT_RDWR))
    }

    /// The server's process for this session.
    package var backendPID: Int32 { PQbackendPID(handle) }

    /// The server's version, such as 150010 for 15.10.
    package var serverVersion: Int32 { PQserverVersion(handle) }

    /// Runs one statement with parameters (`$1`, `$2` …) and returns its rows.
    package func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresFailure) -> PostgresResult {
        if beginPending { return try pipeline([(sql, parameters)])[0] }
        return try check(withParameters(parameters) { PQexecParams(handle, sql, $0, $1, $2, $3, $4, 0) })
    }

    /// Runs statements in one round trip (libpq's pipeline mode) and returns their rows, in order. In a
    /// transaction a statement that fails aborts the rest, and its failure is thrown.
    package func pipeline(_ statements: [(sql: String, values: [PostgresValue])]) throws(PostgresFailure)
        -> [PostgresResult]
    {
        var all = statements
        let begins = beginPending
        let marker = begins ? commitMarker : nil
        if begins {
            let prefix: [(sql: String, values: [PostgresValue])] = [("BEGIN", []), ("SELECT txid_current()", [])]
            all = prefix + (marker.map { [(PostgresMigrations.commitMarkerInsert, [.text($0)])] } ?? []) + all
        }
        guard PQenterPipelineMode(handle) == 1 else { throw lost() }
        var results: [PostgresResult] = []
        var firstFailure: PostgresFailure?
        do throws(PostgresFailure) {
            for statement in all {
                let sent = withParameters(statement.values) {
                    PQsendQueryParams(handle, statement.sql, $0, $1, $2, $3, $4, 0)
                }
                guard sent == 1 else { throw lost() }
            }
            guard PQpipelineSync(handle) == 1 else { throw lost() }
            var received = 0
            while true {
                guard let result = PQgetResult(handle) else {
                    if isBroken { throw lost() }
                    continue  // the end of one statement's results
                }
                let status = PQresultStatus(result)
                if status == PGRES_PIPELINE_SYNC {
                    PQclear(result)
                    break
                }
                received += 1
                if status == PGRES_PIPELINE_ABORTED {
                    PQclear(result)
                    continue
                }
                do {
                    results.append(try check(result))
                } catch {
                    if firstFailure == nil { firstFailure = error }
                }
            }
            guard received == all.count else { throw lost() }
        } catch {
            PQexitPipelineMode(handle)
            if begins { beginPending = false }  // BEGIN may have run: a rollback is due
            throw error
        }
        PQexitPipelineMode(handle)
        if begins { beginPending = false }
        if let firstFailure { throw firstFailure }
        if begins {
            transactionID = results[1].int64(0, 0)
            results.removeFirst(marker == nil ? 2 : 3)
        }
        return results
    }

    /// Runs SQL without parameters, several statements allowed (`CREATE …; CREATE …`), and returns the last result.
    package func simpleQuery(_ sql: String) throws(PostgresFailure) -> PostgresResult {
        if beginPending { _ = try pipeline([]) }
        return try check(PQexec(handle, sql))
    }

    // MARK: Transactions

    /// Whether `BEGIN` waits to be sent with the transaction's first statement.
    private var beginPending = false
    /// The open transaction's id (`txid_current()`), once it has begun.
    private(set) var transactionID: Int64?

    /// The marker the open transaction writes with `BEGIN`, so that a lost `COMMIT` answer can be resolved; `nil`
    /// when it writes none.
    private(set) var commitMarker: String?

    /// Starts a transaction: `BEGIN` and `txid_current()` (and the commit marker's insert, when `marker` is given)
    /// go with its first statement, in the same round trip.
    func beginLazily(marker: String? = nil) {
        commitMarker = marker
        beginPending = true
        transactionID = nil
    }

    /// Ends the transaction's bookkeeping; `true` when `BEGIN` was sent, so there is something to commit.
    func endTransaction() -> Bool {
        defer {
            beginPending = false
            transactionID = nil
            commitMarker = nil
        }
        return !beginPending
    }

    /// Rolls back an open transaction, if the connection is still there to do it.
    package func rollbackQuietly() {
        let begun = endTransaction()
        guard begun, !isBroken else { return }
        if let result = PQexec(handle, "ROLLBACK") { PQclear(result) }
    }

    private func lost() -> PostgresFailure {
        PostgresFailure(sqlState: nil, message: settings.scrub(errorMessage), connectionLost: true)
    }

    /// Calls `body` with the parameters as libpq takes them: count, types, values, lengths, formats.
    private func withParameters<R>(
        _ parameters: [PostgresValue],
        _ body: (
            Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
            UnsafePointer<Int32>?
        ) -> R
    ) -> R {
        let types = parameters.map(\.type)
        let formats = parameters.map { Int32($0.isBinary ? 1 : 0) }
        let buffers = parameters.map(\.bytes)
        let lengths = buffers.map { Int32($0?.count ?? 0) }
        let pointers: [UnsafeMutablePointer<CChar>?] = buffers.map { bytes in
            guard let bytes else { return nil }
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) {
                    if let base = $0.baseAddress { pointer.initialize(from: base, count: bytes.count) }
                }
            }
            pointer[bytes.count] = 0
            return pointer
        }
        defer { for pointer in pointers { pointer?.deallocate() } }
        let values = pointers.map { $0.map { UnsafePointer($0) } }
        return types.withUnsafeBufferPointer { types in
            values.withUnsafeBufferPointer { values in
                lengths.withUnsafeBufferPointer { lengths in
                    formats.withUnsafeBufferPointer { formats in
                        body(
                            Int32(parameters.count), types.baseAddress, values.baseAddress, lengths.baseAddress,
                            formats.baseAddress)
                    }
                }
            }
        }
    }

    private func check(_ result: OpaquePointer?) throws(PostgresFailure) -> PostgresResult {
        guard let result else {
            throw PostgresFailure(
                sqlState: nil, message: settings.scrub(errorMessage), connectionLost: true)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(result)
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let message = primary ?? String(cString: PQresultErrorMessage(result))
            PQclear(result)
            throw PostgresFailure(
                sqlState: state, message: settings.scrub(message.trimmingCharacters(in: .whitespacesAndNewlines)),
                connectionLost: isBroken || PostgresFailure.isConnectionState(state))
        }
    }

    private var errorMessage: String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The socket, to wait on for notifications.
    var socket: Int32 { PQsocket(handle) }

    /// Reads what the server sent and returns the payloads of the notifications on `channel`.
    /// - Throws: When the connection is gone.
    func consumeNotifications(channel: String) throws(PostgresFailure) -> [String] {
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresFailure(sqlState: nil, message: settings.scrub(errorMessage), connectionLost: true)
        }
        var payloads: [String] = []
        while let notification = PQnotifies(handle) {
            if String(cString: notification.pointee.relname) == channel {
                payloads.append(String(cString: notification.pointee.extra))
            }
            PQfreemem(notification)
        }
        return payloads
    }

    /// Whether a connection failure's message says waiting will not help.
    static func isPermanentConnectFailure(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return [
            "authentication failed", "does not exist", "no password supplied", "invalid uri", "invalid connection",
            "invalid sslmode", "unrecognized ssl", "pg_hba.conf", "missing \"=\"", "invalid integer value",
            "server does not support ssl", "permission denied",
        ].contains { lowered.contains($0) }
    }
}

/// Runs `body` with `strings` as a NULL-terminated array of C strings.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) }
    defer { for pointer in pointers { free(pointer) } }
    let terminated: [UnsafePointer<CChar>?] = pointers.map { UnsafePointer($0) } + [nil]
    return terminated.withUnsafeBufferPointer { body($0.baseAddress!) }
}

extension Duration {
    /// The whole milliseconds.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
