#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The quantity of one SKU at one source: ``CommerceSchema/InventorySourceItem``, the schema definition
/// `inventory-api-data-source-item-interface`. Push the ERP's on-hand quantity, never a salable quantity.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (`status` is the wire
/// `Int`; ``CommerceSchema/InventorySourceItem/stockStatus`` reads and writes it as a ``SourceItemStatus``), any
/// other in `additionalFields`.
///
/// ```swift
/// try await client.inventory.sourceItems.save([SourceItem(sku: "24-MB01", sourceCode: "default", quantity: 12)])
/// ```
public typealias SourceItem = CommerceSchema.InventorySourceItem

extension CommerceSchema.InventorySourceItem {
    /// A source item with the members a save needs.
    /// - Parameters:
    ///   - sku: The product.
    ///   - sourceCode: The source.
    ///   - quantity: The on-hand quantity.
    ///   - status: In stock or out of stock.
    public init(sku: String, sourceCode: String, quantity: Decimal, status: SourceItemStatus = .inStock) {
        self.init(quantity: quantity, sku: sku, sourceCode: sourceCode, status: status.rawValue)
    }

    /// `status` as a ``SourceItemStatus`` (`nil` when absent); setting it writes the wire value.
    public var stockStatus: SourceItemStatus? {
        get { status.map(SourceItemStatus.init(rawValue:)) }
        set { status = newValue?.rawValue }
    }
}
