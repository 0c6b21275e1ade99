public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Brings what the ERP or WMS did to exported orders back to Commerce: status changes and comments, holds and their
/// release, cancellations, credit memos (offline refunds of an invoice or of the order) and returns (Adobe Commerce
/// RMA), each applied once, in feed order, with a checkpoint per feed.
///
/// The Commerce order of each record is found through the ID map ``DualWriteOrderEngine`` writes when it exports the
/// order. Magento takes no idempotency key, so every credit memo and return is claimed in the ID map before it is
/// created, carries the ERP reference (`ERP credit memo CM-1`, `ERP return R-1`) in its comment, and when an earlier
/// attempt's outcome is unknown the order's credit memos or returns are searched for that reference before anything
/// is created again.
///
/// What Magento refuses (cancelling an invoiced order, a hold in the wrong state, refunding more than was paid or
/// more than was invoiced, a SKU the order does not have) is parked for review once, with Magento's message and what
/// to do; it is not retried. Failures that can pass (the ERP or Commerce unavailable) stop the feed before the record,
/// and the next pass tries again.
///
/// Run one pass at a time per store: two passes at the same moment can both find an earlier attempt's claim pending
/// and both create the document. With several workers, make the pass a coordinated ``SyncScheduler`` job (its
/// lease gives the pass to one worker; a worker that dies hands it to another), as the production-scale test does.
///
/// ```swift
/// let lifecycle = OrderLifecycleEngine(commerce: client, source: erp, store: store, time: .system)
/// Task { for await event in lifecycle.progress { print(event) } }
/// await lifecycle.run(every: .seconds(60))
/// ```
public struct OrderLifecycleEngine: Sendable {
    /// Paging and overlap.
    public struct Configuration: Sendable {
        /// Records read per page of each feed.
        public var pageSize = 100
        /// How far before each checkpoint a pass starts reading again, for records the ERP committed late.
        public var overlap: Duration = .seconds(300)

        /// The defaults.
        public init() {}
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Order comments and status changes added.
        public var comments = 0
        /// Orders put on hold.
        public var holds = 0
        /// Holds released.
        public var releases = 0
        /// Orders cancelled.
        public var cancellations = 0
        /// Credit memos created.
        public var creditMemos = 0
        /// RMAs created.
        public var returnsCreated = 0
        /// RMA status changes made.
        public var returnStatusChanges = 0
        /// RMA tracking numbers added.
        public var returnTracks = 0
        /// Records already applied (read again by the overlap, or already so in Commerce).
        public var unchanged = 0
        /// Records set aside for review (refused by Magento or the pattern, or their order is unknown).
        public var parked = 0
        /// Records that failed and will be tried again.
        public var failed = 0

        /// Creates an empty report.
        public init() {}
    }

    static let eventKind: EntityKind = "orderEvent"
    static let creditMemoKind: EntityKind = "creditmemo"
    static let returnKind: EntityKind = "return"
    static let eventsCheckpoint = "erp.orderEvents"
    static let creditMemosCheckpoint = "erp.creditMemos"
    static let returnsCheckpoint = "erp.returns"
    static let rule = "orderLifecycle"

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every pass.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    private let channel = ProgressChannel(engine: "orderLifecycle")
    let commerce: AdobeCommerceClient
    private let source: any OrderLifecycleSource
    let store: any ConnectorStore
    private let pattern: any OrderLifecyclePattern
    let time: TimeSource
    var documents: OrderDocuments { OrderDocuments(commerce: commerce, store: store) }

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce REST client (use the `all` store scope).
    ///   - source: Where the ERP's lifecycle records come from.
    ///   - store: The ID map (with the order export's mappings), checkpoints, review queue and audit log.
    ///   - pattern: The steps.
    ///   - configuration: Paging and overlap.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        source: any OrderLifecycleSource,
        store: any ConnectorStore,
        pattern: any OrderLifecyclePattern = DefaultOrderLifecycle(),
        configuration: Configuration = Configuration(),
        time: TimeSource
    ) {
        self.commerce = commerce
        self.source = source
        self.store = store
        self.pattern = pattern
        self.configuration = configuration
        self.time = time
    }

    /// One pass: order events, then credit memos, then returns, each feed read to its end.
    /// - Throws: Store failures; an unavailable source is counted in ``Report/failed`` and tried next pass.
    public func sync() async throws -> Report {
        var report = Report()
        let source = source
        for feed in Feed.allCases {
            do {
                switch feed {
                case .events:
                    try await apply(feed, report: &report, fetch: source.orderEvents) { .event($0) }
                case .creditMemos:
                    try await apply(feed, report: &report, fetch: source.creditMemos) { .creditMemo($0) }
                case .returns:
                    try await apply(feed, report: &report, fetch: source.returns) { .return($0) }
                }
            } catch let error as AdapterError where error.isRetryable {
                report.failed += 1
                channel.report("\(feed.rawValue): source unavailable", processed: 0, errors: 1)
            }
        }
        return report
    }

    /// Passes every `interval` until the task is cancelled; a failed pass is reported and the next one runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: time) { _ = try await sync() }
    }

    private enum Feed: String, CaseIterable {
        case events, creditMemos, returns

        var checkpoint: String {
            switch self {
            case .events: OrderLifecycleEngine.eventsCheckpoint
            case .creditMemos: OrderLifecycleEngine.creditMemosCheckpoint
            case .returns: OrderLifecycleEngine.returnsCheckpoint
            }
        }
    }

    /// Reads a feed to its end and applies each record in feed order, committing and advancing the checkpoint after
    /// each page; a record that fails retryably stops the feed before it.
    private func apply<Record: FeedRecord>(
        _ feed: Feed, report: inout Report, fetch: (FeedCursor, Int) async throws -> [Record],
        document: (Record) -> OrderLifecycleDocument
    ) async throws {
        var window = try await DeltaWindow.open(feed.checkpoint, overlap: configuration.overlap, in: store)
        let before = report
        try await DeltaWindow.read(from: window.start, pageSize: configuration.pageSize, fetch: fetch) { records in
            var changes = StoreChanges(time: time.now())
            report.parked += try await window.parkImplausible(
                records.map { (document($0).entity, $0.feedPosition.time) }, at: time.now(), in: store,
                into: &changes)
            var processed: [FeedCursor] = []
            for record in records {
                guard try await applyRecord(document(record), changes: &changes, report: &report) else { break }
                processed.append(record.feedPosition)
            }
            changes.saveCheckpoint(window.advance(through: processed, at: time.now()))
            try await store.commit(changes)
            return processed.count
        }
        channel.report(
            feed.rawValue, processed: report.applied - before.applied,
            errors: (report.parked - before.parked) + (report.failed - before.failed))
    }

    /// A refusal the engine itself recognises (Magento answered `false`, or a reference is missing): parked.
    struct Refusal: Error {
        var reason: String
    }

    /// Applies one record, or parks it; `false` when a retryable failure stops the feed.
    private func applyRecord(_ document: OrderLifecycleDocument, changes: inout StoreChanges, report: inout Report)
        async throws -> Bool
    {
        let entity = document.entity
        do {
            let key = MappingKey(entity.kind, from: .erp, entity.key, to: .commerce)
            if case .mapped? = try await store.mapping(key), !document.isReturn {
                report.unchanged += 1
                return true
            }
            guard let order = try await documents.commerceOrder(erpNumber: document.erpOrderNumber),
                let orderID = order.entityID
            else {
                throw Refusal(
                    reason: "ERP order \(document.erpOrderNumber) is not mapped to a Commerce order: it was not "
                        + "exported by DualWriteOrderEngine (or its export has not finished); apply it by hand or "
                        + "export the order first")
            }
            try pattern.validate(document, order: order)
            let request = try await pattern.beforeSend(
                try pattern.map(document, order: order), document: document, order: order)
            let (commerceID, outcome) = try await send(
                request, key: key, order: order, orderID: orderID, report: &report)
            outcome.count(into: &report)
            try await pattern.afterSend(document, commerceID: commerceID, order: order)
            if outcome != .unchanged {
                changes.audit(
                    AuditRecord(
                        entity: entity, action: "orderLifecycle.\(outcome.rawValue)",
                        incomingValue: document.payload, winner: .erp, rule: Self.rule,
                        explanation: "applied to order \(order.incrementID ?? String(orderID)) as \(commerceID)",
                        correlationID: "\(entity)", time: changes.time))
            }
            return true
        } catch let refusal as Refusal {
            try await park(entity, reason: refusal.reason, changes: &changes, report: &report)
            return true
        } catch let error as CommerceError {
            // A request cancelled (the pass is stopping: shutdown, or the run's lease was lost) is no refusal: the
            // record is tried again on the next pass, not parked.
            guard !error.isRetryable, error.code != .cancelled, !Task.isCancelled else {
                report.failed += 1
                return false
            }
            try await park(
                entity, reason: "Commerce refused \(entity.kind) \(entity.key): \(error.message)", changes: &changes,
                report: &report)
            return true
        } catch let error as any RetryClassifiable {
            guard !error.isRetryable, !Task.isCancelled else {
                report.failed += 1
                return false
            }
            try await park(entity, reason: "\(error)", changes: &changes, report: &report)
            return true
        }
    }

    private func park(
        _ entity: EntityReference, reason: String, changes: inout StoreChanges, report: inout Report
    ) async throws {
        let draft = ReviewItem.Draft(entity: entity, reason: reason, rule: Self.rule, correlationID: "\(entity)")
        if try await store.parkOnce(draft, into: &changes) { report.parked += 1 }
    }

    /// What sending did.
    enum Outcome: String {
        case comment, hold, release, cancellation, creditMemo, returnCreated, returnUpdated, unchanged

        func count(into report: inout Report) {
            switch self {
            case .comment: report.comments += 1
            case .hold: report.holds += 1
            case .release: report.releases += 1
            case .cancellation: report.cancellations += 1
            case .creditMemo: report.creditMemos += 1
            case .returnCreated: report.returnsCreated += 1
            case .returnUpdated, .unchanged: break
            }
            if self == .unchanged { report.unchanged += 1 }
        }
    }

    /// Sends one request, created once under `key`; returns the Commerce id and what was done.
    private func send(
        _ request: OrderLifecycleRequest, key: MappingKey, order: Order, orderID: Int, report: inout Report
    ) async throws -> (String, Outcome) {
        let target = String(orderID)
        let number = order.incrementID ?? target
        let state = order.state ?? ""
        switch request {
        case .comment(let history):
            let (id, created) = try await documents.createOnce(
                key, now: time.now(),
                find: {
                    let existing = try await commerce.orders.comments(orderID: orderID).items
                    let found = existing.contains {
                        $0.comment == history.comment && (history.status == nil || $0.status == history.status)
                    }
                    return found ? target : nil
                },
                create: {
                    try await commerce.orders.addComment(orderID: orderID, history)
                    return target
                })
            return (id, created ? .comment : .unchanged)
        case .hold:
            if state == "holded" { return (try await record(key, target), .unchanged) }
            let (id, created) = try await documents.createOnce(
                key, now: time.now(), find: { nil },
                create: {
                    do {
                        try await commerce.orders.hold(orderID: orderID)
                    } catch let error as CommerceError where error.httpStatus == 400 {
                        throw Refusal(
                            reason: "Magento refused to hold order \(number) in state \(state): \(error.message) "
                                + "(an order can be held while it is new or processing)")
                    }
                    return target
                })
            return (id, created ? .hold : .unchanged)
        case .unhold:
            let (id, created) = try await documents.createOnce(
                key, now: time.now(),
                find: { state == "holded" ? nil : target },
                create: {
                    do {
                        try await commerce.orders.unhold(orderID: orderID)
                    } catch let error as CommerceError where error.httpStatus == 400 {
                        throw Refusal(
                            reason: "Magento refused to release order \(number) in state \(state): \(error.message) "
                                + "(only an order on hold can be released)")
                    }
                    return target
                })
            return (id, created ? .release : .unchanged)
        case .cancel(let comment):
            if state == "canceled" {
                try await addMissing(comment, orderID: orderID)
                return (try await record(key, target), .unchanged)
            }
            let (id, created) = try await documents.createOnce(
                key, now: time.now(),
                find: {
                    // An earlier attempt cancelled it when nothing is left to cancel and something is cancelled (a
                    // partly invoiced order stays processing or complete after a cancellation).
                    guard Self.isCancelled(order) else { return nil }
                    try await addMissing(comment, orderID: orderID)
                    return target
                },
                create: {
                    // Recorded first, so a Commerce → ERP export that sees the cancellation knows it came from the
                    // ERP (`OrderAdjustmentExportEngine`); a refused cancellation leaves nothing for it to see.
                    var echo = StoreChanges(time: time.now())
                    echo.recordEcho(
                        .commerceCancellation(orderID: orderID), until: echo.time.addingTimeInterval(30 * 86_400))
                    try await store.commit(echo)
                    guard try await commerce.orders.cancel(orderID: orderID) else {
                        throw Refusal(reason: Self.cancelRefusal(order))
                    }
                    try await addMissing(comment, orderID: orderID)
                    return target
                })
            return (id, created ? .cancellation : .unchanged)
        case .refund(let refund):
            return try await sendRefund(refund, key: key, orderID: orderID)
        case .return(let rma):
            return try await sendReturn(rma, key: key, orderID: orderID, report: &report)
        }
    }

    /// Records `key` as applied without a call: Commerce already shows what the record asks for.
    private func record(_ key: MappingKey, _ target: String) async throws -> String {
        try await store.mappedID(for: key, now: time.now()) { _ in target }
    }

    /// Adds an order comment unless the order has it already.
    private func addMissing(_ comment: OrderStatusHistory?, orderID: Int) async throws {
        guard let comment else { return }
        let existing = try await commerce.orders.comments(orderID: orderID).items
        guard !existing.contains(where: { $0.comment == comment.comment }) else { return }
        try await commerce.orders.addComment(orderID: orderID, comment)
    }

    /// Whether a cancellation went through: nothing is left to invoice and something is cancelled.
    static func isCancelled(_ order: Order) -> Bool {
        let lines = (order.items ?? []).filter { $0.productType != "configurable" }
        return order.state == "canceled"
            || (!lines.isEmpty && lines.contains { ($0.qtyCanceled ?? 0) > 0 }
                && lines.allSatisfy { ($0.qtyOrdered ?? 0) - ($0.qtyInvoiced ?? 0) - ($0.qtyCanceled ?? 0) <= 0 })
    }

    /// Why Magento's `canCancel()` is false for `order`, and what to do instead.
    static func cancelRefusal(_ order: Order) -> String {
        let number = order.incrementID ?? String(order.entityID ?? 0)
        let lines = (order.items ?? []).filter { $0.productType != "configurable" }
        let open = lines.contains {
            ($0.qtyOrdered ?? 0) - ($0.qtyInvoiced ?? 0) - ($0.qtyCanceled ?? 0) > 0
        }
        let why: String
        switch order.state ?? "" {
        case "holded": why = "it is on hold; release the hold first"
        case "complete", "closed": why = "it is \(order.state ?? "")"
        case "payment_review": why = "its payment is under review"
        default:
            why =
                open
                ? "Magento's canCancel() is false in state \(order.state ?? "?")"
                : "it is invoiced in full; refund it with a credit memo instead"
        }
        return "Magento refused to cancel order \(number) (POST /V1/orders/{id}/cancel answered false): \(why)"
    }
}

extension OrderLifecycleDocument {
    var isReturn: Bool {
        if case .return = self { return true }
        return false
    }

    /// The record, for the audit log.
    var payload: JSONValue? {
        switch self {
        case .event(let event): try? JSONValue(encoding: event)
        case .creditMemo(let memo): try? JSONValue(encoding: memo)
        case .return(let rma): try? JSONValue(encoding: rma)
        }
    }
}

extension OrderLifecycleEngine.Report {
    /// Every change made in Commerce.
    var applied: Int {
        comments + holds + releases + cancellations + creditMemos + returnsCreated + returnStatusChanges + returnTracks
    }
}
