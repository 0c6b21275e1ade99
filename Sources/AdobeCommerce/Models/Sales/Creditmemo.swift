/// A credit memo, the record of a refund (the schema definition `sales-data-creditmemo-interface`).
///
/// Every property of the definition is typed; every member Magento sends that the definition does not name
/// (a module's extension attribute, a `null`) is kept in `additionalFields` and written back, so reading a
/// record and writing it back loses nothing.
public typealias Creditmemo = CommerceSchema.SalesCreditmemo
