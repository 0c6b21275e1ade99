import AdobeCommerce
import CommerceBridge
import Foundation
import Testing

struct SyncArbiterTests {
    private let time = Date(timeIntervalSince1970: 1_800_000_000)
    private let sku = EntityReference(.product, .commerce, "SKU-1")

    @Test("A non-owner's fields are dropped and audited; the owner's are applied")
    func rejectsNonOwnerFields() {
        let arbiter = SyncArbiter(
            ownership: .seedDefaults, policy: .ownerWins(.seedDefaults).then(.fieldMerge(.seedDefaults)))
        let decision = arbiter.decide(
            entity: sku, incoming: VersionedRecord(system: .pim, fields: ["name": "Bag", "price": 5]),
            current: VersionedRecord(system: .commerce, fields: ["name": "Old", "price": 9]), correlationID: "c-1",
            time: time)
        #expect(decision.action == .apply(["name": "Bag", "price": 9]))
        #expect(decision.changes.auditRecords.map(\.action) == ["ownership.reject", "conflict"])
        #expect(decision.changes.auditRecords.first?.explanation.contains("pim does not own product.price") == true)
    }

    @Test("Under the park policy a non-owner's write is parked with the reason, and nothing is applied")
    func parksNonOwnerWrites() {
        var ownership = OwnershipRules.seedDefaults
        ownership.nonOwnerWrites = .park
        let decision = SyncArbiter(ownership: ownership, policy: .lastWriterWins()).decide(
            entity: EntityReference(.inventory, .commerce, "SKU-1"),
            incoming: VersionedRecord(system: .commerce, fields: ["qty": 3]),
            current: nil, correlationID: "c-2", time: time)
        #expect(decision.action == .park)
        #expect(decision.changes.parked.first?.reason.contains("commerce does not own inventory.qty") == true)
        #expect(decision.changes.auditRecords.first?.action == "ownership.park")
    }

    @Test("Conflicts go through the policy, and review outcomes are parked")
    func conflictsAndReview() {
        let customer = EntityReference(.customer, .commerce, "ann@example.com")
        let ownership = OwnershipRules.seedDefaults.overriding(.customer, owner: "shared").overriding(
            .customer, field: "phone", owner: .crm)
        let lww = SyncArbiter(ownership: ownership, policy: .lastWriterWins())
        let newer = lww.decide(
            entity: customer, incoming: VersionedRecord(system: .crm, fields: ["phone": "2"], version: 5),
            current: VersionedRecord(
                system: .commerce, fields: ["phone": "1", "email": "ann@example.com"], version: 4),
            correlationID: "c-3", time: time)
        #expect(newer.action == .apply(["phone": "2", "email": "ann@example.com"]))
        let review = SyncArbiter(ownership: ownership, policy: .manualReview).decide(
            entity: customer, incoming: VersionedRecord(system: .crm, fields: ["phone": "3"]),
            current: VersionedRecord(system: .commerce, fields: ["phone": "1"]), correlationID: "c-4", time: time)
        #expect(review.action == .park && review.changes.parked.first?.rule == "manualReview")
        let same = lww.decide(
            entity: customer, incoming: VersionedRecord(system: .crm, fields: ["phone": "1"]),
            current: VersionedRecord(system: .commerce, fields: ["phone": "1"]), correlationID: "c-5", time: time)
        #expect(same.action == .skip && same.changes.isEmpty, "an unchanged record is not a decision")
    }

    @Test("A decision's changes commit with the review queue and audit log")
    func commitsDecision() async throws {
        let store = InMemoryConnectorStore()
        let decision = SyncArbiter(ownership: .seedDefaults, policy: .manualReview).decide(
            entity: EntityReference(.order, .commerce, "9"),
            incoming: VersionedRecord(system: .commerce, fields: ["status": "x"]),
            current: VersionedRecord(system: .commerce, fields: ["status": "y"]), correlationID: "c-6", time: time)
        try await store.commit(decision.changes)
        #expect(try await store.reviewItems(limit: 5, offset: 0).count == 1)
        #expect(try await store.auditRecords(correlationID: "c-6").map(\.action) == ["conflict"])
    }
}
