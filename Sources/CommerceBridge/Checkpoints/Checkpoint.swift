import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A durable position in a source's change feed: the newest record processed, as its change time and key.
public struct Checkpoint: Sendable, Hashable, Codable {
    /// The feed, such as `erp.inventory`.
    public var name: String
    /// The newest source timestamp processed: never "now", which would skip records written in
    /// transactions still open.
    public var position: Date
    /// The key of the newest record processed among those changed at ``position`` (see ``FeedCursor``).
    public var cursor: String?
    /// When it was saved.
    public var updatedAt: Date

    /// Creates a checkpoint.
    public init(name: String, position: Date, cursor: String? = nil, updatedAt: Date) {
        self.name = name
        self.position = position
        self.cursor = cursor
        self.updatedAt = updatedAt
    }

    /// Where the next delta read starts: `overlap` before the position, so records committed late with an
    /// earlier timestamp are read again rather than missed (deduplicate them by content hash).
    public func windowStart(overlap: Duration) -> Date { position.adding(.zero - overlap) }

    /// The newest record processed, as a feed position.
    public var feedPosition: FeedCursor { FeedCursor(time: position, key: cursor ?? "") }

    /// The checkpoint after processing records at these feed positions: it only moves forward.
    public func advanced(through positions: some Sequence<FeedCursor>, at time: Date) -> Checkpoint {
        var next = self
        let newest = positions.reduce(feedPosition) { max($0, $1) }
        next.position = newest.time
        next.cursor = newest.key.isEmpty ? nil : newest.key
        next.updatedAt = time
        return next
    }

}
