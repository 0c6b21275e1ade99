#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// One SKU's on-hand quantity at one source.
public struct InventoryLevel: Sendable, Hashable, Codable {
    /// The SKU.
    public var sku: String
    /// The source (warehouse) code, as in Commerce MSI.
    public var sourceCode: String
    /// The on-hand quantity: never a salable quantity.
    public var quantity: Decimal
    /// When the owner last changed it.
    public var updatedAt: Date

    /// Creates a level.
    public init(sku: String, sourceCode: String, quantity: Decimal, updatedAt: Date) {
        self.sku = sku
        self.sourceCode = sourceCode
        self.quantity = quantity
        self.updatedAt = updatedAt
    }
}

extension InventoryLevel: FeedRecord {
    /// `updatedAt`, keyed `<sourceCode>/<sku>` (source codes hold no `/`).
    public var feedPosition: FeedCursor { FeedCursor(time: updatedAt, key: "\(sourceCode)/\(sku)") }
}
