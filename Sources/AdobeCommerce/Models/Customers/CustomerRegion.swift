/// The region of a customer address: ``CommerceSchema/CustomerRegion``, the schema definition
/// `customer-data-region-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias CustomerRegion = CommerceSchema.CustomerRegion
