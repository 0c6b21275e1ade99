import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// An order sink that creates in the ERP and then loses the answer once, as a crash after the ERP call would.
final class LosesAnswerOnce: OrderSink {
    let erp: FakeERP
    private let lost = Mutex(false)
    init(_ erp: FakeERP) { self.erp = erp }

    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        let number = try await erp.createOrder(order, idempotencyKey: idempotencyKey)
        let first = lost.withLock { lost in
            defer { lost = true }
            return !lost
        }
        if first { throw AdapterError(.unavailable, system: .erp, "connection reset after the ERP committed") }
        return number
    }

    func orderStatus(erpOrderNumber: String) async throws -> String {
        try await erp.orderStatus(erpOrderNumber: erpOrderNumber)
    }
}

/// Commerce that fails the first order-comment POST, as a timeout or a 503 would.
final class FailsFirstComment: HTTPTransport {
    let base: FakeCommerce
    private let failed = Mutex(false)
    init(_ base: FakeCommerce) { self.base = base }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.method == .post, request.url.path.hasSuffix("/comments"),
            failed.withLock({ failed in
                defer { failed = true }
                return !failed
            })
        {
            return HTTPResponse(status: 503, body: Data(#"{"message":"Service Unavailable"}"#.utf8))
        }
        return try await base.send(request)
    }
}

/// Commerce that creates a shipment or invoice and then loses the answer, as a timeout would: the first of each
/// kind, or the n-th shipment.
final class LosesFirstDocumentAnswer: HTTPTransport {
    let base: FakeCommerce
    let shipmentToLose: Int
    private let counts = Mutex<(lost: Set<String>, shipments: Int)>(([], 0))
    init(_ base: FakeCommerce, shipmentToLose: Int = 1) {
        self.base = base
        self.shipmentToLose = shipmentToLose
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        let path = request.url.path
        let shipment = request.method == .post && path.hasSuffix("/ship")
        let lose = counts.withLock { counts -> Bool in
            if shipment {
                counts.shipments += 1
                return counts.shipments == shipmentToLose
            }
            return request.method == .post && path.hasSuffix("/invoice") && counts.lost.insert("invoice").inserted
        }
        guard lose else { return response }
        throw CommerceError(code: .connectionFailed, message: "The connection was reset after the request was sent.")
    }
}

struct DualWriteOrderEngineTests {
    private let clock = ManualClock()

    private func setUp(orders: Int = 3) async throws -> (FakeCommerce, FakeERP, InMemoryConnectorStore) {
        let commerce = FakeCommerce()
        try commerce.seedCatalog(productCount: 5)
        for index in 0..<orders {
            try commerce.placeOrder(
                customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-00000\(index % 5 + 1)", quantity: 2)])
        }
        return (commerce, FakeERP(time: clock.timeSource()), InMemoryConnectorStore())
    }

    private func engine(
        _ commerce: FakeCommerce, _ sink: any OrderSink, _ erp: FakeERP, _ store: InMemoryConnectorStore,
        pattern: any OrderExportPattern = DefaultOrderExport()
    ) -> DualWriteOrderEngine {
        DualWriteOrderEngine(
            commerce: commerce.makeClient(), sink: sink, fulfillment: erp, store: store, pattern: pattern,
            time: clock.timeSource())
    }

    /// The ERP number order `id` was exported as (batches export concurrently, so numbering order varies).
    private func erpNumber(_ store: InMemoryConnectorStore, order id: Int) async throws -> String {
        guard
            case .mapped(let number)? = try await store.mapping(
                MappingKey(.order, from: .commerce, String(id), to: .erp))
        else {
            throw AdapterError(.notFound, system: .erp, "order \(id) is not mapped")
        }
        return number
    }

    private func comments(_ commerce: FakeCommerce, order id: Int) async throws -> [String] {
        try await commerce.makeClient().orders.comments(orderID: id).items.compactMap(\.comment)
    }

    @Test("Orders are exported once, with the ERP number written back as a comment and in the ID map")
    func exportsOnce() async throws {
        let (commerce, erp, store) = try await setUp()
        let orders = engine(commerce, erp, erp, store)
        let first = try await orders.sync()
        #expect(first.queued == 3 && first.export.delivered == 3)
        #expect(await erp.orders.count == 3)
        let number = try await erpNumber(store, order: 1)
        #expect(number.hasPrefix("SO-"))
        #expect(try await comments(commerce, order: 1) == ["Exported to ERP as \(number)"])
        #expect(try await store.auditRecords(correlationID: "order-000000001").map(\.action) == ["order.export"])
        let second = try await orders.sync()
        #expect(
            second.queued == 0 && second.export.delivered == 0,
            "mapped orders are not queued again, despite the overlap")
        #expect(await erp.orders.count == 3)
        #expect(try await comments(commerce, order: 1).count == 1)
    }

    @Test("150 shipments and invoices in one overlap window, at one instant, all reach Commerce in one pass")
    func burstOfShipments() async throws {
        let (commerce, erp, store) = try await setUp(orders: 150)
        let orders = engine(commerce, erp, erp, store)
        #expect(try await orders.sync().export.delivered == 150)
        for number in await erp.orders.keys.sorted() {
            await erp.ship(erpOrderNumber: number, trackingNumber: "1Z\(number)")
            await erp.invoice(erpOrderNumber: number)
        }
        let report = try await orders.sync()
        #expect(report.shipments == 150 && report.invoices == 150 && report.failed == 0, "\(report)")
        let shipped = try await commerce.makeClient().salesDocuments.searchShipments(SearchCriteria().page(size: 1))
        #expect(shipped.totalCount == 150)
        clock.advance(by: .seconds(60))
        let again = try await orders.sync()
        #expect(again.shipments == 0 && again.invoices == 0, "the overlap re-reads them; the ID map skips them")
    }

    @Test("A shipment and an invoice Magento created before the answer was lost are found, not created again")
    func documentsCreatedOnce() async throws {
        let (commerce, erp, store) = try await setUp(orders: 1)
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: commerce.baseURL, authentication: .integration(commerce.options.integration)),
            transport: LosesFirstDocumentAnswer(commerce))
        let orders = DualWriteOrderEngine(
            commerce: client, sink: erp, fulfillment: erp, store: store, time: clock.timeSource())
        _ = try await orders.sync()
        let number = try await erpNumber(store, order: 1)
        await erp.ship(erpOrderNumber: number, trackingNumber: "1ZPART", lines: [.init(sku: "SKU-000001", quantity: 1)])
        #expect(try await orders.sync().failed == 1, "the answer was lost")
        clock.advance(by: .seconds(1))
        await erp.invoice(erpOrderNumber: number, lines: [.init(sku: "SKU-000001", quantity: 1)])
        let second = try await orders.sync()
        #expect(second.shipments == 0 && second.failed == 1, "the shipment was found; the invoice's answer is lost")
        clock.advance(by: .seconds(1))
        let third = try await orders.sync()
        #expect(third.invoices == 0 && third.failed == 0, "\(third)")
        let documents = commerce.makeClient().salesDocuments
        #expect(try await documents.searchShipments().totalCount == 1, "a partial shipment, created once")
        #expect(try await documents.searchInvoices().totalCount == 1, "a partial invoice, created once")
        #expect(try await documents.searchShipments().items.first?.totalQty == 1)
    }

    @Test(
        "Two shipments sharing a placeholder tracking number are told apart by their reference; empty lines are ignored"
    )
    func sharedTrackingNumber() async throws {
        let (commerce, erp, store) = try await setUp(orders: 1)
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: commerce.baseURL, authentication: .integration(commerce.options.integration)),
            transport: LosesFirstDocumentAnswer(commerce, shipmentToLose: 2))
        let orders = DualWriteOrderEngine(
            commerce: client, sink: erp, fulfillment: erp, store: store, time: clock.timeSource())
        _ = try await orders.sync()
        let number = try await erpNumber(store, order: 1)
        let lines: [ERPShipment.Line] = [.init(sku: "SKU-000001", quantity: 1), .init(sku: "NOT-ORDERED", quantity: 0)]
        let first = await erp.ship(erpOrderNumber: number, trackingNumber: "NOTRACK", lines: lines)
        _ = try await orders.sync()
        clock.advance(by: .seconds(1))
        let second = await erp.ship(erpOrderNumber: number, trackingNumber: "NOTRACK", lines: lines)
        #expect(try await orders.sync().failed == 1, "the second shipment's answer is lost")
        clock.advance(by: .seconds(1))
        _ = try await orders.sync()
        let shipments = try await commerce.makeClient().salesDocuments.searchShipments().items
        #expect(shipments.count == 2, "both shipments exist, once each")
        let mapped = { (number: String) async throws -> MappingState? in
            try await store.mapping(MappingKey(.shipment, from: .erp, number, to: .commerce))
        }
        let ids = Set(shipments.compactMap(\.entityID).map(String.init))
        guard case .mapped(let firstID)? = try await mapped(first.number),
            case .mapped(let secondID)? = try await mapped(second.number)
        else {
            Issue.record("both shipments should be mapped")
            return
        }
        #expect(firstID != secondID && ids == [firstID, secondID], "each ERP shipment is linked to its own")
    }

    @Test("A line that matches no order item parks the document instead of shipping or invoicing everything")
    func unmatchedLines() async throws {
        let (commerce, erp, store) = try await setUp(orders: 1)
        let orders = engine(commerce, erp, erp, store)
        _ = try await orders.sync()
        let number = try await erpNumber(store, order: 1)
        await erp.ship(erpOrderNumber: number, trackingNumber: "1ZX", lines: [.init(sku: "NOT-ORDERED", quantity: 1)])
        await erp.invoice(erpOrderNumber: number, lines: [.init(sku: "SKU-000001", quantity: 1)])
        let report = try await orders.sync()
        #expect(report.shipments == 0 && report.invoices == 1 && report.parked == 1, "\(report)")
        let documents = commerce.makeClient().salesDocuments
        #expect(try await documents.searchShipments().totalCount == 0)
        #expect(try await documents.searchInvoices().items.first?.totalQty == 1, "only the invoiced line")
        let reason = try await store.reviewItems(limit: 5, offset: 0).first?.draft.reason ?? ""
        #expect(reason.contains("NOT-ORDERED") && reason.contains("matches no line"))
    }

    @Test("An invoice without lines for less than is left to invoice is parked: a partial invoice needs its lines")
    func partialInvoiceWithoutLines() async throws {
        let (commerce, erp, store) = try await setUp(orders: 1)
        let orders = engine(commerce, erp, erp, store)
        _ = try await orders.sync()
        let number = try await erpNumber(store, order: 1)
        let partial = ERPInvoice(number: "IN-77", erpOrderNumber: number, amount: 1, issuedAt: clock.timeSource().now())
        struct OneInvoice: FulfillmentSource {
            let invoice: ERPInvoice
            func shipments(after cursor: FeedCursor, limit: Int) async throws -> [ERPShipment] { [] }
            func invoices(after cursor: FeedCursor, limit: Int) async throws -> [ERPInvoice] {
                [invoice].page(after: cursor, limit: limit)
            }
        }
        let withPartial = DualWriteOrderEngine(
            commerce: commerce.makeClient(), sink: erp, fulfillment: OneInvoice(invoice: partial), store: store,
            time: clock.timeSource())
        let report = try await withPartial.sync()
        #expect(report.invoices == 0 && report.parked == 1, "\(report)")
        #expect(try await commerce.makeClient().salesDocuments.searchInvoices().totalCount == 0)
    }

    @Test("A write-back of the ERP number that fails is retried by itself, and written once")
    func writeBackRetried() async throws {
        let (commerce, erp, store) = try await setUp(orders: 1)
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: commerce.baseURL, authentication: .integration(commerce.options.integration)),
            transport: FailsFirstComment(commerce))
        let orders = DualWriteOrderEngine(
            commerce: client, sink: erp, fulfillment: erp, store: store, time: clock.timeSource())
        let first = try await orders.sync()
        #expect(first.export.delivered == 1 && first.writeBack.retried == 1, "the export lands, the write-back retries")
        #expect(try await comments(commerce, order: 1).isEmpty)
        clock.advance(by: .seconds(2))
        let second = try await orders.sync()
        #expect(second.export.delivered == 0 && second.writeBack.delivered == 1, "\(second)")
        #expect(try await comments(commerce, order: 1) == ["Exported to ERP as SO-1001"])
        #expect(await erp.orders.count == 1)
        clock.advance(by: .seconds(600))
        _ = try await orders.sync()
        #expect(try await comments(commerce, order: 1).count == 1, "written once")
    }

    @Test("An order held at checkout and released after newer orders were exported is discovered when released")
    func lateExportableOrder() async throws {
        var options = FakeCommerce.Options()
        options.time = clock.timeSource()
        let commerce = FakeCommerce(options: options)
        try commerce.seedCatalog(productCount: 2)
        let held = try commerce.placeOrder(
            customerEmail: "held@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
        let heldID = try #require(held.entityID)
        #expect(try await commerce.makeClient().orders.hold(orderID: heldID))
        let erp = FakeERP(time: clock.timeSource())
        let store = InMemoryConnectorStore()
        let orders = engine(commerce, erp, erp, store)
        clock.advance(by: .seconds(3_600))
        try commerce.placeOrder(customerEmail: "new@example.com", lines: [.init(sku: "SKU-000002", quantity: 1)])
        #expect(try await orders.sync().queued == 1, "only the new order is exportable")
        clock.advance(by: .seconds(3_600))
        #expect(try await commerce.makeClient().orders.unhold(orderID: heldID))
        clock.advance(by: .seconds(1))
        let released = try await orders.sync()
        #expect(released.queued == 1 && released.export.delivered == 1, "\(released)")
        #expect(await erp.orders.count == 2)
    }

    @Test("While the ERP is down orders stay queued; when it is back they arrive exactly once")
    func erpDown() async throws {
        let (commerce, erp, store) = try await setUp()
        var down = FakeERP.Faults()
        down.errorRate = 1
        await erp.setFaults(down)
        let orders = engine(commerce, erp, erp, store)
        let failed = try await orders.sync()
        #expect(failed.export.delivered == 0 && failed.export.retried == 3)
        #expect(try await store.outboxStatus(now: clock.timeSource().now()).totalPending == 3)
        #expect(await erp.orders.isEmpty)
        await erp.setFaults(FakeERP.Faults())
        clock.advance(by: .seconds(2))
        let recovered = try await orders.sync()
        #expect(recovered.export.delivered == 3)
        #expect(await erp.orders.count == 3)
        #expect(try await store.outboxStatus(now: clock.timeSource().now()).totalPending == 0)
    }

    @Test("A crash after the ERP created the order does not create it twice")
    func crashAfterCreate() async throws {
        let (commerce, erp, store) = try await setUp(orders: 1)
        let orders = engine(commerce, LosesAnswerOnce(erp), erp, store)
        #expect(try await orders.sync().export.retried == 1)
        clock.advance(by: .seconds(2))
        #expect(try await orders.sync().export.delivered == 1)
        #expect(await erp.orders.count == 1, "the retry reused the claim token, so the ERP returned the order it had")
        #expect(try await comments(commerce, order: 1) == ["Exported to ERP as SO-1001"])
    }

    @Test("An order the pattern refuses goes to the dead-letter queue at once, with the reason")
    func refusedOrder() async throws {
        struct NoGuests: OrderExportPattern {
            func validate(_ order: Order) throws {
                if order.customerIsGuest == 1 {
                    throw MappingError(
                        record: "order \(order.incrementID ?? "")", field: "customer_is_guest",
                        message: "guest orders are not exported")
                }
            }
        }
        let (commerce, erp, store) = try await setUp(orders: 1)
        let report = try await engine(commerce, erp, erp, store, pattern: NoGuests()).sync()
        #expect(report.export.deadLettered == 1)
        let letter = try #require(try await store.deadLetters(limit: 5, offset: 0).first)
        #expect(letter.reason.contains("guest orders are not exported"))
        #expect(await erp.orders.isEmpty)
    }

    @Test("Shipments with tracking and invoices flow back once; an unknown ERP order is parked")
    func fulfilmentBack() async throws {
        let (commerce, erp, store) = try await setUp(orders: 2)
        let orders = engine(commerce, erp, erp, store)
        _ = try await orders.sync()
        clock.advance(by: .seconds(1))
        let number = try await erpNumber(store, order: 1)
        await erp.ship(erpOrderNumber: number, trackingNumber: "1Z999")
        await erp.invoice(erpOrderNumber: number)
        await erp.ship(erpOrderNumber: "SO-9999", trackingNumber: "LOST")
        let report = try await orders.sync()
        #expect(report.shipments == 1 && report.invoices == 1 && report.parked == 1)
        let client = commerce.makeClient()
        let shipments = try await client.salesDocuments.searchShipments(SearchCriteria().filter("order_id", .eq, "1"))
        #expect(shipments.items.first?.tracks?.map(\.trackNumber) == ["1Z999"])
        #expect(try await client.orders.get(id: 1).state == "complete")
        #expect(try await store.reviewItems(limit: 5, offset: 0).first?.draft.reason.contains("SO-9999") == true)
        let again = try await orders.sync()
        #expect(
            again.shipments == 0 && again.invoices == 0 && again.parked == 0,
            "the overlap re-reads them, the ID map skips them")
        #expect(try await store.reviewItems(limit: 5, offset: 0).count == 1)
        #expect(try await client.salesDocuments.searchShipments().totalCount == 1)
    }

    @Test("Progress events report each phase")
    func progressEvents() async throws {
        let (commerce, erp, store) = try await setUp(orders: 2)
        let orders = engine(commerce, erp, erp, store)
        _ = try await orders.sync()
        var phases: [String] = []
        for await event in orders.progress {
            phases.append(event.phase)
            if phases.count == 4 { break }
        }
        #expect(phases == ["discover", "export", "shipments", "invoices"])
    }
}
