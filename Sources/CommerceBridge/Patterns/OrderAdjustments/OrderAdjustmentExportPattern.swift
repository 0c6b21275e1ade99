public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The steps of sending one cancellation or credit memo made in Commerce to the ERP. Conform for your ERP and
/// override only what differs; ``OrderAdjustmentExportEngine`` runs the steps in order, inside the outbox's retries,
/// after the order itself reached the ERP.
///
/// ```swift
/// struct MyAdjustments: OrderAdjustmentExportPattern {
///     func beforeSend(_ adjustment: ERPAdjustmentRequest, from source: StoreOrderAdjustment) async throws
///         -> ERPAdjustmentRequest
///     {
///         guard case .creditMemo(var memo) = adjustment else { return adjustment }
///         memo.lines.removeAll { $0.sku.hasPrefix("GIFT-") }   // gift cards are refunded by the gift-card system
///         return .creditMemo(memo)
///     }
/// }
/// ```
public protocol OrderAdjustmentExportPattern: Sendable {
    /// Refuses documents that must not be sent (a ``MappingError`` sends the message to the dead-letter queue at
    /// once). Default: ``OrderAdjustmentMapping/validate(_:)``.
    func validate(_ adjustment: StoreOrderAdjustment) throws
    /// Maps the document for the ERP order `erpOrderNumber`. Default: ``OrderAdjustmentMapping/map(_:erpOrderNumber:)``.
    func map(_ adjustment: StoreOrderAdjustment, erpOrderNumber: String) throws -> ERPAdjustmentRequest
    /// Adjusts the request just before it is sent. Default: unchanged.
    func beforeSend(_ adjustment: ERPAdjustmentRequest, from source: StoreOrderAdjustment) async throws
        -> ERPAdjustmentRequest
    /// Sends it, idempotently by `idempotencyKey`. Default: `sink.cancelOrder` or `sink.recordCreditMemo`.
    /// - Returns: The ERP's reference of the cancellation or credit note.
    func send(_ adjustment: ERPAdjustmentRequest, idempotencyKey: String, sink: any OrderAdjustmentSink) async throws
        -> String
    /// Runs after the ERP took it, at least once (again when the delivery is retried after a crash), so make it
    /// idempotent. Default: nothing.
    func afterSend(erpReference: String, adjustment: ERPAdjustmentRequest, from source: StoreOrderAdjustment)
        async throws
}

extension OrderAdjustmentExportPattern {
    /// ``OrderAdjustmentMapping/validate(_:)``.
    public func validate(_ adjustment: StoreOrderAdjustment) throws { try OrderAdjustmentMapping.validate(adjustment) }

    /// ``OrderAdjustmentMapping/map(_:erpOrderNumber:)``.
    public func map(_ adjustment: StoreOrderAdjustment, erpOrderNumber: String) throws -> ERPAdjustmentRequest {
        try OrderAdjustmentMapping.map(adjustment, erpOrderNumber: erpOrderNumber)
    }

    /// Unchanged.
    public func beforeSend(_ adjustment: ERPAdjustmentRequest, from source: StoreOrderAdjustment) async throws
        -> ERPAdjustmentRequest
    { adjustment }

    /// `sink.cancelOrder(_:idempotencyKey:)` or `sink.recordCreditMemo(_:idempotencyKey:)`.
    public func send(_ adjustment: ERPAdjustmentRequest, idempotencyKey: String, sink: any OrderAdjustmentSink)
        async throws -> String
    {
        switch adjustment {
        case .cancellation(let cancellation): try await sink.cancelOrder(cancellation, idempotencyKey: idempotencyKey)
        case .creditMemo(let memo): try await sink.recordCreditMemo(memo, idempotencyKey: idempotencyKey)
        }
    }

    /// Nothing.
    public func afterSend(erpReference: String, adjustment: ERPAdjustmentRequest, from source: StoreOrderAdjustment)
        async throws
    {}
}

/// Every step at its default.
public struct DefaultOrderAdjustmentExport: OrderAdjustmentExportPattern {
    /// Creates the default pattern.
    public init() {}
}

/// The default checks and mapping of cancellations and credit memos, reusable in custom patterns.
public enum OrderAdjustmentMapping {
    /// Requires an order number; a cancellation needs the order to be cancelled (``isCancelled(_:)``); a credit memo needs its
    /// number, a currency, a grand total that is not negative, and a SKU and a positive quantity on every line it
    /// refunds.
    public static func validate(_ adjustment: StoreOrderAdjustment) throws {
        let record = adjustment.name
        guard adjustment.order.incrementID?.isEmpty == false else {
            throw MappingError(record: record, field: "increment_id", message: "the order has no number")
        }
        switch adjustment {
        case .cancellation(let order):
            guard isCancelled(order) else {
                throw MappingError(
                    record: record, field: "state",
                    message: "is \(order.state ?? "missing") and no line has a cancelled quantity: the order is not "
                        + "cancelled in Commerce")
            }
        case .creditMemo(let memo, let order):
            guard memo.incrementID?.isEmpty == false else {
                throw MappingError(record: record, field: "increment_id", message: "is required but missing")
            }
            guard (memo.orderCurrencyCode ?? order.orderCurrencyCode)?.isEmpty == false else {
                throw MappingError(record: record, field: "order_currency_code", message: "is required but missing")
            }
            guard let total = memo.grandTotal, total >= 0 else {
                throw MappingError(
                    record: record, field: "grand_total",
                    message: "is \(memo.grandTotal.map { "\($0)" } ?? "missing"): a refund is not negative")
            }
            for item in refundedItems(memo, order: order) where item.sku?.isEmpty != false {
                throw MappingError(
                    record: record, field: "items", message: "line \(item.entityID ?? 0) refunds an item without a SKU")
            }
        }
    }

    /// Whether Commerce cancelled the order: its `state` is `canceled`, or a line has a cancelled quantity. Magento
    /// leaves an order that was partly invoiced `processing` (or `complete`) when it cancels the rest, so the state
    /// alone misses those cancellations.
    public static func isCancelled(_ order: Order) -> Bool {
        order.state == "canceled" || (order.items ?? []).contains { ($0.qtyCanceled ?? 0) > 0 }
    }

    /// Maps a cancellation or a credit memo for the ERP order `erpOrderNumber`.
    public static func map(_ adjustment: StoreOrderAdjustment, erpOrderNumber: String) throws -> ERPAdjustmentRequest {
        switch adjustment {
        case .cancellation(let order):
            .cancellation(cancellation(order, erpOrderNumber: erpOrderNumber))
        case .creditMemo(let memo, let order):
            .creditMemo(try creditMemo(memo, order: order, erpOrderNumber: erpOrderNumber))
        }
    }

    /// The cancellation of `order`: the comment and time of its `canceled` status entry (else its `updated_at`), and
    /// the quantities cancelled on its lines (the parents of configurable lines carry them, as in Magento).
    public static func cancellation(_ order: Order, erpOrderNumber: String) -> ERPCancellationRequest {
        let entry = (order.statusHistories ?? []).filter { $0.status == "canceled" }
            .max {
                ($0.createdAt?.date ?? .distantPast, $0.entityID ?? 0) < (
                    $1.createdAt?.date ?? .distantPast, $1.entityID ?? 0
                )
            }
        let reason = entry?.comment.flatMap { $0.isEmpty ? nil : $0 }
        let lines = (order.items ?? []).compactMap { item -> ERPCancellationRequest.Line? in
            guard item.parentItemID == nil, let sku = item.sku, let quantity = item.qtyCanceled, quantity > 0 else {
                return nil
            }
            return ERPCancellationRequest.Line(sku: sku, quantity: quantity)
        }
        return ERPCancellationRequest(
            erpOrderNumber: erpOrderNumber, commerceOrderNumber: order.incrementID ?? "", reason: reason,
            cancelledAt: entry?.createdAt?.date ?? order.updatedAt?.date ?? order.createdAt?.date ?? .distantPast,
            lines: lines)
    }

    /// The credit memo's lines, amounts and currency. Lines with nothing refunded are left out, and so are the
    /// children of configurable and bundle lines: Magento puts the SKU, price and amounts on the parent line.
    public static func creditMemo(
        _ memo: CommerceSchema.SalesCreditmemo, order: Order, erpOrderNumber: String
    ) throws -> ERPCreditNoteRequest {
        let record = "credit memo \(memo.incrementID ?? "?")"
        let lines = refundedItems(memo, order: order).map { item in
            ERPCreditNoteRequest.Line(
                sku: item.sku ?? "", quantity: item.qty ?? 0, unitPrice: item.price ?? 0,
                rowTotal: item.rowTotal ?? (item.price ?? 0) * (item.qty ?? 0), discount: abs(item.discountAmount ?? 0),
                tax: item.taxAmount ?? 0)
        }
        guard let created = memo.createdAt?.date else {
            throw MappingError(record: record, field: "created_at", message: "is missing or not a Magento date")
        }
        return ERPCreditNoteRequest(
            commerceCreditMemoID: String(memo.entityID ?? 0), commerceCreditMemoNumber: memo.incrementID ?? "",
            commerceOrderNumber: order.incrementID ?? "", erpOrderNumber: erpOrderNumber, lines: lines,
            subtotal: memo.subtotal ?? 0, discount: abs(memo.discountAmount ?? 0), tax: memo.taxAmount ?? 0,
            shipping: memo.shippingAmount ?? 0, adjustmentRefund: memo.adjustmentPositive ?? 0,
            adjustmentFee: memo.adjustmentNegative ?? 0, grandTotal: memo.grandTotal ?? 0,
            currency: memo.orderCurrencyCode ?? order.orderCurrencyCode ?? "",
            createdAt: created,
            comment: (memo.comments ?? []).sorted { ($0.entityID ?? 0) < ($1.entityID ?? 0) }.first?.comment)
    }

    /// The credit memo's lines that refund something, without the children of parent lines.
    static func refundedItems(_ memo: CommerceSchema.SalesCreditmemo, order: Order) -> [CommerceSchema
        .SalesCreditmemoItem]
    {
        let children = Set((order.items ?? []).filter { $0.parentItemID != nil }.compactMap(\.itemID))
        return (memo.items ?? []).filter { item in
            (item.qty ?? 0) > 0 && !children.contains(item.orderItemID ?? -1)
        }
    }
}
