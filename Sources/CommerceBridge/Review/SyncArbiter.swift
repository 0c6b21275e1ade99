public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Decides what an incoming change may do: ownership first, then the conflict policy, every decision
/// audited. Pure: it returns the decision and the store changes (audit records, parked items) to commit with
/// whatever the caller writes.
///
/// ```swift
/// let arbiter = SyncArbiter(ownership: .seedDefaults, policy: .ownerWins(.seedDefaults).then(.lastWriterWins()))
/// let decision = arbiter.decide(entity: ref, incoming: erpVersion, current: commerceVersion,
///                               correlationID: envelope.correlationID, time: time.now())
/// if case .apply(let fields) = decision.action { /* write fields to Commerce */ }
/// try await store.commit(decision.changes)
/// ```
public struct SyncArbiter: Sendable {
    /// What to do with the change.
    public enum Action: Sendable, Hashable {
        /// Write these fields (the whole record's resulting values) to the target.
        case apply([String: JSONValue])
        /// Nothing to write: the current version stands, or nothing differs.
        case skip
        /// Set aside for review; nothing is written.
        case park
    }

    /// The decision and what to record about it.
    public struct Decision: Sendable {
        /// What to do.
        public var action: Action
        /// Audit records and parked items to commit.
        public var changes: StoreChanges
    }

    /// Who owns what.
    public var ownership: OwnershipRules
    /// How conflicts are settled.
    public var policy: ConflictPolicy

    /// Creates an arbiter.
    public init(ownership: OwnershipRules, policy: ConflictPolicy) {
        self.ownership = ownership
        self.policy = policy
    }

    /// Decides on `incoming`, a change to `entity`, given the `current` version if the bridge has one.
    public func decide(
        entity: EntityReference,
        scope: String? = nil,
        incoming: VersionedRecord,
        current: VersionedRecord?,
        correlationID: String,
        time: Date
    ) -> Decision {
        var changes = StoreChanges(time: time)
        let changedFields = incoming.fields.keys.filter { current?.fields[$0] != incoming.fields[$0] }.sorted()
        guard !changedFields.isEmpty else { return Decision(action: .skip, changes: changes) }
        let verdict = ownership.evaluate(
            kind: entity.kind, fields: changedFields, origin: incoming.system, scope: scope)
        var accepted = incoming
        if verdict.disposition != .apply {
            changes.audit(
                AuditRecord(
                    ownership: verdict, entity: entity, incoming: .object(incoming.fields),
                    correlationID: correlationID, time: time))
            if verdict.disposition == .park {
                changes.park(
                    ReviewItem.Draft(
                        entity: entity, reason: verdict.reason, rule: "ownership",
                        currentValue: current.map { .object($0.fields) },
                        incomingValue: .object(incoming.fields), correlationID: correlationID))
                return Decision(action: .park, changes: changes)
            }
            let refused = Set(verdict.refusedFields.keys)
            accepted.fields = incoming.fields.filter { !refused.contains($0.key) }
            if accepted.fields.allSatisfy({ current?.fields[$0.key] == $0.value }) {
                return Decision(action: .skip, changes: changes)
            }
        }
        guard let current else { return Decision(action: .apply(accepted.fields), changes: changes) }
        var merged = current
        for (field, value) in accepted.fields { merged.fields[field] = value }
        let conflict = Conflict(
            entity: entity, scope: scope, current: current,
            incoming: VersionedRecord(
                system: accepted.system, fields: merged.fields, version: accepted.version, timestamp: accepted.timestamp
            ))
        let resolution = policy.resolve(conflict)
        changes.audit(AuditRecord(conflict: conflict, resolution: resolution, correlationID: correlationID, time: time))
        switch resolution.outcome {
        case .keepCurrent:
            return Decision(action: .skip, changes: changes)
        case .takeIncoming, .merged:
            return Decision(action: .apply(resolution.fields), changes: changes)
        case .review:
            changes.park(
                ReviewItem.Draft(
                    entity: entity, reason: resolution.explanation, rule: resolution.rule,
                    currentValue: .object(current.fields),
                    incomingValue: .object(incoming.fields), correlationID: correlationID))
            return Decision(action: .park, changes: changes)
        }
    }
}
