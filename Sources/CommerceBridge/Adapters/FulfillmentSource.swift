#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Shipments and invoices made by the system that owns fulfilment.
public protocol FulfillmentSource: Sendable {
    /// Shipments made after `date`, oldest first.
    func shipments(since date: Date, limit: Int) async throws -> [ERPShipment]
    /// Invoices issued after `date`, oldest first.
    func invoices(since date: Date, limit: Int) async throws -> [ERPInvoice]
}
