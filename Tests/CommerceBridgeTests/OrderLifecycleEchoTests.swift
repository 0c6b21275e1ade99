import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

/// The two directions of the order lifecycle on one store: what the ERP asked Commerce to do is not sent back to it.
struct OrderLifecycleEchoTests {
    @Test("A cancellation and a credit memo the ERP made in Commerce are not sent back to the ERP as the store's own")
    func lifecycleDocumentsAreNotSentBack() async throws {
        let clock = ManualClock()
        let time = clock.timeSource()
        var options = FakeCommerce.Options()
        options.time = time
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 3)
        for index in 0..<2 {
            try fake.placeOrder(customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-000001", quantity: 2)])
        }
        let erp = FakeERP(time: time)
        let store = InMemoryConnectorStore()
        let orders = DualWriteOrderEngine(
            commerce: fake.makeClient(), sink: erp, fulfillment: erp, store: store, time: time)
        _ = try await orders.sync()
        let numbers = await erp.orders.keys.sorted()
        let first = try await fake.makeClient().orders.get(id: 1)
        let n1 = try #require(await erp.orders.first { $0.value.commerceOrderNumber == first.incrementID }?.key)
        let n2 = try #require(numbers.first { $0 != n1 })
        await erp.invoice(erpOrderNumber: n1)
        clock.advance(by: .seconds(1))
        _ = try await orders.sync()
        await erp.refund(erpOrderNumber: n1, lines: [.init(sku: "SKU-000001", quantity: 1)])
        await erp.cancel(erpOrderNumber: n2, reason: "customer called")
        clock.advance(by: .seconds(1))
        let lifecycle = OrderLifecycleEngine(commerce: fake.makeClient(), source: erp, store: store, time: time)
        let applied = try await lifecycle.sync()
        #expect(applied.cancellations == 1 && applied.creditMemos == 1)
        let adjustments = OrderAdjustmentExportEngine(commerce: fake.makeClient(), sink: erp, store: store, time: time)
        let report = try await adjustments.sync()
        #expect(report.cancellationsSent == 0 && report.creditMemosSent == 0)
        let recorded = await erp.adjustments
        #expect(recorded.creditNotes.isEmpty, "the ERP's own credit memo is not sent back")
        #expect(recorded.cancellations.isEmpty, "the ERP's own cancellation is not sent back")
    }
}
