extension CommerceOperation {
    /// `GET /V1/orders/{id}`
    public static let ordersGet = CommerceSchema.Operations.Orders.getOrdersByIDOperation
    /// `GET /V1/orders`
    public static let ordersSearch = CommerceSchema.Operations.Orders.getOrdersOperation
    /// `GET /V1/orders/{id}/comments`
    public static let orderCommentsList = CommerceSchema.Operations.Orders.getOrdersByIDCommentsOperation
    /// `POST /V1/orders/{id}/comments`: adds a status-history entry (not idempotent).
    public static let orderCommentsAdd = CommerceSchema.Operations.Orders.postOrdersByIDCommentsOperation
    /// `POST /V1/orders/{id}/hold`
    public static let ordersHold = CommerceSchema.Operations.Orders.postOrdersByIDHoldOperation
    /// `POST /V1/orders/{id}/unhold`
    public static let ordersUnhold = CommerceSchema.Operations.Orders.postOrdersByIDUnholdOperation
    /// `POST /V1/orders/{id}/cancel`
    public static let ordersCancel = CommerceSchema.Operations.Orders.postOrdersByIDCancelOperation

    /// `POST /V1/order/{orderId}/invoice`: creates an invoice, optionally capturing the payment.
    public static let ordersInvoice = CommerceSchema.Operations.Order.postOrderByOrderIDInvoiceOperation
    /// `POST /V1/order/{orderId}/ship`: creates a shipment with tracking numbers.
    public static let ordersShip = CommerceSchema.Operations.Order.postOrderByOrderIDShipOperation
    /// `POST /V1/order/{orderId}/refund`: creates a credit memo.
    public static let ordersRefund = CommerceSchema.Operations.Order.postOrderByOrderIDRefundOperation

    /// `GET /V1/invoices/{id}`
    public static let invoicesGet = CommerceSchema.Operations.Invoices.getInvoicesByIDOperation
    /// `GET /V1/invoices`
    public static let invoicesSearch = CommerceSchema.Operations.Invoices.getInvoicesOperation
    /// `POST /V1/invoices/{id}/capture`
    public static let invoicesCapture = CommerceSchema.Operations.Invoices.postInvoicesByIDCaptureOperation
    /// `GET /V1/shipment/{id}`
    public static let shipmentsGet = CommerceSchema.Operations.Shipment.getShipmentByIDOperation
    /// `GET /V1/shipments`
    public static let shipmentsSearch = CommerceSchema.Operations.Shipments.getShipmentsOperation
    /// `GET /V1/creditmemo/{id}`
    public static let creditmemosGet = CommerceSchema.Operations.Creditmemo.getCreditmemoByIDOperation
    /// `GET /V1/creditmemos`
    public static let creditmemosSearch = CommerceSchema.Operations.Creditmemos.getCreditmemosOperation
}
