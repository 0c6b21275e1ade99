#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Amounts for a refund beyond its lines (`CreditmemoCreationArgumentsInterface`).
public struct CreditmemoCreationArguments: Codable, Sendable, Hashable {
    /// The shipping to refund.
    public var shippingAmount: Decimal?
    /// An extra refund.
    public var adjustmentPositive: Decimal?
    /// A fee kept back.
    public var adjustmentNegative: Decimal?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case shippingAmount = "shipping_amount"
        case adjustmentPositive = "adjustment_positive"
        case adjustmentNegative = "adjustment_negative"
    }
}
