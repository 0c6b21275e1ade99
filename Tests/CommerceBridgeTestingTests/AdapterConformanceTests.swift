import AdobeCommerce
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct AdapterConformanceTests {
    private func erp() async -> FakeERP {
        let erp = FakeERP(time: .system)
        await erp.setPrice(sku: "A", price: 12)
        await erp.setOnHand(sku: "A", quantity: 5)
        return erp
    }

    @Test("FakeERP passes every adapter conformance suite")
    func fakeERPConforms() async throws {
        try await AdapterConformance.orderSink(await erp(), sku: "A")
        let ledger = await erp()
        try await AdapterConformance.orderLedger(ledger, sink: ledger, sku: "A")
        try await AdapterConformance.priceSource(await erp(), pricedSKU: "A")
        try await AdapterConformance.erpInventorySource(await erp(), sku: "A")
        try await AdapterConformance.reservationService(await erp(), sku: "A", available: 5)
        try await AdapterConformance.customerMaster(await erp())
        let fulfilling = await erp()
        let number = try await fulfilling.createOrder(
            ERPOrderRequest(
                commerceOrderNumber: "1", customerEmail: "a@example.com",
                lines: [.init(sku: "A", quantity: 1, unitPrice: 1)], grandTotal: 1, currency: "USD"),
            idempotencyKey: "k")
        await fulfilling.ship(erpOrderNumber: number, trackingNumber: "1Z")
        await fulfilling.invoice(erpOrderNumber: number)
        try await AdapterConformance.fulfillmentSource(fulfilling, expectsRecords: true)
        let pim = await erp()
        await pim.setProduct(sku: "A", attributes: ["name": "A"])
        try await AdapterConformance.productInformationSource(pim, sku: "A")
    }

    @Test("A sink that ignores idempotency keys fails the order-sink suite")
    func catchesDuplicateCreates() async throws {
        actor CarelessSink: OrderSink {
            var count = 0
            func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
                count += 1
                return "SO-\(count)"
            }
            func orderStatus(erpOrderNumber: String) async throws -> String { "open" }
        }
        await #expect(
            performing: { try await AdapterConformance.orderSink(CarelessSink(), sku: "A") },
            throws: { error in
                (error as? ConnectorStoreConformance.Failure)?.message.contains("same idempotency key") == true
            })
    }

    @Test("A ledger that ignores the window's start fails the order-ledger suite")
    func catchesUnboundedLedger() async throws {
        struct UnboundedLedger: OrderLedger {
            let erp: FakeERP
            func orders(createdSince date: Date) async throws -> [ERPOrderSummary] {
                try await erp.orders(createdSince: .distantPast)
            }
        }
        let erp = await erp()
        await #expect(
            performing: { try await AdapterConformance.orderLedger(UnboundedLedger(erp: erp), sink: erp, sku: "A") },
            throws: { error in
                (error as? ConnectorStoreConformance.Failure)?.message.contains("before the window") == true
            })
    }
}
