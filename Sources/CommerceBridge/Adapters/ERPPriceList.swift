/// The price list of the system that owns prices (the ERP), read whole by ``PricePushEngine`` on each run.
///
/// Conform when the ERP can list its prices; the engine works out what changed since the last run from content it
/// keeps in the connector store, so the list needs no change tracking of its own. When it has a change feed, conform
/// to ``ERPPriceListChanges`` as well and the engine reads only the changes.
///
/// ```swift
/// struct SAPPriceList: ERPPriceList {
///     let sap: SAPClient
///     func priceList() async throws -> [PriceListRow] {
///         try await sap.conditions(type: "PR00").map { .base(sku: $0.material, price: $0.amount) }
///     }
/// }
/// ```
public protocol ERPPriceList: Sendable {
    /// Every row of the price list, in any order. A special or tier price missing from the list is deleted in
    /// Commerce, so return the whole list or throw.
    /// - Throws: ``AdapterError`` (``AdapterError/Code/unavailable`` when the ERP is slow or down).
    func priceList() async throws -> [PriceListRow]
}
