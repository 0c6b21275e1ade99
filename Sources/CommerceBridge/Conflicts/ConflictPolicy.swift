public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// One side of a conflict: a record's fields as one system has them, with its version and time.
public struct VersionedRecord: Sendable, Hashable {
    /// The system.
    public var system: SystemID
    /// The fields.
    public var fields: [String: JSONValue]
    /// A version number that grows with every change, when the system has one.
    public var version: Int64?
    /// When the system last changed the record.
    public var timestamp: Date?

    /// Creates a side.
    public init(system: SystemID, fields: [String: JSONValue], version: Int64? = nil, timestamp: Date? = nil) {
        self.system = system
        self.fields = fields
        self.version = version
        self.timestamp = timestamp
    }
}

/// Two versions of one record that disagree.
public struct Conflict: Sendable, Hashable {
    /// The record.
    public var entity: EntityReference
    /// The scope, if ownership depends on it.
    public var scope: String?
    /// The version the bridge holds (or the target system has).
    public var current: VersionedRecord
    /// The version arriving.
    public var incoming: VersionedRecord

    /// Creates a conflict.
    public init(entity: EntityReference, scope: String? = nil, current: VersionedRecord, incoming: VersionedRecord) {
        self.entity = entity
        self.scope = scope
        self.current = current
        self.incoming = incoming
    }

    /// The fields whose values differ, sorted.
    public var differingFields: [String] {
        Set(current.fields.keys).union(incoming.fields.keys).filter { current.fields[$0] != incoming.fields[$0] }
            .sorted()
    }
}

/// How a conflict was settled, and by which rule.
public struct Resolution: Sendable, Hashable {
    /// The outcome.
    public enum Outcome: Sendable, Hashable {
        /// Keep the current version.
        case keepCurrent
        /// Take the incoming version.
        case takeIncoming
        /// Take these merged fields.
        case merged
        /// Park it for a person to decide.
        case review
    }

    /// The outcome.
    public var outcome: Outcome
    /// The fields that result (the current ones for ``Outcome/review``).
    public var fields: [String: JSONValue]
    /// The system whose value won, or `nil` for a merge or a review.
    public var winner: SystemID?
    /// The rule that decided, such as `ownerWins` or `lastWriterWins(version)`.
    public var rule: String
    /// Why, in one line.
    public var explanation: String

    /// Creates a resolution, for custom policies.
    public init(outcome: Outcome, fields: [String: JSONValue], winner: SystemID?, rule: String, explanation: String) {
        self.outcome = outcome
        self.fields = fields
        self.winner = winner
        self.rule = rule
        self.explanation = explanation
    }
}

/// A conflict policy: a pure function from a conflict to a resolution, composable with others.
///
/// Each built-in decides what it can and passes the rest on; ``then(_:)`` chains them, and anything no
/// policy decides goes to manual review.
///
/// ```swift
/// let policy = ConflictPolicy.ownerWins(ownership)
///     .then(.lastWriterWins(tieBreak: [.erp, .commerce]))
/// let resolution = policy.resolve(conflict)
/// ```
public struct ConflictPolicy: Sendable {
    /// The policy's name, recorded in audit records.
    public let name: String
    private let decide: @Sendable (Conflict) -> Resolution?

    /// Creates a policy from a closure that returns `nil` when it has no opinion.
    public static func custom(_ name: String, _ decide: @escaping @Sendable (Conflict) -> Resolution?) -> ConflictPolicy
    {
        ConflictPolicy(name: name, decide: decide)
    }

    private init(name: String, decide: @escaping @Sendable (Conflict) -> Resolution?) {
        self.name = name
        self.decide = decide
    }

    /// Settles a conflict; when no policy in the chain decides, it goes to review.
    public func resolve(_ conflict: Conflict) -> Resolution {
        if conflict.differingFields.isEmpty {
            return Resolution(
                outcome: .keepCurrent, fields: conflict.current.fields, winner: conflict.current.system,
                rule: "identical",
                explanation: "both versions are equal")
        }
        return decide(conflict)
            ?? Resolution(
                outcome: .review, fields: conflict.current.fields, winner: nil, rule: "\(name) → review",
                explanation: "no rule decided \(conflict.entity)")
    }

    /// This policy, then `next` for what this one leaves undecided.
    public func then(_ next: ConflictPolicy) -> ConflictPolicy {
        let first = decide
        return ConflictPolicy(name: "\(name), \(next.name)") { conflict in first(conflict) ?? next.decide(conflict) }
    }

    /// The owner of the record (per the rules, for the whole record) wins; undecided when neither side owns it
    /// or the owner differs per field (use ``fieldMerge(_:)`` then).
    public static func ownerWins(_ ownership: OwnershipRules) -> ConflictPolicy {
        ConflictPolicy(name: "ownerWins") { conflict in
            let owners = Set(
                conflict.differingFields.map {
                    ownership.owner(of: conflict.entity.kind, field: $0, scope: conflict.scope)
                })
            guard owners.count == 1, let owner = owners.first ?? nil else { return nil }
            if owner == conflict.incoming.system {
                return Resolution(
                    outcome: .takeIncoming, fields: conflict.incoming.fields, winner: owner, rule: "ownerWins",
                    explanation: "\(owner) owns \(conflict.entity.kind)")
            }
            if owner == conflict.current.system {
                return Resolution(
                    outcome: .keepCurrent, fields: conflict.current.fields, winner: owner, rule: "ownerWins",
                    explanation: "\(owner) owns \(conflict.entity.kind)")
            }
            return nil
        }
    }

    /// Field by field, each differing field takes the value of the side whose system owns it; undecided when
    /// a differing field's owner is neither side.
    public static func fieldMerge(_ ownership: OwnershipRules) -> ConflictPolicy {
        ConflictPolicy(name: "fieldMerge") { conflict in
            var fields = conflict.current.fields
            var fromIncoming: [String] = []
            for field in conflict.differingFields {
                switch ownership.owner(of: conflict.entity.kind, field: field, scope: conflict.scope) {
                case conflict.incoming.system:
                    fields[field] = conflict.incoming.fields[field]
                    fromIncoming.append(field)
                case conflict.current.system: continue
                default: return nil
                }
            }
            return Resolution(
                outcome: .merged,
                fields: fields.filter { $0.value != .null || conflict.incoming.fields[$0.key] != nil },
                winner: nil, rule: "fieldMerge",
                explanation: fromIncoming.isEmpty
                    ? "every differing field belongs to \(conflict.current.system)"
                    : "from \(conflict.incoming.system): \(fromIncoming.joined(separator: ", "))")
        }
    }

    /// The newer version wins: by version number when both have one, else by timestamp; a tie goes to the
    /// first system in `tieBreak`, then to the smaller content hash, so every run decides the same way.
    public static func lastWriterWins(tieBreak: [SystemID] = [.erp, .commerce, .crm, .pim]) -> ConflictPolicy {
        ConflictPolicy(name: "lastWriterWins") { conflict in
            let current = conflict.current
            let incoming = conflict.incoming
            var order: Int?
            var basis = ""
            if let left = current.version, let right = incoming.version, left != right {
                order = left < right ? 1 : -1
                basis = "version \(right) vs \(left)"
            } else if let left = current.timestamp, let right = incoming.timestamp, left != right {
                order = left < right ? 1 : -1
                basis = "timestamp"
            }
            if order == nil {
                let rank = { (system: SystemID) in tieBreak.firstIndex(of: system) ?? tieBreak.count }
                let (currentRank, incomingRank) = (rank(current.system), rank(incoming.system))
                if currentRank != incomingRank {
                    order = incomingRank < currentRank ? 1 : -1
                    basis = "tie broken by system priority"
                } else {
                    let currentHash = CanonicalJSON.hash(.object(current.fields))
                    let incomingHash = CanonicalJSON.hash(.object(incoming.fields))
                    order = incomingHash < currentHash ? 1 : -1
                    basis = "tie broken by content hash"
                }
            }
            let incomingWins = order == 1
            return Resolution(
                outcome: incomingWins ? .takeIncoming : .keepCurrent,
                fields: incomingWins ? incoming.fields : current.fields,
                winner: incomingWins ? incoming.system : current.system, rule: "lastWriterWins(\(basis))",
                explanation: "\(incomingWins ? incoming.system : current.system) wrote last (\(basis))")
        }
    }

    /// Sends every conflict to a person: the review queue.
    public static let manualReview = ConflictPolicy(name: "manualReview") { conflict in
        Resolution(
            outcome: .review, fields: conflict.current.fields, winner: nil, rule: "manualReview",
            explanation: "policy sends \(conflict.entity.kind) conflicts to review")
    }
}
