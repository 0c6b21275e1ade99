/// A write the bridge made, as its destination will report it back: the record and the content hash written.
///
/// Record it with ``StoreChanges/recordEcho(_:until:)`` in the commit that follows the write; when the destination's
/// feed or events report a change, ``ConnectorStore/echoes(among:now:)`` says which are the bridge's own writes
/// coming back, on any worker, so they are not synced back again.
public struct EchoFingerprint: Sendable, Hashable {
    /// The record in the system written to.
    public var entity: EntityReference
    /// The content hash of what was written (for example ``CanonicalJSON/hash(_:)`` of the written fields).
    public var contentHash: String

    /// Creates a fingerprint.
    public init(_ entity: EntityReference, contentHash: String) {
        self.entity = entity
        self.contentHash = contentHash
    }
}
