#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// One product as the store shows it, as the ERP holds it: a SKU per variant (a size and a colour), grouped under
/// a parent SKU. ``ProductStructureEngine`` makes it a configurable product with simple children.
///
/// A variant that disappears from a family's ``variants`` is deleted in the source: the engine disables or unlinks
/// its product in Commerce, as its ``VariantDeletionRule`` says.
///
/// ```swift
/// let shirt = VariantFamily(
///     parentSKU: "SHIRT", name: "Oxford shirt", configurableAttributes: ["color", "size"],
///     variants: [
///         .init(sku: "SHIRT-RED-S", options: ["color": "Red", "size": "S"], attributes: ["price": "39.00"]),
///         .init(sku: "SHIRT-RED-M", options: ["color": "Red", "size": "M"], attributes: ["price": "39.00"]),
///     ],
///     categoryIDs: [6], websiteIDs: [1], updatedAt: Date())
/// ```
public struct VariantFamily: Sendable, Hashable, Codable {
    /// One sellable variant: a simple product with one option label per configurable attribute.
    public struct Variant: Sendable, Hashable, Codable {
        /// The variant's SKU.
        public var sku: String
        /// The option label of each configurable attribute, by attribute code: `["color": "Red", "size": "M"]`.
        public var options: [String: String]
        /// Other attributes (`name`, `price`, `weight`, `status` …) as strings, sent where the origin owns them.
        public var attributes: [String: String]
        /// The variant's own images.
        public var images: [ProductImage]
        /// Text per store view code.
        public var localized: [String: LocalizedContent]

        /// Creates a variant.
        /// - Parameters:
        ///   - sku: The SKU.
        ///   - options: The option label of each configurable attribute.
        ///   - attributes: Other attributes.
        ///   - images: The variant's images.
        ///   - localized: Text per store view code.
        public init(
            sku: String, options: [String: String], attributes: [String: String] = [:], images: [ProductImage] = [],
            localized: [String: LocalizedContent] = [:]
        ) {
            self.sku = sku
            self.options = options
            self.attributes = attributes
            self.images = images
            self.localized = localized
        }
    }

    /// The configurable product's SKU.
    public var parentSKU: String
    /// The configurable product's name.
    public var name: String
    /// The attributes the variants differ by, in the order the store shows them (`["color", "size"]`); each must be
    /// a select attribute in Commerce.
    public var configurableAttributes: [String]
    /// The variants.
    public var variants: [Variant]
    /// The parent's other attributes (`description`, `status` …) as strings.
    public var attributes: [String: String]
    /// The categories the parent is in.
    public var categoryIDs: [Int]
    /// The websites the parent and its variants are sold on.
    public var websiteIDs: [Int]
    /// The parent's images.
    public var images: [ProductImage]
    /// The parent's text per store view code.
    public var localized: [String: LocalizedContent]
    /// When the family last changed (any variant included).
    public var updatedAt: Date

    /// Creates a family.
    /// - Parameters:
    ///   - parentSKU: The configurable product's SKU.
    ///   - name: Its name.
    ///   - configurableAttributes: The attributes the variants differ by.
    ///   - variants: The variants.
    ///   - attributes: The parent's other attributes.
    ///   - categoryIDs: The parent's categories.
    ///   - websiteIDs: The websites.
    ///   - images: The parent's images.
    ///   - localized: The parent's text per store view code.
    ///   - updatedAt: When the family last changed.
    public init(
        parentSKU: String, name: String, configurableAttributes: [String], variants: [Variant],
        attributes: [String: String] = [:], categoryIDs: [Int] = [], websiteIDs: [Int] = [],
        images: [ProductImage] = [], localized: [String: LocalizedContent] = [:], updatedAt: Date
    ) {
        self.parentSKU = parentSKU
        self.name = name
        self.configurableAttributes = configurableAttributes
        self.variants = variants
        self.attributes = attributes
        self.categoryIDs = categoryIDs
        self.websiteIDs = websiteIDs
        self.images = images
        self.localized = localized
        self.updatedAt = updatedAt
    }
}

extension VariantFamily: FeedRecord {
    /// `updatedAt`, keyed by the parent SKU.
    public var feedPosition: FeedCursor { FeedCursor(time: updatedAt, key: parentSKU) }
}
