import AdobeCommerce
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct OrderAdjustmentConformanceTests {
    @Test("FakeERP passes the adjustment sink suite, deduplicating by key and, without that, answering lookups")
    func fakeERPConforms() async throws {
        try await AdapterConformance.orderAdjustmentSink(FakeERP(time: .system), sku: "A")
        let withoutKeys = FakeERP(time: .system)
        await withoutKeys.configureAdjustments { $0.deduplicatesByKey = false }
        try await AdapterConformance.orderAdjustmentSink(withoutKeys, sku: "A", deduplicatesByKey: false)
    }

    @Test("A sink that records again for a repeated key fails the suite")
    func catchesRepeatedKeys() async throws {
        let erp = FakeERP(time: .system)
        await erp.configureAdjustments { $0.deduplicatesByKey = false }
        await #expect(
            performing: { try await AdapterConformance.orderAdjustmentSink(erp, sku: "A") },
            throws: { error in
                (error as? ConnectorStoreConformance.Failure)?.message.contains("same idempotency key") == true
            })
    }

    @Test("A sink that neither deduplicates nor answers lookups fails the suite")
    func catchesMissingLookups() async throws {
        let erp = FakeERP(time: .system)
        await erp.configureAdjustments { adjustments in
            adjustments.deduplicatesByKey = false
            adjustments.answersLookups = false
        }
        await #expect(
            performing: { try await AdapterConformance.orderAdjustmentSink(erp, sku: "A", deduplicatesByKey: false) },
            throws: { error in
                (error as? ConnectorStoreConformance.Failure)?.message.contains("the lookup answers the credit note")
                    == true
            })
    }

    @Test("A lookup that answers for a credit memo never recorded fails the suite")
    func catchesLookupsThatInvent() async throws {
        struct Inventive: OrderAdjustmentSink {
            let erp: FakeERP
            func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
                try await erp.createOrder(order, idempotencyKey: idempotencyKey)
            }
            func orderStatus(erpOrderNumber: String) async throws -> String { "open" }
            func cancelOrder(_ cancellation: ERPCancellationRequest, idempotencyKey: String) async throws -> String {
                try await erp.cancelOrder(cancellation, idempotencyKey: idempotencyKey)
            }
            func recordCreditMemo(_ creditMemo: ERPCreditNoteRequest, idempotencyKey: String) async throws -> String {
                try await erp.recordCreditMemo(creditMemo, idempotencyKey: idempotencyKey)
            }
            func creditMemoNumber(forCommerceCreditMemo commerceCreditMemoNumber: String) async throws -> String? {
                "CN-1"
            }
        }
        await #expect(
            performing: {
                try await AdapterConformance.orderAdjustmentSink(Inventive(erp: FakeERP(time: .system)), sku: "A")
            },
            throws: { error in
                (error as? ConnectorStoreConformance.Failure)?.message.contains("never recorded answers nil") == true
            })
    }

    @Test("FakeERP refuses a cancellation it is told to, and an order it does not have")
    func fakeERPRefusals() async throws {
        let erp = FakeERP(time: .system)
        let number = try await erp.createOrder(
            ERPOrderRequest(
                commerceOrderNumber: "1", customerEmail: "a@example.com",
                lines: [.init(sku: "A", quantity: 1, unitPrice: 1)], grandTotal: 1, currency: "USD"),
            idempotencyKey: "k")
        await erp.configureAdjustments { $0.refusedCancellations[number] = "it has shipped" }
        let cancellation = ERPCancellationRequest(
            erpOrderNumber: number, commerceOrderNumber: "1", reason: nil, cancelledAt: Date(), lines: [])
        await #expect(
            performing: { try await erp.cancelOrder(cancellation, idempotencyKey: "c") },
            throws: { ($0 as? AdapterError)?.code == .rejected })
        var unknown = cancellation
        unknown.erpOrderNumber = "SO-404"
        await #expect(
            performing: { try await erp.cancelOrder(unknown, idempotencyKey: "d") },
            throws: { ($0 as? AdapterError)?.code == .notFound })
        #expect(await erp.adjustments.cancellations.isEmpty)
    }
}
