/// A store view, whose code is what goes in `/rest/<store_code>/V1`: ``CommerceSchema/Store``, the schema definition
/// `store-data-store-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias StoreView = CommerceSchema.Store
