import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct OrderReconcilerTests {
    private let clock = ManualClock()

    /// Five Commerce orders exported to the ERP by the dual-write engine.
    private func exported() async throws -> (FakeCommerce, FakeERP, InMemoryConnectorStore, DualWriteOrderEngine) {
        let commerce = FakeCommerce()
        try commerce.seedCatalog(productCount: 5)
        for index in 1...5 {
            try placeOrder(commerce, index)
        }
        let erp = FakeERP(time: clock.timeSource())
        let store = InMemoryConnectorStore()
        let engine = DualWriteOrderEngine(
            commerce: commerce.makeClient(), sink: erp, fulfillment: nil, store: store, time: clock.timeSource())
        #expect(try await engine.sync().export.delivered == 5)
        return (commerce, erp, store, engine)
    }

    @discardableResult
    private func placeOrder(_ commerce: FakeCommerce, _ index: Int) throws -> Order {
        try commerce.placeOrder(
            customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-00000\(index % 5 + 1)", quantity: 2)])
    }

    private func erpNumber(_ store: InMemoryConnectorStore, order id: Int) async throws -> String {
        guard
            case .mapped(let number)? = try await store.mapping(
                MappingKey(.order, from: .commerce, String(id), to: .erp))
        else { throw AdapterError(.notFound, system: .erp, "order \(id) is not mapped") }
        return number
    }

    private func reconciler(_ commerce: FakeCommerce, _ erp: FakeERP, _ store: InMemoryConnectorStore)
        -> OrderReconciler
    {
        OrderReconciler(commerce: commerce.makeClient(), ledger: erp, store: store, time: clock.timeSource())
    }

    @Test("Agreeing sides report every order as matching and change nothing")
    func agreeing() async throws {
        let (commerce, erp, store, _) = try await exported()
        let report = try await reconciler(commerce, erp, store).reconcile(since: .distantPast)
        #expect(report.matching == 5)
        #expect(report.missing.isEmpty && report.extra.isEmpty && report.mismatched.isEmpty)
        #expect(report.requeued == 0 && report.remapped == 0 && report.parked == 0)
        #expect(try await store.reviewItems(limit: 10, offset: 0).isEmpty)
    }

    @Test("Seeded drift is found; the safe repairs are made and the rest parked once")
    func findsAndRepairsDrift() async throws {
        let (commerce, erp, store, engine) = try await exported()
        // 1: deleted in the ERP; 2: total changed by a clerk; 3: a second ERP order for it.
        await erp.removeOrder(try await erpNumber(store, order: 1))
        await erp.amendOrder(try await erpNumber(store, order: 2), grandTotal: 1)
        let third = try await commerce.makeClient().orders.get(id: 3)
        let thirdRequest = try OrderExportMapping.mapper.map(
            third, into: OrderExportMapping.blankOrder, context: MappingContext(record: "order 3"))
        _ = try await erp.createOrder(thirdRequest, idempotencyKey: "typed-in-again")
        // 6: in the ERP (created by hand) but not in the ID map; 7: never exported.
        let sixth = try placeOrder(commerce, 6)
        let sixthNumber = try await erp.createOrder(
            try OrderExportMapping.mapper.map(
                sixth, into: OrderExportMapping.blankOrder, context: MappingContext(record: "order 6")),
            idempotencyKey: "manual-6")
        try placeOrder(commerce, 7)
        // An ERP order with no Commerce order at all.
        let stray = ERPOrderRequest(
            commerceOrderNumber: "PHONE-0042", customerEmail: "phone@example.com",
            lines: [.init(sku: "SKU-000001", quantity: 1, unitPrice: 10)], grandTotal: 10, currency: "USD")
        let strayNumber = try await erp.createOrder(stray, idempotencyKey: "phone-42")

        let report = try await reconciler(commerce, erp, store).reconcile(since: .distantPast)

        #expect(report.missing.map(\.commerceOrderNumber) == ["000000001", "000000007"])
        #expect(report.missing.first?.reason.contains("no longer has") == true)
        #expect(report.mismatched.map(\.commerceOrderNumber) == ["000000002", "000000003", "000000006"])
        #expect(report.mismatched.first?.erpTotal == 1)
        #expect(report.extra.map(\.erpOrderNumber) == [strayNumber])
        #expect(report.matching == 2, "orders 4 and 5")
        #expect(report.requeued == 1 && report.remapped == 1)
        #expect(report.parked == 4, "1 deleted, 2 total, 3 duplicate, the stray order")
        #expect(try await erpNumber(store, order: 6) == sixthNumber)
        let parked = try await store.reviewItems(limit: 10, offset: 0).map(\.draft.entity.key)
        #expect(Set(parked) == ["000000001", "000000002", "000000003", "PHONE-0042"])
        let audit = try await store.auditRecords(correlationID: "reconcile-orders").map(\.action)
        #expect(audit.sorted() == ["order.remap", "order.requeue", "reconcile"])

        // The engine delivers the requeued order once; the next pass finds nothing new to do or park.
        #expect(try await engine.sync().export.delivered == 1)
        #expect(await erp.orders.values.filter { $0.commerceOrderNumber == "000000007" }.count == 1)
        let again = try await reconciler(commerce, erp, store).reconcile(since: .distantPast)
        #expect(again.requeued == 0 && again.remapped == 0 && again.parked == 0)
        #expect(again.missing.map(\.commerceOrderNumber) == ["000000001"])
        #expect(again.matching == 4, "orders 4, 5, 6 and 7")
        #expect(try await store.reviewItems(limit: 10, offset: 0).count == 4)
    }

    @Test("With repair off every finding is parked and neither the outbox nor the ID map changes")
    func reportOnly() async throws {
        let (commerce, erp, store, _) = try await exported()
        try placeOrder(commerce, 6)
        let report = try await reconciler(commerce, erp, store).reconcile(since: .distantPast, repair: false)
        #expect(report.missing.map(\.commerceOrderNumber) == ["000000006"])
        #expect(report.requeued == 0 && report.parked == 1)
        #expect(try await store.outboxStatus(now: clock.timeSource().now()).totalPending == 0)
    }

    @Test("An unreadable ERP ledger fails the pass with the adapter's error and changes nothing")
    func ledgerDown() async throws {
        let (commerce, erp, store, _) = try await exported()
        try placeOrder(commerce, 6)
        var down = FakeERP.Faults()
        down.errorRate = 1
        await erp.setFaults(down)
        await #expect(throws: AdapterError.self) {
            try await reconciler(commerce, erp, store).reconcile(since: .distantPast)
        }
        #expect(try await store.outboxStatus(now: clock.timeSource().now()).totalPending == 0)
        #expect(try await store.auditRecords(correlationID: "reconcile-orders").isEmpty)
    }

    @Test("An export dead-lettered or discarded is in flight at first, then reported missing and parked once")
    func unfinishedExport() async throws {
        let (commerce, erp, store, _) = try await exported()
        let refused = try placeOrder(commerce, 6)
        let refusing = DualWriteOrderEngine(
            commerce: commerce.makeClient(), sink: erp, fulfillment: nil, store: store, pattern: RefusingExport(),
            time: clock.timeSource())
        #expect(try await refusing.sync().export.deadLettered == 1)
        let early = try await reconciler(commerce, erp, store).reconcile(since: .distantPast)
        #expect(early.missing.isEmpty && early.matching == 6, "an unfinished export is in flight for an hour")
        clock.advance(by: .seconds(3_601))
        let late = try await reconciler(commerce, erp, store).reconcile(since: .distantPast)
        #expect(late.missing.map(\.commerceOrderNumber) == [refused.incrementID ?? ""])
        #expect(late.missing.first?.reason.contains("never finished") == true && late.parked == 1)
        #expect(late.requeued == 0, "the operator dead-lettered or discarded it: not queued again behind their back")
        #expect(try await reconciler(commerce, erp, store).reconcile(since: .distantPast).parked == 0)
    }

    @Test("An exporter that died after the ERP created the order: the open claim is completed with the ERP's number")
    func crashedAfterCreate() async throws {
        let (commerce, erp, store, _) = try await exported()
        let order = try placeOrder(commerce, 7)
        let key = MappingKey(.order, from: .commerce, String(order.entityID ?? 0), to: .erp)
        guard
            case .claimed(let token) = try await store.claimMapping(
                key, token: "worker-1", now: clock.timeSource().now())
        else { throw AdapterError(.rejected, system: .erp, "expected a fresh claim") }
        let number = try await erp.createOrder(
            try DefaultOrderExport().map(order), idempotencyKey: token)  // then the worker is killed
        clock.advance(by: .seconds(3_601))
        let report = try await reconciler(commerce, erp, store).reconcile(since: .distantPast)
        #expect(report.remapped == 1 && report.missing.isEmpty)
        #expect(try await store.mapping(key) == .mapped(targetID: number))
        #expect(await erp.orders.count == 6, "nothing created twice")
    }
}

/// Refuses every order at the send step, after the ID-map claim: the export is dead-lettered, the claim stays open.
private struct RefusingExport: OrderExportPattern {
    func send(_ request: ERPOrderRequest, idempotencyKey: String, sink: any OrderSink) async throws -> String {
        throw AdapterError(.rejected, system: .erp, "the ERP refuses \(request.commerceOrderNumber)")
    }
}
