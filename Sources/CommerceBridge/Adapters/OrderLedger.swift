#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The ERP's list of orders, which order reconciliation compares with Commerce over the ID map.
public protocol OrderLedger: Sendable {
    /// Every order the ERP created at or after `date`, whatever its origin.
    func orders(createdSince date: Date) async throws -> [ERPOrderSummary]
}
