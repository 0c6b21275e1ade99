import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A durable position in a source's change feed: the newest modification time processed, and an optional
/// cursor.
public struct Checkpoint: Sendable, Hashable, Codable {
    /// The feed, such as `erp.inventory`.
    public var name: String
    /// The newest source timestamp processed: never "now", which would skip records written in
    /// transactions still open.
    public var position: Date
    /// An opaque cursor, when the source has one.
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

    /// The checkpoint after processing records with these source timestamps: it only moves forward.
    public func advanced(through timestamps: some Sequence<Date>, at time: Date) -> Checkpoint {
        var next = self
        next.position = timestamps.reduce(position) { max($0, $1) }
        next.updatedAt = time
        return next
    }
}
