#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An order as the ERP's ledger lists it, for reconciliation.
public struct ERPOrderSummary: Sendable, Hashable, Codable {
    /// The ERP's order number.
    public var erpOrderNumber: String
    /// The Commerce order number (`increment_id`) the ERP recorded with it.
    public var commerceOrderNumber: String
    /// The grand total the ERP holds.
    public var grandTotal: Decimal
    /// The ERP's status.
    public var status: String
    /// When the ERP created it.
    public var createdAt: Date

    /// Creates a summary.
    public init(
        erpOrderNumber: String, commerceOrderNumber: String, grandTotal: Decimal, status: String, createdAt: Date
    ) {
        self.erpOrderNumber = erpOrderNumber
        self.commerceOrderNumber = commerceOrderNumber
        self.grandTotal = grandTotal
        self.status = status
        self.createdAt = createdAt
    }
}
