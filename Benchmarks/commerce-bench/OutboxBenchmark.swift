import CSQLite
import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// Moves 50,000 messages through the SQLite outbox (enqueue, claim, acknowledge) in batches of 100, against raw
/// prepared inserts of the same rows into the same table.
struct OutboxBenchmark: Benchmark {
    let name = "outbox_sqlite_enqueue_claim_ack"
    let summary =
        "50,000 messages through the SQLite outbox in batches of 100 (enqueue, claim, acknowledge), against raw inserts"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let directory = try fixtures.scratchDirectory()
        let outboxMessages = 50_000
        let batch = 100
        let payload = Data(String(repeating: "x", count: 300).utf8)
        let epoch = Date(timeIntervalSince1970: 1_800_000_000)
        let store = try SQLiteConnectorStore(path: directory.appendingPathComponent("outbox.sqlite").path)
        fixtures.keepUntilEnd(store)
        let outboxSeconds = try await outbox(
            store, messages: outboxMessages, batch: batch, payload: payload, epoch: epoch)
        let rawSeconds = rawInserts(
            path: directory.appendingPathComponent("raw.sqlite").path, messages: outboxMessages, batch: batch,
            payload: payload, epoch: epoch)
        let outboxRate = Double(outboxMessages) / outboxSeconds
        let rawRate = Double(outboxMessages) / rawSeconds
        return [
            "messages": Double(outboxMessages), "batch": Double(batch), "messages_per_second": rounded(outboxRate),
            "raw_insert_messages_per_second": rounded(rawRate),
            "raw_to_outbox_ratio": (rawRate / outboxRate * 100).rounded() / 100,
        ]
    }

    /// Seconds to enqueue, claim and acknowledge `messages` through `SQLiteConnectorStore`.
    private func outbox(
        _ store: SQLiteConnectorStore, messages: Int, batch: Int, payload: Data, epoch: Date
    ) async throws -> Double {
        let stopwatch = Stopwatch()
        for start in stride(from: 0, to: messages, by: batch) {
            try await store.enqueue(
                (start..<start + batch).map {
                    OutboxMessage.Draft(
                        destination: "erp", topic: "order.export", idempotencyKey: "order-\($0)",
                        correlationID: "c-\($0)", payload: payload)
                }, now: epoch)
            let leases = try await store.claim(destination: nil, limit: batch, leaseDuration: .seconds(60), now: epoch)
            var changes = StoreChanges(time: epoch)
            for lease in leases { changes.acknowledge(lease) }
            try await store.commit(changes)
        }
        let seconds = stopwatch.elapsedSeconds
        let leftOver = try await store.outboxStatus(now: epoch).totalPending
        precondition(leftOver == 0)
        return seconds
    }

    /// Seconds to insert the same rows into the outbox's table with one prepared statement, a transaction per batch.
    private func rawInserts(path: String, messages: Int, batch: Int, payload: Data, epoch: Date) -> Double {
        var raw: OpaquePointer?
        sqlite3_open(path, &raw)
        sqlite3_exec(raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", nil, nil, nil)
        sqlite3_exec(
            raw,
            "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, destination TEXT NOT NULL, topic TEXT NOT NULL, "
                + "idempotency_key TEXT NOT NULL UNIQUE, correlation_id TEXT NOT NULL, payload BLOB NOT NULL, "
                + "attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, available_at INTEGER NOT NULL, "
                + "lease_token TEXT, lease_expires_at INTEGER, history TEXT NOT NULL DEFAULT '[]'); "
                + "CREATE INDEX outbox_due ON outbox (available_at, id);", nil, nil, nil)
        var insert: OpaquePointer?
        sqlite3_prepare_v2(
            raw,
            "INSERT INTO outbox (destination, topic, idempotency_key, correlation_id, payload, created_at, available_at) "
                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", -1, &insert, nil)
        let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
        let stopwatch = Stopwatch()
        for start in stride(from: 0, to: messages, by: batch) {
            sqlite3_exec(raw, "BEGIN IMMEDIATE", nil, nil, nil)
            for index in start..<start + batch {
                sqlite3_bind_text(insert, 1, "erp", -1, transient)
                sqlite3_bind_text(insert, 2, "order.export", -1, transient)
                sqlite3_bind_text(insert, 3, "order-\(index)", -1, transient)
                sqlite3_bind_text(insert, 4, "c-\(index)", -1, transient)
                _ = payload.withUnsafeBytes { sqlite3_bind_blob(insert, 5, $0.baseAddress, Int32($0.count), transient) }
                sqlite3_bind_int64(insert, 6, epoch.millisecondsSince1970Value)
                precondition(sqlite3_step(insert) == SQLITE_DONE)
                sqlite3_reset(insert)
            }
            sqlite3_exec(raw, "COMMIT", nil, nil, nil)
        }
        let seconds = stopwatch.elapsedSeconds
        sqlite3_finalize(insert)
        sqlite3_close(raw)
        return seconds
    }
}

extension Date {
    /// Milliseconds since 1970, as the outbox table stores times.
    var millisecondsSince1970Value: Int64 { Int64(timeIntervalSince1970 * 1000) }
}
