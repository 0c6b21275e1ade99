extension CommerceOperation {
    /// `GET /V1/orders/{id}`
    public static let ordersGet = CommerceOperation(
        id: "orders.get", method: .get, path: "/V1/orders/{id}", aclResource: "Magento_Sales::actions_view")
    /// `GET /V1/orders`
    public static let ordersSearch = CommerceOperation(
        id: "orders.search", method: .get, path: "/V1/orders", aclResource: "Magento_Sales::actions_view")
    /// `GET /V1/orders/{id}/comments`
    public static let orderCommentsList = CommerceOperation(
        id: "orders.comments.list", method: .get, path: "/V1/orders/{id}/comments",
        aclResource: "Magento_Sales::actions_view")
    /// `POST /V1/orders/{id}/comments`: adds a status-history entry (not idempotent).
    public static let orderCommentsAdd = CommerceOperation(
        id: "orders.comments.add", method: .post, path: "/V1/orders/{id}/comments",
        aclResource: "Magento_Sales::comment",
        isAsyncCapable: true)
    /// `POST /V1/orders/{id}/hold`
    public static let ordersHold = CommerceOperation(
        id: "orders.hold", method: .post, path: "/V1/orders/{id}/hold", aclResource: "Magento_Sales::hold")
    /// `POST /V1/orders/{id}/unhold`
    public static let ordersUnhold = CommerceOperation(
        id: "orders.unhold", method: .post, path: "/V1/orders/{id}/unhold", aclResource: "Magento_Sales::unhold")
    /// `POST /V1/orders/{id}/cancel`
    public static let ordersCancel = CommerceOperation(
        id: "orders.cancel", method: .post, path: "/V1/orders/{id}/cancel", aclResource: "Magento_Sales::cancel")

    /// `POST /V1/order/{orderId}/invoice`: creates an invoice, optionally capturing the payment.
    public static let ordersInvoice = CommerceOperation(
        id: "orders.invoice", method: .post, path: "/V1/order/{orderId}/invoice", aclResource: "Magento_Sales::invoice",
        isAsyncCapable: true)
    /// `POST /V1/order/{orderId}/ship`: creates a shipment with tracking numbers.
    public static let ordersShip = CommerceOperation(
        id: "orders.ship", method: .post, path: "/V1/order/{orderId}/ship", aclResource: "Magento_Sales::ship",
        isAsyncCapable: true)
    /// `POST /V1/order/{orderId}/refund`: creates a credit memo.
    public static let ordersRefund = CommerceOperation(
        id: "orders.refund", method: .post, path: "/V1/order/{orderId}/refund",
        aclResource: "Magento_Sales::creditmemo", isAsyncCapable: true)

    /// `GET /V1/invoices/{id}`
    public static let invoicesGet = CommerceOperation(
        id: "invoices.get", method: .get, path: "/V1/invoices/{id}", aclResource: "Magento_Sales::sales_invoice")
    /// `GET /V1/invoices`
    public static let invoicesSearch = CommerceOperation(
        id: "invoices.search", method: .get, path: "/V1/invoices", aclResource: "Magento_Sales::sales_invoice")
    /// `POST /V1/invoices/{id}/capture`
    public static let invoicesCapture = CommerceOperation(
        id: "invoices.capture", method: .post, path: "/V1/invoices/{id}/capture",
        aclResource: "Magento_Sales::sales_invoice")
    /// `GET /V1/shipment/{id}`
    public static let shipmentsGet = CommerceOperation(
        id: "shipments.get", method: .get, path: "/V1/shipment/{id}", aclResource: "Magento_Sales::shipment")
    /// `GET /V1/shipments`
    public static let shipmentsSearch = CommerceOperation(
        id: "shipments.search", method: .get, path: "/V1/shipments", aclResource: "Magento_Sales::shipment")
    /// `GET /V1/creditmemo/{id}`
    public static let creditmemosGet = CommerceOperation(
        id: "creditmemos.get", method: .get, path: "/V1/creditmemo/{id}", aclResource: "Magento_Sales::sales_creditmemo"
    )
    /// `GET /V1/creditmemos`
    public static let creditmemosSearch = CommerceOperation(
        id: "creditmemos.search", method: .get, path: "/V1/creditmemos", aclResource: "Magento_Sales::sales_creditmemo")
}
