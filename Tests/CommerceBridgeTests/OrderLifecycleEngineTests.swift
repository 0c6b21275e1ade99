import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// Commerce that creates a credit memo or an RMA and then loses the answer once each, as a timeout or a crash
/// between Magento's commit and the connector's record would.
final class LosesLifecycleAnswers: HTTPTransport {
    let base: FakeCommerce
    private let lost = Mutex<Set<String>>([])
    init(_ base: FakeCommerce) { self.base = base }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        let path = request.url.path
        let kind =
            request.method != .post
            ? nil
            : path.hasSuffix("/refund") ? "refund" : path.hasSuffix("/V1/returns") ? "return" : nil
        guard let kind, response.status == 200, lost.withLock({ $0.insert(kind).inserted }) else { return response }
        throw CommerceError(code: .connectionFailed, message: "The connection was reset after the request was sent.")
    }
}

struct OrderLifecycleEngineTests {
    private let clock = ManualClock()

    /// A store with `orders` orders of 2 × SKU-000001 (11.99) and 1 × SKU-000002 (12.99), shipping 5, exported to the
    /// ERP; returns the fakes, the store and the ERP numbers in Commerce order.
    private func setUp(orders: Int = 1) async throws -> (FakeCommerce, FakeERP, InMemoryConnectorStore, [String]) {
        let commerce = FakeCommerce()
        try commerce.seedCatalog(productCount: 3)
        for index in 0..<orders {
            try commerce.placeOrder(
                customerEmail: "c\(index)@example.com",
                lines: [.init(sku: "SKU-000001", quantity: 2), .init(sku: "SKU-000002", quantity: 1)])
        }
        let erp = FakeERP(time: clock.timeSource())
        let store = InMemoryConnectorStore()
        _ = try await exporter(commerce, erp, store).sync()
        var numbers: [String] = []
        for id in 1...orders {
            guard
                case .mapped(let number)? = try await store.mapping(
                    MappingKey(.order, from: .commerce, String(id), to: .erp))
            else { throw AdapterError(.notFound, system: .erp, "order \(id) was not exported") }
            numbers.append(number)
        }
        return (commerce, erp, store, numbers)
    }

    private func exporter(_ commerce: FakeCommerce, _ erp: FakeERP, _ store: InMemoryConnectorStore)
        -> DualWriteOrderEngine
    {
        DualWriteOrderEngine(
            commerce: commerce.makeClient(), sink: erp, fulfillment: erp, store: store, time: clock.timeSource())
    }

    private func engine(
        _ commerce: FakeCommerce, _ erp: FakeERP, _ store: InMemoryConnectorStore,
        client: AdobeCommerceClient? = nil, configure: (inout OrderLifecycleEngine.Configuration) -> Void = { _ in }
    ) -> OrderLifecycleEngine {
        var configuration = OrderLifecycleEngine.Configuration()
        configure(&configuration)
        return OrderLifecycleEngine(
            commerce: client ?? commerce.makeClient(), source: erp, store: store, configuration: configuration,
            time: clock.timeSource())
    }

    /// Ships and invoices the whole order in the ERP and brings both to Commerce; returns the ERP invoice number.
    @discardableResult
    private func fulfil(
        _ number: String, _ commerce: FakeCommerce, _ erp: FakeERP, _ store: InMemoryConnectorStore
    ) async throws -> String {
        await erp.ship(erpOrderNumber: number, trackingNumber: "1Z\(number)")
        let invoice = await erp.invoice(erpOrderNumber: number)
        clock.advance(by: .seconds(1))
        _ = try await exporter(commerce, erp, store).sync()
        return invoice.number
    }

    private func reasons(_ store: InMemoryConnectorStore) async throws -> [String] {
        try await store.reviewItems(limit: 100, offset: 0).map(\.draft.reason)
    }

    @Test("A comment with a status and the notify flag, a hold and its release reach the order once")
    func commentsAndHolds() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        await erp.comment(erpOrderNumber: numbers[0], "Picked in Leeds", status: "processing", notify: true)
        clock.advance(by: .seconds(1))
        await erp.hold(erpOrderNumber: numbers[0])
        let lifecycle = engine(commerce, erp, store)
        let first = try await lifecycle.sync()
        #expect(first.comments == 1 && first.holds == 1 && first.parked == 0, "\(first)")
        #expect(commerce.order(id: 1)?.state == "holded")
        let history = try await commerce.makeClient().orders.comments(orderID: 1).items
        let picked = history.first { $0.comment == "Picked in Leeds" }
        #expect(picked?.status == "processing" && picked?.isCustomerNotified == 1)
        clock.advance(by: .seconds(1))
        await erp.unhold(erpOrderNumber: numbers[0])
        let second = try await lifecycle.sync()
        #expect(second.releases == 1 && second.comments == 0 && second.holds == 0, "the overlap applies nothing twice")
        #expect(second.unchanged == 2, "\(second)")
        #expect(commerce.order(id: 1)?.state == "new", "the hold is released to the state before it")
        #expect(try await commerce.makeClient().orders.comments(orderID: 1).items.count == history.count)
        let audit = try await store.auditRecords(correlationID: "\(EntityReference("orderEvent", .erp, "EV-1"))")
        #expect(audit.map(\.action) == ["orderLifecycle.comment"])
    }

    @Test(
        "A cancellation cancels an open order and adds its reason; Magento's refusal of an invoiced one is parked once")
    func cancellations() async throws {
        let (commerce, erp, store, numbers) = try await setUp(orders: 2)
        await erp.cancel(erpOrderNumber: numbers[0], reason: "Customer called to cancel")
        try await fulfil(numbers[1], commerce, erp, store)
        await erp.cancel(erpOrderNumber: numbers[1])
        let lifecycle = engine(commerce, erp, store)
        let report = try await lifecycle.sync()
        #expect(report.cancellations == 1 && report.parked == 1, "\(report)")
        let canceled = try #require(commerce.order(id: 1))
        #expect(canceled.state == "canceled" && canceled.items?.allSatisfy { $0.qtyCanceled == $0.qtyOrdered } == true)
        let comments = try await commerce.makeClient().orders.comments(orderID: 1).items.compactMap(\.comment)
        #expect(comments.contains("Customer called to cancel"))
        #expect(commerce.order(id: 2)?.state == "complete", "an invoiced, shipped order is not cancelled")
        let reason = try #require(try await reasons(store).first)
        #expect(reason.contains("Magento refused to cancel order 000000002"))
        #expect(reason.contains("answered false") && reason.contains("complete"))
        clock.advance(by: .seconds(1))
        let again = try await lifecycle.sync()
        #expect(again.parked == 0 && again.cancellations == 0, "read again by the overlap, parked once: \(again)")
        #expect(try await reasons(store).count == 1)
    }

    @Test("An invoiced but unshipped order is refused with Magento's reason: refund it instead")
    func cancelInvoicedOrder() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        await erp.invoice(erpOrderNumber: numbers[0])
        clock.advance(by: .seconds(1))
        _ = try await exporter(commerce, erp, store).sync()
        await erp.cancel(erpOrderNumber: numbers[0])
        #expect(try await engine(commerce, erp, store).sync().parked == 1)
        #expect(commerce.order(id: 1)?.state == "processing")
        let reason = try #require(try await reasons(store).first)
        #expect(reason.contains("it is invoiced in full; refund it with a credit memo instead"), "\(reason)")
    }

    @Test("A hold Magento does not allow in the order's state, and a release of an order not on hold, are parked")
    func holdRefusals() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        await erp.cancel(erpOrderNumber: numbers[0])
        clock.advance(by: .seconds(1))
        await erp.hold(erpOrderNumber: numbers[0])
        clock.advance(by: .seconds(1))
        await erp.unhold(erpOrderNumber: numbers[0])
        let report = try await engine(commerce, erp, store).sync()
        #expect(report.cancellations == 1 && report.parked == 2, "\(report)")
        let all = try await reasons(store)
        #expect(
            all.contains {
                $0.contains("refused to hold order 000000001 in state canceled: A hold action is not available.")
            })
        #expect(
            all.contains {
                $0.contains("refused to release order 000000001 in state canceled: You cannot remove the hold.")
            })
    }

    @Test("An ERP credit memo refunds its invoice offline with the ERP's lines, shipping and adjustments, once")
    func invoiceRefund() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        let invoice = try await fulfil(numbers[0], commerce, erp, store)
        let memo = await erp.refund(
            erpOrderNumber: numbers[0], invoiceNumber: invoice, lines: [.init(sku: "SKU-000001", quantity: 1)],
            shippingAmount: 5, adjustmentPositive: 2, adjustmentNegative: 2, comment: "Damaged in transit")
        let lifecycle = engine(commerce, erp, store)
        #expect(try await lifecycle.sync().creditMemos == 1)
        let client = commerce.makeClient()
        let created = try #require(try await client.operations.creditmemos.getCreditmemos().items?.first)
        #expect(created.invoiceID != nil && created.orderID == 1)
        #expect(created.grandTotal == Decimal(string: "16.99"), "11.99 + 5 shipping + 2 − 2")
        #expect(created.items?.map(\.qty) == [1] && created.shippingAmount == 5)
        #expect(created.adjustmentPositive == 2 && created.adjustmentNegative == 2)
        #expect(created.comments?.first?.comment == "ERP credit memo \(memo.number): Damaged in transit")
        let order = try #require(commerce.order(id: 1))
        #expect(order.totalRefunded == Decimal(string: "16.99") && order.state == "complete")
        clock.advance(by: .seconds(1))
        await erp.refund(
            erpOrderNumber: numbers[0], invoiceNumber: invoice,
            lines: [.init(sku: "SKU-000001", quantity: 1), .init(sku: "SKU-000002", quantity: 1)])
        let second = try await lifecycle.sync()
        #expect(second.creditMemos == 1 && second.unchanged == 1, "\(second)")
        #expect(commerce.order(id: 1)?.state == "closed", "refunded in full, the order is closed")
        #expect(commerce.order(id: 1)?.totalRefunded == Decimal(string: "41.97"), "the whole 41.97 paid")
    }

    @Test("A credit memo without an invoice refunds the order; one of shipping alone refunds no line")
    func orderRefund() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        try await fulfil(numbers[0], commerce, erp, store)
        await erp.refund(erpOrderNumber: numbers[0], lines: [], shippingAmount: 5)
        clock.advance(by: .seconds(1))
        await erp.refund(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000002", quantity: 1)])
        #expect(try await engine(commerce, erp, store).sync().creditMemos == 2)
        let memos = try await commerce.makeClient().operations.creditmemos.getCreditmemos().items ?? []
        #expect(memos.map(\.grandTotal) == [5, Decimal(string: "12.99")])
        #expect(memos.allSatisfy { $0.invoiceID == nil })
        #expect(memos[0].items?.allSatisfy { $0.qty == 0 } ?? true, "shipping only: no quantity refunded")
        #expect(commerce.order(id: 1)?.items?.first { $0.sku == "SKU-000002" }?.qtyRefunded == 1)
    }

    @Test("Magento's refusals of a refund (money, quantity, SKU, invoice, shipping) are parked once with its message")
    func refundRefusals() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        let invoice = try await fulfil(numbers[0], commerce, erp, store)
        await erp.refund(erpOrderNumber: numbers[0], lines: [], adjustmentPositive: 500)
        await erp.refund(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000002", quantity: 3)])
        await erp.refund(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000003", quantity: 1)])
        await erp.refund(erpOrderNumber: numbers[0], invoiceNumber: "IN-404", lines: [])
        await erp.refund(erpOrderNumber: numbers[0], invoiceNumber: invoice, lines: [], shippingAmount: 9)
        let lifecycle = engine(commerce, erp, store)
        let report = try await lifecycle.sync()
        #expect(report.parked == 5 && report.creditMemos == 0, "\(report)")
        let all = try await reasons(store)
        #expect(all.contains { $0.contains("CM-1") && $0.contains("The most money available to refund is 41.97.") })
        #expect(
            all.contains {
                $0.contains("CM-2")
                    && $0.contains(
                        "The quantity to creditmemo must not be greater than the unrefunded quantity for product SKU "
                            + "\"SKU-000002\".")
            })
        #expect(all.contains { $0.contains("SKU-000003 × 1 matches no line of order 000000001") })
        #expect(all.contains { $0.contains("ERP invoice IN-404 is not in Commerce") })
        #expect(all.contains { $0.contains("Maximum shipping amount allowed to refund is: $5.00") })
        #expect(try await commerce.makeClient().operations.creditmemos.getCreditmemos().totalCount == 0)
        clock.advance(by: .seconds(1))
        #expect(try await lifecycle.sync().parked == 0, "parked once, not again when the overlap reads them")
        #expect(try await reasons(store).count == 5)
    }

    @Test("A return is created as an RMA with its lines and reference, then follows the WMS's status and tracking")
    func returns() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        try await fulfil(numbers[0], commerce, erp, store)
        let rma = await erp.openReturn(
            erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000001", quantity: 2, reason: "7")],
            comment: "Wrong size")
        let lifecycle = engine(commerce, erp, store)
        #expect(try await lifecycle.sync().returnsCreated == 1)
        let returns = commerce.makeClient().operations.returns
        let created = try #require(try await returns.getReturns().items?.first)
        #expect(created.orderID == 1 && created.status == "pending")
        #expect(created.items?.first?.qtyRequested == 2 && created.items?.first?.reason == "7")
        #expect(created.comments?.first?.comment == "ERP return \(rma.number): Wrong size")
        clock.advance(by: .seconds(1))
        await erp.updateReturn(
            rma.number, status: "authorized",
            addTracks: [.init(carrierCode: "ups", carrierTitle: "UPS", trackingNumber: "1ZBACK")])
        let second = try await lifecycle.sync()
        #expect(second.returnsCreated == 0 && second.returnStatusChanges == 1 && second.returnTracks == 1, "\(second)")
        let id = try #require(created.entityID)
        let updated = try await returns.getReturnsByID(id: id)
        #expect(updated.status == "authorized" && updated.items?.first?.qtyAuthorized == 2)
        #expect(updated.items?.first?.status == "authorized")
        #expect(try await returns.getReturnsByIDTrackingNumbers(id: id).items?.map(\.trackNumber) == ["1ZBACK"])
        clock.advance(by: .seconds(1))
        let third = try await lifecycle.sync()
        #expect(third.returnStatusChanges == 0 && third.returnTracks == 0 && third.returnsCreated == 0, "\(third)")
    }

    @Test("A return of more than was shipped is refused by Magento and parked with its message")
    func returnRefused() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        await erp.openReturn(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000001", quantity: 1)])
        #expect(try await engine(commerce, erp, store).sync().parked == 1)
        let reason = try #require(try await reasons(store).first)
        #expect(reason.contains("You cannot return Product 1."), "nothing is shipped yet: \(reason)")
        try await fulfil(numbers[0], commerce, erp, store)
        clock.advance(by: .seconds(600))
        await erp.openReturn(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000001", quantity: 3)])
        #expect(try await engine(commerce, erp, store).sync().parked == 1)
        #expect(
            try await reasons(store).contains { $0.contains("A quantity of Product 1 is greater than you can return.") }
        )
    }

    @Test("A credit memo and an RMA Magento created before the answer was lost are found, not created twice")
    func createdOnceAcrossLostAnswers() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        let invoice = try await fulfil(numbers[0], commerce, erp, store)
        await erp.refund(
            erpOrderNumber: numbers[0], invoiceNumber: invoice, lines: [.init(sku: "SKU-000001", quantity: 1)])
        await erp.openReturn(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000002", quantity: 1)])
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: commerce.baseURL, authentication: .integration(commerce.options.integration)),
            transport: LosesLifecycleAnswers(commerce))
        let first = try await engine(commerce, erp, store, client: client).sync()
        #expect(first.failed == 2 && first.creditMemos == 0 && first.returnsCreated == 0, "\(first)")
        // A fresh engine, as after a restart: the claims are pending, so Commerce is searched before creating.
        let second = try await engine(commerce, erp, store, client: client).sync()
        #expect(second.creditMemos == 0 && second.returnsCreated == 0 && second.failed == 0, "\(second)")
        let plain = commerce.makeClient()
        #expect(try await plain.operations.creditmemos.getCreditmemos().totalCount == 1, "one credit memo")
        #expect(try await plain.operations.returns.getReturns().totalCount == 1, "one RMA")
        let memoID = try #require(try await plain.operations.creditmemos.getCreditmemos().items?.first?.entityID)
        #expect(
            try await store.mapping(MappingKey("creditmemo", from: .erp, "CM-1", to: .commerce))
                == .mapped(targetID: String(memoID)))
        #expect(commerce.order(id: 1)?.totalRefunded == Decimal(string: "11.99"), "refunded once")
    }

    @Test("A process that died between Magento's create and the ID map's record leaves a pending claim: the next finds")
    func crashBeforeRecord() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        try await fulfil(numbers[0], commerce, erp, store)
        let memo = await erp.refund(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000002", quantity: 1)])
        let rma = await erp.openReturn(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000001", quantity: 1)])
        // What the dead process did: claimed both keys, and Magento created both documents with their references.
        let now = clock.timeSource().now()
        _ = try await store.claimMapping(
            MappingKey("creditmemo", from: .erp, memo.number, to: .commerce), token: "dead-worker", now: now)
        _ = try await store.claimMapping(
            MappingKey("return", from: .erp, rma.number, to: .commerce), token: "dead-worker", now: now)
        let client = commerce.makeClient()
        let item = try #require(commerce.order(id: 1)?.items?.first { $0.sku == "SKU-000002" }?.itemID)
        var noShipping = CreditmemoCreationArguments()
        noShipping.shippingAmount = 0
        let memoID = try await client.orders.refund(
            orderID: 1, items: [.init(orderItemID: item, qty: 1)], arguments: noShipping,
            comment: .init(comment: "ERP credit memo \(memo.number)"))
        let first = try #require(commerce.order(id: 1)?.items?.first { $0.sku == "SKU-000001" }?.itemID)
        let made = try await client.operations.returns.postReturns(
            rmaDataObject: CommerceSchema.Rma(
                comments: [.init(comment: "ERP return \(rma.number)")],
                items: [.init(orderItemID: first, qtyRequested: 1)], orderID: 1))
        let report = try await engine(commerce, erp, store).sync()
        #expect(report.creditMemos == 0 && report.returnsCreated == 0 && report.failed == 0, "\(report)")
        #expect(try await client.operations.creditmemos.getCreditmemos().totalCount == 1)
        #expect(try await client.operations.returns.getReturns().totalCount == 1)
        #expect(
            try await store.mapping(MappingKey("creditmemo", from: .erp, memo.number, to: .commerce))
                == .mapped(targetID: String(memoID)))
        #expect(
            try await store.mapping(MappingKey("return", from: .erp, rma.number, to: .commerce))
                == .mapped(targetID: String(try #require(made.entityID))))
    }

    @Test("Commerce failing for a moment stops the feed before the record, and the next pass applies it")
    func transientFailureRetried() async throws {
        let (commerce, erp, store, numbers) = try await setUp()
        await erp.hold(erpOrderNumber: numbers[0])
        commerce.inject(.status(503))
        let lifecycle = engine(commerce, erp, store, client: commerce.makeClient { $0.retry = .none })
        let first = try await lifecycle.sync()
        #expect(first.failed == 1 && first.holds == 0 && first.parked == 0, "\(first)")
        #expect(try await lifecycle.sync().holds == 1)
        #expect(commerce.order(id: 1)?.state == "holded")
        var faults = FakeERP.Faults()
        faults.errorRate = 1
        await erp.setFaults(faults)
        await erp.comment(erpOrderNumber: numbers[0], "later")
        #expect(try await lifecycle.sync().failed == 3, "each feed counts the ERP being unavailable")
        await erp.setFaults(FakeERP.Faults())
        #expect(try await lifecycle.sync().comments == 1)
    }

    @Test("Records of orders Commerce does not know are parked, saying why")
    func unmappedOrder() async throws {
        let (commerce, erp, store, _) = try await setUp()
        await erp.hold(erpOrderNumber: "SO-UNKNOWN")
        #expect(try await engine(commerce, erp, store).sync().parked == 1)
        #expect(
            try await reasons(store).first?.contains("ERP order SO-UNKNOWN is not mapped to a Commerce order") == true)
    }

    @Test("Feeds longer than a page are read whole in one pass, across pages")
    func beyondOnePage() async throws {
        let (commerce, erp, store, numbers) = try await setUp(orders: 12)
        for number in numbers {
            await erp.comment(erpOrderNumber: number, "Allocated")
            await erp.hold(erpOrderNumber: number)
        }
        let lifecycle = engine(commerce, erp, store) { $0.pageSize = 5 }
        let report = try await lifecycle.sync()
        #expect(report.comments == 12 && report.holds == 12, "\(report)")
        #expect((1...12).allSatisfy { commerce.order(id: $0)?.state == "holded" })
        let checkpoint = try await store.checkpoint(named: "erp.orderEvents")
        #expect(checkpoint != nil)
    }

    @Test("A pattern refusing a record parks it; its before-send step changes what is sent")
    func patternHooks() async throws {
        struct Strict: OrderLifecyclePattern {
            func validate(_ document: OrderLifecycleDocument, order: Order) throws {
                if case .event(let event) = document, case .hold = event.action {
                    throw MappingError(record: "\(document.entity)", field: "action", message: "holds are manual here")
                }
            }
            func beforeSend(_ request: OrderLifecycleRequest, document: OrderLifecycleDocument, order: Order)
                async throws -> OrderLifecycleRequest
            {
                guard case .comment(var history) = request else { return request }
                history.comment = "[ERP] " + (history.comment ?? "")
                return .comment(history)
            }
        }
        let (commerce, erp, store, numbers) = try await setUp()
        await erp.hold(erpOrderNumber: numbers[0])
        await erp.comment(erpOrderNumber: numbers[0], "Packed")
        let lifecycle = OrderLifecycleEngine(
            commerce: commerce.makeClient(), source: erp, store: store, pattern: Strict(), time: clock.timeSource())
        let report = try await lifecycle.sync()
        #expect(report.parked == 1 && report.comments == 1 && report.holds == 0)
        #expect(try await reasons(store).first?.contains("holds are manual here") == true)
        let comments = try await commerce.makeClient().orders.comments(orderID: 1).items.compactMap(\.comment)
        #expect(comments.contains("[ERP] Packed"))
    }

    @Test("FakeERP's lifecycle feeds pass the adapter conformance suite")
    func conformance() async throws {
        let (_, erp, _, numbers) = try await setUp()
        for index in 0..<7 {
            await erp.comment(erpOrderNumber: numbers[0], "note \(index)")
            await erp.refund(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000001", quantity: 1)])
            await erp.openReturn(erpOrderNumber: numbers[0], lines: [.init(sku: "SKU-000001", quantity: 1)])
        }
        try await AdapterConformance.orderLifecycleSource(erp, expectsRecords: true)
    }
}
