/// A record of a change feed, with the position the feed is ordered and resumed by.
///
/// An adapter returns a feed's records in ``feedPosition`` order, each after the cursor it was asked for. Records
/// held in memory can be paged with `page(after:limit:)` on any sequence of them.
public protocol FeedRecord: Sendable {
    /// The record's change time and key.
    var feedPosition: FeedCursor { get }
}

extension Sequence where Element: FeedRecord {
    /// The records after `cursor`, in feed order, at most `limit`: one page of a keyset-paged feed.
    public func page(after cursor: FeedCursor, limit: Int) -> [Element] {
        Array(
            filter { cursor < $0.feedPosition }.sorted { $0.feedPosition < $1.feedPosition }.prefix(Swift.max(0, limit))
        )
    }
}
