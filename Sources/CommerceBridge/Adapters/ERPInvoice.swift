#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An invoice the ERP issued.
public struct ERPInvoice: Sendable, Hashable, Codable {
    /// The ERP's invoice number.
    public var number: String
    /// The ERP order it belongs to.
    public var erpOrderNumber: String
    /// The amount.
    public var amount: Decimal
    /// When it was issued.
    public var issuedAt: Date

    /// Creates an invoice.
    public init(number: String, erpOrderNumber: String, amount: Decimal, issuedAt: Date) {
        self.number = number
        self.erpOrderNumber = erpOrderNumber
        self.amount = amount
        self.issuedAt = issuedAt
    }
}

extension ERPInvoice: FeedRecord {
    /// `issuedAt`, keyed by the invoice number.
    public var feedPosition: FeedCursor { FeedCursor(time: issuedAt, key: number) }
}
