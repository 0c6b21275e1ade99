#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A product as the PIM or ERP holds it.
public struct SourceProduct: Sendable, Hashable, Codable {
    /// The SKU.
    public var sku: String
    /// The attributes the source owns (`name`, `description`, `price` …), as strings.
    public var attributes: [String: String]
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a product.
    public init(sku: String, attributes: [String: String], updatedAt: Date) {
        self.sku = sku
        self.attributes = attributes
        self.updatedAt = updatedAt
    }
}

extension SourceProduct: FeedRecord {
    /// `updatedAt`, keyed by SKU.
    public var feedPosition: FeedCursor { FeedCursor(time: updatedAt, key: sku) }
}
