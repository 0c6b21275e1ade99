public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Everything that crosses the bridge travels in an envelope: what it is, its keys on both sides, where it
/// came from and at which version, a content hash, an idempotency key, a correlation id and the payload.
///
/// ```swift
/// let envelope = Envelope(
///     kind: .order, keys: [.commerce: "000000012"], origin: .commerce,
///     payload: try JSONValue(encoding: order), sourceTimestamp: order.updatedAt?.date)
/// ```
public struct Envelope: Codable, Sendable, Hashable {
    /// The kind of record.
    public var kind: EntityKind
    /// The record's key in each system that knows it.
    public var keys: [SystemID: String]
    /// The system the change comes from.
    public var origin: SystemID
    /// The source's version number, when it has one.
    public var sourceVersion: Int64?
    /// The source's modification time, when it has one.
    public var sourceTimestamp: Date?
    /// The SHA-256 of the canonical payload: equal payloads have equal hashes.
    public var contentHash: String
    /// Makes a write safe to repeat: the same key, the same effect.
    public var idempotencyKey: String
    /// Follows the change through logs, the outbox and the audit trail.
    public var correlationID: String
    /// The record.
    public var payload: JSONValue

    /// Creates an envelope, hashing the payload.
    /// - Parameters:
    ///   - kind: The kind of record.
    ///   - keys: Its key in each system that knows it; the origin's key is required.
    ///   - origin: The system the change comes from.
    ///   - payload: The record.
    ///   - sourceVersion: The source's version number.
    ///   - sourceTimestamp: The source's modification time.
    ///   - correlationID: A correlation id; a new one when `nil`.
    ///   - idempotencyKey: A key that makes the write safe to repeat; by default derived from the kind,
    ///     origin, key and content hash, so the same content is never written twice.
    public init(
        kind: EntityKind,
        keys: [SystemID: String],
        origin: SystemID,
        payload: JSONValue,
        sourceVersion: Int64? = nil,
        sourceTimestamp: Date? = nil,
        correlationID: String? = nil,
        idempotencyKey: String? = nil
    ) {
        self.kind = kind
        self.keys = keys
        self.origin = origin
        self.payload = payload
        self.sourceVersion = sourceVersion
        self.sourceTimestamp = sourceTimestamp
        let hash = CanonicalJSON.hash(payload)
        self.contentHash = hash
        self.correlationID = correlationID ?? UUID().uuidString.lowercased()
        self.idempotencyKey = idempotencyKey ?? "\(kind):\(origin):\(keys[origin] ?? ""):\(hash.prefix(16))"
    }

    /// The record in the origin system.
    public var reference: EntityReference { EntityReference(kind, origin, keys[origin] ?? "") }

    /// Encodes `keys` as an object keyed by system name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(Dictionary(uniqueKeysWithValues: keys.map { ($0.key.rawValue, $0.value) }), forKey: .keys)
        try container.encode(origin, forKey: .origin)
        try container.encodeIfPresent(sourceVersion, forKey: .sourceVersion)
        try container.encodeIfPresent(sourceTimestamp.map { $0.timeIntervalSince1970 }, forKey: .sourceTimestamp)
        try container.encode(contentHash, forKey: .contentHash)
        try container.encode(idempotencyKey, forKey: .idempotencyKey)
        try container.encode(correlationID, forKey: .correlationID)
        try container.encode(payload, forKey: .payload)
    }

    /// Decodes an envelope written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(EntityKind.self, forKey: .kind)
        keys = Dictionary(
            uniqueKeysWithValues: try container.decode([String: String].self, forKey: .keys).map {
                (SystemID(rawValue: $0.key), $0.value)
            })
        origin = try container.decode(SystemID.self, forKey: .origin)
        sourceVersion = try container.decodeIfPresent(Int64.self, forKey: .sourceVersion)
        sourceTimestamp = try container.decodeIfPresent(Double.self, forKey: .sourceTimestamp).map {
            Date(timeIntervalSince1970: $0)
        }
        contentHash = try container.decode(String.self, forKey: .contentHash)
        idempotencyKey = try container.decode(String.self, forKey: .idempotencyKey)
        correlationID = try container.decode(String.self, forKey: .correlationID)
        payload = try container.decode(JSONValue.self, forKey: .payload)
    }

    enum CodingKeys: String, CodingKey {
        case kind, keys, origin, sourceVersion, sourceTimestamp, contentHash, idempotencyKey, correlationID, payload
    }
}
