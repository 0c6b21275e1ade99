#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A record in one system whose counterpart in another is mapped: Commerce order 12 → ERP order SO-1001.
public struct MappingKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The record's kind.
    public var kind: EntityKind
    /// The system the source id belongs to.
    public var sourceSystem: SystemID
    /// The id there (entity id, increment id, SKU, e-mail + website …).
    public var sourceID: String
    /// The other system.
    public var targetSystem: SystemID

    /// Creates a key.
    public init(_ kind: EntityKind, from sourceSystem: SystemID, _ sourceID: String, to targetSystem: SystemID) {
        self.kind = kind
        self.sourceSystem = sourceSystem
        self.sourceID = sourceID
        self.targetSystem = targetSystem
    }

    /// `order commerce:12 → erp`.
    public var description: String { "\(kind) \(sourceSystem):\(sourceID) → \(targetSystem)" }
}

/// Where a mapping stands.
public enum MappingState: Sendable, Hashable {
    /// Nobody had claimed it; the caller now holds the claim with this token and must create the record.
    case claimed(token: String)
    /// Someone claimed it and has not recorded a result: the record may or may not exist in the target.
    /// Use the token as the idempotency key to ask the target, or to create it safely.
    case pending(token: String, claimedAt: Date)
    /// Done: the target id.
    case mapped(targetID: String)
}

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
