import AdobeCommerce
import CommerceBridge
import Foundation
import Testing

struct ConflictPolicyTests {
    private let order = EntityReference(.order, .commerce, "000000012")
    private let customer = EntityReference(.customer, .commerce, "ann@example.com")

    private func conflict(
        _ entity: EntityReference, current: [String: JSONValue], incoming: [String: JSONValue],
        currentSystem: SystemID = .commerce,
        incomingSystem: SystemID = .erp, versions: (Int64?, Int64?) = (nil, nil),
        times: (Double?, Double?) = (nil, nil),
        scope: String? = nil
    ) -> Conflict {
        Conflict(
            entity: entity, scope: scope,
            current: VersionedRecord(
                system: currentSystem, fields: current, version: versions.0,
                timestamp: times.0.map { Date(timeIntervalSince1970: $0) }),
            incoming: VersionedRecord(
                system: incomingSystem, fields: incoming, version: versions.1,
                timestamp: times.1.map { Date(timeIntervalSince1970: $0) }))
    }

    @Test("Owner wins: the ERP's status wins once the order is exported")
    func ownerWins() {
        let policy = ConflictPolicy.ownerWins(.seedDefaults)
        let exported = conflict(
            order, current: ["status": "processing"], incoming: ["status": "shipped"], scope: "exported")
        let resolution = policy.resolve(exported)
        #expect(resolution.outcome == .takeIncoming && resolution.winner == .erp && resolution.rule == "ownerWins")
        let notYet = policy.resolve(conflict(order, current: ["status": "pending"], incoming: ["status": "shipped"]))
        #expect(notYet.outcome == .keepCurrent && notYet.winner == .commerce)
    }

    @Test("Last writer wins by version, then timestamp, with a deterministic tie-break")
    func lastWriterWins() {
        let policy = ConflictPolicy.lastWriterWins(tieBreak: [.crm, .commerce])
        let byVersion = policy.resolve(
            conflict(customer, current: ["phone": "1"], incoming: ["phone": "2"], versions: (7, 6), times: (10, 20)))
        #expect(byVersion.outcome == .keepCurrent, "version beats timestamp")
        let byTime = policy.resolve(
            conflict(customer, current: ["phone": "1"], incoming: ["phone": "2"], times: (10, 20)))
        #expect(byTime.outcome == .takeIncoming && byTime.rule == "lastWriterWins(timestamp)")
        let tie = conflict(
            customer, current: ["phone": "1"], incoming: ["phone": "2"], incomingSystem: .crm, times: (10, 10))
        #expect(policy.resolve(tie).winner == .crm, "a tie goes to the first system in the list")
        let unranked = conflict(
            customer, current: ["phone": "1"], incoming: ["phone": "2"], currentSystem: "a", incomingSystem: "b")
        let first = policy.resolve(unranked)
        #expect(
            (0..<20).allSatisfy { _ in policy.resolve(unranked) == first },
            "the hash tie-break decides the same every time")
    }

    @Test("Field merge takes each field from its owner")
    func fieldMerge() {
        let rules = OwnershipRules.seedDefaults.overriding(.customer, field: "credit_limit", owner: .erp)
        let merged = ConflictPolicy.fieldMerge(rules).resolve(
            conflict(
                customer, current: ["email": "a@x.com", "credit_limit": 100],
                incoming: ["email": "old@x.com", "credit_limit": 500]))
        #expect(merged.outcome == .merged)
        #expect(merged.fields == ["email": "a@x.com", "credit_limit": 500])
        #expect(merged.explanation == "from erp: credit_limit")
    }

    @Test("Policies compose; what none decides goes to review; equal values are not a conflict")
    func composition() {
        let neither = conflict(
            EntityReference("warranty", .erp, "w1"), current: ["months": 12], incoming: ["months": 24],
            currentSystem: .crm, incomingSystem: .pim)
        let ownerOnly = ConflictPolicy.ownerWins(.seedDefaults)
        #expect(ownerOnly.resolve(neither).outcome == .review)
        let chained = ownerOnly.then(.lastWriterWins())
        #expect(chained.resolve(neither).outcome != .review)
        #expect(chained.name == "ownerWins, lastWriterWins")
        let custom = ConflictPolicy.custom("preferLarger") { conflict in
            guard let left = conflict.current.fields["months"]?.intValue,
                let right = conflict.incoming.fields["months"]?.intValue
            else { return nil }
            return Resolution(
                outcome: right > left ? .takeIncoming : .keepCurrent,
                fields: right > left ? conflict.incoming.fields : conflict.current.fields,
                winner: right > left ? conflict.incoming.system : conflict.current.system, rule: "preferLarger",
                explanation: "larger")
        }
        #expect(ownerOnly.then(custom).resolve(neither).winner == .pim)
        #expect(ConflictPolicy.manualReview.resolve(neither).outcome == .review)
        let same = conflict(customer, current: ["a": 1], incoming: ["a": 1])
        #expect(ConflictPolicy.manualReview.resolve(same).rule == "identical")
    }

    @Test("Every resolution becomes an audit record with both values, the winner and the rule")
    func auditRecord() {
        let exported = conflict(
            order, current: ["status": "processing"], incoming: ["status": "shipped"], scope: "exported")
        let resolution = ConflictPolicy.ownerWins(.seedDefaults).resolve(exported)
        let record = AuditRecord(
            conflict: exported, resolution: resolution, correlationID: "c-1", time: Date(timeIntervalSince1970: 5))
        #expect(record.currentValue == ["status": "processing"] && record.incomingValue == ["status": "shipped"])
        #expect(
            record.winner == .erp && record.rule == "ownerWins" && record.entity == order
                && record.correlationID == "c-1")
    }
}
