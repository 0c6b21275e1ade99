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
        // Each record's position is read once, and the sort moves (position, index) pairs of concrete types, so it
        // runs specialized whatever the record type; the records are picked by index afterwards.
        var records: [Element] = []
        var positions: [(position: FeedCursor, index: Int)] = []
        for record in self {
            let position = record.feedPosition
            guard cursor < position else { continue }
            positions.append((position, records.count))
            records.append(record)
        }
        positions.sort { $0.position < $1.position }
        return positions.prefix(Swift.max(0, limit)).map { records[$0.index] }
    }
}
