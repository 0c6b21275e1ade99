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
    /// Levels whose position is after `cursor`, at most `limit`, in ``FeedRecord/feedPosition`` order (change time, then key); fewer than `limit`
    /// means there are no more for now.
    func inventoryChanges(after cursor: FeedCursor, limit: Int) async throws -> [InventoryLevel]
    /// Every level, for the daily full pass.
    func inventorySnapshot() async throws -> [InventoryLevel]
}
