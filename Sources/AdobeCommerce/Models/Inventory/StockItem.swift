/// A legacy CatalogInventory stock item: ``CommerceSchema/CatalogInventoryStockItem``, the schema definition
/// `catalog-inventory-data-stock-item-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (the `use_config_*`
/// flags, `qty_increments`, `stock_status_changed_auto`…), any other in `additionalFields`.
public typealias StockItem = CommerceSchema.CatalogInventoryStockItem
