/// One operation of a bulk in full, with its queued request and result (from
/// `GET /V1/bulk/{bulkUuid}/detailed-status`): ``CommerceSchema/AsynchronousOperationsOperation``, the schema
/// definition `asynchronous-operations-data-operation-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (`status` is the wire
/// `Int`; ``CommerceSchema/AsynchronousOperationsOperation/state`` reads it as a ``BulkOperationState``), any other
/// in `additionalFields`.
public typealias BulkOperation = CommerceSchema.AsynchronousOperationsOperation

extension CommerceSchema.AsynchronousOperationsOperation {
    /// `status` as a ``BulkOperationState``; `nil` when absent or a number Magento does not define.
    public var state: BulkOperationState? {
        get { status.flatMap(BulkOperationState.init(rawValue:)) }
        set { status = newValue?.rawValue }
    }
}
