import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgePostgres
import Foundation
import PostgresTestSupport
import Testing

@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.unavailableMessage)))
struct OperatorToolTests {
    @Test("commerce-bridge --store postgres://… shows status, lists, replays and discards dead letters, audits, purges")
    func operatesAPostgresStore() async throws {
        let server = try await PostgresTestServer.sharedServer()
        let schema = TestStores.schemaName()
        let store = try await TestStores.store(schema: schema)
        let now = Date()
        try await store.enqueue(
            ["a", "b", "c"].map {
                OutboxMessage.Draft(
                    destination: "erp", topic: "order.export", idempotencyKey: "order.export:\($0)",
                    correlationID: "corr-\($0)", payload: Data("{\"order\":\"\($0)\"}".utf8))
            }, now: now)
        let leases = try await store.claim(destination: nil, limit: 2, leaseDuration: .seconds(60), now: now)
        var changes = StoreChanges(time: now)
        for lease in leases {
            changes.deadLetter(
                lease, attempt: DeliveryAttempt(number: 1, time: now, error: "HTTP 400", retryable: false))
        }
        changes.audit(
            AuditRecord(
                entity: EntityReference(.customer, .commerce, "jane@example.com"), action: "customer.update",
                rule: "r", explanation: "about jane@example.com", correlationID: "corr-jane", time: now))
        changes.saveCheckpoint(Checkpoint(name: "erp.products", position: now, updatedAt: now))
        try await store.commit(changes)

        let tool = try ChildProcess.builtExecutable("commerce-bridge")
        let url = server.connectionString() + "?schema=\(schema)&sslmode=disable"
        func run(_ words: String...) async throws -> ChildProcess.Exit {
            try await ChildProcess.run(tool, arguments: ["--store", url] + words)
        }
        let status = try await run("status")
        #expect(status.status == 0, "\(status.standardError)")
        #expect(status.standardOutput.contains("erp: 1 waiting") && status.standardOutput.contains("dead-lettered: 2"))
        #expect(status.standardOutput.contains("erp.products: through"))
        let list = try await run("dlq", "list")
        #expect(list.standardOutput.contains("erp/order.export  corr-a") && list.standardOutput.contains("HTTP 400"))
        let shown = try await run("dlq", "show", "\(leases[0].message.id)")
        #expect(shown.standardOutput.contains("idempotency key order.export:a"))
        #expect(shown.standardOutput.contains("payload         {\"order\":\"a\"}"))
        #expect(try await run("dlq", "replay", "\(leases[0].message.id)").standardOutput.contains("Replayed 1"))
        #expect(try await run("dlq", "discard", "--all").standardOutput.contains("Discarded 1"))
        #expect(try await run("status").standardOutput.contains("erp: 2 waiting"))
        let audit = try await run("audit", "--correlation", "corr-jane")
        #expect(audit.standardOutput.contains("customer.update"))
        let erased = try await run("erase", "--entity", "customer@commerce:jane@example.com")
        #expect(erased.standardOutput.contains("now filed as erased-"), "\(erased.standardError)")
        let purged = try await run("purge", "--audit-days", "0")
        #expect(purged.standardOutput.contains("Purged 1 audit record(s)"))

        let missing = try await ChildProcess.run(
            tool, arguments: ["--store", server.connectionString() + "?schema=no_such_schema", "status"])
        #expect(missing.status == 66 && missing.standardError.contains("There is no CommerceBridge store in schema"))
        let secret = "hunter2-secret"
        let refused = try await ChildProcess.run(
            tool, arguments: ["--store", "postgres://ops:\(secret)@127.0.0.1:1/bridge?connect_timeout=1", "status"])
        #expect(refused.status == 66)
        #expect(!refused.standardError.contains(secret), "\(refused.standardError)")
        #expect(refused.standardError.contains("postgres://ops:***@127.0.0.1:1/bridge"), "\(refused.standardError)")
    }

    @Test("erp-connector --store postgres://… runs the whole connector on PostgreSQL, twice", .timeLimit(.minutes(3)))
    func erpConnectorOnPostgres() async throws {
        let server = try await PostgresTestServer.sharedServer()
        let url = server.connectionString() + "?schema=\(TestStores.schemaName())"
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("erp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let connector = try ChildProcess.builtExecutable("erp-connector")
        var environment: [String: String?] = ["ERP_CONNECTOR_DATA": data.path]
        for name in ProcessInfo.processInfo.environment.keys where name.hasPrefix("COMMERCE_") {
            environment[name] = .some(nil)
        }
        let first = try await ChildProcess.run(connector, arguments: ["--store", url], environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("Synced      400 products"), "\(first.standardOutput)")
        #expect(first.standardOutput.contains("commerce-bridge --store '\(url)' dlq list"))
        let second = try await ChildProcess.run(connector, arguments: ["--store", url], environment: environment)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.contains("run 2"))
        let list = try await ChildProcess.run(
            ChildProcess.builtExecutable("commerce-bridge"), arguments: ["--store", url, "dlq", "list"])
        #expect(list.standardOutput.contains("erp/order.export"), "\(list.standardOutput)")
    }

    @Test(
        "erp-connector --workers 3 on PostgreSQL runs each pass on one worker, twice; a failing worker fails the run",
        .timeLimit(.minutes(3)))
    func erpConnectorWorkersOnPostgres() async throws {
        let server = try await PostgresTestServer.sharedServer()
        let url = server.connectionString() + "?schema=\(TestStores.schemaName())"
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("erp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let connector = try ChildProcess.builtExecutable("erp-connector")
        var environment: [String: String?] = ["ERP_CONNECTOR_DATA": data.path]
        for name in ProcessInfo.processInfo.environment.keys where name.hasPrefix("COMMERCE_") {
            environment[name] = .some(nil)
        }
        for run in 1...2 {
            let result = try await ChildProcess.run(
                connector, arguments: ["--workers", "3", "--store", url], environment: environment)
            let output = result.standardOutput
            #expect(result.status == 0, "\(result.standardError)")
            #expect(output.contains("run \(run), 3 worker process(es)"), "\(output)")
            // `WorkerRun.passes` in the example.
            let passes = [
                "catalog", "structure", "inventory", "import", "orders", "lifecycle", "adjustments", "prices",
                "customers", "reconcile",
            ]
            for pass in passes {
                let lines = output.split(separator: "\n").filter { $0.contains(" \(pass) ran here") }
                #expect(lines.count == 1, "run \(run): \(pass) ran on one worker: \(output)")
            }
            #expect(output.split(separator: "\n").filter { $0.contains("done: ") }.count == 3, "\(output)")
            #expect(output.contains("erp-connector: 3 worker(s) finished run \(run)"))
            if run == 1 { #expect(output.contains("catalog ran here: 400 read, 400 changed")) }
        }
        let broken = try await ChildProcess.run(
            connector, arguments: ["--workers", "2", "--store", "/"], environment: environment)
        #expect(broken.status == 1, "\(broken.standardOutput)")
        #expect(
            broken.standardError.contains(#/worker [12] exited with status 1/#), "\(broken.standardError)")
    }
}
