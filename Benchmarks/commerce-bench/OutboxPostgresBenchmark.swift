import CommerceBridge
import CommerceBridgePostgres
import Foundation
import PostgresTestSupport

/// Moves 50,000 messages through the PostgreSQL outbox (enqueue, claim, acknowledge in batches of 100) with 1, 2 and 4
/// workers, each a store of its own as separate processes would have, sharing one queue; and inserts the same rows
/// into a plain table with the same indexes, one multi-row `INSERT` per batch, the fastest way to write them.
///
/// The server is the one the `PG*` variables name (`PGHOST` or `PGDATABASE` set), or a private PostgreSQL started
/// for the run with production durability (`fsync` on), as the tests start theirs; without either the benchmark
/// reports `available: 0`.
struct OutboxPostgresBenchmark: Benchmark {
    let name = "outbox_postgres_enqueue_claim_ack"
    let summary =
        "50,000 messages through the PostgreSQL outbox with 1, 2 and 4 workers (enqueue, claim, acknowledge in "
        + "batches of 100), against raw multi-row inserts"

    private let messages = 50_000
    private let batch = 100

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let environment = ProcessInfo.processInfo.environment
        var server: PostgresTestServer?
        let connection: String
        if environment["PGHOST"] != nil || environment["PGDATABASE"] != nil {
            connection = ""  // libpq takes everything from the PG* variables
        } else if PostgresTestServer.isAvailable {
            let started = try await PostgresTestServer.start(durable: true)
            server = started
            connection = started.connectionString()
        } else {
            printError("commerce-bench: \(name) skipped: \(PostgresTestServer.unavailableMessage)")
            return ["available": 0]
        }
        do {
            let figures = try await measure(connection)
            if let server { await server.stop() }
            return figures
        } catch {
            if let server { await server.stop() }
            throw error
        }
    }

    private func measure(_ connection: String) async throws -> [String: Double] {
        let payload = Data(String(repeating: "x", count: 300).utf8)
        let run = UUID().uuidString.prefix(8).lowercased()
        var figures: [String: Double] = [
            "messages": Double(messages), "batch": Double(batch), "available": 1,
        ]
        var rates: [Int: Double] = [:]
        for workers in [1, 2, 4] {
            let schema = "bench_\(run)_w\(workers)"
            let cpu = CPUTimes.now()
            let seconds = try await outbox(connection, schema: schema, workers: workers, payload: payload)
            rates[workers] = Double(messages) / seconds
            figures["workers_\(workers)_messages_per_second"] = rounded(Double(messages) / seconds)
            if let busy = cpu?.busyCores(until: CPUTimes.now()) { figures["workers_\(workers)_busy_cores"] = busy }
        }
        let cpu = CPUTimes.now()
        let rawRate =
            Double(messages) / (try await rawInserts(connection, schema: "bench_\(run)_raw", payload: payload))
        if let busy = cpu?.busyCores(until: CPUTimes.now()) { figures["raw_insert_busy_cores"] = busy }
        figures["cores"] = Double(ProcessInfo.processInfo.activeProcessorCount)
        figures["raw_insert_messages_per_second"] = rounded(rawRate)
        figures["raw_to_one_worker_ratio"] = ((rawRate / rates[1]!) * 100).rounded() / 100
        figures["four_to_one_worker_ratio"] = ((rates[4]! / rates[1]!) * 100).rounded() / 100
        try await dropSchemas(connection, prefix: "bench_\(run)_")
        return figures
    }

    /// Seconds for `workers` stores to move every message through enqueue, claim and acknowledge.
    private func outbox(_ connection: String, schema: String, workers: Int, payload: Data) async throws -> Double {
        var configuration = PostgresConnectorStore.Configuration()
        configuration.schema = schema
        configuration.poolSize = 2
        configuration.applicationName = "commerce-bench"
        var stores: [PostgresConnectorStore] = []
        for _ in 0..<workers {
            stores.append(try await PostgresConnectorStore(connectionString: connection, configuration: configuration))
        }
        let batches = messages / batch
        let epoch = Date(timeIntervalSince1970: 1_800_000_000)
        let batch = self.batch
        let stopwatch = Stopwatch()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (worker, store) in stores.enumerated() {
                group.addTask {
                    for index in stride(from: worker, to: batches, by: workers) {
                        try await store.enqueue(
                            (index * batch..<(index + 1) * batch).map {
                                OutboxMessage.Draft(
                                    destination: "erp", topic: "order.export", idempotencyKey: "order-\($0)",
                                    correlationID: "c-\($0)", payload: payload)
                            }, now: epoch)
                        try await Self.claimAndAcknowledge(store, limit: batch, now: epoch)
                    }
                    // What another worker enqueued and nobody has claimed yet.
                    while try await Self.claimAndAcknowledge(store, limit: batch, now: epoch) > 0 {}
                }
            }
            try await group.waitForAll()
        }
        let seconds = stopwatch.elapsedSeconds
        let leftOver = try await stores[0].outboxStatus(now: epoch).totalPending
        precondition(leftOver == 0, "\(leftOver) messages left in the outbox")
        for store in stores { await store.close() }
        return seconds
    }

    @discardableResult
    private static func claimAndAcknowledge(_ store: PostgresConnectorStore, limit: Int, now: Date) async throws
        -> Int
    {
        let leases = try await store.claim(destination: nil, limit: limit, leaseDuration: .seconds(60), now: now)
        guard !leases.isEmpty else { return 0 }
        var changes = StoreChanges(time: now)
        for lease in leases { changes.acknowledge(lease) }
        try await store.commit(changes)
        return leases.count
    }

    /// Seconds to insert the same rows into a table like the outbox's, one multi-row `INSERT` (its own transaction)
    /// per batch, on one connection.
    private func rawInserts(_ connection: String, schema: String, payload: Data) async throws -> Double {
        var settings = PostgresConnectionSettings(connectionString: connection)
        settings.poolSize = 1
        settings.sessionSetup = ["SET search_path = \(schema)"]
        let database = PostgresDatabase(settings: settings)
        try await database.withConnection { connection in
            _ = try connection.simpleQuery(
                """
                CREATE SCHEMA \(schema);
                CREATE TABLE \(schema).outbox (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    destination text NOT NULL, topic text NOT NULL, idempotency_key text NOT NULL UNIQUE,
                    correlation_id text NOT NULL, payload bytea NOT NULL, attempts integer NOT NULL DEFAULT 0,
                    receives integer NOT NULL DEFAULT 0, created_at bigint NOT NULL, available_at bigint NOT NULL,
                    lease_token text, lease_expires_at bigint, history text NOT NULL DEFAULT '[]');
                CREATE INDEX ON \(schema).outbox (available_at, id);
                CREATE INDEX ON \(schema).outbox (topic, available_at, id);
                """)
        }
        let epoch = Int64(1_800_000_000_000)
        let hex = payload.map { String(format: "%02x", $0) }.joined()
        let stopwatch = Stopwatch()
        for start in stride(from: 0, to: messages, by: batch) {
            let range = start..<start + batch
            try await database.withConnection { connection in
                _ = try connection.query(
                    """
                    INSERT INTO outbox (destination, topic, idempotency_key, correlation_id, payload, created_at,
                        available_at)
                    SELECT 'erp', 'order.export', k, c, decode($3, 'hex'), $4, $4
                    FROM unnest($1::text[], $2::text[]) AS v(k, c)
                    """,
                    [
                        .textArray(range.map { "order-\($0)" }), .textArray(range.map { "c-\($0)" }), .text(hex),
                        .int(epoch),
                    ])
            }
        }
        let seconds = stopwatch.elapsedSeconds
        await database.close()
        return seconds
    }

    private func dropSchemas(_ connection: String, prefix: String) async throws {
        let database = PostgresDatabase(settings: PostgresConnectionSettings(connectionString: connection))
        try await database.withConnection { connection in
            let schemas = try connection.query(
                "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", [.text(prefix)])
            for row in 0..<schemas.count {
                _ = try connection.simpleQuery("DROP SCHEMA \(schemas.text(row, 0) ?? "") CASCADE")
            }
        }
        await database.close()
    }
}

/// The machine's CPU time from `/proc/stat` (Linux), to tell how many cores a run kept busy: with the server on the
/// same machine, client and server share them, and that bounds what more workers can add.
struct CPUTimes {
    var busy: Double
    var total: Double

    static func now() -> CPUTimes? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 5 else { return nil }
        let idle = fields[3] + fields[4]  // idle, iowait
        let total = fields.prefix(8).reduce(0, +)
        return CPUTimes(busy: total - idle, total: total)
    }

    /// The average number of cores busy between this reading and `later`.
    func busyCores(until later: CPUTimes?) -> Double? {
        guard let later, later.total > total else { return nil }
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        return ((later.busy - busy) / (later.total - total) * cores * 100).rounded() / 100
    }
}
