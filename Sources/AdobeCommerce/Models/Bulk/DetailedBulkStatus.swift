/// The detailed status of a bulk, its summary and one ``BulkOperation`` per operation with its data and result (from
/// `GET /V1/bulk/{bulkUuid}/detailed-status`): ``CommerceSchema/AsynchronousOperationsDetailedBulkOperationsStatus``,
/// the schema definition `asynchronous-operations-data-detailed-bulk-operations-status-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias DetailedBulkStatus = CommerceSchema.AsynchronousOperationsDetailedBulkOperationsStatus
