/// An ``OrderSink`` that also takes what happens to an order in Commerce after it was exported: its cancellation and
/// its credit memos (refunds). Conform when your ERP can record them; `OrderAdjustmentExportEngine` needs it.
///
/// Like ``OrderSink/createOrder(_:idempotencyKey:)``, each call must have its effect once per idempotency key: the same
/// key again returns the answer of the first call. An ERP that cannot deduplicate by key implements the lookups
/// instead (``cancellationReference(forERPOrder:)``, ``creditMemoNumber(forCommerceCreditMemo:)``): after an attempt
/// whose outcome is unknown (a crash, a lost answer) the engine asks them before it sends again.
///
/// An ERP that takes only one of the two conforms all the same, throws ``AdapterError/Code/rejected`` from the
/// other, and the connector turns that kind off (`OrderAdjustmentExportEngine.Configuration.documents`), so nothing
/// is sent to fail. A sink that is not an `OrderAdjustmentSink` keeps compiling and keeps exporting orders.
///
/// ```swift
/// extension MyERP: OrderAdjustmentSink {
///     func cancelOrder(_ cancellation: ERPCancellationRequest, idempotencyKey: String) async throws -> String {
///         try await api.post("/sales-orders/\(cancellation.erpOrderNumber)/cancel", key: idempotencyKey)
///         return cancellation.erpOrderNumber
///     }
///     func recordCreditMemo(_ creditMemo: ERPCreditNoteRequest, idempotencyKey: String) async throws -> String {
///         try await api.post("/credit-notes", body: creditMemo, key: idempotencyKey).number
///     }
/// }
/// ```
public protocol OrderAdjustmentSink: OrderSink {
    /// Cancels the ERP order, or returns the reference of the cancellation already made with this key.
    /// - Returns: The ERP's reference of the cancellation (a document number, or the order number when the ERP keeps
    ///   none).
    /// - Throws: ``AdapterError``: ``AdapterError/Code/unavailable`` to be retried, ``AdapterError/Code/rejected``
    ///   when the ERP refuses (the order has shipped there, say: the message goes to the dead-letter queue).
    func cancelOrder(_ cancellation: ERPCancellationRequest, idempotencyKey: String) async throws -> String
    /// Records the credit memo against its order, or returns the number of the one already recorded with this key.
    /// - Returns: The ERP's number of the credit note.
    /// - Throws: ``AdapterError``, as ``cancelOrder(_:idempotencyKey:)``.
    func recordCreditMemo(_ creditMemo: ERPCreditNoteRequest, idempotencyKey: String) async throws -> String
    /// The reference of the cancellation already made for an ERP order, or `nil` when it is not cancelled. The default
    /// answers `nil`, for sinks that deduplicate by idempotency key.
    func cancellationReference(forERPOrder erpOrderNumber: String) async throws -> String?
    /// The ERP's number of the credit note already recorded for a Commerce credit memo (by its `increment_id`), or
    /// `nil` when there is none. The default answers `nil`, for sinks that deduplicate by idempotency key.
    func creditMemoNumber(forCommerceCreditMemo commerceCreditMemoNumber: String) async throws -> String?
}

extension OrderAdjustmentSink {
    /// `nil`: the sink deduplicates by idempotency key.
    public func cancellationReference(forERPOrder erpOrderNumber: String) async throws -> String? { nil }

    /// `nil`: the sink deduplicates by idempotency key.
    public func creditMemoNumber(forCommerceCreditMemo commerceCreditMemoNumber: String) async throws -> String? {
        nil
    }
}
