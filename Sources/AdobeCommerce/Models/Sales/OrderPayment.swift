#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The payment of an order (`OrderPaymentInterface`).
public struct OrderPayment: Codable, Sendable, Hashable {
    /// The id.
    public var entityID: Int?
    /// The order.
    public var parentID: Int?
    /// The payment method code, such as `checkmo`.
    public var method: String?
    /// The amount ordered.
    public var amountOrdered: Decimal?
    /// The amount paid.
    public var amountPaid: Decimal?
    /// The amount ordered in the base currency.
    public var baseAmountOrdered: Decimal?
    /// Method-specific details.
    public var additionalInformation: [String]?
    /// The last gateway transaction.
    public var lastTransID: String?
    /// The last four card digits.
    public var ccLast4: String?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case parentID = "parent_id"
        case method
        case amountOrdered = "amount_ordered"
        case amountPaid = "amount_paid"
        case baseAmountOrdered = "base_amount_ordered"
        case additionalInformation = "additional_information"
        case lastTransID = "last_trans_id"
        case ccLast4 = "cc_last4"
    }
}
