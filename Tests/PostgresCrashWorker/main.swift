// postgres-crash-worker: one worker process of the PostgreSQL crash tests.
//
//   postgres-crash-worker migrate <connection> <schema>
//       opens the store (creating or migrating its schema) and exits: ten at once test the advisory lock.
//   postgres-crash-worker work <connection> <schema> <sink-schema>
//       delivers the outbox into a sink until the test's "enqueue.done" checkpoint exists and nothing is pending.
//   postgres-crash-worker schedule <connection> <schema> <period-ms> <work-ms> <until-epoch-ms>
//       runs a SyncScheduler with one job that runs once per period ("full-pass", taking work-ms) until the time
//       given, recording a "job.started" and a "job.ran" audit record per run (entity key: the period in epoch
//       milliseconds; system: this process), so the test can count the runs of each period across workers.
//
// The sink stands for an ERP that does NOT deduplicate: `deliveries` gets a row for every delivery it receives, and
// `orders` a row for every create call (no unique constraint on either), each in the sink's own transaction, never in
// the store's. The worker creates an order at most once the way a connector must with such an ERP: it claims the
// order's ID-map key first, and when an earlier delivery left the claim pending (it died between the ERP's answer
// and the acknowledgement), it looks the order up before creating it. The acknowledgement carries the mapping and an
// audit record naming the delivery, so the test can tell which deliveries were acknowledged.
import AdobeCommerce
import CommerceBridge
import CommerceBridgePostgres
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("postgres-crash-worker: \(message)\n".utf8))
    exit(64)
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    fail("usage: postgres-crash-worker migrate|work <connection> <schema> [<sink-schema>]")
}
let connection = arguments[2]
var configuration = PostgresConnectorStore.Configuration()
configuration.schema = arguments[3]
configuration.poolSize = 6
configuration.reconnectTimeout = .seconds(60)

if arguments[1] == "migrate" {
    let store = try await PostgresConnectorStore(connectionString: connection, configuration: configuration)
    print("schema \(store.schema) at version \(PostgresConnectorStore.schemaVersion)")
    exit(0)
}
if arguments[1] == "schedule" {
    guard arguments.count == 7, let period = Int64(arguments[4]), let work = Int64(arguments[5]),
        let until = Int64(arguments[6])
    else { fail("usage: postgres-crash-worker schedule <connection> <schema> <period-ms> <work-ms> <until-epoch-ms>") }
    let store = try await PostgresConnectorStore(connectionString: connection, configuration: configuration)
    let worker = SystemID(rawValue: "pid-\(ProcessInfo.processInfo.processIdentifier)")
    @Sendable func record(_ action: String, _ run: ScheduledRun) async throws {
        var changes = StoreChanges(time: Date())
        changes.audit(
            AuditRecord(
                entity: EntityReference(
                    EntityKind(rawValue: "job"), worker, "\(Int64((run.period.timeIntervalSince1970 * 1000).rounded()))"
                ),
                action: action, rule: "oncePerPeriod", explanation: "fencing token \(run.fencingToken)",
                correlationID: "scheduled-once", time: Date()))
        try await store.commit(changes)
    }
    let scheduler = SyncScheduler(
        time: .system,
        jobs: [
            .oncePerPeriod(name: "full-pass", period: .milliseconds(period)) { run in
                try await record("job.started", run)
                try await Task.sleep(for: .milliseconds(work))
                try await record("job.ran", run)
            }
        ],
        coordination: SyncScheduler.Coordination(
            store: store, holder: worker.rawValue, leaseDuration: .milliseconds(600),
            retryInterval: .milliseconds(100)),
        onEvent: { event in if case .failed = event { FileHandle.standardError.write(Data("\(event)\n".utf8)) } })
    await withTaskGroup(of: Void.self) { group in
        group.addTask { await scheduler.run() }
        let left = until - Int64(Date().timeIntervalSince1970 * 1000)
        try? await Task.sleep(for: .milliseconds(max(0, left)))
        group.cancelAll()
    }
    await store.close()
    exit(0)
}
guard arguments[1] == "work", arguments.count == 5 else { fail("unknown command \(arguments[1])") }

let store = try await PostgresConnectorStore(connectionString: connection, configuration: configuration)
let sink = Sink(connection: connection, schema: arguments[4])
let pid = Int64(ProcessInfo.processInfo.processIdentifier)

var dispatcher = OutboxDispatcher.Configuration()
dispatcher.leaseDuration = .seconds(3)  // a killed worker's messages come back within 3 s; heartbeats keep the rest
dispatcher.batchSize = 4
dispatcher.maximumReceives = 50
dispatcher.defaultPolicy = OutboxDispatcher.DestinationPolicy(
    retry: RetryPolicy(maximumAttempts: 50, initialDelay: .milliseconds(20), maximumDelay: .milliseconds(500)),
    maximumConcurrency: 4,
    circuitBreaker: CircuitBreaker.Configuration(failureThreshold: 1_000, openDuration: .milliseconds(100)))
let outbox = OutboxDispatcher(store: store, configuration: dispatcher, time: .system) { message, changes in
    let delivery = UUID().uuidString.lowercased()
    let key = message.idempotencyKey
    try await Task.sleep(for: .milliseconds(Int.random(in: 5...15)))  // the ERP's latency
    try await sink.recordDelivery(key: key, delivery: delivery, pid: pid)
    let mapping = MappingKey(.order, from: .commerce, key, to: .erp)
    let holder: String
    let number: String
    switch try await store.claimMapping(mapping, token: delivery, now: Date()) {
    case .mapped(let existing):
        FileHandle.standardError.write(Data("\(key) was already mapped to \(existing)\n".utf8))
        return
    case .claimed(let token):
        holder = token
        number = try await sink.createOrder(key: key, delivery: delivery)
    case .pending(let token, _):
        holder = token  // an earlier delivery may have created it: look before creating
        if let existing = try await sink.order(key: key) {
            number = existing
        } else {
            number = try await sink.createOrder(key: key, delivery: delivery)
        }
    }
    changes.completeMapping(mapping, token: holder, targetID: number)
    changes.audit(
        AuditRecord(
            entity: EntityReference(.order, .erp, key), action: "delivered", rule: "crashTest",
            explanation: delivery, correlationID: "pid \(pid)", time: Date()))
}

while true {
    do {
        let report = try await outbox.drain()
        let pending = try await store.outboxStatus(now: Date()).totalPending
        if pending == 0, try await store.checkpoint(named: "enqueue.done") != nil { break }
        if report.delivered == 0 { await store.waitForWork(timeout: .milliseconds(250)) }
    } catch {
        FileHandle.standardError.write(Data("pass failed: \(error)\n".utf8))
        try await Task.sleep(for: .milliseconds(100))
    }
}
await store.close()

/// The non-deduplicating ERP, in a schema of the same database, reached through its own connections.
final class Sink: Sendable {
    private let database: PostgresDatabase
    private let schema: String

    init(connection: String, schema: String) {
        var settings = PostgresConnectionSettings(connectionString: connection)
        settings.poolSize = 4
        settings.applicationName = "crash-test-sink"
        // Commit markers in the sink's schema, as the store has them in its own: without them a COMMIT whose
        // answer a server crash cut off is judged by txid_status, which a transaction id reused after the crash
        // can make say "committed" for a delivery the sink never kept.
        settings.sessionSetup = ["SET search_path TO \(schema)"]
        database = PostgresDatabase(settings: settings)
        database.enableCommitMarkers()
        self.schema = schema
    }

    func recordDelivery(key: String, delivery: String, pid: Int64) async throws {
        let schema = self.schema
        try await database.transaction { connection in
            _ = try connection.query(
                "INSERT INTO \(schema).deliveries (idempotency_key, delivery, pid) VALUES ($1, $2, $3)",
                [.text(key), .text(delivery), .int(pid)])
        }
    }

    func createOrder(key: String, delivery: String) async throws -> String {
        let schema = self.schema
        return try await database.transaction { connection in
            let number = try connection.query(
                "INSERT INTO \(schema).orders (idempotency_key, delivery) VALUES ($1, $2) RETURNING number",
                [.text(key), .text(delivery)]
            ).int64(0, 0)
            return "SO-\(number)"
        }
    }

    func order(key: String) async throws -> String? {
        let schema = self.schema
        return try await database.withConnection { connection in
            let result = try connection.query(
                "SELECT number FROM \(schema).orders WHERE idempotency_key = $1 ORDER BY number LIMIT 1", [.text(key)])
            return result.count == 0 ? nil : "SO-\(result.int64(0, 0))"
        }
    }
}
