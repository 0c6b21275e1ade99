import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

/// A pattern that refuses credit memos above a limit, as a business rule would.
struct RefusesLargeRefunds: OrderAdjustmentExportPattern {
    var limit: Decimal
    func validate(_ adjustment: StoreOrderAdjustment) throws {
        try OrderAdjustmentMapping.validate(adjustment)
        if case .creditMemo(let memo, _) = adjustment, let total = memo.grandTotal, total > limit {
            throw MappingError(record: adjustment.name, field: "grand_total", message: "\(total) needs a manager")
        }
    }
}

struct OrderAdjustmentExportEngineTests {
    private let clock = ManualClock()
    private var time: TimeSource { clock.timeSource() }

    /// A store with `orders` orders of `quantity` units each, an ERP, and an empty connector store.
    private func setUp(orders: Int, quantity: Decimal = 2) throws -> (FakeCommerce, FakeERP, InMemoryConnectorStore) {
        var options = FakeCommerce.Options()
        options.time = time
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 5)
        for index in 0..<orders {
            try fake.placeOrder(
                customerEmail: "c\(index)@example.com",
                lines: [.init(sku: "SKU-00000\(index % 5 + 1)", quantity: quantity)])
        }
        return (fake, FakeERP(time: time), InMemoryConnectorStore())
    }

    private func exportOrders(_ fake: FakeCommerce, _ erp: FakeERP, _ store: InMemoryConnectorStore) async throws
        -> DualWriteOrderEngine.Report
    {
        try await DualWriteOrderEngine(
            commerce: fake.makeClient(), sink: erp, fulfillment: nil, store: store, time: time
        ).sync()
    }

    private func engine(
        _ fake: FakeCommerce, _ sink: any OrderAdjustmentSink, _ store: any ConnectorStore,
        pattern: any OrderAdjustmentExportPattern = DefaultOrderAdjustmentExport(),
        configure: (inout OrderAdjustmentExportEngine.Configuration) -> Void = { _ in }
    ) -> OrderAdjustmentExportEngine {
        var configuration = OrderAdjustmentExportEngine.Configuration()
        configure(&configuration)
        return OrderAdjustmentExportEngine(
            commerce: fake.makeClient(), sink: sink, store: store, pattern: pattern, configuration: configuration,
            time: time)
    }

    /// Invoices order `id` whole, paid, as a captured payment does.
    private func invoice(_ fake: FakeCommerce, order id: Int, items: [CommerceSchema.SalesInvoiceItemCreation] = [])
        async throws
    {
        _ = try await fake.makeClient().orders.invoice(orderID: id, items: items, capture: true)
    }

    /// Refunds `quantity` units of the first line of order `id` (offline), with optional shipping and adjustments.
    @discardableResult
    private func refund(
        _ fake: FakeCommerce, order id: Int, quantity: Decimal, shipping: Decimal = 0, refund: Decimal = 0,
        fee: Decimal = 0, comment: String? = nil
    ) async throws -> Int {
        let client = fake.makeClient()
        let item = try #require(try await client.orders.get(id: id).items?.first?.itemID)
        var arguments = CreditmemoCreationArguments()
        arguments.shippingAmount = shipping
        arguments.adjustmentPositive = refund
        arguments.adjustmentNegative = fee
        return try await client.orders.refund(
            orderID: id, items: [.init(orderItemID: item, qty: quantity)], arguments: arguments,
            comment: comment.map { CommerceSchema.SalesCreditmemoCommentCreation(comment: $0) })
    }

    private func erpNumber(_ store: any ConnectorStore, order id: Int) async throws -> String {
        guard
            case .mapped(let number)? = try await store.mapping(
                MappingKey(.order, from: .commerce, String(id), to: .erp))
        else { throw AdapterError(.notFound, system: .erp, "order \(id) is not mapped") }
        return number
    }

    @Test("A cancellation and a credit memo made in the store reach the ERP once, with their lines and amounts")
    func cancellationAndCreditMemoOnce() async throws {
        let (fake, erp, store) = try setUp(orders: 3)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 3)
        try await invoice(fake, order: 1)
        let memoID = try await refund(fake, order: 1, quantity: 1, shipping: 5, refund: 2, fee: 1, comment: "damaged")
        #expect(try await fake.makeClient().orders.cancel(orderID: 2))
        let adjustments = engine(fake, erp, store)
        let report = try await adjustments.sync()
        #expect(report.cancellationsQueued == 1 && report.creditMemosQueued == 1)
        #expect(report.cancellationsSent == 1 && report.creditMemosSent == 1 && report.delivery.delivered == 2)

        let memo = try await fake.makeClient().salesDocuments.creditmemo(id: memoID)
        let order1 = try await erpNumber(store, order: 1)
        let notes = await erp.adjustments.creditNotes
        #expect(notes.count == 1)
        let note = try #require(notes.first).creditMemo
        #expect(note.erpOrderNumber == order1 && note.commerceOrderNumber == "000000001")
        #expect(note.commerceCreditMemoID == String(memoID) && note.commerceCreditMemoNumber == memo.incrementID)
        #expect(note.lines.map(\.sku) == ["SKU-000001"] && note.lines.map(\.quantity) == [1])
        #expect(note.shipping == 5 && note.adjustmentRefund == 2 && note.adjustmentFee == 1)
        #expect(note.subtotal == memo.subtotal && note.grandTotal == memo.grandTotal && note.currency == "USD")
        #expect(note.grandTotal == note.subtotal - note.discount + note.tax + 5 + 2 - 1)
        #expect(note.comment == "damaged")

        let cancellations = await erp.adjustments.cancellations
        #expect(cancellations.count == 1)
        let cancellation = try #require(cancellations.first).cancellation
        #expect(cancellation.erpOrderNumber == (try await erpNumber(store, order: 2)))
        #expect(cancellation.commerceOrderNumber == "000000002")
        #expect(cancellation.lines == [.init(sku: "SKU-000002", quantity: 2)])

        #expect(
            try await store.mapping(
                MappingKey(OrderAdjustmentExportEngine.creditMemoKind, from: .commerce, String(memoID), to: .erp))
                == .mapped(targetID: "CN-1"))
        #expect(
            try await store.auditRecords(correlationID: "order-000000001").map(\.action)
                == ["order.export", "creditmemo.export"])

        // The overlap reads both again: nothing is queued or sent twice.
        clock.advance(by: .seconds(60))
        let again = try await adjustments.sync()
        #expect(again.cancellationsQueued == 0 && again.creditMemosQueued == 0 && again.delivery.delivered == 0)
        let recorded = await erp.adjustments
        #expect(recorded.creditNotes.count == 1 && recorded.cancellations.count == 1)
    }

    @Test("A credit memo for an order the ERP has not got yet waits, without spending attempts, and follows the order")
    func waitsForTheOrder() async throws {
        let (fake, erp, store) = try setUp(orders: 1)
        try await invoice(fake, order: 1)
        try await refund(fake, order: 1, quantity: 1)
        let adjustments = engine(fake, erp, store)
        for _ in 0..<12 {  // more passes than the retry policy has attempts, an hour apart
            let waiting = try await adjustments.sync()
            #expect(waiting.delivery.postponed == 1 && waiting.creditMemosSent == 0)
            clock.advance(by: .seconds(3_600))
        }
        #expect(try await store.deadLetters(limit: 10, offset: 0).isEmpty, "waiting is not failing")
        #expect(await erp.adjustments.creditNotes.isEmpty)
        // The order export runs; the next pass sends the credit memo after it.
        #expect(try await exportOrders(fake, erp, store).export.delivered == 1)
        let sent = try await adjustments.sync()
        #expect(sent.creditMemosSent == 1)
        #expect(
            await erp.adjustments.creditNotes.first?.creditMemo.erpOrderNumber == (try await erpNumber(store, order: 1))
        )
    }

    @Test("An order's credit memos reach the ERP in the order they were made, and its cancellation after them")
    func inOrderPerOrder() async throws {
        let (fake, erp, store) = try setUp(orders: 1, quantity: 5)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 1)
        let item = try #require(try await fake.makeClient().orders.get(id: 1).items?.first?.itemID)
        try await invoice(fake, order: 1, items: [.init(orderItemID: item, qty: 4)])
        var memos: [Int] = []
        for _ in 0..<3 { memos.append(try await refund(fake, order: 1, quantity: 1)) }
        #expect(try await fake.makeClient().orders.cancel(orderID: 1), "the uninvoiced unit is cancelled")
        // All four are claimed in one batch and delivered side by side; the later ones wait for the earlier.
        let adjustments = engine(fake, erp, store)
        var (sent, waited) = (0, 0)
        for _ in 0..<8 where sent < 4 {
            let report = try await adjustments.sync()
            sent += report.cancellationsSent + report.creditMemosSent
            waited += report.delivery.postponed
            clock.advance(by: .seconds(3_600))
        }
        #expect(sent == 4)
        #expect(waited > 0, "later documents waited for earlier ones")
        let numbers = await erp.adjustments.creditNotes.map(\.creditMemo.commerceCreditMemoID)
        #expect(numbers == memos.map(String.init), "credit notes in the order Commerce made them")
        #expect(await erp.adjustments.cancellations.count == 1)
        let history = try await store.auditRecords(correlationID: "order-000000001").map(\.action)
        #expect(history == ["order.export"] + Array(repeating: "creditmemo.export", count: 3) + ["order.cancel.export"])
    }

    @Test("250 credit memos made at one instant, more than two pages, all reach the ERP once")
    func burstBeyondAPage() async throws {
        let (fake, erp, store) = try setUp(orders: 250)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 250)
        for id in 1...250 {
            try await invoice(fake, order: id)
            try await refund(fake, order: id, quantity: 1)
        }
        let total = try await fake.makeClient().salesDocuments.searchCreditmemos(SearchCriteria().page(size: 1))
            .totalCount
        #expect(total == 250)
        let adjustments = engine(fake, erp, store) { $0.pageSize = 100 }
        let report = try await adjustments.sync()
        #expect(report.creditMemosQueued == 250 && report.creditMemosSent == 250)
        let notes = await erp.adjustments.creditNotes
        #expect(notes.count == 250)
        #expect(Set(notes.map(\.creditMemo.commerceCreditMemoID)).count == 250, "none twice")
        clock.advance(by: .seconds(60))
        #expect(try await adjustments.sync().creditMemosQueued == 0)
    }

    @Test("A lost answer from an ERP that cannot deduplicate: the lookup finds the credit note, none is made twice")
    func lostAnswerWithoutDeduplication() async throws {
        let (fake, erp, store) = try setUp(orders: 2)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 2)
        try await invoice(fake, order: 1)
        try await refund(fake, order: 1, quantity: 1)
        #expect(try await fake.makeClient().orders.cancel(orderID: 2))
        await erp.configureAdjustments { adjustments in
            adjustments.deduplicatesByKey = false
            adjustments.answersLost = 2
        }
        let adjustments = engine(fake, erp, store)
        let first = try await adjustments.sync()
        #expect(first.delivery.retried == 2 && first.delivery.delivered == 0)
        let recorded = await erp.adjustments
        #expect(recorded.creditNotes.count == 1 && recorded.cancellations.count == 1)
        clock.advance(by: .seconds(600))
        let retry = try await adjustments.deliver()
        #expect(retry.delivery.delivered == 2)
        #expect(await erp.adjustments.creditNotes.count == 1, "the lookup found it: not recorded again")
        #expect(await erp.adjustments.cancellations.count == 1)
        let calls = await erp.calls
        #expect(calls["creditMemoNumber"] == 1 && calls["cancellationReference"] == 1)
    }

    @Test("The same lost answer without the lookup makes a duplicate: the fake ERP shows it")
    func withoutLookupTheDuplicateShows() async throws {
        let (fake, erp, store) = try setUp(orders: 1)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 1)
        try await invoice(fake, order: 1)
        try await refund(fake, order: 1, quantity: 1)
        await erp.configureAdjustments { adjustments in
            adjustments.deduplicatesByKey = false
            adjustments.answersLookups = false
            adjustments.answersLost = 1
        }
        let adjustments = engine(fake, erp, store)
        _ = try await adjustments.sync()
        clock.advance(by: .seconds(600))
        _ = try await adjustments.deliver()
        #expect(await erp.adjustments.creditNotes.count == 2, "a sink without deduplication or lookup records twice")
    }

    @Test("Documents the connector made in Commerce from ERP data are not sent back")
    func echoesAreNotSentBack() async throws {
        let (fake, erp, store) = try setUp(orders: 4)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 4)
        for id in 1...3 { try await invoice(fake, order: id) }
        // 1: made from an ERP credit note, marked in its comment as the lifecycle engine marks it.
        try await refund(fake, order: 1, quantity: 1, comment: "ERP credit memo CN-77")
        // 2: made from the ERP and recorded as the bridge's own write.
        let fingerprinted = try await refund(fake, order: 2, quantity: 1)
        try await store.commit(
            {
                var changes = StoreChanges(time: time.now())
                changes.recordEcho(.commerceCreditMemo(id: fingerprinted), until: time.now().addingTimeInterval(86_400))
                return changes
            }())
        // 3: made from the ERP and mapped in the ID map.
        let mapped = try await refund(fake, order: 3, quantity: 1)
        _ = try await store.mappedID(
            for: MappingKey(OrderAdjustmentExportEngine.creditMemoKind, from: .erp, "CN-78", to: .commerce),
            now: time.now()
        ) { _ in String(mapped) }
        // 4: cancelled because the ERP cancelled it.
        #expect(try await fake.makeClient().orders.cancel(orderID: 4))
        _ = try await store.mappedID(
            for: MappingKey(OrderAdjustmentExportEngine.cancellationKind, from: .erp, "SO-1004", to: .commerce),
            now: time.now()
        ) { _ in "4" }
        let report = try await engine(fake, erp, store).sync()
        #expect(report.echoes == 4)
        #expect(report.creditMemosQueued == 0 && report.cancellationsQueued == 0)
        let recorded = await erp.adjustments
        #expect(recorded.creditNotes.isEmpty && recorded.cancellations.isEmpty)
    }

    @Test("An ERP that refuses a cancellation, and a pattern that refuses a credit memo, dead-letter at once")
    func refusalsDeadLetter() async throws {
        let (fake, erp, store) = try setUp(orders: 2)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 2)
        let shipped = try await erpNumber(store, order: 1)
        await erp.configureAdjustments { $0.refusedCancellations[shipped] = "it has shipped" }
        #expect(try await fake.makeClient().orders.cancel(orderID: 1))
        try await invoice(fake, order: 2)
        try await refund(fake, order: 2, quantity: 2)
        let report = try await engine(fake, erp, store, pattern: RefusesLargeRefunds(limit: 1)).sync()
        #expect(report.delivery.deadLettered == 2 && report.delivery.retried == 0)
        let reasons = try await store.deadLetters(limit: 10, offset: 0).map(\.reason)
        #expect(reasons.contains { $0.contains("order \(shipped): it has shipped") })
        #expect(reasons.contains { $0.contains("needs a manager") })
        let recorded = await erp.adjustments
        #expect(recorded.creditNotes.isEmpty && recorded.cancellations.isEmpty)
    }

    @Test("Magento refuses a refund of an order not paid and a cancellation of one fully invoiced: nothing is queued")
    func magentoRefusals() async throws {
        let (fake, erp, store) = try setUp(orders: 2)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 2)
        let client = fake.makeClient()
        await #expect(
            performing: { try await refund(fake, order: 1, quantity: 1) },
            throws: {
                ($0 as? CommerceError)?.message.contains("The order does not allow a creditmemo to be created.") == true
            })
        try await invoice(fake, order: 2)
        #expect(try await client.orders.cancel(orderID: 2) == false, "an invoiced order cannot be cancelled")
        let report = try await engine(fake, erp, store).sync()
        #expect(report.cancellationsQueued == 0 && report.creditMemosQueued == 0)
    }

    @Test("Events queue the same messages polling does: each document reaches the ERP once")
    func eventsAndPollingQueueOnce() async throws {
        let (fake, erp, store) = try setUp(orders: 2)
        #expect(try await exportOrders(fake, erp, store).export.delivered == 2)
        let adjustments = engine(fake, erp, store)
        let client = fake.makeClient()
        for subscription in OrderAdjustmentExportEngine.subscriptions {
            try await client.operations.eventing.postEventingEventSubscribe(
                event: CommerceSchema.AdobeCommerceEventsClientEvent(
                    fields: subscription.fields.map { CommerceSchema.AdobeCommerceEventsClientEventField(name: $0) },
                    name: subscription.name, priority: subscription.priority),
                force: true)
        }
        let connector = EventDrivenConnector(store: store, handlers: adjustments.eventHandlers, time: time)
        try await invoice(fake, order: 1)
        try await refund(fake, order: 1, quantity: 1)
        #expect(try await client.orders.cancel(orderID: 2))
        let events = fake.emittedEvents
        #expect(
            Set(events.map(\.name)) == [
                StoreEventName.creditMemoSaved, OrderAdjustmentExportEngine.orderCancelledEvent,
            ])
        let intake = StoreEventIntake(store: store, time: time)
        try await intake.receive(events)
        #expect(try await connector.processAvailable().inbox.handled == 2)
        let delivered = try await adjustments.deliver()
        #expect(delivered.creditMemosSent == 1 && delivered.cancellationsSent == 1)
        // Polling and a second delivery of the same events find nothing new.
        let polled = try await adjustments.sync()
        #expect(polled.creditMemosQueued == 0 && polled.cancellationsQueued == 0 && polled.delivery.delivered == 0)
        let recorded = await erp.adjustments
        #expect(recorded.creditNotes.count == 1 && recorded.cancellations.count == 1)
    }
}
