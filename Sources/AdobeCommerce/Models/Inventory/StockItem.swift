#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A legacy CatalogInventory stock item (`StockItemInterface`).
public struct StockItem: Codable, Sendable, Hashable {
    /// The stock item id.
    public var itemID: Int?
    /// The product id.
    public var productID: Int?
    /// The legacy stock (1).
    public var stockID: Int?
    /// The quantity on hand.
    public var qty: Decimal?
    /// The stock status.
    public var isInStock: Bool?
    /// Whether fractional quantities are allowed.
    public var isQtyDecimal: Bool?
    /// Whether stock is tracked.
    public var manageStock: Bool?
    /// Whether `manage_stock` follows the configuration.
    public var useConfigManageStock: Bool?
    /// The out-of-stock threshold.
    public var minQty: Decimal?
    /// The minimum quantity in a cart.
    public var minSaleQty: Decimal?
    /// The maximum quantity in a cart.
    public var maxSaleQty: Decimal?
    /// 0 none, 1 allow, 2 allow and notify.
    public var backorders: Int?
    /// The low-stock threshold.
    public var notifyStockQty: Decimal?
    /// When stock fell below the threshold.
    public var lowStockDate: MagentoDate?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case itemID = "item_id"
        case productID = "product_id"
        case stockID = "stock_id"
        case qty
        case isInStock = "is_in_stock"
        case isQtyDecimal = "is_qty_decimal"
        case manageStock = "manage_stock"
        case useConfigManageStock = "use_config_manage_stock"
        case minQty = "min_qty"
        case minSaleQty = "min_sale_qty"
        case maxSaleQty = "max_sale_qty"
        case backorders
        case notifyStockQty = "notify_stock_qty"
        case lowStockDate = "low_stock_date"
        case extensionAttributes = "extension_attributes"
    }
}
