import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgePostgres
import Foundation
import PostgresTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Worker processes on one database, killed with SIGKILL at random moments or cut off by a server restart, delivering
/// into a sink that does not deduplicate (see `Tests/PostgresCrashWorker`).
@Suite(
    .serialized, .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.unavailableMessage)))
struct PostgresCrashTests {
    /// A schema for the store and one for the sink, on a server of the test's own.
    struct Run {
        let server: PostgresTestServer
        let schema = TestStores.schemaName()
        let sink = TestStores.schemaName()
        let admin: PostgresDatabase
        let store: PostgresConnectorStore

        init(server: PostgresTestServer) async throws {
            self.server = server
            var settings = PostgresConnectionSettings(connectionString: server.connectionString())
            settings.poolSize = 2
            admin = PostgresDatabase(settings: settings)
            var configuration = PostgresConnectorStore.Configuration()
            configuration.schema = schema
            store = try await PostgresConnectorStore(
                connectionString: server.connectionString(), configuration: configuration)
            let sink = self.sink
            try await admin.withConnection { connection in
                _ = try connection.simpleQuery(
                    """
                    CREATE SCHEMA \(sink);
                    CREATE TABLE \(sink).deliveries (idempotency_key text NOT NULL, delivery text NOT NULL,
                        pid bigint NOT NULL, received_at timestamptz NOT NULL DEFAULT clock_timestamp());
                    CREATE TABLE \(sink).orders (number bigint GENERATED ALWAYS AS IDENTITY, idempotency_key text NOT NULL,
                        delivery text NOT NULL);
                    CREATE TABLE \(sink).commerce_bridge_commit_markers (marker uuid PRIMARY KEY,
                        created_at timestamptz NOT NULL DEFAULT now());
                    """)
            }
        }

        func startWorker() throws -> ChildProcess {
            let worker = try ChildProcess(
                ChildProcess.builtExecutable("postgres-crash-worker"),
                arguments: ["work", server.connectionString(), schema, sink])
            try worker.start()
            return worker
        }

        func enqueue(_ range: Range<Int>) async throws {
            try await store.enqueue(
                range.map {
                    OutboxMessage.Draft(
                        destination: "erp", topic: "order.export", idempotencyKey: "order-\($0)",
                        correlationID: "c-\($0)", payload: Data("{\"order\":\($0)}".utf8))
                }, now: Date())
        }

        func finishEnqueueing() async throws {
            try await store.save(Checkpoint(name: "enqueue.done", position: Date(), updatedAt: Date()))
        }

        func pending() async throws -> Int { try await store.outboxStatus(now: Date()).totalPending }

        /// Waits for every worker to finish on its own.
        func finish(_ workers: [ChildProcess], within limit: Duration) async throws -> [ChildProcess.Exit] {
            let deadline = ContinuousClock.now.advanced(by: limit)
            while workers.contains(where: \.isRunning), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL) }
            var exits: [ChildProcess.Exit] = []
            for worker in workers { exits.append(await worker.exit()) }
            return exits
        }

        /// What the store and the sink hold at the end.
        struct Tally: CustomStringConvertible {
            var acknowledged = 0
            var acknowledgedKeys = 0
            var acknowledgedWithoutDelivery = 0
            var deliveries = 0
            var deliveredKeys = 0
            var deliveringProcesses = 0
            var acknowledgedDeliveries = 0
            var orders = 0
            var orderKeys = 0
            var pendingMappings = 0
            var pending = 0
            var deadLettered = 0

            var description: String {
                "\(acknowledged) acknowledgements of \(acknowledgedKeys) keys (\(acknowledgedWithoutDelivery) without a "
                    + "delivery), \(deliveries) deliveries of \(deliveredKeys) keys by \(deliveringProcesses) processes "
                    + "(\(acknowledgedDeliveries) acknowledged), \(orders) ERP orders of \(orderKeys) keys, "
                    + "\(pendingMappings) pending mappings, \(pending) pending, \(deadLettered) dead-lettered"
            }
        }

        func tally() async throws -> Tally {
            let (schema, sink) = (self.schema, self.sink)
            var tally = try await admin.withConnection { connection in
                let row = try connection.query(
                    """
                    SELECT
                        (SELECT count(*) FROM \(schema).audit WHERE action = 'delivered'),
                        (SELECT count(DISTINCT entity_key) FROM \(schema).audit WHERE action = 'delivered'),
                        (SELECT count(*) FROM \(schema).audit a WHERE action = 'delivered' AND NOT EXISTS (
                            SELECT 1 FROM \(sink).deliveries d
                            WHERE d.delivery = a.explanation AND d.idempotency_key = a.entity_key)),
                        (SELECT count(*) FROM \(sink).deliveries),
                        (SELECT count(DISTINCT idempotency_key) FROM \(sink).deliveries),
                        (SELECT count(DISTINCT pid) FROM \(sink).deliveries),
                        (SELECT count(*) FROM \(sink).deliveries d WHERE EXISTS (
                            SELECT 1 FROM \(schema).audit a WHERE a.action = 'delivered' AND a.explanation = d.delivery)),
                        (SELECT count(*) FROM \(sink).orders),
                        (SELECT count(DISTINCT idempotency_key) FROM \(sink).orders),
                        (SELECT count(*) FROM \(schema).id_map WHERE target_id IS NULL)
                    """)
                return Tally(
                    acknowledged: Int(row.int64(0, 0)), acknowledgedKeys: Int(row.int64(0, 1)),
                    acknowledgedWithoutDelivery: Int(row.int64(0, 2)), deliveries: Int(row.int64(0, 3)),
                    deliveredKeys: Int(row.int64(0, 4)), deliveringProcesses: Int(row.int64(0, 5)),
                    acknowledgedDeliveries: Int(row.int64(0, 6)), orders: Int(row.int64(0, 7)),
                    orderKeys: Int(row.int64(0, 8)), pendingMappings: Int(row.int64(0, 9)))
            }
            let status = try await store.outboxStatus(now: Date())
            tally.pending = status.totalPending
            tally.deadLettered = status.deadLettered
            return tally
        }

        /// Every message acknowledged once after a delivery the sink received, the ERP holding each order once.
        func expectExactlyOnce(_ tally: Tally, messages: Int) {
            #expect(tally.pending == 0 && tally.deadLettered == 0, "the outbox is empty, nothing dead-lettered")
            #expect(tally.acknowledgedKeys == messages, "0 lost: every message was acknowledged")
            #expect(tally.acknowledged == messages, "0 duplicated: no message was acknowledged twice")
            #expect(
                tally.acknowledgedWithoutDelivery == 0, "every acknowledgement follows a delivery the sink received")
            #expect(
                tally.acknowledgedDeliveries == messages,
                "of the sink's deliveries, exactly one per message was acknowledged (the rest: killed or cut off)")
            #expect(tally.deliveredKeys == messages && tally.deliveries >= messages, "at least once at the sink")
            #expect(
                tally.orders == messages && tally.orderKeys == messages,
                "the ERP, which does not deduplicate, holds each order exactly once")
            #expect(tally.pendingMappings == 0, "every order's number was written back")
        }
    }

    @Test(
        "Four workers, 5,000 messages, SIGKILLs at random moments: 0 lost, 0 acknowledged twice, each ERP order once",
        .timeLimit(.minutes(5)))
    func killedWorkers() async throws {
        let server = try await PostgresTestServer.start()
        do {
            try await killedWorkers(on: server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func killedWorkers(on server: PostgresTestServer) async throws {
        let run = try await Run(server: server)
        let messages = 5_000
        var workers = try (0..<4).map { _ in try run.startWorker() }
        // Work arrives while the workers run, so idle workers wake on NOTIFY.
        let enqueueing = Task {
            for chunk in stride(from: 0, to: messages, by: 500) {
                try await run.enqueue(chunk..<chunk + 500)
                try await Task.sleep(for: .milliseconds(250))
            }
            try await run.finishEnqueueing()
        }
        var kills = 0
        var failures: [String] = []
        var random = SystemRandomNumberGenerator()
        while kills < 60 {
            try await Task.sleep(for: .milliseconds(Int.random(in: 40...220, using: &random)))
            let enqueued = try await run.store.checkpoint(named: "enqueue.done") != nil
            if enqueued, try await run.pending() < 200 { break }
            let victim = Int.random(in: 0..<workers.count, using: &random)
            if workers[victim].isRunning {
                kill(workers[victim].processIdentifier, SIGKILL)
                kills += 1
            }
            let exit = await workers[victim].exit()
            if !exit.signalled, exit.status != 0 { failures.append(String(exit.standardError.suffix(500))) }
            workers[victim] = try run.startWorker()
        }
        try await enqueueing.value
        let exits = try await run.finish(workers, within: .seconds(120))
        for exit in exits where exit.status != 0 || exit.signalled {
            failures.append("status \(exit.status): \(exit.standardError.suffix(500))")
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(kills >= 20, "the workers were killed \(kills) times while delivering")
        let tally = try await run.tally()
        print("PostgreSQL crash test: \(kills) SIGKILLs; \(tally)")
        run.expectExactlyOnce(tally, messages: messages)
        #expect(tally.deliveringProcesses >= 15, "the work was spread over killed and restarted workers")
        await run.store.close()
    }

    @Test(
        "PostgreSQL restarted twice mid-run (a crash, then a fast shutdown): workers reconnect and finish, 0 lost, 0 duplicated",
        .timeLimit(.minutes(5)))
    func serverRestarts() async throws {
        let server = try await PostgresTestServer.start()
        do {
            try await serverRestarts(on: server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func serverRestarts(on server: PostgresTestServer) async throws {
        let run = try await Run(server: server)
        let messages = 3_000
        try await run.enqueue(0..<messages)
        try await run.finishEnqueueing()
        let workers = try (0..<4).map { _ in try run.startWorker() }
        var restarts: [String] = []
        for (threshold, immediately) in [(messages * 2 / 3, true), (messages / 3, false)] {
            while try await run.pending() > threshold { try await Task.sleep(for: .milliseconds(20)) }
            try await server.stopServer(immediately: immediately)
            try await Task.sleep(for: .milliseconds(800))
            try await server.startServer()
            restarts.append("\(immediately ? "crash" : "fast") at \(threshold) pending")
        }
        let exits = try await run.finish(workers, within: .seconds(180))
        for exit in exits {
            #expect(
                exit.status == 0 && !exit.signalled,
                "a worker ended with \(exit.status): \(exit.standardError.suffix(800))")
        }
        let tally = try await run.tally()
        print("PostgreSQL restart test: \(restarts.joined(separator: ", ")); \(tally)")
        run.expectExactlyOnce(tally, messages: messages)
        await run.store.close()
    }

    @Test("Ten workers starting at once on a new schema: one migrates, none fails", .timeLimit(.minutes(2)))
    func tenWorkersMigrateOnce() async throws {
        let server = try await PostgresTestServer.sharedServer()
        let schema = TestStores.schemaName()
        let workers = try (0..<10).map { _ in
            try ChildProcess(
                ChildProcess.builtExecutable("postgres-crash-worker"),
                arguments: ["migrate", server.connectionString(), schema])
        }
        for worker in workers { try worker.start() }
        var exits: [ChildProcess.Exit] = []
        for worker in workers { exits.append(await worker.exit()) }
        for exit in exits {
            #expect(exit.status == 0 && !exit.signalled, "\(exit.standardError)")
        }
        let database = try await TestStores.database()
        let (versions, migrators) = try await database.withConnection { connection in
            let row = try connection.query(
                "SELECT count(*), count(DISTINCT applied_by) FROM \(schema).commerce_bridge_schema_versions")
            return (row.int64(0, 0), row.int64(0, 1))
        }
        #expect(versions == Int64(PostgresConnectorStore.schemaVersion), "each migration recorded once")
        #expect(migrators == 1, "one process ran the migrations")
    }
}
