#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// On-hand stock from the system that owns inventory (the ERP or WMS). Implement this to feed inventory sync
/// and the reservation fallback.
public protocol ERPInventorySource: Sendable {
    /// The on-hand quantity of a SKU at a source.
    func onHand(sku: String, sourceCode: String) async throws -> Decimal
    /// Levels changed after `date`, oldest first, at most `limit`.
    func inventoryChanges(since date: Date, limit: Int) async throws -> [InventoryLevel]
    /// Every level, for the daily full pass.
    func inventorySnapshot() async throws -> [InventoryLevel]
}
