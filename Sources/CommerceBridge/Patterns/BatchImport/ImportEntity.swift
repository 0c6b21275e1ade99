/// The entity type code of a Magento import (`source.entity`), as Magento's ImportExport modules register them.
///
/// ```swift
/// var configuration = BatchImportEngine.Configuration()
/// let entity: ImportEntity = .stockSources      // MSI source items: sku, source_code, quantity, status
/// ```
public struct ImportEntity: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The code Magento expects, such as `catalog_product`.
    public let rawValue: String

    /// An entity code; use the static members for the ones Magento ships.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An entity code from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Products (Magento_CatalogImportExport): one row per SKU and store view.
    public static let catalogProduct: ImportEntity = "catalog_product"
    /// MSI source items (Magento_InventoryImportExport): `source_code`, `sku`, `quantity`, `status`.
    public static let stockSources: ImportEntity = "stock_sources"
    /// Tier and group prices (Magento_AdvancedPricingImportExport).
    public static let advancedPricing: ImportEntity = "advanced_pricing"
    /// Customers' main data (Magento_CustomerImportExport).
    public static let customer: ImportEntity = "customer"
    /// Customer addresses (Magento_CustomerImportExport).
    public static let customerAddress: ImportEntity = "customer_address"

    /// The code.
    public var description: String { rawValue }
}
