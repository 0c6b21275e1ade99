/// A website (id 0 is the admin): ``CommerceSchema/StoreWebsite``, the schema definition `store-data-website-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias Website = CommerceSchema.StoreWebsite
