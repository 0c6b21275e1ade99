import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeSQLite
import CommerceBridgeTesting
import Foundation
import Testing

/// An ERP sink whose process dies right after the ERP committed a credit note: the call never returns (until the task
/// is cancelled, as a killed worker's would never).
struct DiesAfterCommit: OrderAdjustmentSink {
    let erp: FakeERP

    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        try await erp.createOrder(order, idempotencyKey: idempotencyKey)
    }

    func orderStatus(erpOrderNumber: String) async throws -> String {
        try await erp.orderStatus(erpOrderNumber: erpOrderNumber)
    }

    func cancelOrder(_ cancellation: ERPCancellationRequest, idempotencyKey: String) async throws -> String {
        _ = try await erp.cancelOrder(cancellation, idempotencyKey: idempotencyKey)
        try await Task.sleep(for: .seconds(3_600))
        throw CancellationError()
    }

    func recordCreditMemo(_ creditMemo: ERPCreditNoteRequest, idempotencyKey: String) async throws -> String {
        _ = try await erp.recordCreditMemo(creditMemo, idempotencyKey: idempotencyKey)
        try await Task.sleep(for: .seconds(3_600))
        throw CancellationError()
    }
}

struct OrderAdjustmentExportSQLiteTests {
    private static let directory = try! TemporaryDirectory()

    /// A store with `orders` exported orders of 2 units, on `time`.
    private func exportedOrders(_ orders: Int, erp: FakeERP, store: any ConnectorStore, time: TimeSource) async throws
        -> FakeCommerce
    {
        var options = FakeCommerce.Options()
        options.time = time
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 5)
        for index in 0..<orders {
            try fake.placeOrder(
                customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-00000\(index % 5 + 1)", quantity: 2)])
        }
        let exported = try await DualWriteOrderEngine(
            commerce: fake.makeClient(), sink: erp, fulfillment: nil, store: store, time: time
        ).sync()
        #expect(exported.export.delivered == orders)
        return fake
    }

    private func refund(_ fake: FakeCommerce, order id: Int) async throws {
        let client = fake.makeClient()
        _ = try await client.orders.invoice(orderID: id, capture: true)
        let item = try #require(try await client.orders.get(id: id).items?.first?.itemID)
        _ = try await client.orders.refund(orderID: id, items: [.init(orderItemID: item, qty: 1)])
    }

    @Test(
        "A worker killed after the ERP recorded a credit note and a cancellation: a fresh engine on the same file finds them by lookup, none twice"
    )
    func killedBetweenTheERPAndTheAcknowledgement() async throws {
        let clock = ManualClock()
        let time = clock.timeSource()
        let path = Self.directory.path("killed-\(UUID().uuidString).sqlite")
        let erp = FakeERP(time: time)
        await erp.configureAdjustments { $0.deduplicatesByKey = false }
        let first = try SQLiteConnectorStore(path: path)
        let fake = try await exportedOrders(2, erp: erp, store: first, time: time)
        try await refund(fake, order: 1)
        #expect(try await fake.makeClient().orders.cancel(orderID: 2))

        let dying = OrderAdjustmentExportEngine(
            commerce: fake.makeClient(), sink: DiesAfterCommit(erp: erp), store: first, time: time)
        let pass = Task { try await dying.sync() }
        for _ in 0..<500 {
            let recorded = await erp.adjustments
            if recorded.creditNotes.count == 1, recorded.cancellations.count == 1 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        pass.cancel()
        _ = try? await pass.value
        let before = await erp.adjustments
        #expect(before.creditNotes.count == 1 && before.cancellations.count == 1)

        // Another process opens the same file once the dead worker's leases have run out.
        clock.advance(by: .seconds(120))
        let second = try SQLiteConnectorStore(path: path)
        let fresh = OrderAdjustmentExportEngine(commerce: fake.makeClient(), sink: erp, store: second, time: time)
        let report = try await fresh.deliver()
        #expect(report.delivery.delivered == 2 && report.creditMemosSent == 1 && report.cancellationsSent == 1)
        let after = await erp.adjustments
        #expect(after.creditNotes.count == 1, "the lookup found the credit note: not recorded again")
        #expect(after.cancellations.count == 1, "the lookup found the cancellation: not made again")
        let calls = await erp.calls
        #expect(calls["creditMemoNumber"] == 1 && calls["cancellationReference"] == 1)
        #expect(try await second.outboxStatus(now: time.now()).totalPending == 0)
        #expect(try await fresh.sync().delivery.delivered == 0)
    }

    @Test("Two workers on one SQLite file discover and deliver at once: every document reaches the ERP once")
    func twoWorkersOneFile() async throws {
        let path = Self.directory.path("two-\(UUID().uuidString).sqlite")
        var faults = FakeERP.Faults(seed: 11)
        faults.latency = .milliseconds(1) ... .milliseconds(4)
        let erp = FakeERP(faults: faults, time: .system)
        await erp.configureAdjustments { $0.deduplicatesByKey = false }
        let storeA = try SQLiteConnectorStore(path: path)
        let storeB = try SQLiteConnectorStore(path: path)
        let fake = try await exportedOrders(60, erp: erp, store: storeA, time: .system)
        for id in 1...45 { try await refund(fake, order: id) }
        for id in 46...60 { #expect(try await fake.makeClient().orders.cancel(orderID: id)) }

        let workerA = OrderAdjustmentExportEngine(commerce: fake.makeClient(), sink: erp, store: storeA, time: .system)
        let workerB = OrderAdjustmentExportEngine(commerce: fake.makeClient(), sink: erp, store: storeB, time: .system)
        async let a = workerA.sync()
        async let b = workerB.sync()
        let (reportA, reportB) = try await (a, b)
        let restA = try await workerA.deliver()
        let restB = try await workerB.deliver()
        let sent = [reportA, reportB, restA, restB].reduce(0) { $0 + $1.creditMemosSent + $1.cancellationsSent }
        #expect(sent == 60)
        let recorded = await erp.adjustments
        #expect(recorded.creditNotes.count == 45, "none twice, none lost")
        #expect(Set(recorded.creditNotes.map(\.creditMemo.commerceCreditMemoID)).count == 45)
        #expect(recorded.cancellations.count == 15)
        #expect(Set(recorded.cancellations.map(\.cancellation.erpOrderNumber)).count == 15)
        #expect(try await storeA.deadLetters(limit: 10, offset: 0).isEmpty)
        #expect(try await storeB.outboxStatus(now: Date()).totalPending == 0)
    }
}
