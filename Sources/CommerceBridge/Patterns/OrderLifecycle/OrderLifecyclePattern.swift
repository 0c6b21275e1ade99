public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The steps of applying one ERP lifecycle record to its Commerce order. Conform for your ERP and override only what
/// differs; ``OrderLifecycleEngine`` runs validate → map → before-send, then sends (creating each credit memo and
/// return once, which is why sending stays the engine's), then after-send.
///
/// A `MappingError` (or any error that is not retryable) thrown by a step parks the record for review with its
/// message; a retryable one stops the pass before the record, which the next pass tries again.
///
/// ```swift
/// struct MyLifecycle: OrderLifecyclePattern {
///     func validate(_ document: OrderLifecycleDocument, order: Order) throws {
///         if case .event(let event) = document, case .cancel = event.action, order.status == "fraud" {
///             throw MappingError(record: "\(document.entity)", field: "action", message: "fraud orders are cancelled by hand")
///         }
///     }
///     func beforeSend(_ request: OrderLifecycleRequest, document: OrderLifecycleDocument, order: Order) async throws
///         -> OrderLifecycleRequest
///     {
///         guard case .refund(var refund) = request else { return request }
///         refund.notify = true   // always tell the customer about refunds
///         return .refund(refund)
///     }
/// }
/// ```
public protocol OrderLifecyclePattern: Sendable {
    /// Refuses records that must not be applied. Default: accepts everything.
    func validate(_ document: OrderLifecycleDocument, order: Order) throws
    /// Maps the record to what is sent. Default: ``OrderLifecycleMapping/request(for:order:)``.
    func map(_ document: OrderLifecycleDocument, order: Order) throws -> OrderLifecycleRequest
    /// Adjusts the request just before it is sent. Default: unchanged.
    func beforeSend(_ request: OrderLifecycleRequest, document: OrderLifecycleDocument, order: Order) async throws
        -> OrderLifecycleRequest
    /// Runs after Commerce applied the record (and again if the record is read again before its pass commits), with
    /// the Commerce id of what was made (a credit memo or RMA id, or the order id for events). Default: nothing.
    func afterSend(_ document: OrderLifecycleDocument, commerceID: String, order: Order) async throws
}

extension OrderLifecyclePattern {
    /// Accepts everything.
    public func validate(_ document: OrderLifecycleDocument, order: Order) throws {}

    /// ``OrderLifecycleMapping/request(for:order:)``.
    public func map(_ document: OrderLifecycleDocument, order: Order) throws -> OrderLifecycleRequest {
        try OrderLifecycleMapping.request(for: document, order: order)
    }

    /// Unchanged.
    public func beforeSend(_ request: OrderLifecycleRequest, document: OrderLifecycleDocument, order: Order)
        async throws -> OrderLifecycleRequest
    { request }

    /// Nothing.
    public func afterSend(_ document: OrderLifecycleDocument, commerceID: String, order: Order) async throws {}
}

/// Every step at its default.
public struct DefaultOrderLifecycle: OrderLifecyclePattern {
    /// Creates the default pattern.
    public init() {}
}

/// The default mapping of ERP lifecycle records, reusable in custom patterns.
public enum OrderLifecycleMapping {
    /// The text that names an ERP credit memo in its Commerce credit memo's comment: `ERP credit memo CM-1`.
    public static func reference(creditMemo number: String) -> String { "ERP credit memo \(number)" }

    /// The text that names an ERP return in its Commerce RMA's first comment: `ERP return R-1`.
    public static func reference(return number: String) -> String { "ERP return \(number)" }

    /// Whether a Commerce comment carries `reference`: it is the reference, or starts with it and `: `.
    static func comment(_ text: String?, carries reference: String) -> Bool {
        guard let text else { return false }
        return text == reference || text.hasPrefix(reference + ": ")
    }

    /// The request for a record: an order comment with the status and flags the ERP gave; hold, unhold or cancel
    /// (with the reason as a comment); an offline refund of the ERP's lines, shipping and adjustments; or an RMA with
    /// the ERP's lines, status and tracking numbers.
    /// - Throws: `MappingError` when a line matches no order item, or a return quantity is not whole.
    public static func request(for document: OrderLifecycleDocument, order: Order) throws -> OrderLifecycleRequest {
        switch document {
        case .event(let event):
            switch event.action {
            case .comment(let text, let status, let notify, let visible):
                var history = OrderStatusHistory(
                    comment: text, isVisibleOnFront: visible ? 1 : 0, isCustomerNotified: notify ? 1 : 0)
                history.status = status
                return .comment(history)
            case .hold: return .hold
            case .unhold: return .unhold
            case .cancel(let reason):
                return .cancel(comment: reason.map { OrderStatusHistory(comment: $0) })
            }
        case .creditMemo(let memo):
            var items = try OrderDocuments.items(memo.lines, of: order, document: "\(document.entity)") {
                CommerceSchema.SalesCreditmemoItemCreation(orderItemID: $0, qty: $1)
            }
            if items.isEmpty {
                // An amount-only credit memo: every line at 0, since Magento refunds everything for an empty list.
                items = (order.items ?? []).filter { $0.productType != "configurable" }.compactMap {
                    $0.itemID.map { CommerceSchema.SalesCreditmemoItemCreation(orderItemID: $0, qty: 0) }
                }
            }
            var arguments = CreditmemoCreationArguments()
            arguments.shippingAmount = memo.shippingAmount
            arguments.adjustmentPositive = memo.adjustmentPositive
            arguments.adjustmentNegative = memo.adjustmentNegative
            let reference = reference(creditMemo: memo.number)
            return .refund(
                OrderLifecycleRequest.Refund(
                    erpInvoiceNumber: memo.invoiceNumber, items: items, arguments: arguments,
                    comment: memo.comment.map { "\(reference): \($0)" } ?? reference, notify: memo.notify))
        case .return(let rma):
            return .return(try returnRequest(rma, order: order, record: "\(document.entity)"))
        }
    }

    /// The RMA item status that goes with an RMA status.
    static func itemStatus(for status: String) -> String? {
        switch status {
        case "pending": "pending"
        case "authorized", "partially_authorized": "authorized"
        case "received", "received_on_item": "received"
        case "approved_on_item", "processed_closed": "approved"
        case "rejected_on_item": "rejected"
        default: nil
        }
    }

    private static func returnRequest(_ rma: ERPReturn, order: Order, record: String) throws
        -> OrderLifecycleRequest
        .Return
    {
        func whole(_ quantity: Decimal, _ sku: String) throws -> Int {
            guard quantity > 0, let value = Int(quantity.description) else {
                throw MappingError(
                    record: record, field: "lines",
                    message: "\(sku) × \(quantity): an RMA returns whole, positive quantities")
            }
            return value
        }
        var items: [CommerceSchema.RmaItem] = []
        var states: [Int: CommerceSchema.RmaItem] = [:]
        let itemStatus = itemStatus(for: rma.status)
        for line in rma.lines {
            guard
                let item = order.items?.first(where: { $0.sku == line.sku && $0.productType != "configurable" }),
                let itemID = item.itemID
            else {
                throw MappingError(
                    record: record, field: "lines",
                    message: "\(line.sku) matches no line of order \(order.incrementID ?? "?")")
            }
            let requested = try whole(line.quantity, line.sku)
            let processed = try line.quantityProcessed.map { try whole($0, line.sku) } ?? requested
            items.append(
                CommerceSchema.RmaItem(
                    condition: line.condition, orderItemID: itemID, qtyRequested: requested, reason: line.reason,
                    resolution: line.resolution, status: "pending"))
            var state = CommerceSchema.RmaItem(orderItemID: itemID, status: itemStatus)
            switch itemStatus {
            case "authorized": state.qtyAuthorized = processed
            case "received":
                state.qtyAuthorized = processed
                state.qtyReturned = processed
            case "approved":
                state.qtyAuthorized = processed
                state.qtyReturned = processed
                state.qtyApproved = processed
            default: break
            }
            states[itemID] = state
        }
        let reference = reference(return: rma.number)
        let created = CommerceSchema.Rma(
            comments: [
                CommerceSchema.RmaComment(
                    admin: true, comment: rma.comment.map { "\(reference): \($0)" } ?? reference,
                    customerNotified: false, visibleOnFront: false)
            ],
            customerID: order.customerID, items: items, orderID: order.entityID,
            orderIncrementID: order.incrementID, status: "pending", storeID: order.storeID ?? 1)
        let tracks = rma.tracks.map {
            CommerceSchema.RmaTrack(
                carrierCode: $0.carrierCode, carrierTitle: $0.carrierTitle, trackNumber: $0.trackingNumber)
        }
        return OrderLifecycleRequest.Return(rma: created, status: rma.status, itemStates: states, tracks: tracks)
    }
}
