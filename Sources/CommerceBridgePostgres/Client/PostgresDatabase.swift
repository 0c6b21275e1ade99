package import CommerceBridge
import Dispatch
import Foundation
import Synchronization

/// A small pool of libpq connections to one database, with the rules that make a store on it safe:
///
/// - **Off the cooperative pool.** Every libpq call blocks, so each runs on a dispatch queue (which lends threads
///   beyond the core count to blocked work), never on the threads Swift's tasks share — the same reason
///   `SQLiteConnectorStore` runs on a `BlockingWorkExecutor`.
/// - **Reconnects.** A connection that breaks (the server restarted, the network dropped) is discarded and a new one
///   opened with growing pauses (50 ms doubling to 2 s), for up to
///   ``PostgresConnectionSettings/reconnectTimeout``; then the caller gets a `BridgeError.Code.storageFailed`.
/// - **Whole or not at all.** ``transaction(notify:_:)`` runs its body again, whole, on a new connection when the
///   connection broke or the server rolled it back for a deadlock or serialization failure. When the connection
///   broke while `COMMIT` was in flight, it asks the server whether that transaction committed before deciding,
///   so a commit is never applied twice nor lost: once ``enableCommitMarkers()`` was called, each transaction
///   writes a random marker row with its `BEGIN` (same round trip) and committed iff that row exists; a
///   transaction id alone is ambiguous after crash recovery, which can hand out a lost transaction's id again.
/// - **No secrets.** Errors and descriptions name the server as `postgres://user@host:port/db`.
package final class PostgresDatabase: Sendable {
    /// How it connects.
    package let settings: PostgresConnectionSettings
    private let pool: PostgresPool
    private let queue = DispatchQueue(label: "CommerceBridge.Postgres", attributes: .concurrent)
    private let markers = Mutex(false)

    /// Makes every later transaction write a commit marker (the table exists once the schema is migrated).
    package func enableCommitMarkers() { markers.withLock { $0 = true } }

    /// A pool for `settings`; nothing connects until the first call.
    package init(settings: PostgresConnectionSettings) {
        self.settings = settings
        pool = PostgresPool(limit: max(1, settings.poolSize))
    }

    /// `postgres://user@host:port/db`, without the password.
    package var redactedDescription: String { settings.redactedDescription }

    /// Closes the idle connections; connections in use close when they come back.
    package func close() async { await pool.close() }

    // MARK: Running work

    /// Runs `body` on a connection in autocommit mode, again from the start on a new connection when the connection
    /// breaks. Use it for reads and for single statements that are safe to repeat.
    package func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws
        -> T
    {
        try await run { connection in .done(try body(connection)) }
    }

    /// Runs `body` in one transaction and commits it, retried whole on a new connection when the connection broke or
    /// the server rolled the transaction back for a deadlock or a serialization failure. An error `body` throws
    /// rolls back and reaches the caller.
    /// - Parameters:
    ///   - notify: `(channel, payload)` to `NOTIFY` with the commit, delivered to listeners only if it commits.
    ///   - body: The transaction's statements. It may run more than once, so it must not have effects outside the
    ///     database.
    package func transaction<T: Sendable>(
        notify: (channel: String, payload: String)? = nil,
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let commit =
            notify.map { "NOTIFY \(Self.identifier($0.channel)), \(Self.literal($0.payload)); COMMIT" } ?? "COMMIT"
        let settings = self.settings
        let marks = markers.withLock { $0 }
        return try await run { connection in
            // BEGIN, txid_current() and the marker go with the body's first statement, in its round trip.
            connection.beginLazily(marker: marks ? UUID().uuidString : nil)
            let value: T
            do {
                value = try body(connection)
            } catch {
                connection.rollbackQuietly()
                throw error
            }
            let transactionID = connection.transactionID
            let marker = connection.commitMarker
            guard connection.endTransaction(), let transactionID else { return .done(value) }  // nothing ran
            do {
                switch settings.faults?.next() {
                case nil:
                    _ = try connection.simpleQuery(commit)
                case .dropBeforeCommit?:
                    connection.drop()
                    throw PostgresFailure(
                        sqlState: nil, message: "injected: dropped before COMMIT", connectionLost: true)
                case .loseCommitAnswer?:
                    _ = try connection.simpleQuery(commit)
                    connection.drop()
                    throw PostgresFailure(
                        sqlState: nil, message: "injected: COMMIT's answer lost", connectionLost: true)
                }
            } catch let failure as PostgresFailure where failure.connectionLost {
                return .commitUnknown(transactionID: transactionID, marker: marker, value: value, failure: failure)
            }
            return .done(value)
        }
    }

    enum Step<T: Sendable>: Sendable {
        case done(T)
        case commitUnknown(transactionID: Int64, marker: String?, value: T, failure: PostgresFailure)
    }

    private func run<T: Sendable>(_ attempt: @escaping @Sendable (PostgresConnection) throws -> Step<T>) async throws
        -> T
    {
        var retry = RetryState(settings: settings)
        while true {
            let step: Step<T>
            do {
                step = try await onConnection(attempt)
            } catch let failure as PostgresFailure {
                try await retry.pause(after: failure)
                continue
            }
            switch step {
            case .done(let value):
                return value
            case .commitUnknown(let transactionID, let marker, let value, let failure):
                if try await committed(transactionID, marker: marker, after: failure, retry: &retry) { return value }
                try await retry.pause(after: failure)
            }
        }
    }

    /// Whether a transaction whose `COMMIT` got no answer committed, asked on a new connection once the server
    /// answers again. With a marker, it committed iff its marker row exists; `txid_status` only tells whether a
    /// session with that id is still running (the old one finishing, or one that reuses its id after a crash), to
    /// wait and ask again. Without one (before the schema has the table) `txid_status` decides.
    private func committed(
        _ transactionID: Int64, marker: String?, after failure: PostgresFailure, retry: inout RetryState
    ) async throws -> Bool {
        while true {
            let outcome: LostCommit
            do {
                outcome = try await onConnection { connection in
                    guard let marker else {
                        let status = try connection.query("SELECT txid_status($1)", [.int(transactionID)]).text(0, 0)
                        return .done(LostCommit(markerExists: nil, transactionStatus: status))
                    }
                    let row = try connection.query(
                        PostgresMigrations.commitMarkerCheck, [.text(marker), .int(transactionID)])
                    return .done(LostCommit(markerExists: row.bool(0, 0), transactionStatus: row.text(0, 1)))
                }.value
            } catch let lost as PostgresFailure {
                try await retry.pause(after: lost)
                continue
            }
            switch outcome {
            case .committed: return true
            case .finishing: try await retry.pause(after: failure)  // the old session is still finishing
            case .notCommitted: return false
            }
        }
    }

    /// What the check of a transaction whose `COMMIT` got no answer found.
    enum LostCommit: Equatable, Sendable {
        case committed
        /// A session with the transaction's id is still running: ask again.
        case finishing
        case notCommitted

        /// Judges the marker and `txid_status`. With a marker table (`markerExists` not `nil`) the marker alone
        /// says whether it committed: after a crash the id can be handed to a new transaction, whose status
        /// `txid_status` then reports, so a "committed" status without the marker is another transaction's.
        /// Without one, `txid_status` decides.
        init(markerExists: Bool?, transactionStatus: String?) {
            switch (markerExists, transactionStatus) {
            case (true?, _): self = .committed
            case (_, "in progress"?): self = .finishing
            case (nil, "committed"?): self = .committed
            default: self = .notCommitted  // aborted, too old to know, or another transaction's status
            }
        }
    }

    /// Checks a connection out (opening one if the pool has room), runs `attempt` on the queue, and checks it back
    /// in, or discards it when it broke.
    private func onConnection<T: Sendable>(_ attempt: @escaping @Sendable (PostgresConnection) throws -> Step<T>)
        async throws -> Step<T>
    {
        let settings = self.settings
        let connection: PostgresConnection
        if let idle = await pool.checkout() {
            connection = idle
        } else {
            do {
                connection = try await offload { () throws(PostgresFailure) in try PostgresConnection.connect(settings)
                }
            } catch {
                await pool.checkin(nil)
                throw error
            }
        }
        let result: Result<Step<T>, any Error> = await offload { Result { try attempt(connection) } }
        await pool.checkin(connection.isBroken ? nil : connection)
        return try result.get()
    }

    private func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    /// Runs blocking work (such as a listener's wait) on the database's queue.
    func offloadBlocking<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T { await offload(work) }

    // MARK: Errors

    /// The `BridgeError` a failure becomes, naming the server without its password.
    package func bridgeError(_ failure: PostgresFailure) -> BridgeError {
        Self.bridgeError(failure, server: redactedDescription)
    }

    static func bridgeError(_ failure: PostgresFailure, server: String) -> BridgeError {
        if failure.connectionLost {
            return BridgeError(
                .storageFailed, "PostgreSQL at \(server) is unreachable: \(failure.message).",
                recoverySuggestion: failure.permanent
                    ? "Check the connection string (user, password, database, sslmode) and the server's pg_hba.conf."
                    : "Check the server is running and reachable; the store reconnects by itself when it is back.")
        }
        switch failure.sqlState {
        case "53100":
            return BridgeError(.diskFull, "PostgreSQL at \(server) is out of disk space: \(failure.message).")
        case "57014":
            return BridgeError(
                .databaseLocked,
                "A statement on \(server) ran longer than the statement timeout: \(failure.message).",
                recoverySuggestion: "Another session may hold a lock for long (see pg_stat_activity); retry, or raise "
                    + "the statement timeout.")
        case "55P03", "40001", "40P01":
            return BridgeError(.databaseLocked, "PostgreSQL at \(server) could not take a lock: \(failure.message).")
        case "42501":
            return BridgeError(
                .storageFailed, "The PostgreSQL role lacks a privilege on \(server): \(failure.message).",
                recoverySuggestion: "Grant the role CREATE on the database (for the schema) and ownership of the "
                    + "store's schema.")
        default:
            return BridgeError(.storageFailed, "PostgreSQL error on \(server): \(failure).")
        }
    }

    /// A quoted identifier.
    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    /// A quoted string literal.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

extension PostgresDatabase.Step {
    var value: T {
        switch self {
        case .done(let value), .commitUnknown(_, _, let value, _): value
        }
    }
}

/// The pauses between attempts while the server is unreachable, and the deadline after which to give up.
private struct RetryState {
    let settings: PostgresConnectionSettings
    private var pauses = 0
    private var deadline: ContinuousClock.Instant?
    private var transactionRetries = 0

    init(settings: PostgresConnectionSettings) { self.settings = settings }

    /// Waits before the next attempt after `failure`, or throws when retrying cannot help or time is up.
    mutating func pause(after failure: PostgresFailure) async throws {
        if failure.transactionRetryable {
            transactionRetries += 1
            guard transactionRetries <= 20 else {
                throw PostgresDatabase.bridgeError(failure, server: settings.redactedDescription)
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...(10 * transactionRetries))))
            return
        }
        guard failure.connectionLost, !failure.permanent else {
            throw PostgresDatabase.bridgeError(failure, server: settings.redactedDescription)
        }
        let now = ContinuousClock.now
        let deadline = self.deadline ?? now.advanced(by: settings.reconnectTimeout)
        self.deadline = deadline
        guard now < deadline else {
            var failure = failure
            failure.message += " (gave up reconnecting after \(settings.reconnectTimeout))"
            throw PostgresDatabase.bridgeError(failure, server: settings.redactedDescription)
        }
        let base = min(2_000, 50 << min(pauses, 6))
        pauses += 1
        let pause = Duration.milliseconds(base / 2 + Int.random(in: 0...(base / 2)))
        try await Task.sleep(for: min(pause, deadline - now))
    }
}

/// The connections: idle ones, how many are open, and callers waiting for one.
actor PostgresPool {
    private let limit: Int
    private var idle: [PostgresConnection] = []
    private var open = 0
    /// Each waiter gets a connection, or `nil`: a slot to open a new one in.
    private var waiters: [CheckedContinuation<PostgresConnection?, Never>] = []

    init(limit: Int) { self.limit = limit }

    /// An idle connection, or `nil` when the caller may open one; waits when every slot is busy.
    func checkout() async -> PostgresConnection? {
        if let connection = idle.popLast() { return connection }
        if open < limit {
            open += 1
            return nil
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives a connection back, or its slot (`nil`) when it broke or could not be opened.
    func checkin(_ connection: PostgresConnection?) {
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
            return
        }
        if let connection { idle.append(connection) } else { open -= 1 }
    }

    /// Drops the idle connections (libpq closes each as it is released).
    func close() {
        open -= idle.count
        idle.removeAll()
    }
}
