/// A sales order: the `base_*` amounts, the tax and discount breakdowns, each line's `price_incl_tax`, and
/// `extensionAttributes.shippingAssignments` with the shipping address (the schema definition
/// `sales-data-order-interface`).
///
/// Every property of the definition is typed; every member Magento sends that the definition does not name
/// (a module's extension attribute, a `null`) is kept in `additionalFields` and written back, so reading a
/// record and writing it back loses nothing.
public typealias Order = CommerceSchema.SalesOrder
