#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An invoice the ERP issued.
///
/// A partial invoice lists its ``lines``: Commerce invoices exactly those quantities. An invoice without lines is
/// taken for the rest of the order, and is parked for review when its amount says otherwise.
public struct ERPInvoice: Sendable, Hashable, Codable {
    /// The ERP's invoice number.
    public var number: String
    /// The ERP order it belongs to.
    public var erpOrderNumber: String
    /// The amount.
    public var amount: Decimal
    /// The SKUs and quantities invoiced; empty for "the rest of the order".
    public var lines: [ERPShipment.Line]
    /// When it was issued.
    public var issuedAt: Date

    /// Creates an invoice.
    /// - Parameters:
    ///   - number: The ERP's invoice number.
    ///   - erpOrderNumber: The ERP order it belongs to.
    ///   - amount: The amount.
    ///   - lines: The SKUs and quantities invoiced; empty for the rest of the order.
    ///   - issuedAt: When it was issued.
    public init(
        number: String, erpOrderNumber: String, amount: Decimal, lines: [ERPShipment.Line] = [], issuedAt: Date
    ) {
        self.number = number
        self.erpOrderNumber = erpOrderNumber
        self.amount = amount
        self.lines = lines
        self.issuedAt = issuedAt
    }
}

extension ERPInvoice: FeedRecord {
    /// `issuedAt`, keyed by the invoice number.
    public var feedPosition: FeedCursor { FeedCursor(time: issuedAt, key: number) }
}
