/// A customer group (id 0 is NOT LOGGED IN, 1 General): ``CommerceSchema/CustomerGroup``, the schema definition
/// `customer-data-group-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias CustomerGroup = CommerceSchema.CustomerGroup
