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
    package var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// The server's process for this session.
    package var backendPID: Int32 { PQbackendPID(handle) }

    /// The server's version, such as 150010 for 15.10.
    package var serverVersion: Int32 { PQserverVersion(handle) }

    /// Runs one statement with parameters (`$1`, `$2` …) and returns its rows.
    package func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresFailure) -> PostgresResult {
        let count = parameters.count
        let types = parameters.map(\.type)
        let formats = parameters.map { Int32($0.isBinary ? 1 : 0) }
        let buffers = parameters.map(\.bytes)
        let lengths = buffers.map { Int32($0?.count ?? 0) }
        var pointers: [UnsafeMutablePointer<CChar>?] = buffers.map { bytes in
            guard let bytes else { return nil }
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) {
                    pointer.initialize(from: $0.baseAddress!, count: bytes.count)
                }
            }
            pointer[bytes.count] = 0
            return pointer
        }
        defer { for pointer in pointers { pointer?.deallocate() } }
        let result = pointers.withUnsafeMutableBufferPointer { values in
            values.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                PQexecParams(handle, sql, Int32(count), types, values.baseAddress, lengths, formats, 0)
            }
        }
        return try check(result)
    }

    /// Runs SQL without parameters, several statements allowed (`BEGIN; SELECT …`), and returns the last result.
    package func simpleQuery(_ sql: String) throws(PostgresFailure) -> PostgresResult {
        try check(PQexec(handle, sql))
    }

    /// Rolls back an open transaction, if the connection is still there to do it.
    package func rollbackQuietly() {
        guard !isBroken else { return }
        if let result = PQexec(handle, "ROLLBACK") { PQclear(result) }
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
