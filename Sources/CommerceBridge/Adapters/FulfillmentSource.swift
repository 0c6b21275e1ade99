#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Shipments and invoices made by the system that owns fulfilment.
public protocol FulfillmentSource: Sendable {
    /// Shipments whose position is after `cursor`, at most `limit`, in ``FeedRecord/feedPosition`` order (change time, then key); fewer than `limit`
    /// means there are no more for now.
    func shipments(after cursor: FeedCursor, limit: Int) async throws -> [ERPShipment]
    /// Invoices whose position is after `cursor`, at most `limit`, in ``FeedRecord/feedPosition`` order (change time, then key); fewer than `limit`
    /// means there are no more for now.
    func invoices(after cursor: FeedCursor, limit: Int) async throws -> [ERPInvoice]
}
