public import AdobeCommerce

/// What ``OrderLifecycleEngine`` sends to Commerce for one ERP record: the output of an ``OrderLifecyclePattern``'s
/// `map` step, adjustable in its `beforeSend` step.
public enum OrderLifecycleRequest: Sendable {
    /// Adds an order comment, optionally changing the status (`POST /V1/orders/{id}/comments`).
    case comment(OrderStatusHistory)
    /// Puts the order on hold (`POST /V1/orders/{id}/hold`).
    case hold
    /// Releases the hold (`POST /V1/orders/{id}/unhold`).
    case unhold
    /// Cancels the order (`POST /V1/orders/{id}/cancel`), then adds the comment, if any.
    case cancel(comment: OrderStatusHistory?)
    /// Refunds offline with a credit memo.
    case refund(Refund)
    /// Creates an RMA once, then brings its status and tracking numbers up to date.
    case `return`(Return)

    /// An offline refund: of an invoice (`POST /V1/invoice/{invoiceID}/refund`) or of the order
    /// (`POST /V1/order/{orderID}/refund`).
    public struct Refund: Sendable, Equatable {
        /// The ERP invoice refunded (its Commerce id is found in the ID map), or `nil` to refund the order.
        public var erpInvoiceNumber: String?
        /// The order items and quantities. An amount-only refund lists every item with a quantity of 0: Magento reads
        /// an empty list as "everything left to refund".
        public var items: [CommerceSchema.SalesCreditmemoItemCreation]
        /// Shipping refunded and adjustments.
        public var arguments: CreditmemoCreationArguments
        /// The credit memo's comment; it starts with the ERP reference that finds the credit memo again.
        public var comment: String
        /// Whether Magento e-mails the customer.
        public var notify: Bool

        /// Creates a refund.
        public init(
            erpInvoiceNumber: String?, items: [CommerceSchema.SalesCreditmemoItemCreation],
            arguments: CreditmemoCreationArguments,
            comment: String, notify: Bool
        ) {
            self.erpInvoiceNumber = erpInvoiceNumber
            self.items = items
            self.arguments = arguments
            self.comment = comment
            self.notify = notify
        }
    }

    /// A return: the RMA to create (with the ERP reference as its first comment), the status to bring it to, and its
    /// tracking numbers.
    public struct Return: Sendable {
        /// The RMA as created; its `comments` carry the ERP reference.
        public var rma: CommerceSchema.Rma
        /// The status the RMA is brought to, with its items' quantities, after creation or on a later change.
        public var status: String
        /// Each item's authorized, returned and approved quantities and status, by order item id.
        public var itemStates: [Int: CommerceSchema.RmaItem]
        /// The tracking numbers it must carry.
        public var tracks: [CommerceSchema.RmaTrack]

        /// Creates a return request.
        public init(
            rma: CommerceSchema.Rma, status: String, itemStates: [Int: CommerceSchema.RmaItem],
            tracks: [CommerceSchema.RmaTrack]
        ) {
            self.rma = rma
            self.status = status
            self.itemStates = itemStates
            self.tracks = tracks
        }
    }
}
