#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A credit memo (a refund) the ERP issued for an exported order, refunded offline in Commerce.
///
/// With ``invoiceNumber`` it refunds that invoice (`POST /V1/invoice/{invoiceId}/refund`); without, the order
/// (`POST /V1/order/{orderId}/refund`). The lines name SKUs and quantities; the shipping amount and adjustments are
/// sent as given, so Commerce's credit memo totals what the ERP's does.
public struct ERPCreditMemo: Sendable, Hashable, Codable {
    /// The ERP's credit memo number.
    public var number: String
    /// The ERP order it refunds.
    public var erpOrderNumber: String
    /// The ERP invoice it refunds (one the fulfilment feed brought to Commerce), or `nil` to refund the order.
    public var invoiceNumber: String?
    /// The SKUs and quantities refunded; empty for an amount-only credit memo (shipping or adjustments alone).
    public var lines: [ERPShipment.Line]
    /// The shipping amount refunded.
    public var shippingAmount: Decimal
    /// An amount refunded on top (a goodwill refund).
    public var adjustmentPositive: Decimal
    /// An amount kept back (a restocking fee).
    public var adjustmentNegative: Decimal
    /// A comment for the credit memo.
    public var comment: String?
    /// Whether Commerce e-mails the customer.
    public var notify: Bool
    /// When it was issued.
    public var issuedAt: Date

    /// Creates a credit memo.
    /// - Parameters:
    ///   - number: The ERP's number.
    ///   - erpOrderNumber: The ERP order.
    ///   - invoiceNumber: The ERP invoice refunded, or `nil` for the order.
    ///   - lines: The SKUs and quantities.
    ///   - shippingAmount: Shipping refunded.
    ///   - adjustmentPositive: Refunded on top.
    ///   - adjustmentNegative: Kept back.
    ///   - comment: A comment.
    ///   - notify: Whether to e-mail the customer.
    ///   - issuedAt: When it was issued.
    public init(
        number: String, erpOrderNumber: String, invoiceNumber: String? = nil, lines: [ERPShipment.Line],
        shippingAmount: Decimal = 0, adjustmentPositive: Decimal = 0, adjustmentNegative: Decimal = 0,
        comment: String? = nil, notify: Bool = false, issuedAt: Date
    ) {
        self.number = number
        self.erpOrderNumber = erpOrderNumber
        self.invoiceNumber = invoiceNumber
        self.lines = lines
        self.shippingAmount = shippingAmount
        self.adjustmentPositive = adjustmentPositive
        self.adjustmentNegative = adjustmentNegative
        self.comment = comment
        self.notify = notify
        self.issuedAt = issuedAt
    }
}

extension ERPCreditMemo: FeedRecord {
    /// `issuedAt`, keyed by the credit memo number.
    public var feedPosition: FeedCursor { FeedCursor(time: issuedAt, key: number) }
}
