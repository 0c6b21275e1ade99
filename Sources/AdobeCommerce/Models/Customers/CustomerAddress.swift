/// An address in a customer's address book: ``CommerceSchema/CustomerAddress``, the schema definition
/// `customer-data-address-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (`customAttributes` is a
/// list of ``CommerceSchema/FrameworkAttribute``, read and written through
/// ``HasCustomAttributes``), any other in `additionalFields`.
public typealias CustomerAddress = CommerceSchema.CustomerAddress
