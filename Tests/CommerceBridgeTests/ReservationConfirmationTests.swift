import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// An ERP whose first `failures` confirmations fail as unavailable, as an ERP down for maintenance would.
actor FailingConfirmations: ReservationService {
    let erp: FakeERP
    private var failures: Int

    init(_ erp: FakeERP, failures: Int) {
        self.erp = erp
        self.failures = failures
    }

    func reserve(key: String, lines: [ERPOrderRequest.Line], until deadline: Date) async throws -> Bool {
        try await erp.reserve(key: key, lines: lines, until: deadline)
    }

    func confirm(key: String, erpOrderNumber: String?) async throws {
        if failures > 0 {
            failures -= 1
            throw AdapterError(.unavailable, system: .erp, "confirm: the ERP is down for maintenance")
        }
        try await erp.confirm(key: key, erpOrderNumber: erpOrderNumber)
    }

    func release(key: String) async throws { try await erp.release(key: key) }
}

/// An ERP that takes no orders while it is down, as during a maintenance window longer than a reservation's TTL.
final class DownForOrders: OrderSink {
    let erp: FakeERP
    let down = Mutex(true)
    init(_ erp: FakeERP) { self.erp = erp }

    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        if down.withLock({ $0 }) { throw AdapterError(.unavailable, system: .erp, "createOrder: down for maintenance") }
        return try await erp.createOrder(order, idempotencyKey: idempotencyKey)
    }

    func orderStatus(erpOrderNumber: String) async throws -> String {
        try await erp.orderStatus(erpOrderNumber: erpOrderNumber)
    }
}

/// Reservation-and-confirm end to end: the checkout responder holds each line of a cart in the ERP, the order engine
/// exports the placed order and confirms those holds with the ERP's order number, and the TTL sweep releases only the
/// holds of carts that were never placed.
struct ReservationConfirmationTests {
    private let clock = ManualClock()
    private static let skus = ["SKU-000001", "SKU-000002", "SKU-000003", "SKU-000004", "SKU-000005"]

    struct Setup {
        let commerce: FakeCommerce
        let erp: FakeERP
        let store: InMemoryConnectorStore
        let reservations: ReservationEngine
        let responder: CheckoutWebhookResponder
        let orders: [Order]
    }

    /// `count` placed orders of two lines each, their lines held in the ERP through the responder's order-placement
    /// hook (the order's numeric quote id, as Magento sends it), and a cart that is never placed, held at add-to-cart.
    private func setUp(orders count: Int, service: (FakeERP) -> any ReservationService = { $0 }) async throws -> Setup {
        let commerce = FakeCommerce()
        try commerce.seedCatalog(productCount: 5)
        let erp = FakeERP(time: clock.timeSource())
        for sku in Self.skus { await erp.setOnHand(sku: sku, quantity: 1_000) }
        let store = InMemoryConnectorStore()
        let reservations = ReservationEngine(service: service(erp), store: store, time: clock.timeSource()) { _ in 0 }
        var configuration = CheckoutWebhookResponder.Configuration()
        configuration.deadline = .seconds(30)
        let responder = CheckoutWebhookResponder(
            signature: try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM),
            reservations: reservations, configuration: configuration)
        var orders: [Order] = []
        for index in 0..<count {
            let order = try commerce.placeOrder(
                customerEmail: "c\(index)@example.com",
                lines: [
                    .init(sku: Self.skus[index % 5], quantity: 2), .init(sku: Self.skus[(index + 1) % 5], quantity: 1),
                ])
            let items: [JSONValue] = (order.items ?? []).map { item in
                [
                    "sku": .string(item.sku ?? ""), "qty_ordered": .number(item.qtyOrdered ?? 0),
                    "parent_item_id": .null,
                ]
            }
            let payload: JSONValue = [
                "order": [
                    "quote_id": .number(Decimal(try #require(order.quoteID))),
                    "increment_id": .string(order.incrementID ?? ""), "items": .array(items),
                ]
            ]
            let answer = await responder.answer(CommerceWebhookCall(payload: payload), method: .orderPlace)
            #expect(answer == [.success])
            orders.append(order)
        }
        let abandoned: JSONValue = [
            "data": ["quoteItem": ["sku": "SKU-000001", "qty": "1.0000", "quote_id": "9001"]]
        ]
        #expect(
            await responder.answer(CommerceWebhookCall(payload: abandoned), method: .salesQuoteAddItem) == [.success])
        return Setup(
            commerce: commerce, erp: erp, store: store, reservations: reservations, responder: responder, orders: orders
        )
    }

    private func engine(
        _ setup: Setup, sink: (any OrderSink)? = nil, reservations: Bool = true
    ) -> DualWriteOrderEngine {
        var configuration = DualWriteOrderEngine.Configuration()
        configuration.pageSize = 3
        // Retries 1 s, 2 s, 4 s … apart: no jitter, so a retry never falls due within the pass that failed.
        configuration.dispatcher.defaultPolicy.retry = RetryPolicy(
            maximumAttempts: 8, initialDelay: .seconds(1), maximumDelay: .seconds(600), jitter: false)
        return DualWriteOrderEngine(
            commerce: setup.commerce.makeClient(), sink: sink ?? setup.erp, fulfillment: nil, store: setup.store,
            reservations: reservations ? setup.reservations : nil, configuration: configuration,
            time: clock.timeSource())
    }

    /// The reservation keys the responder made for `order`: `<quote id>/<sku>`.
    private func keys(_ order: Order) throws -> [String] {
        let quote = String(try #require(order.quoteID))
        return (order.items ?? []).compactMap(\.sku).map {
            CheckoutWebhookResponder.reservationKey(quoteID: quote, sku: $0)
        }
    }

    private func erpNumber(_ store: InMemoryConnectorStore, _ order: Order) async throws -> String {
        let state = try await store.mapping(
            MappingKey(.order, from: .commerce, String(try #require(order.entityID)), to: .erp))
        guard case .mapped(let number)? = state else {
            Issue.record("order \(order.incrementID ?? "?") is not mapped: \(String(describing: state))")
            return ""
        }
        return number
    }

    /// Every hold of every order is confirmed in the ERP with that order's ERP number.
    private func expectConfirmed(_ setup: Setup, _ orders: [Order]) async throws {
        for order in orders {
            let number = try await erpNumber(setup.store, order)
            #expect(number.hasPrefix("SO-"))
            for key in try keys(order) {
                let hold = await setup.erp.reservations[key]
                #expect(hold?.state == "confirmed", "\(key): \(String(describing: hold))")
                #expect(hold?.erpOrderNumber == number, "\(key)")
            }
        }
    }

    @Test("Placed orders' holds are confirmed with their ERP numbers and outlive the TTL; an abandoned cart's are not")
    func confirmsPlacedOrders() async throws {
        let setup = try await setUp(orders: 7)
        #expect(try await setup.reservations.activeKeys.count == 15, "14 order lines and the abandoned cart's line")
        let orders = engine(setup)
        let report = try await orders.sync()
        #expect(report.queued == 7 && report.export.delivered == 7, "\(report)")
        #expect(report.confirmations.delivered == 7 && report.confirmations.retried == 0, "\(report.confirmations)")
        try await expectConfirmed(setup, setup.orders)
        #expect(await setup.erp.calls["confirm"] == 14, "each line's hold confirmed once")
        #expect(try await setup.reservations.activeKeys == ["9001/SKU-000001"])
        let audit = try await setup.store.auditRecords(correlationID: "order-000000001").map(\.action)
        #expect(audit == ["order.export", "reservation.confirm"])

        clock.advance(by: .seconds(901))
        #expect(try await setup.reservations.releaseExpired() == ["9001/SKU-000001"], "only the unplaced cart's hold")
        #expect(await setup.erp.reservations["9001/SKU-000001"]?.state == "released")
        try await expectConfirmed(setup, setup.orders)
        #expect(await setup.erp.calls["release"] == 1)
    }

    @Test("The failing case before confirmation was wired: without a reservation engine the sweep releases the holds")
    func withoutConfirmationTheSweepReleasesPlacedOrders() async throws {
        let setup = try await setUp(orders: 2)
        let report = try await engine(setup, reservations: false).sync()
        #expect(report.export.delivered == 2 && report.confirmations == OutboxDispatcher.Report())
        clock.advance(by: .seconds(901))
        #expect(try await setup.reservations.releaseExpired().count == 5, "the placed orders' 4 holds and the cart's")
        #expect(await setup.erp.reservations[try keys(setup.orders[0])[0]]?.state == "released")
    }

    @Test("A retried export, a second pass, an order event and a confirmation by hand confirm each hold once")
    func confirmsOnce() async throws {
        let setup = try await setUp(orders: 4)
        let orders = engine(setup, sink: LosesAnswerOnce(setup.erp))
        let first = try await orders.sync()
        #expect(first.export.delivered == 3 && first.export.retried == 1, "\(first.export)")
        #expect(first.confirmations.delivered == 3)
        #expect(await setup.erp.calls["confirm"] == 6)
        clock.advance(by: .seconds(2))
        let second = try await orders.sync()
        #expect(second.export.delivered == 1 && second.confirmations.delivered == 1, "\(second)")
        #expect(await setup.erp.orders.count == 4, "the retried export found the order the ERP had created")
        try await expectConfirmed(setup, setup.orders)
        #expect(await setup.erp.calls["confirm"] == 8)

        clock.advance(by: .seconds(60))
        var changes = StoreChanges(time: clock.timeSource().now())
        #expect(try await !orders.queueExport(orderID: setup.orders[0].entityID, into: &changes), "exported already")
        let third = try await orders.sync()
        #expect(third.export.delivered == 0 && third.confirmations.delivered == 0, "\(third)")
        let number = try await erpNumber(setup.store, setup.orders[0])
        for key in try keys(setup.orders[0]) { try await setup.reservations.confirm(key: key, erpOrderNumber: number) }
        #expect(await setup.erp.calls["confirm"] == 8, "a confirmed hold is not confirmed again")
    }

    @Test("A confirmation the ERP refuses is retried by any worker; meanwhile the sweep does not release its holds")
    func failedConfirmationIsRetried() async throws {
        let setup = try await setUp(orders: 5) { FailingConfirmations($0, failures: 3) }
        let first = try await engine(setup).sync()
        #expect(first.export.delivered == 5, "a failing confirmation does not hold the export up")
        #expect(first.confirmations.retried == 3 && first.confirmations.delivered == 2, "\(first.confirmations)")
        let unconfirmed = await setup.erp.reservations.filter { $0.value.state == "reserved" }.keys.sorted()
        #expect(unconfirmed.count == 7, "the abandoned cart's hold and three orders' two each: \(unconfirmed)")

        // The worker dies; the holds' TTL passes before another worker runs.
        clock.advance(by: .seconds(901))
        #expect(try await setup.reservations.releaseExpired() == ["9001/SKU-000001"], "placed orders' holds are kept")
        let replacement = engine(setup)
        let later = try await replacement.deliver()
        #expect(later.export.delivered == 0 && later.confirmations.retried == 0, "\(later)")
        #expect(later.confirmations.delivered == 3, "\(later.confirmations)")
        try await expectConfirmed(setup, setup.orders)
        #expect(await setup.erp.calls["confirm"] == 10, "each hold confirmed once in the ERP; 3 refusals did not count")
        #expect(try await setup.reservations.activeKeys.isEmpty)
        clock.advance(by: .seconds(8 * 86_400))
        #expect(try await setup.reservations.releaseExpired().isEmpty, "confirmed holds are never released")
    }

    @Test("A placed order's holds are kept from its discovery, so an ERP down for longer than the TTL still confirms")
    func holdsAreKeptWhileTheExportWaits() async throws {
        let setup = try await setUp(orders: 4)
        let sink = DownForOrders(setup.erp)
        let orders = engine(setup, sink: sink)
        let first = try await orders.sync()
        #expect(first.queued == 4 && first.export.retried == 4 && first.confirmations.delivered == 0, "\(first)")
        clock.advance(by: .seconds(901))
        #expect(
            try await setup.reservations.releaseExpired() == ["9001/SKU-000001"],
            "the placed orders' holds are kept while their export waits")
        sink.down.withLock { $0 = false }
        let later = try await orders.sync()
        #expect(later.export.delivered == 4 && later.confirmations.delivered == 4, "\(later)")
        try await expectConfirmed(setup, setup.orders)
        #expect(await setup.erp.calls["confirm"] == 8)
    }

    @Test("Order events queue the export and keep the holds; a redelivered event before the export confirms once")
    func orderEventsConfirmOnce() async throws {
        let setup = try await setUp(orders: 3)
        let orders = engine(setup)
        for _ in 0..<2 {  // every event delivered twice, before any export
            for order in setup.orders {
                var changes = StoreChanges(time: clock.timeSource().now())
                #expect(try await orders.queueExport(orderID: order.entityID, into: &changes))
                try await setup.store.commit(changes)
            }
        }
        clock.advance(by: .seconds(901))
        #expect(try await setup.reservations.releaseExpired() == ["9001/SKU-000001"], "the events kept the holds")
        let report = try await orders.deliver()
        #expect(report.export.delivered == 3 && report.confirmations.delivered == 3, "\(report)")
        try await expectConfirmed(setup, setup.orders)
        #expect(await setup.erp.calls["confirm"] == 6)
        #expect(await setup.erp.orders.count == 3)
    }

    @Test("An order whose hold lapsed before it reached the ERP is audited for review, not confirmed")
    func lapsedHoldIsAudited() async throws {
        let setup = try await setUp(orders: 1)
        clock.advance(by: .seconds(901))
        #expect(try await setup.reservations.releaseExpired().count == 3)
        let report = try await engine(setup).sync()
        #expect(report.export.delivered == 1 && report.confirmations.delivered == 1, "\(report)")
        #expect(await setup.erp.calls["confirm"] == nil, "nothing held, nothing to confirm")
        let audit = try await setup.store.auditRecords(correlationID: "order-000000001")
        let missing = try #require(audit.first { $0.action == "reservation.confirm.missing" })
        for key in try keys(setup.orders[0]) { #expect(missing.explanation.contains(key)) }
    }
}
