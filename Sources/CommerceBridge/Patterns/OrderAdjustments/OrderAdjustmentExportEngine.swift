public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Cancellations and credit memos made in Commerce, to the ERP: the engine finds them (by polling, and from Commerce
/// events), queues one outbox message per document, and delivers each exactly once, after the order itself reached
/// the ERP and after the order's earlier documents.
///
/// A document the connector itself made in Commerce from ERP data (a refund or a cancellation the ERP asked for) is
/// recognised and not sent back: by its echo fingerprint (``EchoFingerprint/commerceCreditMemo(id:)``,
/// ``EchoFingerprint/commerceCancellation(orderID:)``), by the ID map (a credit memo mapped from the ERP under
/// ``creditMemoKind``, an order cancelled from the ERP under ``cancellationKind``), or by a comment starting with one of
/// ``Configuration/echoMarkers``.
///
/// ```swift
/// let adjustments = OrderAdjustmentExportEngine(
///     commerce: client.scoped(to: .all), sink: erp, store: store, time: .system)
/// let report = try await adjustments.sync()
/// print(report.cancellationsSent, report.creditMemosSent)
/// ```
public struct OrderAdjustmentExportEngine: Sendable {
    /// The kinds of document the engine sends.
    public struct Documents: OptionSet, Sendable, Hashable {
        /// The raw bits.
        public let rawValue: Int
        /// Creates a set from its bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Order cancellations.
        public static let cancellations = Documents(rawValue: 1)
        /// Credit memos.
        public static let creditMemos = Documents(rawValue: 2)
        /// Both.
        public static let all: Documents = [.cancellations, .creditMemos]
    }

    /// What to send and how.
    public struct Configuration: Sendable {
        /// The kinds of document sent; leave out what your ERP cannot take.
        public var documents: Documents = .all
        /// Orders and credit memos read per page.
        public var pageSize = 100
        /// How far before the checkpoint each discovery starts again, for documents committed late.
        public var overlap: Duration = .seconds(300)
        /// Documents made before this time are not sent (the first pass starts here instead of at the beginning):
        /// set it to when the connector started exporting orders, so older refunds are not sent for orders the ERP
        /// never had. `nil` reads from the beginning.
        public var start: Date?
        /// How long a document waits before it looks again for its order (or an earlier document of the order) in the
        /// ERP; the wait grows with the document's age, up to an hour.
        public var orderWait: Duration = .seconds(30)
        /// How long a document waits for an order that the order export has not claimed: then a credit memo is parked
        /// for review and a cancellation is recorded as not sent (the ERP never had the order).
        public var exportPatience: Duration = .seconds(86_400)
        /// Comment prefixes that mark a document the connector made from ERP data: a credit memo comment, or the
        /// order comment written with a cancellation.
        public var echoMarkers: [String] = ["ERP credit memo", "ERP cancellation", "Cancelled in the ERP"]
        /// The outbox and its retry schedule.
        public var dispatcher = OutboxDispatcher.Configuration()

        /// The defaults.
        public init() {}
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Cancellations found and queued.
        public var cancellationsQueued = 0
        /// Credit memos found and queued.
        public var creditMemosQueued = 0
        /// Outbox results of the deliveries; ``OutboxDispatcher/Report/postponed`` counts documents waiting for
        /// their order (or an earlier document of it) to reach the ERP.
        public var delivery = OutboxDispatcher.Report()
        /// Cancellations the ERP took.
        public var cancellationsSent = 0
        /// Credit memos the ERP took.
        public var creditMemosSent = 0
        /// Documents the connector made from ERP data, not sent back.
        public var echoes = 0
        /// Documents set aside for review (a credit memo whose order never reached the ERP).
        public var parked = 0
        /// Cancellations of orders the ERP never had, recorded as not sent.
        public var notSent = 0

        /// An empty report.
        public init() {}
    }

    /// The ID-map kind of a credit memo: `creditmemo commerce:<entity_id> → erp` for one sent to the ERP,
    /// `creditmemo erp:<number> → commerce` (target: the `entity_id`) for one made in Commerce from the ERP.
    public static let creditMemoKind: EntityKind = "creditmemo"
    /// The ID-map kind of an order cancellation: `orderCancellation commerce:<order entity_id> → erp` for one sent to
    /// the ERP, `orderCancellation erp:<ERP order number> → commerce` (target: the order's `entity_id`) for one made
    /// in Commerce from the ERP.
    public static let cancellationKind: EntityKind = "orderCancellation"

    static let cancellationTopic = "order.cancel.export"
    static let creditMemoTopic = "creditmemo.export"
    static let cancellationsCheckpoint = "commerce.cancellations"
    static let creditMemosCheckpoint = "commerce.creditmemos"

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every pass.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    private let channel = ProgressChannel(engine: "orderAdjustments")
    let context: Context
    private let dispatcher: OutboxDispatcher

    /// What the outbox handler needs, and the counts it keeps for the report.
    struct Context: Sendable {
        let commerce: AdobeCommerceClient
        let sink: any OrderAdjustmentSink
        let store: any ConnectorStore
        let pattern: any OrderAdjustmentExportPattern
        let configuration: Configuration
        let time: TimeSource
        let counts: Counts
    }

    /// Counts kept by the handlers, read and reset by each pass.
    final class Counts: Sendable {
        private let state = Mutex(Report())
        func add(_ change: (inout Report) -> Void) { state.withLock { change(&$0) } }
        func take() -> Report {
            state.withLock { report in
                defer { report = Report() }
                return report
            }
        }
    }

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce REST client (use the `all` store scope).
    ///   - sink: The ERP.
    ///   - store: The outbox, ID map, checkpoints and audit log; the order export's store, whose ID map says which
    ///     orders the ERP has.
    ///   - pattern: The steps.
    ///   - configuration: Documents, paging, overlap, waits and retries.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        sink: any OrderAdjustmentSink,
        store: any ConnectorStore,
        pattern: any OrderAdjustmentExportPattern = DefaultOrderAdjustmentExport(),
        configuration: Configuration = Configuration(),
        time: TimeSource
    ) {
        self.configuration = configuration
        let context = Context(
            commerce: commerce, sink: sink, store: store, pattern: pattern, configuration: configuration, time: time,
            counts: Counts())
        self.context = context
        let handler: OutboxDispatcher.Handler = { message, changes in
            try await context.deliver(message, changes: &changes)
        }
        dispatcher = OutboxDispatcher(
            store: store, configuration: configuration.dispatcher, time: time,
            handlers: [Self.cancellationTopic: handler, Self.creditMemoTopic: handler])
    }

    /// One pass: find new cancellations and credit memos, then deliver what is due.
    public func sync() async throws -> Report {
        var queued = Report()
        if configuration.documents.contains(.cancellations) {
            try await discoverCancellations(into: &queued)
        }
        if configuration.documents.contains(.creditMemos) {
            try await discoverCreditMemos(into: &queued)
        }
        var report = try await deliver()
        report.cancellationsQueued = queued.cancellationsQueued
        report.creditMemosQueued = queued.creditMemosQueued
        report.echoes += queued.echoes
        channel.report("discover", processed: queued.cancellationsQueued + queued.creditMemosQueued)
        return report
    }

    /// Delivers this engine's outbox without reading Commerce: for workers that only deliver, and after events
    /// queued documents.
    public func deliver() async throws -> Report {
        let delivery = try await dispatcher.drain()
        var report = context.counts.take()
        report.delivery = delivery
        channel.report(
            "deliver", processed: report.cancellationsSent + report.creditMemosSent,
            errors: delivery.retried + delivery.deadLettered)
        return report
    }

    /// Passes every `interval` until the task is cancelled; a failed pass is reported and the next one runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: context.time) { _ = try await sync() }
    }

    // MARK: Queueing

    /// The outbox message that sends the cancellation of order `orderID`.
    static func cancellationMessage(orderID: Int, orderNumber: String?) throws -> OutboxMessage.Draft {
        OutboxMessage.Draft(
            destination: SystemID.erp.rawValue, topic: cancellationTopic,
            idempotencyKey: "\(cancellationTopic):\(orderID)", correlationID: "order-\(orderNumber ?? String(orderID))",
            payload: try CommerceJSONEncoder().encode(Payload(orderID: orderID, creditMemoID: nil)))
    }

    /// The outbox message that sends credit memo `id` of order `orderID`.
    static func creditMemoMessage(id: Int, orderID: Int, orderNumber: String?) throws -> OutboxMessage.Draft {
        OutboxMessage.Draft(
            destination: SystemID.erp.rawValue, topic: creditMemoTopic, idempotencyKey: "\(creditMemoTopic):\(id)",
            correlationID: "order-\(orderNumber ?? String(orderID))",
            payload: try CommerceJSONEncoder().encode(Payload(orderID: orderID, creditMemoID: id)))
    }

    static func cancellationKey(orderID: Int) -> MappingKey {
        MappingKey(cancellationKind, from: .commerce, String(orderID), to: .erp)
    }

    static func creditMemoKey(id: Int) -> MappingKey {
        MappingKey(creditMemoKind, from: .commerce, String(id), to: .erp)
    }

    /// What a message carries: the order, and the credit memo when it is one.
    struct Payload: Codable {
        var orderID: Int
        var creditMemoID: Int?
        enum CodingKeys: String, CodingKey {
            case orderID = "order_id"
            case creditMemoID = "creditmemo_id"
        }
    }

    /// Whether a key was sent or is being sent: its document needs no new message.
    private func isHandled(_ key: MappingKey) async throws -> Bool {
        switch try await context.store.mapping(key) {
        case .mapped?, .pending?: true
        case .claimed?, nil: false
        }
    }

    /// Queues the cancellation of an order now, as an event asks: the order is read back from Commerce and queued when
    /// it is cancelled (``OrderAdjustmentMapping/isCancelled(_:)``), not sent yet and not the connector's own cancellation. The message is the one discovery would
    /// queue (same idempotency key), so a cancellation found both ways is sent once. Commit `changes`, then
    /// ``deliver()``.
    /// - Parameters:
    ///   - orderID: The order's `entity_id`.
    ///   - changes: Receives the outbox message.
    /// - Returns: Whether a message was queued.
    /// - Throws: `CommerceError` when Commerce cannot be read (the event is retried).
    public func queueCancellation(orderID: Int, into changes: inout StoreChanges) async throws -> Bool {
        guard configuration.documents.contains(.cancellations) else { return false }
        let order = try await context.commerce.orders.get(id: orderID)
        guard OrderAdjustmentMapping.isCancelled(order), try await !isHandled(Self.cancellationKey(orderID: orderID))
        else {
            return false
        }
        guard try await !context.isEcho(.cancellation(order: order), now: changes.time) else { return false }
        changes.enqueue(try Self.cancellationMessage(orderID: orderID, orderNumber: order.incrementID))
        return true
    }

    /// Queues a credit memo now, as an event asks; the same message discovery would queue. Commit `changes`, then
    /// ``deliver()``.
    /// - Parameters:
    ///   - id: The credit memo's `entity_id`.
    ///   - changes: Receives the outbox message.
    /// - Returns: Whether a message was queued.
    /// - Throws: `CommerceError` when Commerce cannot be read (the event is retried).
    public func queueCreditMemo(id: Int, into changes: inout StoreChanges) async throws -> Bool {
        guard configuration.documents.contains(.creditMemos),
            try await !isHandled(Self.creditMemoKey(id: id))
        else { return false }
        let memo = try await context.commerce.operations.creditmemo.getCreditmemoByID(id: id)
        guard let orderID = memo.orderID else { return false }
        let order = try await context.commerce.orders.get(id: orderID)
        guard try await !context.isEcho(.creditMemo(memo, order: order), now: changes.time) else { return false }
        changes.enqueue(try Self.creditMemoMessage(id: id, orderID: orderID, orderNumber: order.incrementID))
        return true
    }

    // MARK: Discovery

    /// Where a feed starts: the window's start, or ``Configuration/start`` for a feed never read.
    private func start(of window: DeltaWindow) -> FeedCursor {
        if window.start == .beginning, let start = configuration.start { return FeedCursor(time: start) }
        return window.start
    }

    /// Queues every order cancelled since the checkpoint (less the overlap) that is not sent yet: `state` `canceled`, or
    /// a `total_canceled` above zero (a partly invoiced order whose rest was cancelled stays `processing`).
    private func discoverCancellations(into report: inout Report) async throws {
        var window = try await DeltaWindow.open(
            Self.cancellationsCheckpoint, overlap: configuration.overlap, in: context.store)
        let orders = context.commerce.orders
        let feed = CommerceChangeFeed<Order>(
            // Magento leaves a partly invoiced order processing when it cancels the rest: its total_canceled shows it.
            criteria: SearchCriteria().anyOf([
                Filter("state", .eq, "canceled"), Filter("total_canceled", .gt, "0"),
            ]),
            search: { try await orders.search($0).items },
            position: { order in
                guard let updated = order.updatedAt?.date ?? order.createdAt?.date, let id = order.entityID else {
                    return nil
                }
                return (updated, id)
            })
        let (store, time) = (context.store, context.time)
        try await DeltaWindow.read(from: start(of: window), pageSize: configuration.pageSize) { cursor, limit in
            try await feed.changes(after: cursor, limit: limit)
        } page: { entries in
            var changes = StoreChanges(time: time.now())
            for entry in entries {
                guard let id = entry.item.entityID, try await !isHandled(Self.cancellationKey(orderID: id)) else {
                    continue
                }
                if try await context.isEcho(.cancellation(order: entry.item), now: changes.time) {
                    report.echoes += 1
                    continue
                }
                changes.enqueue(try Self.cancellationMessage(orderID: id, orderNumber: entry.item.incrementID))
                report.cancellationsQueued += 1
            }
            changes.saveCheckpoint(window.advance(through: entries.map(\.feedPosition), at: time.now()))
            try await store.commit(changes)
            return entries.count
        }
    }

    /// Queues every credit memo made since the checkpoint (less the overlap) that is not sent yet, reading them all
    /// a page at a time by (`created_at`, `entity_id`), so a burst larger than a page loses none.
    private func discoverCreditMemos(into report: inout Report) async throws {
        var window = try await DeltaWindow.open(
            Self.creditMemosCheckpoint, overlap: configuration.overlap, in: context.store)
        let creditmemos = context.commerce.operations.creditmemos
        let feed = CommerceChangeFeed<CommerceSchema.SalesCreditmemo>(
            search: { try await creditmemos.getCreditmemos(searchCriteria: $0).items ?? [] },
            position: { memo in
                guard let created = memo.createdAt?.date, let id = memo.entityID
                else { return nil }
                return (created, id)
            },
            timeField: "created_at")
        let (store, time, commerce) = (context.store, context.time, context.commerce)
        try await DeltaWindow.read(from: start(of: window), pageSize: configuration.pageSize) { cursor, limit in
            try await feed.changes(after: cursor, limit: limit)
        } page: { entries in
            var changes = StoreChanges(time: time.now())
            var orders: [Int: Order] = [:]
            for entry in entries {
                let memo = entry.item
                guard let id = memo.entityID, let orderID = memo.orderID,
                    try await !isHandled(Self.creditMemoKey(id: id))
                else { continue }
                let order: Order
                if let known = orders[orderID] {
                    order = known
                } else {
                    order = try await commerce.orders.get(id: orderID)
                    orders[orderID] = order
                }
                if try await context.isEcho(.creditMemo(memo, order: order), now: changes.time) {
                    report.echoes += 1
                    continue
                }
                changes.enqueue(try Self.creditMemoMessage(id: id, orderID: orderID, orderNumber: order.incrementID))
                report.creditMemosQueued += 1
            }
            changes.saveCheckpoint(window.advance(through: entries.map(\.feedPosition), at: time.now()))
            try await store.commit(changes)
            return entries.count
        }
    }
}
