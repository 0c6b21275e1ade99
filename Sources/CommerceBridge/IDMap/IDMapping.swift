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
