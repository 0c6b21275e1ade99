/// Whether a quantity of a product can be sold, and why not: ``CommerceSchema/InventorySalesProductSalableResult``,
/// the schema definition `inventory-sales-api-data-product-salable-result-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias ProductSalableResult = CommerceSchema.InventorySalesProductSalableResult
