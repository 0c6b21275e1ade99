public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A decision the bridge made, kept for good: which record, both values, who won, by which rule, when, and
/// under which correlation id.
public struct AuditRecord: Sendable, Hashable, Codable {
    /// The record concerned.
    public var entity: EntityReference
    /// What kind of decision: `conflict`, `ownership`, `fallback`, `deadLetter`, `replay` …
    public var action: String
    /// The value the bridge held, if any.
    public var currentValue: JSONValue?
    /// The value that arrived, if any.
    public var incomingValue: JSONValue?
    /// The system whose value won, if any.
    public var winner: SystemID?
    /// The rule that decided.
    public var rule: String
    /// Why, in one line.
    public var explanation: String
    /// The correlation id of the change.
    public var correlationID: String
    /// When the decision was made.
    public var time: Date

    /// Creates a record.
    public init(
        entity: EntityReference,
        action: String,
        currentValue: JSONValue? = nil,
        incomingValue: JSONValue? = nil,
        winner: SystemID? = nil,
        rule: String,
        explanation: String,
        correlationID: String,
        time: Date
    ) {
        self.entity = entity
        self.action = action
        self.currentValue = currentValue
        self.incomingValue = incomingValue
        self.winner = winner
        self.rule = rule
        self.explanation = explanation
        self.correlationID = correlationID
        self.time = time
    }

    /// The record of a conflict resolution.
    public init(conflict: Conflict, resolution: Resolution, correlationID: String, time: Date) {
        self.init(
            entity: conflict.entity, action: "conflict", currentValue: .object(conflict.current.fields),
            incomingValue: .object(conflict.incoming.fields), winner: resolution.winner, rule: resolution.rule,
            explanation: resolution.explanation, correlationID: correlationID, time: time)
    }

    /// The record of an ownership decision that refused fields.
    public init(
        ownership decision: OwnershipDecision, entity: EntityReference, incoming: JSONValue?, correlationID: String,
        time: Date
    ) {
        self.init(
            entity: entity, action: decision.disposition == .park ? "ownership.park" : "ownership.reject",
            incomingValue: incoming, winner: nil, rule: "ownership", explanation: decision.reason,
            correlationID: correlationID, time: time)
    }
}
