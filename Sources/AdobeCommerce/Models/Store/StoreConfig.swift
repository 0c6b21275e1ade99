/// The configuration of a store view (locale, currencies, time zone, base URLs): ``CommerceSchema/StoreConfig``, the
/// schema definition `store-data-store-config-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias StoreConfig = CommerceSchema.StoreConfig
