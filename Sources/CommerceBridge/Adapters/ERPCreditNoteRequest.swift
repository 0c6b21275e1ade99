#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A credit memo (a refund) made in Commerce, to record in the ERP as a credit note against the order.
///
/// Amounts are in ``currency``, as Commerce computed them: ``grandTotal`` is ``subtotal`` − ``discount`` + ``tax`` +
/// ``shipping`` + ``adjustmentRefund`` − ``adjustmentFee``.
///
/// ```swift
/// let note = try await erp.recordCreditMemo(creditMemo, idempotencyKey: key)
/// ```
public struct ERPCreditNoteRequest: Sendable, Hashable, Codable {
    /// A refunded line.
    public struct Line: Sendable, Hashable, Codable {
        /// The SKU.
        public var sku: String
        /// The quantity refunded (returned to stock or not: that is the ERP's decision).
        public var quantity: Decimal
        /// The unit price refunded.
        public var unitPrice: Decimal
        /// The line's total before discount and tax.
        public var rowTotal: Decimal
        /// The line's discount refunded, as a positive amount.
        public var discount: Decimal
        /// The line's tax refunded.
        public var tax: Decimal

        /// Creates a line.
        public init(
            sku: String, quantity: Decimal, unitPrice: Decimal, rowTotal: Decimal, discount: Decimal = 0,
            tax: Decimal = 0
        ) {
            self.sku = sku
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.rowTotal = rowTotal
            self.discount = discount
            self.tax = tax
        }
    }

    /// The credit memo's `entity_id` in Commerce.
    public var commerceCreditMemoID: String
    /// The credit memo's number in Commerce (`increment_id`).
    public var commerceCreditMemoNumber: String
    /// The Commerce order number (`increment_id`).
    public var commerceOrderNumber: String
    /// The ERP's number of the order, as the order export recorded it.
    public var erpOrderNumber: String
    /// The refunded lines; empty for a refund of shipping or an adjustment alone.
    public var lines: [Line]
    /// The lines' total before discount and tax.
    public var subtotal: Decimal
    /// The discount given back, as a positive amount.
    public var discount: Decimal
    /// The tax refunded.
    public var tax: Decimal
    /// The shipping refunded.
    public var shipping: Decimal
    /// An extra amount refunded (Magento's `adjustment_positive`, "Adjustment Refund").
    public var adjustmentRefund: Decimal
    /// An amount kept back (Magento's `adjustment_negative`, "Adjustment Fee").
    public var adjustmentFee: Decimal
    /// The amount refunded.
    public var grandTotal: Decimal
    /// The currency of the amounts (the order's currency).
    public var currency: String
    /// When Commerce made it.
    public var createdAt: Date
    /// The first comment written with it in Commerce, when there is one.
    public var comment: String?

    /// Creates a credit memo.
    public init(
        commerceCreditMemoID: String, commerceCreditMemoNumber: String, commerceOrderNumber: String,
        erpOrderNumber: String, lines: [Line], subtotal: Decimal, discount: Decimal = 0, tax: Decimal = 0,
        shipping: Decimal = 0, adjustmentRefund: Decimal = 0, adjustmentFee: Decimal = 0, grandTotal: Decimal,
        currency: String, createdAt: Date, comment: String? = nil
    ) {
        self.commerceCreditMemoID = commerceCreditMemoID
        self.commerceCreditMemoNumber = commerceCreditMemoNumber
        self.commerceOrderNumber = commerceOrderNumber
        self.erpOrderNumber = erpOrderNumber
        self.lines = lines
        self.subtotal = subtotal
        self.discount = discount
        self.tax = tax
        self.shipping = shipping
        self.adjustmentRefund = adjustmentRefund
        self.adjustmentFee = adjustmentFee
        self.grandTotal = grandTotal
        self.currency = currency
        self.createdAt = createdAt
        self.comment = comment
    }
}
