import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The main example end to end, twice, on FakeCommerce over loopback HTTP; and the operator tool on its store.
@Suite(.timeLimit(.minutes(2)))
struct ERPConnectorTests {
    private func dataDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("erp-connector-\(UUID().uuidString)")
    }

    @Test("The first run loads everything; the second sends only what the ERP changed")
    func twoRuns() async throws {
        let connector = try ExampleRunner("erp-connector")
        let data = dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let first = try await connector.run(environment: ["ERP_CONNECTOR_DATA": data.path])
        #expect(first.status == 0, "\(first.standardError)")
        let output = first.standardOutput
        #expect(output.contains("Catalog    400 read, 400 changed → 1 bulk request(s), 400 completed, 0 unchanged"))
        #expect(output.contains("Inventory  400 levels read, 400 pushed in 20 request(s)"))
        #expect(output.contains("Orders     7 new, 6 exported (2 attempt(s) retried), 1 dead-lettered"))
        // The ERP's after-sales desk cancels one open order before the warehouse ships: five of six ship.
        #expect(output.contains("1 hold(s), 1 release(s), 1 cancellation(s), 0 credit memo(s)"))
        #expect(output.contains("5 shipped in the ERP → 5 shipment(s) with tracking, 5 invoice(s) in Commerce"))
        #expect(output.contains("Structure  configurables: styles seeded; 8 families read, 8 changed: 80 products"))
        #expect(output.contains("1 cancelled and 1 refunded in the store → 1 cancellation(s) and 1 credit note(s)"))
        #expect(output.contains("62 calls (minimum 62)"))
        #expect(output.contains("Customers  30 compared: 25 written to Commerce, 5 to the ERP"))
        #expect(output.contains("DLQ         1 entry"))
        #expect(output.contains("Drift       3 found, 2 repaired, 1 parked for review"))

        let second = try await connector.run(environment: ["ERP_CONNECTOR_DATA": data.path])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(
            second.standardOutput.contains(
                "Catalog    400 read, 4 changed → 1 bulk request(s), 4 completed, 396 unchanged"))
        #expect(second.standardOutput.contains("Inventory  400 levels read, 11 pushed in 1 request(s)"))
        #expect(second.standardOutput.contains("8 families read, 3 changed"))
        #expect(second.standardOutput.contains("2 credit memo(s), 2 RMA(s)"))
        #expect(second.standardOutput.contains("1 credit note(s) in the ERP (2 in all)"))
        #expect(second.standardOutput.contains("3 calls (minimum 3)"))
        #expect(second.standardOutput.contains("Customers  30 compared: 1 written to Commerce, 0 to the ERP"))
    }

    @Test("Pointed at a store by COMMERCE_* variables, it does the same work there over HTTP with OAuth")
    func realStoreMode() async throws {
        var options = FakeCommerce.Options()
        options.inputLimits = true  // on by default since 2.4.7: page sizes, list sizes, bulk sizes
        let store = FakeCommerce(options: options)  // stands in for the real store, on a real port
        let server = try FakeCommerceServer(fake: store)
        defer { server.shutdown() }
        let data = dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let credentials = store.options.integration
        let result = try await ExampleRunner("erp-connector").run(
            environment: [
                "ERP_CONNECTOR_DATA": data.path, "COMMERCE_BASE_URL": server.baseURL.absoluteString,
                "COMMERCE_STORE_CODE": "default", "COMMERCE_CONSUMER_KEY": credentials.consumerKey,
                "COMMERCE_CONSUMER_SECRET": credentials.consumerSecret,
                "COMMERCE_ACCESS_TOKEN": credentials.accessToken,
                "COMMERCE_ACCESS_TOKEN_SECRET": credentials.accessTokenSecret,
            ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Commerce  \(server.baseURL) (store default)"))
        #expect(result.standardOutput.contains("Catalog    400 read, 400 changed"))
        #expect(!result.standardOutput.contains("Shoppers"), "no simulated shoppers on a real store")
        #expect(result.standardOutput.contains("Drift       0 found"), "and no seeded drift")
        #expect(store.product(sku: "ERP-0001")?.attributeSetID == 4)
        #expect(store.sourceQuantity(sku: "ERP-0002") == 22)
        #expect(store.customerCount == 25)
        #expect(!result.standardOutput.contains(credentials.consumerSecret))
    }

    @Test("Pointed at a store without all four OAuth values, it names the missing variables and stops")
    func missingCredentials() async throws {
        let result = try await ExampleRunner("erp-connector").run(
            environment: [
                "COMMERCE_BASE_URL": "https://shop.example.com", "COMMERCE_CONSUMER_KEY": "ck",
                "ERP_CONNECTOR_DATA": dataDirectory().path,
            ])
        #expect(result.status == 64)
        #expect(
            result.standardError.contains(
                "COMMERCE_CONSUMER_SECRET, COMMERCE_ACCESS_TOKEN, COMMERCE_ACCESS_TOKEN_SECRET are not"))
        #expect(!result.standardError.contains("ck"), "a credential's value is never printed")
    }

    @Test("The operator tool lists, shows and replays dead letters, lists and resolves review items, and audits")
    func operatorTool() async throws {
        let data = dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        #expect(
            try await ExampleRunner("erp-connector").run(environment: ["ERP_CONNECTOR_DATA": data.path]).status == 0)
        let tool = try ExampleRunner("commerce-bridge")
        let store = data.appendingPathComponent("connector.sqlite").path
        func run(_ words: String...) async throws -> ChildProcess.Exit {
            try await tool.run(["--store", store] + words)
        }

        let list = try await run("dlq", "list")
        #expect(list.standardOutput.contains("erp/order.export"))
        #expect(list.standardOutput.contains("account hold@example.com is on credit hold"))
        let id = try #require(list.standardOutput.split(separator: " ").first.map { $0.dropFirst() }.map(String.init))
        let shown = try await run("dlq", "show", id)
        #expect(shown.standardOutput.contains("idempotency key order.export:000000007"))
        #expect(shown.standardOutput.contains("1. ") && shown.standardOutput.contains("final"))
        #expect(try await run("dlq", "replay", "--all").standardOutput.contains("Replayed 1 dead letter(s)"))
        let status = try await run("status")
        #expect(status.standardOutput.contains("erp: 1 waiting") && status.standardOutput.contains("dead-lettered: 0"))
        #expect(status.standardOutput.contains("erp.products: through"))
        let review = try await run("review", "list")
        #expect(review.standardOutput.contains("[orderReconciliation]"))
        #expect(try await run("review", "resolve", "1").standardOutput.contains("Resolved 1 review item(s)."))
        #expect(try await run("review", "list").standardOutput.contains("Nothing is waiting for review."))
        let audit = try await run("audit", "--correlation", "reconcile-orders")
        #expect(audit.standardOutput.contains("reconcile  winner commerce  [reconciliation]"))

        let erased = try await run("erase", "--entity", "order@commerce:reconcile")
        #expect(erased.status == 0 && erased.standardOutput.contains("now filed as erased-"))
        let purged = try await run("purge", "--audit-days", "0", "--dead-letter-days", "0")
        #expect(purged.standardOutput.contains("Purged") && purged.standardOutput.contains("audit record(s)"))
        #expect(
            try await run("audit", "--correlation", "reconcile-orders").standardOutput.contains("No audit records."))
        let noKinds = try await run("purge")
        #expect(noKinds.status == 64 && noKinds.standardError.contains("purge needs --audit-days"))

        let missing = try await run("dlq", "show", "999")
        #expect(missing.status == 1 && missing.standardError.contains("Dead letter 999 does not exist"))
        let badID = try await run("dlq", "show", "seven")
        #expect(badID.status == 64 && badID.standardError.contains("\"seven\" is not an id"))
        let badEntity = try await run("audit", "--entity", "order-12")
        #expect(badEntity.status == 64 && badEntity.standardError.contains("KIND@SYSTEM:KEY"))
        let noStore = try await tool.run(["--store", data.appendingPathComponent("nope.sqlite").path, "status"])
        #expect(noStore.status == 66 && noStore.standardError.contains("there is no store at"))
    }

    @Test("The custom adapter example's checks all pass")
    func customAdapter() async throws {
        let result = try await ExampleRunner("custom-erp-adapter").run()
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("All checks passed."))
        #expect(!result.standardOutput.contains("✗"))
    }

    @Test("--help documents --workers; a bad worker count is refused with exit 64")
    func workersUsage() async throws {
        let connector = try ExampleRunner("erp-connector")
        let help = try await connector.run(["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--workers N"), "\(help.standardOutput)")
        #expect(help.standardOutput.contains("SIGTERM and SIGINT are forwarded"))
        let zero = try await connector.run(["--workers", "0"])
        #expect(zero.status == 64)
        #expect(zero.standardError.contains("--workers needs a number of worker processes from 1 to 64"))
    }

    @Test("--workers 3 on one SQLite store runs each pass on one worker and delivers the outbox on all")
    func workersOnSQLite() async throws {
        let connector = try ExampleRunner("erp-connector")
        let data = dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        for run in 1...2 {
            let result = try await connector.run(["--workers", "3"], environment: ["ERP_CONNECTOR_DATA": data.path])
            #expect(result.status == 0, "\(result.standardError)")
            let lines = result.standardOutput.split(separator: "\n")
            // `WorkerRun.passes` in the example.
            let passes = [
                "catalog", "structure", "inventory", "import", "orders", "lifecycle", "adjustments", "prices",
                "customers", "reconcile",
            ]
            for pass in passes {
                #expect(
                    lines.filter { $0.contains(" \(pass) ran here") }.count == 1,
                    "run \(run): \(pass) on one worker: \(result.standardOutput)")
            }
            if run == 2 {
                // The shoppers' 9 orders are exported once, by whichever workers claimed them.
                let exported = lines.compactMap { line -> Int? in
                    guard let range = line.range(of: "done: ") else { return nil }
                    return Int(line[range.upperBound...].prefix { $0.isNumber })
                }
                #expect(exported.count == 3 && exported.reduce(0, +) == 9, "\(result.standardOutput)")
            }
        }
    }
}
