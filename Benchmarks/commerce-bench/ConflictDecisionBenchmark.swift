import AdobeCommerce
import CommerceBridge

/// Evaluates ownership and resolves 1,000 conflicts with `ownerWins`, then `fieldMerge`, then `lastWriterWins`,
/// 200 times.
struct ConflictDecisionBenchmark: Benchmark {
    let name = "ownership_and_conflict_decisions"
    let summary = "ownership check and ownerWins, fieldMerge, lastWriterWins on 1,000 conflicts, 200 times"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let ownership = OwnershipRules.seedDefaults
        let policy = ConflictPolicy.ownerWins(ownership).then(.fieldMerge(ownership)).then(.lastWriterWins())
        let conflicts = (0..<1_000).map(Self.conflict)
        var decided = 0
        let seconds = measure(iterations: 200) {
            for conflict in conflicts {
                let check = ownership.evaluate(
                    kind: conflict.entity.kind, fields: ["status"], origin: .erp, scope: conflict.scope)
                let resolution = policy.resolve(conflict)
                if check.disposition != .park, resolution.outcome != .review { decided += 1 }
            }
        }
        return [
            "decisions_per_second": rounded(Double(200 * conflicts.count) / seconds), "decided": Double(decided),
        ]
    }

    private static func conflict(_ index: Int) -> Conflict {
        let kind: EntityKind = index % 2 == 0 ? .order : .customer
        let current: [String: JSONValue] = ["status": "processing", "email": .string("a\(index)@x.com")]
        let incoming: [String: JSONValue] = ["status": "shipped", "email": .string("b\(index)@x.com")]
        return Conflict(
            entity: EntityReference(kind, .commerce, String(index)), scope: index % 4 == 0 ? "exported" : nil,
            current: VersionedRecord(system: .commerce, fields: current, version: Int64(index)),
            incoming: VersionedRecord(system: .erp, fields: incoming, version: Int64(index + 1)))
    }
}
