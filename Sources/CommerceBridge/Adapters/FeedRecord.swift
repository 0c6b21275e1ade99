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
        // Each record's position is read once, not once per comparison.
        var positioned: [(position: FeedCursor, record: Element)] = []
        positioned.reserveCapacity(underestimatedCount)
        for record in self {
            let position = record.feedPosition
            if cursor < position { positioned.append((position, record)) }
        }
        positioned.sort { $0.position < $1.position }
        return positioned.prefix(Swift.max(0, limit)).map(\.record)
    }
}
