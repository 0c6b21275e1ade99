/// A comment or status change on an order (the schema definition `sales-data-order-status-history-interface`).
///
/// Every property of the definition is typed; every member Magento sends that the definition does not name
/// (a module's extension attribute, a `null`) is kept in `additionalFields` and written back, so reading a
/// record and writing it back loses nothing.
public typealias OrderStatusHistory = CommerceSchema.SalesOrderStatusHistory

extension OrderStatusHistory {
    /// A comment to add to an order with ``OrdersAPI/addComment(orderID:_:)``.
    ///
    /// ```swift
    /// try await client.orders.addComment(orderID: 42, OrderStatusHistory(comment: "Exported as SO-1001"))
    /// ```
    /// - Parameters:
    ///   - comment: The text.
    ///   - isVisibleOnFront: 1 when the customer sees it.
    ///   - isCustomerNotified: 1 to e-mail the customer.
    public init(comment: String, isVisibleOnFront: Int = 0, isCustomerNotified: Int = 0) {
        self.init(comment: comment, isCustomerNotified: isCustomerNotified, isVisibleOnFront: isVisibleOnFront)
    }
}
