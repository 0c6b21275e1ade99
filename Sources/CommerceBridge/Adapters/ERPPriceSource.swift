#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Prices computed by the system that owns pricing, for one buyer at a time (B2B contracts, tiers).
public protocol ERPPriceSource: Sendable {
    /// The unit price for `context`.
    /// - Throws: ``AdapterError`` (``AdapterError/Code/unavailable`` when the ERP is slow or down).
    func price(for context: PricingContext) async throws -> Decimal
}
