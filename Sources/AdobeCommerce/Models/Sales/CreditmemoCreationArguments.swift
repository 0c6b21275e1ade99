/// Amounts for a refund beyond its lines: shipping to refund, an extra refund, a fee kept back (the schema definition
/// `sales-data-creditmemo-creation-arguments-interface`).
///
/// Every property of the definition is typed; every member Magento sends that the definition does not name
/// (a module's extension attribute, a `null`) is kept in `additionalFields` and written back, so reading a
/// record and writing it back loses nothing.
public typealias CreditmemoCreationArguments = CommerceSchema.SalesCreditmemoCreationArguments
