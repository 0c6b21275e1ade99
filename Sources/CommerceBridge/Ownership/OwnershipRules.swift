/// Which system owns which entity kind, field and scope: declared once, as data, and enforced on every
/// write.
///
/// The most specific rule wins: kind + field + scope, then kind + field, then kind + scope, then kind.
///
/// ```swift
/// var ownership = OwnershipRules.seedDefaults
///     .overriding(.product, field: "name", owner: .commerce)   // merchandisers edit names in Commerce
/// let decision = ownership.evaluate(kind: .product, fields: ["name", "price"], origin: .pim)
/// // decision.rejectedFields == ["price"]: the ERP owns prices
/// ```
public struct OwnershipRules: Sendable, Hashable {
    /// One row: the owner of a kind, optionally narrowed to a field and a scope.
    public struct Rule: Sendable, Hashable, CustomStringConvertible {
        /// The entity kind.
        public var kind: EntityKind
        /// The field, or `nil` for the whole record.
        public var field: String?
        /// The scope (a website, store view, or lifecycle stage such as `exported`), or `nil` for all.
        public var scope: String?
        /// The system that owns it.
        public var owner: SystemID

        /// Creates a rule.
        public init(_ kind: EntityKind, field: String? = nil, scope: String? = nil, owner: SystemID) {
            self.kind = kind
            self.field = field
            self.scope = scope
            self.owner = owner
        }

        /// `product.price@all → erp`.
        public var description: String {
            "\(kind)\(field.map { ".\($0)" } ?? "")@\(scope ?? "all") → \(owner)"
        }
    }

    /// What happens to a write from a system that does not own what it writes.
    public enum NonOwnerWrites: Sendable, Hashable {
        /// Refuse it, with the reason.
        case reject
        /// Keep it aside for review, with the reason.
        case park
    }

    /// The rules.
    public private(set) var rules: [Rule]
    /// What happens to writes from non-owners.
    public var nonOwnerWrites: NonOwnerWrites

    /// Creates rules.
    public init(_ rules: [Rule], nonOwnerWrites: NonOwnerWrites = .reject) {
        self.rules = []
        self.nonOwnerWrites = nonOwnerWrites
        for rule in rules { add(rule) }
    }

    /// The defaults from the seed documents: the ERP owns inventory, prices and fulfilment (shipments,
    /// invoices, and an order's status once exported); the CRM owns customer interactions; the PIM owns
    /// product content; Commerce owns customer accounts and the order until it is exported.
    public static let seedDefaults = OwnershipRules([
        Rule(.inventory, owner: .erp),
        Rule(.price, owner: .erp),
        Rule(.shipment, owner: .erp),
        Rule(.invoice, owner: .erp),
        Rule(.customerInteraction, owner: .crm),
        Rule(.customer, owner: .commerce),
        Rule(.product, owner: .pim),
        Rule(.product, field: "price", owner: .erp),
        Rule(.product, field: "special_price", owner: .erp),
        Rule(.product, field: "qty", owner: .erp),
        Rule(.order, owner: .commerce),
        Rule(.order, field: "status", scope: "exported", owner: .erp),
        Rule(.order, field: "state", scope: "exported", owner: .erp),
    ])

    /// A copy where `owner` owns `kind` (and `field`, and `scope`), replacing any rule for exactly that row.
    public func overriding(
        _ kind: EntityKind,
        field: String? = nil,
        scope: String? = nil,
        owner: SystemID
    ) -> OwnershipRules {
        var copy = self
        copy.add(Rule(kind, field: field, scope: scope, owner: owner))
        return copy
    }

    private mutating func add(_ rule: Rule) {
        rules.removeAll { $0.kind == rule.kind && $0.field == rule.field && $0.scope == rule.scope }
        rules.append(rule)
    }

    /// The owner of a kind, field and scope, or `nil` when no rule covers it.
    public func owner(of kind: EntityKind, field: String? = nil, scope: String? = nil) -> SystemID? {
        rule(for: kind, field: field, scope: scope)?.owner
    }

    /// The rule that decides a kind, field and scope.
    public func rule(for kind: EntityKind, field: String? = nil, scope: String? = nil) -> Rule? {
        let candidates = rules.filter {
            $0.kind == kind && ($0.field == nil || $0.field == field) && ($0.scope == nil || $0.scope == scope)
        }
        return candidates.max { specificity($0) < specificity($1) }
    }

    private func specificity(_ rule: Rule) -> Int { (rule.field == nil ? 0 : 2) + (rule.scope == nil ? 0 : 1) }

    /// Judges a write of `fields` of a `kind` record by `origin`.
    public func evaluate(kind: EntityKind, fields: [String], origin: SystemID, scope: String? = nil)
        -> OwnershipDecision
    {
        var accepted: [String] = []
        var refused: [String: String] = [:]
        for field in fields {
            guard let rule = rule(for: kind, field: field, scope: scope) else {
                refused[field] = "no ownership rule covers \(kind).\(field); declare one"
                continue
            }
            if rule.owner == origin || rule.owner == .shared {
                accepted.append(field)
            } else {
                refused[field] = "\(origin) does not own \(kind).\(field) (rule \(rule))"
            }
        }
        return OwnershipDecision(
            acceptedFields: accepted, refusedFields: refused,
            disposition: refused.isEmpty ? .apply : (nonOwnerWrites == .park ? .park : .reject))
    }
}

/// The verdict on a write: which fields the origin may write, which it may not and why, and what to do.
public struct OwnershipDecision: Sendable, Hashable {
    /// What to do with the write.
    public enum Disposition: Sendable, Hashable {
        /// Every field is the origin's: apply the write.
        case apply
        /// Some fields are not: apply only ``OwnershipDecision/acceptedFields`` and reject the rest.
        case reject
        /// Some fields are not: keep the write aside for review.
        case park
    }

    /// Fields the origin owns.
    public var acceptedFields: [String]
    /// Fields it does not, with the reason for each.
    public var refusedFields: [String: String]
    /// What to do.
    public var disposition: Disposition

    /// The reasons, one line.
    public var reason: String {
        refusedFields.keys.sorted().map { refusedFields[$0]! }.joined(separator: "; ")
    }
}
