/// A price list with a change feed: ``PricePushEngine/sync()`` reads only the rows changed since its checkpoint.
///
/// A removed special or tier price comes as a row with ``PriceListRow/isRemoved`` set.
///
/// ```swift
/// func priceChanges(after cursor: FeedCursor, limit: Int) async throws -> [PriceListRow] {
///     try await db.rows("SELECT … FROM price_changes WHERE (changed_at, row_key) > (?, ?) ORDER BY 1, 2 LIMIT ?",
///                       cursor.time, cursor.key, limit).map(PriceListRow.init)
/// }
/// ```
public protocol ERPPriceListChanges: ERPPriceList {
    /// Rows whose position is after `cursor`, at most `limit`, in ``FeedRecord/feedPosition`` order (change time,
    /// then ``PriceListRow/key``); fewer than `limit` means there are no more for now.
    /// - Throws: ``AdapterError`` (``AdapterError/Code/unavailable`` when the ERP is slow or down).
    func priceChanges(after cursor: FeedCursor, limit: Int) async throws -> [PriceListRow]
}
