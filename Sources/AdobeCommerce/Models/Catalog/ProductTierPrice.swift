#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A tier price on the product record (`ProductTierPriceInterface`).
public struct ProductTierPrice: Codable, Sendable, Hashable {
    /// The customer group (32000 = all groups).
    public var customerGroupID: Int?
    /// The minimum quantity.
    public var qty: Decimal?
    /// The price at that quantity.
    public var value: Decimal?
    /// Extension attributes, such as `percentage_value` and `website_id`.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case customerGroupID = "customer_group_id"
        case qty
        case value
        case extensionAttributes = "extension_attributes"
    }
}
