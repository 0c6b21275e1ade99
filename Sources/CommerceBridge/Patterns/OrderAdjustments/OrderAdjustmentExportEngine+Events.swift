import AdobeCommerce

extension OrderAdjustmentExportEngine {
    /// Magento's `order_cancel_after` event (dispatched by `Order::cancel()`), as the eventing module names it.
    public static let orderCancelledEvent = "observer.order_cancel_after"

    /// The event subscriptions the handlers need: credit memos saved and orders cancelled, with the ids they read.
    public static let subscriptions: [EventDrivenConnector.Subscription] = [
        .init(name: StoreEventName.creditMemoSaved, fields: ["entity_id", "order_id", "increment_id", "created_at"]),
        .init(name: orderCancelledEvent, fields: ["entity_id", "increment_id", "state", "updated_at"]),
    ]

    /// Inbox handlers that queue a document as its Commerce event arrives: pass them to `EventDrivenConnector`
    /// (`handlers:`), subscribe the store to ``subscriptions``, and call ``deliver()`` after each inbox pass (or let
    /// ``sync()`` deliver). A document found by an event and by polling is queued once: both queue the same message.
    ///
    /// ```swift
    /// let connector = EventDrivenConnector(
    ///     store: store, orders: orders, handlers: adjustments.eventHandlers, time: .system)
    /// ```
    public var eventHandlers: [String: InboxProcessor.Handler] {
        let engine = self
        return [
            StoreEvent.typePrefix + StoreEventName.creditMemoSaved: { inboxEvent, changes in
                let event = try inboxEvent.storeEvent()
                guard let id = (event.value["creditmemo"] ?? event.value)["entity_id"]?.intValue else { return }
                _ = try await engine.queueCreditMemo(id: id, into: &changes)
            },
            StoreEvent.typePrefix + Self.orderCancelledEvent: { inboxEvent, changes in
                let event = try inboxEvent.storeEvent()
                guard let id = (event.value["order"] ?? event.value)["entity_id"]?.intValue else { return }
                _ = try await engine.queueCancellation(orderID: id, into: &changes)
            },
        ]
    }
}
