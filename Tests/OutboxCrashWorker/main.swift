// outbox-crash-worker: drains a SQLite outbox into a SQLite "effects" database, for the crash test.
// Usage: outbox-crash-worker <outbox.sqlite> <effects.sqlite>
// Every delivery is logged; the effect is applied once per idempotency key, as an idempotent ERP would.
import AdobeCommerce
import CSQLite
import CommerceBridge
import CommerceBridgeSQLite
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: outbox-crash-worker <outbox.sqlite> <effects.sqlite>\n".utf8))
    exit(64)
}

/// The recording sink: a second database standing for the destination system.
final class EffectsDatabase: @unchecked Sendable {
    private var handle: OpaquePointer?
    private let lock = NSLock()

    init(path: String) {
        guard sqlite3_open(path, &handle) == SQLITE_OK else { fatalError("cannot open \(path)") }
        sqlite3_busy_timeout(handle, 5_000)
        run("PRAGMA journal_mode = WAL")
        run("CREATE TABLE IF NOT EXISTS effects (idempotency_key TEXT PRIMARY KEY, message_id INTEGER NOT NULL)")
        run("CREATE TABLE IF NOT EXISTS deliveries (idempotency_key TEXT NOT NULL, pid INTEGER NOT NULL)")
    }

    /// Logs the delivery and applies the effect unless this key's effect already happened.
    func apply(_ message: OutboxMessage) throws {
        lock.lock()
        defer { lock.unlock() }
        let key = message.idempotencyKey.replacingOccurrences(of: "'", with: "''")
        run(
            """
            BEGIN IMMEDIATE;
            INSERT INTO deliveries VALUES ('\(key)', \(getpid()));
            INSERT INTO effects VALUES ('\(key)', \(message.id)) ON CONFLICT DO NOTHING;
            COMMIT;
            """)
    }

    private func run(_ sql: String) {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let text = error.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(error)
            fatalError("effects database: \(text)")
        }
    }
}

var storeConfiguration = SQLiteConnectorStore.Configuration()
storeConfiguration.synchronousFull = false
let store = try SQLiteConnectorStore(path: arguments[1], configuration: storeConfiguration)
let effects = EffectsDatabase(path: arguments[2])
var configuration = OutboxDispatcher.Configuration()
configuration.batchSize = 4
configuration.leaseDuration = .milliseconds(300)
let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: .system) { message, _ in
    try await Task.sleep(for: .milliseconds(4))  // the destination's latency
    try effects.apply(message)
}
while true {
    let report = try await dispatcher.drain()
    let status = try await store.outboxStatus(now: Date())
    if status.totalPending == 0 { break }
    if report.delivered == 0 { try await Task.sleep(for: .milliseconds(50)) }  // leases of a killed worker expire
}
