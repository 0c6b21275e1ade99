#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An order cancelled in Commerce, to cancel in the ERP.
///
/// ```swift
/// let reference = try await erp.cancelOrder(cancellation, idempotencyKey: key)
/// ```
public struct ERPCancellationRequest: Sendable, Hashable, Codable {
    /// A line and the quantity Commerce cancelled on it (what was not invoiced).
    public struct Line: Sendable, Hashable, Codable {
        /// The SKU.
        public var sku: String
        /// The quantity cancelled.
        public var quantity: Decimal

        /// Creates a line.
        public init(sku: String, quantity: Decimal) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// The ERP's number of the order, as the order export recorded it.
    public var erpOrderNumber: String
    /// The Commerce order number (`increment_id`).
    public var commerceOrderNumber: String
    /// Why the order was cancelled: the comment written with the cancellation in Commerce, when there is one.
    public var reason: String?
    /// When Commerce cancelled it.
    public var cancelledAt: Date
    /// The quantities cancelled, by SKU.
    public var lines: [Line]

    /// Creates a cancellation.
    public init(
        erpOrderNumber: String, commerceOrderNumber: String, reason: String?, cancelledAt: Date, lines: [Line]
    ) {
        self.erpOrderNumber = erpOrderNumber
        self.commerceOrderNumber = commerceOrderNumber
        self.reason = reason
        self.cancelledAt = cancelledAt
        self.lines = lines
    }
}
