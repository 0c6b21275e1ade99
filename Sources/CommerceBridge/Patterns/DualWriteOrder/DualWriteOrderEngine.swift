public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Dual-write orders: the order exists in Commerce first; the engine exports it through the durable outbox
/// to the ERP exactly once, writes the ERP number back (an order comment and the ID map), and brings the
/// ERP's shipments (with tracking) and invoices back to Commerce.
///
/// A failing ERP leaves orders queued and retried; a refused order goes to the dead-letter queue with its
/// history; an order is never lost or created twice in the ERP.
///
/// Given the ``ReservationEngine`` that held the checkout's stock (reservation-and-confirm), the engine confirms the
/// order's holds with its ERP number once the ERP acknowledges the export, through the outbox, and keeps them from
/// expiring from when it finds the order until then (see ``Configuration/confirmationHold``).
///
/// ```swift
/// let orders = DualWriteOrderEngine(
///     commerce: client, sink: erp, fulfillment: erp, store: store, reservations: reservations, time: .system)
/// Task { for await event in orders.progress { print(event) } }
/// try await orders.run(every: .seconds(60))
/// ```
public struct DualWriteOrderEngine: Sendable {
    /// What to export and how.
    public struct Configuration: Sendable {
        /// Commerce statuses that are exported.
        public var statuses: [String] = ["pending", "processing"]
        /// Orders read per page.
        public var pageSize = 100
        /// How far before the checkpoint each discovery starts again, for orders committed late.
        public var overlap: Duration = .seconds(300)
        /// The comment written on the Commerce order; `%@` is the ERP number.
        public var commentTemplate = "Exported to ERP as %@"
        /// The outbox and its retry schedule.
        public var dispatcher = OutboxDispatcher.Configuration()
        /// How long a placed order's reservation holds are kept, instead of their TTL, from when the order is found
        /// (and again from its export's acknowledgement) while its export and confirmation wait in the outbox (retried,
        /// or dead-lettered for you to replay); a confirmation ends the hold at once. After this the
        /// ``ReservationEngine`` releases a hold still unconfirmed. Used with `reservations` only.
        public var confirmationHold: Duration = .seconds(7 * 86_400)

        /// The defaults.
        public init() {}
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Orders found and queued for export.
        public var queued = 0
        /// Outbox results of the exports (exported, retried, dead-lettered …).
        public var export = OutboxDispatcher.Report()
        /// Outbox results of writing ERP numbers back to Commerce orders.
        public var writeBack = OutboxDispatcher.Report()
        /// Outbox results of confirming exported orders' reservation holds (none without a ``ReservationEngine``).
        public var confirmations = OutboxDispatcher.Report()
        /// Shipments created in Commerce.
        public var shipments = 0
        /// Invoices created in Commerce.
        public var invoices = 0
        /// Shipments or invoices set aside for review (their order is unknown).
        public var parked = 0
        /// Shipments or invoices that failed and will be tried again.
        public var failed = 0
    }

    static let topic = "order.export"
    static let writeBackTopic = "order.writeBack"
    static let ordersCheckpoint = "commerce.orders"
    static let shipmentsCheckpoint = "erp.shipments"
    static let invoicesCheckpoint = "erp.invoices"

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every pass.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    private let channel = ProgressChannel(engine: "orders")
    private let commerce: AdobeCommerceClient
    private let sink: any OrderSink
    private let fulfillment: (any FulfillmentSource)?
    private let store: any ConnectorStore
    private let pattern: any OrderExportPattern
    private let time: TimeSource
    private let dispatcher: OutboxDispatcher
    private let writeBackDispatcher: OutboxDispatcher
    private let confirmationDispatcher: OutboxDispatcher?
    /// The reservation engine whose holds placed orders keep and confirm, with how long they are kept.
    let reservations: (engine: ReservationEngine, hold: Duration)?
    private var documents: OrderDocuments { OrderDocuments(commerce: commerce, store: store) }

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce REST client (use the `all` store scope for global writes).
    ///   - sink: Where orders go.
    ///   - fulfillment: Where shipments and invoices come from, or `nil` to leave them.
    ///   - store: The outbox, ID map, checkpoints and audit log.
    ///   - reservations: The reservation engine whose holds (made by ``CheckoutWebhookResponder`` under
    ///     ``CheckoutWebhookResponder/reservationKey(quoteID:sku:)``) an exported order confirms, or `nil` when the
    ///     connector holds no stock at checkout. Give it the same store.
    ///   - pattern: The export steps.
    ///   - configuration: Statuses, paging, overlap and retries.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        sink: any OrderSink,
        fulfillment: (any FulfillmentSource)?,
        store: any ConnectorStore,
        reservations: ReservationEngine? = nil,
        pattern: any OrderExportPattern = DefaultOrderExport(),
        configuration: Configuration = Configuration(),
        time: TimeSource
    ) {
        self.commerce = commerce
        self.sink = sink
        self.fulfillment = fulfillment
        self.store = store
        self.pattern = pattern
        self.configuration = configuration
        self.time = time
        self.reservations = reservations.map { ($0, configuration.confirmationHold) }
        let (commerceClient, sinkAdapter, pattern, store, template, hold) = (
            commerce, sink, pattern, store, configuration.commentTemplate, configuration.confirmationHold
        )
        dispatcher = OutboxDispatcher(
            store: store, configuration: configuration.dispatcher, time: time,
            handlers: [
                Self.topic: { message, changes in
                    try await Self.export(
                        message, commerce: commerceClient, sink: sinkAdapter, pattern: pattern, store: store,
                        reservations: reservations.map { ($0, hold) }, changes: &changes)
                }
            ])
        writeBackDispatcher = OutboxDispatcher(
            store: store, configuration: configuration.dispatcher, time: time,
            handlers: [
                Self.writeBackTopic: { message, _ in
                    try await Self.writeBack(message, commerce: commerceClient, pattern: pattern, template: template)
                }
            ])
        confirmationDispatcher = reservations.map { reservations in
            OutboxDispatcher(
                store: store, configuration: configuration.dispatcher, time: time,
                handlers: [
                    Self.confirmationTopic: { message, changes in
                        try await Self.confirmReservations(message, reservations: reservations, changes: &changes)
                    }
                ])
        }
    }

    /// Delivers this engine's outbox (exports, ERP-number write-backs and reservation confirmations) without reading
    /// any feed: for workers that only deliver, beside the one that runs ``sync()``.
    public func deliver() async throws -> Report {
        var report = Report()
        report.export = try await dispatcher.drain()
        report.writeBack = try await writeBackDispatcher.drain()
        report.confirmations = try await confirmationDispatcher?.drain() ?? OutboxDispatcher.Report()
        return report
    }

    /// One pass: discover new orders, export what is due, bring shipments and invoices back.
    public func sync() async throws -> Report {
        var report = Report()
        report.queued = try await discover()
        report.export = try await dispatcher.drain()
        report.writeBack = try await writeBackDispatcher.drain()
        report.confirmations = try await confirmationDispatcher?.drain() ?? OutboxDispatcher.Report()
        channel.report(
            "export", processed: report.export.delivered, errors: report.export.retried + report.export.deadLettered)
        if let fulfillment {
            // An unavailable ERP here must not undo a good export pass: count it and try next time.
            do {
                try await applyShipments(from: fulfillment, report: &report)
                try await applyInvoices(from: fulfillment, report: &report)
            } catch let error as AdapterError where error.isRetryable {
                report.failed += 1
                channel.report("fulfilment unavailable", processed: 0, errors: 1)
            }
        }
        return report
    }

    /// Passes every `interval` until the task is cancelled; a failed pass is reported and the next one runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: time) { _ = try await sync() }
    }

    /// Queues the export of one order now, as an order event asks: the order is read back from Commerce (an event
    /// carries only the fields its subscription selected) and queued when its status is one ``Configuration/statuses``
    /// names and it is not exported or queued yet. The message is the one discovery would queue (same idempotency
    /// key), so an order found both ways is exported once. With a ``ReservationEngine``, `changes` also keeps the order's
    /// reservation holds from the TTL sweep (a commit that fails with `leaseLost` met a hold released meanwhile: queue
    /// the export again). Commit `changes`, then ``deliver()``.
    /// - Parameters:
    ///   - orderID: The order's `entity_id`, when the event has it.
    ///   - incrementID: The order number, looked up when there is no id.
    ///   - changes: Receives the outbox message.
    /// - Returns: Whether a message was queued.
    /// - Throws: `CommerceError` when Commerce cannot be read (the event is retried), `notFound` for an unknown order.
    public func queueExport(orderID: Int?, incrementID: String? = nil, into changes: inout StoreChanges) async throws
        -> Bool
    {
        let order: Order
        if let orderID {
            order = try await commerce.orders.get(id: orderID)
        } else if let incrementID,
            let found = try await commerce.orders.search(
                SearchCriteria().filter("increment_id", .eq, incrementID).page(size: 1)
            ).items.first
        {
            order = found
        } else {
            return false
        }
        guard let status = order.status, configuration.statuses.contains(status) else { return false }
        switch try await store.mapping(Self.key(order)) {
        case .mapped?, .pending?: return false
        case .claimed?, nil: break
        }
        changes.enqueue(try Self.exportMessage(for: order))
        if let reservations {
            try await Self.keepHolds(of: order, reservations: reservations, changes: &changes)
        }
        return true
    }

    static func key(_ order: Order) -> MappingKey {
        MappingKey(.order, from: .commerce, String(order.entityID ?? 0), to: .erp)
    }

    /// The outbox message that exports `order`; its idempotency key keeps a second one from being queued while the
    /// first is pending.
    static func exportMessage(for order: Order) throws -> OutboxMessage.Draft {
        OutboxMessage.Draft(
            destination: SystemID.erp.rawValue, topic: topic,
            idempotencyKey: "order.export:\(order.incrementID ?? String(order.entityID ?? 0))",
            correlationID: "order-\(order.incrementID ?? "")",
            payload: try CommerceJSONEncoder().encode(["entity_id": order.entityID ?? 0]))
    }

    /// Queues every exportable order changed since the checkpoint (less the overlap) that is not exported yet.
    ///
    /// The feed is keyed on `updated_at`, so an order held (`pending_payment`, `holded`) and released after newer
    /// orders were seen is discovered when it is released.
    private func discover() async throws -> Int {
        var window = try await DeltaWindow.open(Self.ordersCheckpoint, overlap: configuration.overlap, in: store)
        let orders = commerce.orders
        let feed = CommerceChangeFeed<Order>(
            criteria: SearchCriteria().filter("status", .in, configuration.statuses),
            search: { try await orders.search($0).items },
            position: { order in
                guard let updated = order.updatedAt?.date ?? order.createdAt?.date, let id = order.entityID else {
                    return nil
                }
                return (updated, id)
            })
        var queued = 0
        try await DeltaWindow.read(from: window.start, pageSize: configuration.pageSize) { cursor, limit in
            try await feed.changes(after: cursor, limit: limit)
        } page: { entries in
            var changes = StoreChanges(time: time.now())
            for entry in entries {
                // Mapped: exported. Pending: its export is in the outbox or the dead-letter queue already.
                switch try await store.mapping(Self.key(entry.item)) {
                case .mapped?, .pending?: continue
                case .claimed?, nil: break
                }
                changes.enqueue(try Self.exportMessage(for: entry.item))
                if let reservations {
                    try await Self.keepHolds(of: entry.item, reservations: reservations, changes: &changes)
                }
                queued += 1
            }
            changes.saveCheckpoint(window.advance(through: entries.map(\.feedPosition), at: time.now()))
            do {
                try await store.commit(changes)
            } catch let error as BridgeError where error.code == .leaseLost && !changes.savedReservations.isEmpty {
                // A hold was released or decided again since it was read: there is nothing of it left to keep.
                changes.savedReservations = []
                try await store.commit(changes)
            }
            return entries.count
        }
        channel.report("discover", processed: queued)
        return queued
    }

    /// The outbox handler: one order through the pattern's steps, created once in the ERP. Writing the ERP number
    /// back is a step of its own (``writeBack(_:commerce:pattern:template:)``), queued with the acknowledgement, so a
    /// write-back that fails is retried by itself instead of being lost behind an order already mapped; so is
    /// confirming the order's reservation holds, when there is a reservation engine.
    private static func export(
        _ message: OutboxMessage,
        commerce: AdobeCommerceClient,
        sink: any OrderSink,
        pattern: any OrderExportPattern,
        store: any ConnectorStore,
        reservations: (engine: ReservationEngine, hold: Duration)?,
        changes: inout StoreChanges
    ) async throws {
        let id = try CommerceJSONDecoder().decode(WriteBack.self, from: message.payload).entityID
        let order = try await commerce.orders.get(id: id)
        let key = key(order)
        let number: String
        if case .mapped(let known)? = try await store.mapping(key) {
            number = known  // exported before; its write-back may not have been queued (a crash before the ack)
        } else {
            try pattern.validate(order)
            let request = try await pattern.beforeSend(try pattern.map(order), order: order)
            let unsure = try await store.isPending(key)
            number = try await store.mappedID(for: key, now: changes.time) { idempotencyKey in
                // An earlier attempt may have created it: an ERP that cannot deduplicate is asked first.
                if unsure, let existing = try await sink.orderNumber(forCommerceOrder: request.commerceOrderNumber) {
                    return existing
                }
                return try await pattern.send(request, idempotencyKey: idempotencyKey, sink: sink)
            }
            changes.audit(
                AuditRecord(
                    entity: EntityReference(.order, .commerce, order.incrementID ?? String(id)), action: "order.export",
                    incomingValue: try? JSONValue(encoding: request), winner: .commerce, rule: "dualWrite",
                    explanation: "created in the ERP as \(number)", correlationID: message.correlationID,
                    time: changes.time))
        }
        if let reservations {
            try await queueConfirmation(
                of: order, erpOrderNumber: number, reservations: reservations.engine, hold: reservations.hold,
                correlationID: message.correlationID, changes: &changes)
        }
        changes.enqueue(
            OutboxMessage.Draft(
                destination: SystemID.commerce.rawValue, topic: writeBackTopic,
                idempotencyKey: "order.writeBack:\(order.incrementID ?? String(id))",
                correlationID: message.correlationID,
                payload: try CommerceJSONEncoder().encode(WriteBack(entityID: id, erpOrderNumber: number))))
    }

    /// What the write-back step needs.
    struct WriteBack: Codable {
        var entityID: Int
        var erpOrderNumber: String?
        enum CodingKeys: String, CodingKey {
            case entityID = "entity_id"
            case erpOrderNumber = "erp_order_number"
        }
    }

    /// The write-back handler: the pattern's after-send step, then the ERP number as an order comment unless the
    /// order already carries it (Magento takes no idempotency key, so a retry looks before it writes).
    private static func writeBack(
        _ message: OutboxMessage, commerce: AdobeCommerceClient, pattern: any OrderExportPattern, template: String
    ) async throws {
        let payload = try CommerceJSONDecoder().decode(WriteBack.self, from: message.payload)
        guard let number = payload.erpOrderNumber else { return }
        let order = try await commerce.orders.get(id: payload.entityID)
        try await pattern.afterSend(erpOrderNumber: number, order: order)
        let comment = template.split(separator: "%@", omittingEmptySubsequences: false).joined(separator: number)
        let existing = try await commerce.orders.comments(orderID: payload.entityID).items.compactMap(\.comment)
        guard !existing.contains(comment) else { return }
        try await commerce.orders.addComment(orderID: payload.entityID, OrderStatusHistory(comment: comment))
    }

    /// The Commerce order of an ERP order number, through the ID map.
    private func commerceOrder(erpNumber: String) async throws -> Order? {
        try await documents.commerceOrder(erpNumber: erpNumber)
    }

    /// Parks a record for review the first time only (the overlap re-reads records on later passes).
    private func parkOnce(_ entity: EntityReference, reason: String, into changes: inout StoreChanges) async throws
        -> Bool
    {
        try await store.parkOnce(
            ReviewItem.Draft(entity: entity, reason: reason, rule: "dualWrite", correlationID: "\(entity)"),
            into: &changes)
    }

    private func applyShipments(from fulfillment: any FulfillmentSource, report: inout Report) async throws {
        try await applyDocuments(
            Self.shipmentsCheckpoint, kind: .shipment, report: &report,
            fetch: { try await fulfillment.shipments(after: $0, limit: $1) },
            reference: { ($0.number, $0.shippedAt) },
            apply: { shipment, changes, report in try await applyShipment(shipment, changes: &changes, report: &report)
            })
        channel.report("shipments", processed: report.shipments, errors: report.failed)
    }

    /// Reads an ERP document feed to its end and applies each document in feed order, committing and advancing the
    /// checkpoint after each page; a document that fails retryably stops the pass before it.
    private func applyDocuments<Document: FeedRecord>(
        _ checkpoint: String, kind: EntityKind, report: inout Report,
        fetch: (FeedCursor, Int) async throws -> [Document],
        reference: (Document) -> (number: String, time: Date),
        apply: (Document, inout StoreChanges, inout Report) async throws -> Bool
    ) async throws {
        var window = try await DeltaWindow.open(checkpoint, overlap: configuration.overlap, in: store)
        try await DeltaWindow.read(from: window.start, pageSize: configuration.pageSize, fetch: fetch) { documents in
            var changes = StoreChanges(time: time.now())
            report.parked += try await window.parkImplausible(
                documents.map { (EntityReference(kind, .erp, reference($0).number), reference($0).time) },
                at: time.now(), in: store, into: &changes)
            var processed: [FeedCursor] = []
            for document in documents {
                guard try await apply(document, &changes, &report) else { break }
                processed.append(document.feedPosition)
            }
            changes.saveCheckpoint(window.advance(through: processed, at: time.now()))
            try await store.commit(changes)
            return processed.count
        }
    }

    /// Creates one ERP shipment in Commerce once, or parks it; `false` when a retryable failure stops the pass.
    ///
    /// Magento takes no idempotency key: the shipment carries the ERP's tracking number and its number in a comment,
    /// and when an earlier attempt's outcome is unknown (its claim is pending) the order's shipments are searched
    /// for them before anything is created.
    private func applyShipment(_ shipment: ERPShipment, changes: inout StoreChanges, report: inout Report)
        async throws -> Bool
    {
        let entity = EntityReference(.shipment, .erp, shipment.number)
        let key = MappingKey(.shipment, from: .erp, shipment.number, to: .commerce)
        guard
            let (_, orderID, items) = try await target(
                of: entity, key: key, erpOrderNumber: shipment.erpOrderNumber, lines: shipment.lines,
                as: { CommerceSchema.SalesShipmentItemCreation(orderItemID: $0, qty: $1) }, changes: &changes,
                report: &report)
        else { return true }
        let reference = "ERP shipment \(shipment.number)"
        do {
            let (_, created) = try await documents.createOnce(
                key, now: time.now(),
                find: { try await findShipment(orderID: orderID, shipment, reference: reference).map(String.init) },
                create: {
                    String(
                        try await commerce.orders.ship(
                            orderID: orderID, items: items,
                            tracks: [
                                ShipmentTrackCreation(
                                    trackNumber: shipment.trackingNumber, title: shipment.carrierTitle,
                                    carrierCode: shipment.carrierCode)
                            ], comment: CommerceSchema.SalesShipmentCommentCreation(comment: reference)))
                })
            if created { report.shipments += 1 }
            return true
        } catch let error as CommerceError where !error.isRetryable {
            if try await parkOnce(entity, reason: error.message, into: &changes) { report.parked += 1 }
            return true
        } catch {
            report.failed += 1
            return false
        }
    }

    /// The Commerce order, its id and the items an ERP document applies to; `nil` when the document was applied before
    /// (the overlap read it again) or is parked (its order is not mapped, or a line matches none of the order's).
    private func target<Item>(
        of entity: EntityReference, key: MappingKey, erpOrderNumber: String, lines: [ERPShipment.Line],
        as make: (_ orderItemID: Int, _ qty: Decimal) -> Item, changes: inout StoreChanges, report: inout Report
    ) async throws -> (order: Order, id: Int, items: [Item])? {
        if case .mapped? = try await store.mapping(key) { return nil }
        guard let order = try await commerceOrder(erpNumber: erpOrderNumber), let orderID = order.entityID else {
            let reason = "ERP order \(erpOrderNumber) is not mapped to a Commerce order"
            if try await parkOnce(entity, reason: reason, into: &changes) { report.parked += 1 }
            return nil
        }
        do {
            let items = try OrderDocuments.items(lines, of: order, document: "\(entity.kind) \(entity.key)", as: make)
            return (order, orderID, items)
        } catch {
            if try await parkOnce(entity, reason: error.description, into: &changes) { report.parked += 1 }
            return nil
        }
    }

    /// The order's shipment that an earlier attempt created for this ERP shipment, by tracking number or comment.
    /// The order's shipment an earlier attempt created for this ERP shipment: the one whose comment names it, or,
    /// where comments are not returned, the one with its tracking number and quantity (a tracking number alone may
    /// be shared, by a pallet or a placeholder).
    private func findShipment(orderID: Int, _ shipment: ERPShipment, reference: String) async throws -> Int? {
        let existing = try await allDocuments(orderID: orderID, search: commerce.salesDocuments.searchShipments)
        if let named = existing.first(where: { ($0.comments ?? []).contains { $0.comment == reference } }) {
            return named.entityID
        }
        let quantity = shipment.lines.reduce(Decimal(0)) { $0 + $1.quantity }
        for candidate in existing
        where (candidate.comments ?? []).isEmpty && (shipment.lines.isEmpty || candidate.totalQty == quantity)
            && (candidate.tracks ?? []).contains(where: { $0.trackNumber == shipment.trackingNumber })
        {
            // A shipment another ERP shipment is already linked to is not this one.
            guard let id = candidate.entityID, try await !documents.isLinked(.shipment, commerceID: id) else {
                continue
            }
            return id
        }
        return nil
    }

    /// Every document of an order, 100 a page.
    private func allDocuments<Document: Sendable>(
        orderID: Int, search: (SearchCriteria) async throws -> SearchResults<Document>
    ) async throws -> [Document] {
        try await documents.all(orderID: orderID, search: search)
    }

    private func applyInvoices(from fulfillment: any FulfillmentSource, report: inout Report) async throws {
        try await applyDocuments(
            Self.invoicesCheckpoint, kind: .invoice, report: &report,
            fetch: { try await fulfillment.invoices(after: $0, limit: $1) },
            reference: { ($0.number, $0.issuedAt) },
            apply: { invoice, changes, report in try await applyInvoice(invoice, changes: &changes, report: &report) })
        channel.report("invoices", processed: report.invoices, errors: report.failed)
    }

    /// Creates one ERP invoice in Commerce once, or parks it; `false` when a retryable failure stops the pass.
    ///
    /// A partial ERP invoice invoices only its lines. One without lines invoices the rest of the order, and is parked
    /// when its amount is not what is left to invoice. The invoice carries the ERP number in a comment, and an
    /// earlier attempt whose outcome is unknown is looked for before anything is created.
    private func applyInvoice(_ invoice: ERPInvoice, changes: inout StoreChanges, report: inout Report)
        async throws -> Bool
    {
        let entity = EntityReference(.invoice, .erp, invoice.number)
        let key = MappingKey(.invoice, from: .erp, invoice.number, to: .commerce)
        guard
            let (order, orderID, items) = try await target(
                of: entity, key: key, erpOrderNumber: invoice.erpOrderNumber, lines: invoice.lines,
                as: { CommerceSchema.SalesInvoiceItemCreation(orderItemID: $0, qty: $1) }, changes: &changes,
                report: &report)
        else { return true }
        let reference = "ERP invoice \(invoice.number)"
        // An earlier attempt may have created it (then nothing is left to invoice): look before judging the amount.
        do {
            if try await store.isPending(key),
                let found = try await allDocuments(orderID: orderID, search: commerce.salesDocuments.searchInvoices)
                    .first(where: { ($0.comments ?? []).contains { $0.comment == reference } })?.entityID
            {
                _ = try await store.mappedID(for: key, now: time.now()) { _ in String(found) }
                return true
            }
        } catch let error as CommerceError where !error.isRetryable {
            if try await parkOnce(entity, reason: error.message, into: &changes) { report.parked += 1 }
            return true
        } catch {
            report.failed += 1
            return false
        }
        let left = (order.grandTotal ?? 0) - (order.totalInvoiced ?? 0)
        if items.isEmpty, abs(invoice.amount - left) > Decimal(string: "0.01")! {
            let reason =
                "ERP invoice \(invoice.number) of \(invoice.amount) lists no lines, and \(left) is left to invoice on "
                + "order \(order.incrementID ?? "?"): a partial invoice needs its lines"
            if try await parkOnce(entity, reason: reason, into: &changes) { report.parked += 1 }
            return true
        }
        do {
            var created = false
            _ = try await store.mappedID(for: key, now: time.now()) { _ in
                created = true
                return String(
                    try await commerce.orders.invoice(
                        orderID: orderID, items: items, capture: true,
                        comment: CommerceSchema.SalesInvoiceCommentCreation(comment: reference)))
            }
            if created { report.invoices += 1 }
            return true
        } catch let error as CommerceError where !error.isRetryable {
            if try await parkOnce(entity, reason: error.message, into: &changes) { report.parked += 1 }
            return true
        } catch {
            report.failed += 1
            return false
        }
    }
}
