/// The short status of a bulk, its summary and one ``BulkOperationSummary`` per operation (from
/// `GET /V1/bulk/{bulkUuid}/status`): ``CommerceSchema/AsynchronousOperationsBulkOperationsStatus``, the schema
/// definition `asynchronous-operations-data-bulk-operations-status-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias BulkStatus = CommerceSchema.AsynchronousOperationsBulkOperationsStatus
