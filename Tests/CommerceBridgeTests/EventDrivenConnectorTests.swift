import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// An ERP order sink that creates an order on every call and counts the calls per Commerce order: it deduplicates
/// nothing, so a second export shows.
final class CountingOrderSink: OrderSink {
    private let state = Mutex<(calls: [String: Int], next: Int)>(([:], 0))

    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        state.withLock { state in
            state.calls[order.commerceOrderNumber, default: 0] += 1
            state.next += 1
            return "SO-\(state.next)"
        }
    }

    func orderStatus(erpOrderNumber: String) async throws -> String { "open" }

    var calls: [String: Int] { state.withLock { $0.calls } }
}

struct EventDrivenConnectorTests {
    private let clock = ManualClock()

    private func commerce(products: Int = 3) throws -> FakeCommerce {
        var options = FakeCommerce.Options()
        options.time = clock.timeSource()
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: products)
        return fake
    }

    private func webhook(_ fake: FakeCommerce, _ intake: StoreEventIntake) -> IOEventsWebhook {
        IOEventsWebhook(
            configuration: .init(clientID: "client-1"),
            publicKeys: IOEventsPublicKeys(transport: fake, host: fake.baseURL, time: clock.timeSource()),
            time: clock.timeSource()
        ) { events in try await intake.receive(events) }
    }

    @Test func orderEventsDeliveredTwiceAndOutOfOrderExportEachOrderOnce() async throws {
        let fake = try commerce()
        let store = InMemoryConnectorStore()
        let sink = CountingOrderSink()
        let orders = DualWriteOrderEngine(
            commerce: fake.makeClient(), sink: sink, fulfillment: nil, store: store, time: clock.timeSource())
        let connector = EventDrivenConnector(store: store, orders: orders, time: clock.timeSource())
        try await connector.subscribe(using: fake.makeClient())
        // More orders than one page of the inbox or of Commerce's order search.
        for index in 0..<150 {
            try fake.placeOrder(
                customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-00000\(index % 3 + 1)", quantity: 1)])
        }
        let intake = StoreEventIntake(store: store, time: clock.timeSource())
        let delivery = FakeEventDelivery(
            fake: fake, to: .endpoint(webhook(fake, intake)), clientID: "client-1",
            options: .init(batchSize: 20, duplicates: true, shuffles: true, seed: 3))
        #expect(await delivery.deliverPending().delivered == 150)
        let report = try await connector.processAvailable()
        #expect(report.ordersQueued == 150)
        #expect(report.orders?.export.delivered == 150)
        #expect(sink.calls.count == 150)
        #expect(sink.calls.values.allSatisfy { $0 == 1 }, "no order reached the ERP twice")
        // The order comments the write-back adds are order saves too: their events queue nothing new.
        #expect(await delivery.deliverPending().delivered > 0)
        let again = try await connector.processAvailable()
        #expect(again.ordersQueued == 0)
        // Polling, the safety net, finds nothing left to export.
        #expect(try await orders.sync().queued == 0)
        #expect(sink.calls.values.allSatisfy { $0 == 1 })
    }

    @Test func anOrderNotInAnExportedStatusIsNotQueued() async throws {
        let fake = try commerce()
        let store = InMemoryConnectorStore()
        let sink = CountingOrderSink()
        var configuration = DualWriteOrderEngine.Configuration()
        configuration.statuses = ["processing"]
        let orders = DualWriteOrderEngine(
            commerce: fake.makeClient(), sink: sink, fulfillment: nil, store: store, configuration: configuration,
            time: clock.timeSource())
        let connector = EventDrivenConnector(store: store, orders: orders, time: clock.timeSource())
        try await connector.subscribe(using: fake.makeClient())
        try fake.placeOrder(customerEmail: "a@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
        try await StoreEventIntake(store: store, time: clock.timeSource()).receive(fake.emittedEvents)
        let report = try await connector.processAvailable()
        #expect(report.inbox.handled == 1)
        #expect(report.ordersQueued == 0, "a pending order waits for processing")
        #expect(sink.calls.isEmpty)
    }

    @Test func theBridgesOwnStockWritesAreEchoesAndAnAdminEditIsAudited() async throws {
        let fake = try commerce(products: 2)
        let store = InMemoryConnectorStore()
        let erp = FakeERP(time: clock.timeSource())
        let inventory = InventorySyncEngine(
            commerce: fake.makeClient().scoped(to: .all), source: erp, store: store, time: clock.timeSource())
        let connector = EventDrivenConnector(store: store, time: clock.timeSource())
        try await connector.subscribe(using: fake.makeClient())
        await erp.setOnHand(sku: "SKU-000001", quantity: 12)
        await erp.setOnHand(sku: "SKU-000002", quantity: 0)
        _ = try await inventory.fullPass()
        // Someone changes stock in the admin.
        try await fake.makeClient().scoped(to: .all).inventory.sourceItems.save([
            SourceItem(sku: "SKU-000002", sourceCode: "default", quantity: 40)
        ])
        let intake = StoreEventIntake(store: store, time: clock.timeSource())
        let accepted = try await intake.receive(fake.emittedEvents.filter { $0.name == StoreEventName.stockItemSaved })
        #expect(accepted.count == 3)
        let report = try await connector.processAvailable()
        #expect(report.echoes == 2, "the two levels the engine pushed came back as events")
        #expect(report.changedInCommerce == 1)
        let audit = try await store.auditRecords(for: EntityReference(.product, .commerce, "SKU-000002"))
        #expect(audit.contains { $0.action == "event." + StoreEventName.stockItemSaved })
    }

    @Test func theJournalFeedsTheInboxAndARestartedReaderLosesNothing() async throws {
        let fake = try commerce()
        let store = InMemoryConnectorStore()
        let sink = CountingOrderSink()
        let orders = DualWriteOrderEngine(
            commerce: fake.makeClient(), sink: sink, fulfillment: nil, store: store, time: clock.timeSource())
        let connector = EventDrivenConnector(store: store, orders: orders, time: clock.timeSource())
        try await connector.subscribe(using: fake.makeClient())
        for index in 0..<25 {
            try fake.placeOrder(customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
        }
        let journal = IOEventsJournal(
            url: fake.journalURL,
            credentials: .init(clientID: "client-1", organizationID: "org@AdobeOrg", accessToken: { "token" }),
            transport: fake)
        func source() -> IOEventsJournalSource {
            IOEventsJournalSource(journal: journal, store: store, time: clock.timeSource())
        }
        let intake = StoreEventIntake(store: store, source: "journal", time: clock.timeSource())
        // A reader that files a page and dies before acknowledging it.
        let crashing = source()
        let page = try await crashing.receive(limit: 10, timeout: .zero)
        #expect(page.count == 10)
        try await intake.receive(try page.map { try StoreEvent(json: try JSONValue(parsing: $0.payload)) })
        // Its successor starts from the saved position, reads the page again, and the inbox knows it.
        let pump = EventSourcePump(source: source(), intake: intake, batchSize: 10)
        var total = EventSourcePump.Report()
        while true {
            let report = try await pump.pumpOnce(timeout: .zero)
            total.accepted += report.accepted
            total.duplicates += report.duplicates
            if report.accepted + report.duplicates == 0 { break }
        }
        #expect(total.duplicates == 10)
        #expect(total.accepted == 15)
        _ = try await connector.processAvailable()
        #expect(sink.calls.count == 25)
        #expect(sink.calls.values.allSatisfy { $0 == 1 })
        #expect(try await store.checkpoint(named: "io-events.journal")?.cursor == "25")
    }
}
