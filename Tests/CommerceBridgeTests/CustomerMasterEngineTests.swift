import AdobeCommerce
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct CustomerMasterEngineTests {
    private let clock = ManualClock()
    private let start = Date()

    private func setUp(policy: ConflictPolicy = .lastWriterWins()) -> (
        FakeCommerce, FakeERP, InMemoryConnectorStore, CustomerMasterEngine
    ) {
        var options = FakeCommerce.Options()
        // The fake's clock starts at the wall clock: the client signs OAuth timestamps with it, and Magento
        // refuses timestamps more than 600 s ahead of its own time.
        let time = clock.timeSource(startingAt: start)
        options.now = { time.now() }
        let commerce = FakeCommerce(options: options)
        let crm = FakeERP(time: time)
        let store = InMemoryConnectorStore()
        let ownership = OwnershipRules.seedDefaults.overriding(.customer, owner: .shared)
        let engine = CustomerMasterEngine(
            commerce: commerce.makeClient(), master: crm, masterSystem: .crm, store: store,
            arbiter: SyncArbiter(ownership: ownership, policy: policy), time: time)
        return (commerce, crm, store, engine)
    }

    @Test("Customers created on either side appear on the other; a second pass writes nothing")
    func createsBothWays() async throws {
        let (commerce, crm, store, engine) = setUp()
        try commerce.add(Customer(email: "ann@example.com", firstname: "Ann", lastname: "Lee"))
        await crm.setCustomer(email: "bo@example.com", fields: ["firstname": "Bo", "lastname": "Ng"])
        clock.advance(by: .seconds(1))
        let report = try await engine.sync()
        #expect(report.writtenToCommerce == 1 && report.writtenToMaster == 1)
        #expect(await crm.customer(email: "ann@example.com")?.fields == ["firstname": "Ann", "lastname": "Lee"])
        let bo = try await commerce.makeClient().customers.search(
            SearchCriteria().filter("email", .eq, "bo@example.com")
        ).items.first
        #expect(bo?.firstname == "Bo" && bo?.lastname == "Ng")
        guard
            case .mapped? = try await store.mapping(MappingKey(.customer, from: .commerce, "ann@example.com", to: .crm))
        else {
            Issue.record("ann is mapped to the CRM")
            return
        }
        clock.advance(by: .seconds(400))
        let quiet = try await engine.sync()
        #expect(quiet.writtenToCommerce == 0 && quiet.writtenToMaster == 0, "converged: nothing left to write")
    }

    @Test("Conflicting updates converge on the later write, on both sides, and the decision is audited")
    func conflictsConverge() async throws {
        let (commerce, crm, store, engine) = setUp()
        let ann = try commerce.add(Customer(email: "ann@example.com", firstname: "Ann", lastname: "Lee"))
        clock.advance(by: .seconds(1))
        _ = try await engine.sync()
        clock.advance(by: .seconds(10))
        var renamed = ann
        renamed.lastname = "Smith"
        _ = try await commerce.makeClient().customers.update(renamed)
        clock.advance(by: .seconds(5))
        await crm.setCustomer(email: "ann@example.com", fields: ["firstname": "Anne", "lastname": "Lee"])
        clock.advance(by: .seconds(1))
        _ = try await engine.sync()
        let inCommerce = try await commerce.makeClient().customers.get(id: ann.id ?? 0)
        let inCRM = await crm.customer(email: "ann@example.com")
        #expect(inCommerce.firstname == "Anne" && inCommerce.lastname == "Lee", "the CRM wrote last")
        #expect(inCRM?.fields == ["firstname": "Anne", "lastname": "Lee"])
        let audit = try await store.auditRecords(correlationID: "customer-ann@example.com")
        #expect(audit.contains { $0.action == "conflict" && $0.winner == .crm })
    }

    @Test("A manual-review policy parks the conflict and writes nothing")
    func reviewParks() async throws {
        let (commerce, crm, store, engine) = setUp(policy: .manualReview)
        try commerce.add(Customer(email: "cy@example.com", firstname: "Cy", lastname: "One"))
        await crm.setCustomer(email: "cy@example.com", fields: ["firstname": "Cy", "lastname": "Two"])
        clock.advance(by: .seconds(1))
        let report = try await engine.sync()
        #expect(report.parked == 1 && report.writtenToCommerce == 0 && report.writtenToMaster == 0)
        #expect(try await store.reviewItems(limit: 5, offset: 0).first?.draft.entity.key == "cy@example.com")
    }

    @Test("Duplicate and out-of-order feeds from the master still converge on its newest version")
    func messyFeed() async throws {
        let (commerce, crm, _, engine) = setUp()
        var faults = FakeERP.Faults(seed: 5)
        faults.duplicateRate = 0.7
        faults.outOfOrder = true
        await crm.setFaults(faults)
        for round in 1...4 {
            await crm.setCustomer(email: "dee@example.com", fields: ["firstname": "Dee\(round)", "lastname": "X"])
            clock.advance(by: .seconds(1))
        }
        _ = try await engine.sync()
        let dee = try await commerce.makeClient().customers.search(
            SearchCriteria().filter("email", .eq, "dee@example.com")
        ).items
        #expect(dee.map(\.firstname) == ["Dee4"])
    }
}
