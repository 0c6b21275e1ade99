/// Whether a product can be bought: `1` enabled, `2` disabled.
///
/// The schema types a product's `status` as an integer; ``CommerceSchema/CatalogProduct/productStatus`` reads and
/// writes it as this type, so code says `.enabled` rather than `1`.
public struct ProductStatus: RawRepresentable, Codable, Sendable, Hashable {
    /// The wire value.
    public let rawValue: Int
    /// Creates a status from its wire value.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// `1`
    public static let enabled = ProductStatus(rawValue: 1)
    /// `2`
    public static let disabled = ProductStatus(rawValue: 2)
}

/// Where a product is listed: `1` not visible individually, `2` catalog, `3` search, `4` both.
///
/// The schema types a product's `visibility` as an integer; ``CommerceSchema/CatalogProduct/productVisibility`` reads
/// and writes it as this type.
public struct ProductVisibility: RawRepresentable, Codable, Sendable, Hashable {
    /// The wire value.
    public let rawValue: Int
    /// Creates a visibility from its wire value.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// `1`: only as part of a configurable, bundle or grouped product.
    public static let notVisibleIndividually = ProductVisibility(rawValue: 1)
    /// `2`
    public static let catalog = ProductVisibility(rawValue: 2)
    /// `3`
    public static let search = ProductVisibility(rawValue: 3)
    /// `4`
    public static let catalogAndSearch = ProductVisibility(rawValue: 4)
}
