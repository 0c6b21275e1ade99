public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Runs the engines from Commerce events: handles the inbox's events as they arrive and has each engine act on its
/// record at once, while the engines' scheduled passes stay the safety net and reconciliation.
///
/// | event | action |
/// |---|---|
/// | order placed or saved | the order's export is queued (when its status is exported and it is not yet) and delivered |
/// | customer saved | the customer master runs a pass (its delta feed picks the customer up; its echo check drops the bridge's own writes) |
/// | product saved, stock item saved | recognised as the bridge's own write (an echo), or audited as a change made in Commerce for the next full pass to settle |
/// | anything else | handlers you add, or acknowledged as ignored |
///
/// ```swift
/// let connector = EventDrivenConnector(store: store, orders: orders, customers: customers, time: .system)
/// try await connector.subscribe(using: client)          // POST /V1/eventing/eventSubscribe for each event
/// Task { await connector.run() }
/// ```
public struct EventDrivenConnector: Sendable {
    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// The inbox's results.
        public var inbox = InboxProcessor.Report()
        /// Orders queued for export by events.
        public var ordersQueued = 0
        /// Product and stock events recognised as the bridge's own writes.
        public var echoes = 0
        /// Product and stock events for changes made in Commerce.
        public var changedInCommerce = 0
        /// The order engine's delivery, when orders were queued.
        public var orders: DualWriteOrderEngine.Report?
        /// The customer master's pass, when customers changed.
        public var customers: CustomerMasterEngine.Report?
    }

    /// One event subscription: what `subscribe(using:)` asks Commerce for.
    public struct Subscription: Sendable, Hashable {
        /// The event name.
        public var name: String
        /// The fields the event carries (fewer fields, smaller events: Commerce refuses events over 64 KB).
        public var fields: [String]
        /// Whether Commerce sends it at once through its priority queue instead of with the next cron batch.
        public var priority: Bool

        /// Creates a subscription.
        public init(name: String, fields: [String], priority: Bool = true) {
            self.name = name
            self.fields = fields
            self.priority = priority
        }
    }

    private struct FollowUps {
        var ordersQueued = 0
        var customersChanged = false
        var echoes = 0
        var changedInCommerce = 0
    }

    /// What the handlers noted for after the inbox pass, shared by the handlers and the connector.
    private final class Notes: Sendable {
        let state = Mutex(FollowUps())
        func withLock<T>(_ body: (inout FollowUps) -> T) -> T { state.withLock { body(&$0) } }
    }

    /// The inbox processor, with the engines' handlers.
    public let processor: InboxProcessor
    /// The subscriptions the engines need.
    public let subscriptions: [Subscription]
    private let orders: DualWriteOrderEngine?
    private let customers: CustomerMasterEngine?
    private let followUps: Notes

    /// Creates the connector.
    /// - Parameters:
    ///   - store: The store whose inbox holds the events.
    ///   - orders: The order engine, or `nil`.
    ///   - customers: The customer master, or `nil`.
    ///   - handlers: More handlers by CloudEvents type (`com.adobe.commerce.<event name>`); they replace the built-in
    ///     ones for the same type.
    ///   - configuration: The inbox processor's configuration.
    ///   - time: The clock.
    public init(
        store: any ConnectorStore, orders: DualWriteOrderEngine? = nil, customers: CustomerMasterEngine? = nil,
        handlers: [String: InboxProcessor.Handler] = [:], configuration: InboxProcessor.Configuration = .init(),
        time: TimeSource
    ) {
        self.orders = orders
        self.customers = customers
        let followUps = Notes()
        self.followUps = followUps
        var table: [String: InboxProcessor.Handler] = [:]
        var subscriptions: [Subscription] = []
        func type(_ name: String) -> String { StoreEvent.typePrefix + name }
        if let orders {
            let orderHandler: InboxProcessor.Handler = { inboxEvent, changes in
                let event = try inboxEvent.storeEvent()
                let value = event.value["order"] ?? event.value
                let queued = try await orders.queueExport(
                    orderID: value["entity_id"]?.intValue, incrementID: value["increment_id"]?.stringValue,
                    into: &changes)
                if queued { followUps.withLock { $0.ordersQueued += 1 } }
            }
            table[type(StoreEventName.orderPlaced)] = orderHandler
            table[type(StoreEventName.orderSaved)] = orderHandler
            subscriptions.append(
                Subscription(
                    name: StoreEventName.orderSaved,
                    fields: ["entity_id", "increment_id", "status", "state", "updated_at"]))
        }
        if customers != nil {
            table[type(StoreEventName.customerSaved)] = { _, _ in
                followUps.withLock { $0.customersChanged = true }
            }
            subscriptions.append(
                Subscription(name: StoreEventName.customerSaved, fields: ["entity_id", "email", "updated_at"]))
        }
        for name in [StoreEventName.productSaved, StoreEventName.stockItemSaved] {
            table[type(name)] = { inboxEvent, changes in
                let event = try inboxEvent.storeEvent()
                let candidates = EchoFingerprint.candidates(for: event)
                if !candidates.isEmpty, try await !store.echoes(among: candidates, now: changes.time).isEmpty {
                    followUps.withLock { $0.echoes += 1 }
                    return
                }
                followUps.withLock { $0.changedInCommerce += 1 }
                let sku = event.value["sku"]?.stringValue ?? event.entity ?? "?"
                changes.audit(
                    AuditRecord(
                        entity: EntityReference(.product, .commerce, sku), action: "event.\(event.name)",
                        incomingValue: event.value, winner: .commerce, rule: "eventDriven",
                        explanation:
                            "changed in Commerce, not by the bridge; the next full pass compares it with the owner's value",
                        correlationID: event.deduplicationKey, time: changes.time))
            }
        }
        subscriptions.append(
            Subscription(
                name: StoreEventName.productSaved, fields: ["entity_id", "sku", "name", "price", "updated_at"]))
        subscriptions.append(
            Subscription(
                name: StoreEventName.stockItemSaved, fields: ["item_id", "product_id", "sku", "qty", "is_in_stock"]))
        table.merge(handlers) { _, added in added }
        self.subscriptions = subscriptions
        processor = InboxProcessor(store: store, time: time, handlers: table, configuration: configuration)
    }

    /// Subscribes the store to ``subscriptions`` (`POST /V1/eventing/eventSubscribe`, with `force` so that a
    /// subscription made before gets these fields).
    public func subscribe(using client: AdobeCommerceClient) async throws {
        for subscription in subscriptions {
            try await client.operations.eventing.postEventingEventSubscribe(
                event: CommerceSchema.AdobeCommerceEventsClientEvent(
                    fields: subscription.fields.map { CommerceSchema.AdobeCommerceEventsClientEventField(name: $0) },
                    name: subscription.name, priority: subscription.priority),
                force: true)
        }
    }

    /// Handles every due event, then delivers the orders they queued and runs the customer master if customers
    /// changed.
    public func processAvailable() async throws -> Report {
        var report = Report()
        report.inbox = try await processor.processAvailable()
        let done = followUps.withLock { state in
            defer { state = FollowUps() }
            return state
        }
        report.ordersQueued = done.ordersQueued
        report.echoes = done.echoes
        report.changedInCommerce = done.changedInCommerce
        if done.ordersQueued > 0, let orders { report.orders = try await orders.deliver() }
        if done.customersChanged, let customers { report.customers = try await customers.sync() }
        return report
    }

    /// Processes events as they arrive until the task is cancelled: the inbox is polled at the processor's interval,
    /// and, beside it, queued exports are delivered as soon as they are committed (while events keep arriving, an
    /// inbox pass never ends, so delivery does not wait for one). A failed pass is retried at the next interval.
    public func run() async {
        let interval = processor.configuration.pollInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    let busy = (try? await processor.processAvailable()).map { $0.handled + $0.retried > 0 } ?? false
                    if !busy { try? await Task.sleep(for: interval) }
                }
            }
            group.addTask {
                // An export is committed with its event's acknowledgement, just after the handler noted it: keep
                // delivering for a moment after each note rather than once per note.
                var deliverUntil = ContinuousClock.now
                while !Task.isCancelled {
                    let noted = followUps.withLock { state in
                        defer { (state.ordersQueued, state.customersChanged) = (0, false) }
                        return (orders: state.ordersQueued, customers: state.customersChanged)
                    }
                    if noted.orders > 0 { deliverUntil = .now + .seconds(2) }
                    if let orders, ContinuousClock.now < deliverUntil { _ = try? await orders.deliver() }
                    if noted.customers, let customers { _ = try? await customers.sync() }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }
}
