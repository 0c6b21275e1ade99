public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A write or conflict set aside for a person: a non-owner's write under ``OwnershipRules/NonOwnerWrites/park``,
/// or a conflict a policy sent to review.
public struct ReviewItem: Sendable, Hashable, Identifiable {
    /// The store's id.
    public var id: Int64
    /// When it was parked.
    public var createdAt: Date
    /// What was parked.
    public var draft: Draft

    /// Creates an item as stored.
    public init(id: Int64, createdAt: Date, draft: Draft) {
        self.id = id
        self.createdAt = createdAt
        self.draft = draft
    }

    /// An item to park.
    public struct Draft: Sendable, Hashable {
        /// The record.
        public var entity: EntityReference
        /// Why it needs a person.
        public var reason: String
        /// The rule that parked it.
        public var rule: String
        /// The value the bridge holds, if any.
        public var currentValue: JSONValue?
        /// The value that arrived.
        public var incomingValue: JSONValue?
        /// The change's correlation id.
        public var correlationID: String

        /// Creates a draft.
        public init(
            entity: EntityReference, reason: String, rule: String, currentValue: JSONValue? = nil,
            incomingValue: JSONValue? = nil, correlationID: String
        ) {
            self.entity = entity
            self.reason = reason
            self.rule = rule
            self.currentValue = currentValue
            self.incomingValue = incomingValue
            self.correlationID = correlationID
        }
    }
}
