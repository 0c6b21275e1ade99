import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct InventorySyncEngineTests {
    private let clock = ManualClock()

    private func setUp(pageSize: Int = 1_000) async throws -> (
        FakeCommerce, FakeERP, InMemoryConnectorStore, InventorySyncEngine
    ) {
        let commerce = FakeCommerce()
        try commerce.seedCatalog(productCount: 30)
        let erp = FakeERP(time: clock.timeSource())
        let store = InMemoryConnectorStore()
        var configuration = InventorySyncEngine.Configuration()
        configuration.itemsPerRequest = 10
        configuration.pageSize = pageSize
        let engine = InventorySyncEngine(
            commerce: commerce.makeClient().scoped(to: .all), source: erp, store: store, configuration: configuration,
            time: clock.timeSource())
        return (commerce, erp, store, engine)
    }

    @Test("Deltas push on-hand quantities in batches; the next pass sends only what changed since")
    func deltas() async throws {
        let (commerce, erp, _, engine) = try await setUp()
        for index in 1...25 {
            await erp.setOnHand(sku: "SKU-0000\(index < 10 ? "0" : "")\(index)", quantity: Decimal(index))
        }
        let first = try await engine.sync()
        #expect(first.pushed == 25 && first.requests == 3)
        #expect(commerce.sourceQuantity(sku: "SKU-000007") == 7)
        try commerce.placeOrder(customerEmail: "a@example.com", lines: [.init(sku: "SKU-000007", quantity: 2)])
        #expect(
            commerce.sourceQuantity(sku: "SKU-000007") == 7,
            "a reservation is Commerce's business, not the ERP's on-hand")
        clock.advance(by: .seconds(600))
        await erp.setOnHand(sku: "SKU-000003", quantity: 99)
        let second = try await engine.sync()
        #expect(second.pushed == 1 && second.requests == 1)
        #expect(commerce.sourceQuantity(sku: "SKU-000003") == 99)
        let salable = try await commerce.makeClient().inventory.salableQuantity(sku: "SKU-000007", stockID: 1)
        #expect(salable == 5)
    }

    @Test("A far-future timestamp is parked once and does not move the checkpoint past later real changes")
    func farFutureTimestamp() async throws {
        let (commerce, erp, store, engine) = try await setUp()
        await erp.setOnHand(
            sku: "SKU-000001", quantity: 5, updatedAt: clock.timeSource().now().addingTimeInterval(86_400 * 365 * 70))
        await erp.setOnHand(sku: "SKU-000002", quantity: 6)
        let first = try await engine.sync()
        #expect(first.pushed == 2 && first.parked == 1, "\(first)")
        let checkpoint = try #require(try await store.checkpoint(named: "erp.inventory"))
        #expect(checkpoint.position <= clock.timeSource().now(), "the checkpoint stays at real time")
        let review = try await store.reviewItems(limit: 10, offset: 0)
        #expect(review.count == 1 && review.first?.draft.rule == "implausibleTimestamp")
        #expect(review.first?.draft.reason.contains("ahead of the connector's clock") == true)
        clock.advance(by: .seconds(60))
        await erp.setOnHand(sku: "SKU-000003", quantity: 7)
        let second = try await engine.sync()
        #expect(commerce.sourceQuantity(sku: "SKU-000003") == 7, "a real change after the bad one is still read")
        #expect(second.parked == 0, "parked once, not on every pass")
        #expect(try await store.reviewItems(limit: 10, offset: 0).count == 1)
    }

    @Test("A burst larger than a page at one instant is pushed whole in one pass, and the next pass is quiet")
    func burstBeyondOnePage() async throws {
        let (commerce, erp, store, engine) = try await setUp(pageSize: 7)
        for index in 1...25 {
            await erp.setOnHand(sku: "SKU-0000\(index < 10 ? "0" : "")\(index)", quantity: Decimal(100 + index))
        }
        let first = try await engine.sync()
        #expect(first.read == 25 && first.pushed == 25, "\(first)")
        #expect(commerce.sourceQuantity(sku: "SKU-000025") == 125)
        let checkpoint = try #require(try await store.checkpoint(named: "erp.inventory"))
        #expect(checkpoint.cursor == "default/SKU-000025", "the checkpoint names the last record, not only its time")
        clock.advance(by: .seconds(600))
        #expect(try await engine.sync().pushed == 0)
    }

    @Test("A source a few minutes fast does not move the checkpoint past changes stamped by correct clocks")
    func fastSourceClock() async throws {
        let (commerce, erp, store, engine) = try await setUp()
        let now = clock.timeSource().now()
        await erp.setOnHand(sku: "SKU-000001", quantity: 5, updatedAt: now.addingTimeInterval(240))  // 4 min fast
        _ = try await engine.sync()
        #expect(try #require(try await store.checkpoint(named: "erp.inventory")).position <= now)
        clock.advance(by: .seconds(60))
        await erp.setOnHand(sku: "SKU-000002", quantity: 9)  // stamped by a correct clock, before the fast one
        _ = try await engine.sync()
        #expect(commerce.sourceQuantity(sku: "SKU-000002") == 9)
    }

    @Test("Duplicate and out-of-order feeds converge on the newest level")
    func messyFeeds() async throws {
        let (commerce, erp, _, engine) = try await setUp()
        var faults = FakeERP.Faults(seed: 3)
        faults.duplicateRate = 0.6
        faults.outOfOrder = true
        await erp.setFaults(faults)
        for round in 1...3 {
            await erp.setOnHand(sku: "SKU-000001", quantity: Decimal(round * 10))
            await erp.setOnHand(sku: "SKU-000002", quantity: Decimal(round))
            clock.advance(by: .seconds(1))
        }
        let report = try await engine.sync()
        #expect(report.pushed == 2)
        #expect(commerce.sourceQuantity(sku: "SKU-000001") == 30 && commerce.sourceQuantity(sku: "SKU-000002") == 3)
    }

    @Test("A SKU Commerce does not know is parked for review; the rest of its batch is saved")
    func unknownSKU() async throws {
        let (commerce, erp, store, engine) = try await setUp()
        await erp.setOnHand(sku: "SKU-000001", quantity: 4)
        await erp.setOnHand(sku: "GHOST", quantity: 1)
        let report = try await engine.sync()
        #expect(report.pushed == 1 && report.parked == 1)
        #expect(commerce.sourceQuantity(sku: "SKU-000001") == 4)
        let item = try #require(try await store.reviewItems(limit: 5, offset: 0).first)
        #expect(item.draft.reason.contains("Product with SKU \"GHOST\" does not exist."))
    }

    @Test("A custom pattern renames sources and sees what was sent; a negative level is parked once, by name")
    func customPattern() async throws {
        let (commerce, erp, store, _) = try await setUp()
        let sent = SentItems()
        let engine = InventorySyncEngine(
            commerce: commerce.makeClient().scoped(to: .all), source: erp, store: store,
            pattern: WarehouseCodes(sent: sent), time: clock.timeSource())
        await erp.setOnHand(sku: "SKU-000001", sourceCode: "01", quantity: 6)
        await erp.setOnHand(sku: "SKU-000002", sourceCode: "01", quantity: -3)
        let first = try await engine.sync()
        #expect(first.pushed == 1 && first.rejected == 1)
        #expect(commerce.sourceQuantity(sku: "SKU-000001", sourceCode: "default") == 6)
        #expect(await sent.items.map(\.sourceCode) == ["default"])
        let item = try #require(try await store.reviewItems(limit: 5, offset: 0).first)
        #expect(
            item.draft.reason
                == "stock level \"SKU-000002\" at \"01\", field quantity: is negative (-3); "
                + "on-hand stock cannot be below zero, fix it at the source")
        clock.advance(by: .seconds(30))
        let again = try await engine.sync()
        #expect(again.rejected == 0 && again.pushed == 0, "the overlap re-reads both levels: nothing new to do")
        #expect(try await store.reviewItems(limit: 5, offset: 0).count == 1)
    }

    @Test("The daily full pass pushes everything; a source that does not own inventory is refused and audited")
    func fullPassAndOwnership() async throws {
        let (commerce, erp, store, _) = try await setUp()
        for index in 1...5 { await erp.setOnHand(sku: "SKU-00000\(index)", quantity: 50) }
        let engine = InventorySyncEngine(
            commerce: commerce.makeClient(), source: erp, store: store, time: clock.timeSource())
        #expect(try await engine.fullPass().pushed == 5)
        let impostor = InventorySyncEngine(
            commerce: commerce.makeClient(), source: erp, origin: .crm, store: store, time: clock.timeSource())
        let refused = try await impostor.sync()
        #expect(refused.notOwned == 5 && refused.pushed == 0)
        #expect(try await store.auditRecords(correlationID: "inventory-sync").first?.action == "ownership.reject")
    }
}

struct EngineRunTests {
    @Test("run(every:) passes on its cadence, streams progress, and stops when cancelled")
    func runsOnCadence() async throws {
        let clock = ManualClock()
        let commerce = FakeCommerce()
        try commerce.seedCatalog(productCount: 3)
        let erp = FakeERP(time: clock.timeSource())
        await erp.setOnHand(sku: "SKU-000001", quantity: 9)
        let engine = InventorySyncEngine(
            commerce: commerce.makeClient(), source: erp, store: InMemoryConnectorStore(), time: clock.timeSource())
        let task = Task { await engine.run(every: .seconds(600)) }
        await clock.waitForSleepers(1)
        await erp.setOnHand(sku: "SKU-000002", quantity: 8)
        clock.advance(by: .seconds(600))
        await clock.waitForSleepers(1)
        task.cancel()
        await task.value
        var events: [SyncProgress] = []
        for await event in engine.progress { events.append(event) }
        #expect(events.map(\.phase) == ["delta", "delta"], "two passes, then the stream ends")
        #expect(events.map(\.processed) == [1, 1])
        #expect(commerce.sourceQuantity(sku: "SKU-000002") == 8)
    }
}

/// Maps the ERP's warehouse `01` to Commerce's `default` source and records what was sent.
private struct WarehouseCodes: InventorySyncPattern {
    let sent: SentItems

    func map(_ level: InventoryLevel) throws -> SourceItem {
        var item = InventorySyncMapping.sourceItem(for: level)
        item.sourceCode = level.sourceCode == "01" ? "default" : level.sourceCode
        return item
    }

    func afterSend(_ items: [SourceItem]) async throws { await sent.append(items) }
}

private actor SentItems {
    private(set) var items: [SourceItem] = []
    func append(_ more: [SourceItem]) { items += more }
}
