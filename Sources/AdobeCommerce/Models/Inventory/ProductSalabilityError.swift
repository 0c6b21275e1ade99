/// A reason a product cannot be sold, such as `is_salable_with_reservations-not_enough_qty`:
/// ``CommerceSchema/InventorySalesProductSalabilityError``, the schema definition
/// `inventory-sales-api-data-product-salability-error-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties, any other in
/// `additionalFields`.
public typealias ProductSalabilityError = CommerceSchema.InventorySalesProductSalabilityError
