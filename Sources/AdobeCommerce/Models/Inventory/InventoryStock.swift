/// An MSI stock, sources grouped for sales channels: ``CommerceSchema/InventoryStock``, the schema definition
/// `inventory-api-data-stock-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (the sales channels are
/// `extensionAttributes?.salesChannels`), any other in `additionalFields`.
public typealias InventoryStock = CommerceSchema.InventoryStock
