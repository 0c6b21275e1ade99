#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the ERP or WMS says happened to exported orders: status changes and comments, holds, cancellations, credit
/// memos and returns. ``OrderLifecycleEngine`` reads the three feeds and applies them to Commerce once each.
///
/// Each feed is keyset-paged like ``FulfillmentSource``: records after the cursor, at most `limit`, in
/// ``FeedRecord/feedPosition`` order (change time, then key); fewer than `limit` means there are no more for now.
/// A return appears again in its feed each time it changes (a new status, a new tracking number): the feed carries
/// its whole current state, and the engine brings Commerce up to it.
///
/// ```swift
/// extension MyERP: OrderLifecycleSource {
///     func orderEvents(after cursor: FeedCursor, limit: Int) async throws -> [ERPOrderEvent] {
///         try await database.query(
///             "SELECT … FROM order_events WHERE (changed_at, id) > (?, ?) ORDER BY changed_at, id LIMIT ?",
///             cursor.time, cursor.key, limit)
///     }
///     // creditMemos(after:limit:) and returns(after:limit:) alike
/// }
/// ```
public protocol OrderLifecycleSource: Sendable {
    /// Status changes, comments, holds, releases and cancellations after `cursor`, at most `limit`, in feed order.
    func orderEvents(after cursor: FeedCursor, limit: Int) async throws -> [ERPOrderEvent]
    /// Credit memos (refunds) issued after `cursor`, at most `limit`, in feed order.
    func creditMemos(after cursor: FeedCursor, limit: Int) async throws -> [ERPCreditMemo]
    /// Returns opened or changed after `cursor`, at most `limit`, in feed order, each in its current state.
    func returns(after cursor: FeedCursor, limit: Int) async throws -> [ERPReturn]
}
