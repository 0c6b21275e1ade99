/// One operation of a bulk, briefly (from `GET /V1/bulk/{bulkUuid}/status`):
/// ``CommerceSchema/AsynchronousOperationsSummaryOperationStatus``, the schema definition
/// `asynchronous-operations-data-summary-operation-status-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (`status` is the wire
/// `Int`; ``CommerceSchema/AsynchronousOperationsSummaryOperationStatus/state`` reads it as a
/// ``BulkOperationState``), any other in `additionalFields`.
public typealias BulkOperationSummary = CommerceSchema.AsynchronousOperationsSummaryOperationStatus

extension CommerceSchema.AsynchronousOperationsSummaryOperationStatus {
    /// `status` as a ``BulkOperationState``; `nil` when absent or a number Magento does not define.
    public var state: BulkOperationState? {
        get { status.flatMap(BulkOperationState.init(rawValue:)) }
        set { status = newValue?.rawValue }
    }
}
