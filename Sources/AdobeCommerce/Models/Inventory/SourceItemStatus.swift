/// The stock status of a source item, the wire `status` of ``SourceItem``: `1` in stock, `0` out of stock.
///
/// Read and write it through ``CommerceSchema/InventorySourceItem/stockStatus``; any other number Magento sends is
/// kept as it is.
public struct SourceItemStatus: RawRepresentable, Codable, Sendable, Hashable {
    /// The wire value.
    public let rawValue: Int
    /// Creates a status from its wire value.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// `1`
    public static let inStock = SourceItemStatus(rawValue: 1)
    /// `0`
    public static let outOfStock = SourceItemStatus(rawValue: 0)
}
