/// Orders, and invoicing, shipping and refunding them: `client.orders`.
public struct OrdersAPI: Sendable {
    let client: AdobeCommerceClient

    /// An order by entity id (`GET /V1/orders/{id}`).
    public func get(id: Int) async throws -> Order {
        try await client.call(.ordersGet, path: ["id": String(id)])
    }

    /// One page of orders (`GET /V1/orders`); filter by `increment_id` to find an order by its number.
    public func search(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<Order> {
        try await client.search(.ordersSearch, criteria)
    }

    /// Every page of orders matching `criteria`.
    public func pages(_ criteria: SearchCriteria = SearchCriteria()) -> PageSequence<Order> {
        client.pages(.ordersSearch, criteria)
    }

    /// Every order matching `criteria`, one at a time.
    public func all(_ criteria: SearchCriteria = SearchCriteria()) -> ItemSequence<Order> {
        pages(criteria).items
    }

    /// The comments and status changes of an order (`GET /V1/orders/{id}/comments`).
    public func comments(orderID: Int) async throws -> SearchResults<OrderStatusHistory> {
        try await client.call(.orderCommentsList, path: ["id": String(orderID)])
    }

    /// Adds a comment, optionally changing the status (`POST /V1/orders/{id}/comments`).
    @discardableResult
    public func addComment(orderID: Int, _ comment: OrderStatusHistory) async throws -> Bool {
        var entry = comment
        entry.parentID = entry.parentID ?? orderID
        return try await client.call(.orderCommentsAdd, path: ["id": String(orderID)], body: ["statusHistory": entry])
    }

    /// Puts an order on hold (`POST /V1/orders/{id}/hold`).
    @discardableResult
    public func hold(orderID: Int) async throws -> Bool {
        try await client.call(.ordersHold, path: ["id": String(orderID)])
    }

    /// Releases a hold (`POST /V1/orders/{id}/unhold`).
    @discardableResult
    public func unhold(orderID: Int) async throws -> Bool {
        try await client.call(.ordersUnhold, path: ["id": String(orderID)])
    }

    /// Cancels an order (`POST /V1/orders/{id}/cancel`); `false` when its state does not allow it.
    @discardableResult
    public func cancel(orderID: Int) async throws -> Bool {
        try await client.call(.ordersCancel, path: ["id": String(orderID)])
    }

    /// Invoices an order, all of it when `items` is empty (`POST /V1/order/{orderId}/invoice`).
    ///
    /// ```swift
    /// let invoiceID = try await client.orders.invoice(
    ///     orderID: 42, items: [.init(orderItemID: 7, qty: 2)], comment: .init(comment: "Paid by wire"))
    /// ```
    /// - Parameters:
    ///   - orderID: The order's entity id.
    ///   - items: The lines (`OrderItem.itemID`) and quantities to invoice; every remaining quantity when empty.
    ///   - capture: Whether to capture the payment online.
    ///   - notify: Whether to e-mail the customer.
    ///   - comment: A comment to add to the invoice; hidden from the customer unless `isVisibleOnFront` is 1.
    /// - Returns: The invoice id.
    public func invoice(
        orderID: Int,
        items: [CommerceSchema.SalesInvoiceItemCreation] = [],
        capture: Bool = false,
        notify: Bool = false,
        comment: CommerceSchema.SalesInvoiceCommentCreation? = nil
    ) async throws -> Int {
        var body: [String: any Encodable] = ["capture": capture, "notify": notify, "items": items]
        if var comment {
            comment.isVisibleOnFront = comment.isVisibleOnFront ?? 0
            body["comment"] = comment
        }
        return try await client.call(.ordersInvoice, path: ["orderId": String(orderID)], body: body)
    }

    /// Ships an order with tracking numbers, all of it when `items` is empty (`POST /V1/order/{orderId}/ship`).
    /// - Parameters:
    ///   - orderID: The order's entity id.
    ///   - items: The lines (`OrderItem.itemID`) and quantities to ship; every remaining quantity when empty.
    ///   - tracks: The carriers' tracking numbers.
    ///   - notify: Whether to e-mail the customer.
    ///   - comment: A comment to add to the shipment; hidden from the customer unless `isVisibleOnFront` is 1.
    /// - Returns: The shipment id.
    public func ship(
        orderID: Int,
        items: [CommerceSchema.SalesShipmentItemCreation] = [],
        tracks: [ShipmentTrackCreation] = [],
        notify: Bool = false,
        comment: CommerceSchema.SalesShipmentCommentCreation? = nil
    ) async throws -> Int {
        var body: [String: any Encodable] = ["notify": notify, "items": items, "tracks": tracks]
        if var comment {
            comment.isVisibleOnFront = comment.isVisibleOnFront ?? 0
            body["comment"] = comment
        }
        return try await client.call(.ordersShip, path: ["orderId": String(orderID)], body: body)
    }

    /// Refunds an order offline with a credit memo (`POST /V1/order/{orderId}/refund`).
    /// - Parameters:
    ///   - orderID: The order's entity id.
    ///   - items: The lines (`OrderItem.itemID`) and quantities to refund; every invoiced, unrefunded quantity when
    ///     empty.
    ///   - arguments: Shipping to refund and adjustments.
    ///   - notify: Whether to e-mail the customer.
    ///   - comment: A comment to add to the credit memo; hidden from the customer unless `isVisibleOnFront` is 1.
    /// - Returns: The credit memo id.
    public func refund(
        orderID: Int,
        items: [CommerceSchema.SalesCreditmemoItemCreation] = [],
        arguments: CreditmemoCreationArguments? = nil,
        notify: Bool = false,
        comment: CommerceSchema.SalesCreditmemoCommentCreation? = nil
    ) async throws -> Int {
        var body: [String: any Encodable] = ["notify": notify, "items": items]
        if let arguments { body["arguments"] = arguments }
        if var comment {
            comment.isVisibleOnFront = comment.isVisibleOnFront ?? 0
            body["comment"] = comment
        }
        return try await client.call(.ordersRefund, path: ["orderId": String(orderID)], body: body)
    }
}

/// Invoices, shipments and credit memos: `client.salesDocuments`.
public struct SalesDocumentsAPI: Sendable {
    let client: AdobeCommerceClient

    /// An invoice (`GET /V1/invoices/{id}`).
    public func invoice(id: Int) async throws -> Invoice {
        try await client.call(.invoicesGet, path: ["id": String(id)])
    }

    /// One page of invoices (`GET /V1/invoices`).
    public func searchInvoices(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<Invoice> {
        try await client.search(.invoicesSearch, criteria)
    }

    /// Captures an invoice's payment (`POST /V1/invoices/{id}/capture`).
    @discardableResult
    public func captureInvoice(id: Int) async throws -> String {
        try await client.call(.invoicesCapture, path: ["id": String(id)])
    }

    /// A shipment (`GET /V1/shipment/{id}`).
    public func shipment(id: Int) async throws -> Shipment {
        try await client.call(.shipmentsGet, path: ["id": String(id)])
    }

    /// One page of shipments (`GET /V1/shipments`); filter by `order_id` for an order's.
    public func searchShipments(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<Shipment> {
        try await client.search(.shipmentsSearch, criteria)
    }

    /// A credit memo (`GET /V1/creditmemo/{id}`).
    public func creditmemo(id: Int) async throws -> Creditmemo {
        try await client.call(.creditmemosGet, path: ["id": String(id)])
    }

    /// One page of credit memos (`GET /V1/creditmemos`).
    public func searchCreditmemos(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<
        Creditmemo
    > {
        try await client.search(.creditmemosSearch, criteria)
    }
}

/// Websites, store views and their configuration: `client.store`.
public struct StoreAPI: Sendable {
    let client: AdobeCommerceClient

    /// All websites (`GET /V1/store/websites`).
    public func websites() async throws -> [Website] { try await client.call(.websitesList) }

    /// All store views (`GET /V1/store/storeViews`).
    public func storeViews() async throws -> [StoreView] { try await client.call(.storeViewsList) }

    /// The configuration of the given store views, or of all (`GET /V1/store/storeConfigs`).
    public func storeConfigs(codes: [StoreCode] = []) async throws -> [StoreConfig] {
        let query = codes.enumerated().map { (name: "storeCodes[\($0.offset)]", value: $0.element.rawValue) }
        return try await client.call(.storeConfigsList, query: query)
    }
}
