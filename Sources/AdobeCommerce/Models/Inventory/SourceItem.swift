#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The quantity of one SKU at one source (`SourceItemInterface`).
public struct SourceItem: Codable, Sendable, Hashable {
    /// The product.
    public var sku: String?
    /// The source.
    public var sourceCode: String?
    /// The on-hand quantity; push the ERP's on-hand, never a salable quantity.
    public var quantity: Decimal?
    /// In stock or out of stock.
    public var status: SourceItemStatus?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(sku: String, sourceCode: String, quantity: Decimal, status: SourceItemStatus = .inStock) {
        self.sku = sku
        self.sourceCode = sourceCode
        self.quantity = quantity
        self.status = status
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sku
        case sourceCode = "source_code"
        case quantity
        case status
        case extensionAttributes = "extension_attributes"
    }
}
