import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct CustomerMasterEngineTests {
    private let clock = ManualClock()
    private let start = Date()

    private func setUp(
        policy: ConflictPolicy = .lastWriterWins(), pattern: any CustomerMasterPattern = DefaultCustomerMaster()
    ) -> (
        FakeCommerce, FakeERP, InMemoryConnectorStore, CustomerMasterEngine
    ) {
        var options = FakeCommerce.Options()
        // The fake's clock starts at the wall clock: the client signs OAuth timestamps with it, and Magento
        // refuses timestamps more than 600 s ahead of its own time.
        let time = clock.timeSource(startingAt: start)
        options.time = time
        let commerce = FakeCommerce(options: options)
        let crm = FakeERP(time: time)
        let store = InMemoryConnectorStore()
        let ownership = OwnershipRules.seedDefaults.overriding(.customer, owner: .shared)
        let engine = CustomerMasterEngine(
            commerce: commerce.makeClient(), master: crm, masterSystem: .crm, store: store,
            arbiter: SyncArbiter(ownership: ownership, policy: policy), pattern: pattern, time: time)
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

    @Test("A write by one worker that comes back in Commerce's feed is recognised as an echo by another worker")
    func echoesAcrossWorkers() async throws {
        let (commerce, crm, store, first) = setUp()
        let second = CustomerMasterEngine(
            commerce: commerce.makeClient(), master: crm, masterSystem: .crm, store: store,
            arbiter: SyncArbiter(
                ownership: OwnershipRules.seedDefaults.overriding(.customer, owner: .shared),
                policy: .lastWriterWins()),
            time: clock.timeSource(startingAt: start))
        await crm.setCustomer(email: "ann@example.com", fields: ["firstname": "Ann", "lastname": "Lee"])
        clock.advance(by: .seconds(1))
        #expect(try await first.sync().writtenToCommerce == 1, "the first worker writes Ann to Commerce")
        clock.advance(by: .seconds(400))
        await crm.setCustomer(email: "cy@example.com", fields: ["firstname": "Cy", "lastname": "Ro"])
        clock.advance(by: .seconds(1))
        // The CRM's Ann is still inside its feed's overlap here: a real change on one side is always settled.
        let overlapping = try await second.sync()
        #expect(overlapping.writtenToCommerce == 1 && overlapping.echoes == 0, "\(overlapping)")
        clock.advance(by: .seconds(400))
        // Now Commerce's feed reports Ann and Cy as the workers wrote them, and the CRM only Cy (its own change).
        let report = try await second.sync()
        #expect(report.echoes == 1, "Ann in Commerce is the first worker's write coming back: \(report)")
        #expect(report.writtenToMaster == 0 && report.writtenToCommerce == 0, "nothing is synced back: \(report)")
        #expect(await crm.customer(email: "ann@example.com")?.fields == ["firstname": "Ann", "lastname": "Lee"])
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

    @Test("A custom pattern renames the master's fields both ways and hears about every write")
    func customPattern() async throws {
        let writes = Writes()
        let (commerce, crm, _, engine) = setUp(pattern: VATNumberCRM(writes: writes))
        try commerce.add(Customer(email: "ann@example.com", firstname: "Ann", lastname: "Lee"))
        await crm.setCustomer(
            email: "bo@example.com", fields: ["firstname": "Bo", "lastname": "Ng", "vat_number": "DE123"])
        clock.advance(by: .seconds(1))
        _ = try await engine.sync()
        let bo = try await commerce.makeClient().customers.search(
            SearchCriteria().filter("email", .eq, "bo@example.com")
        ).items.first
        #expect(bo?.taxvat == "DE123", "the CRM's vat_number is Commerce's taxvat")
        var ann = try #require(
            try await commerce.makeClient().customers.search(SearchCriteria().filter("email", .eq, "ann@example.com"))
                .items.first)
        ann.taxvat = "FR999"
        _ = try await commerce.makeClient().customers.update(ann)
        clock.advance(by: .seconds(1))
        _ = try await engine.sync()
        #expect(await crm.customer(email: "ann@example.com")?.fields["vat_number"] == "FR999")
        #expect(await crm.customer(email: "ann@example.com")?.fields["taxvat"] == nil)
        #expect(
            await writes.log == [
                "ann@example.com->crm", "bo@example.com->commerce", "ann@example.com->crm",
            ])
    }

    @Test("The default mapping reads custom attributes as text, numbers included, and writes them back as strings")
    func mappingCustomAttributes() throws {
        let json = #"""
            {"email": "a@example.com", "firstname": "A", "lastname": "B", "gender": 2, "custom_attributes": [
             {"attribute_code": "loyalty_tier", "value": "gold"}, {"attribute_code": "visits", "value": 5},
             {"attribute_code": "interests", "value": ["golf"]}]}
            """#
        let customer = try CommerceJSONDecoder().decode(Customer.self, from: Data(json.utf8))
        let fields = CustomerMasterMapping.fields(of: customer)
        #expect(fields["loyalty_tier"] == "gold" && fields["visits"] == "5" && fields["gender"] == "2")
        #expect(fields["interests"] == nil, "a list is not text")
        let applied = CustomerMasterMapping.apply(["visits": "6", "lastname": "C"], to: customer)
        #expect(applied.customAttribute("visits") == "6" && applied.lastname == "C")
        #expect(applied.customAttribute("interests") == ["golf"], "attributes not mapped are kept")
    }

    @Test("A master record with a broken e-mail is parked once, by name, and the others still sync")
    func refusedRecord() async throws {
        let (commerce, crm, store, engine) = setUp()
        await crm.setCustomer(email: "not-an-email", fields: ["firstname": "No", "lastname": "Mail"])
        await crm.setCustomer(email: "cy@example.com", fields: ["firstname": "Cy", "lastname": "Ok"])
        clock.advance(by: .seconds(1))
        let first = try await engine.sync()
        #expect(first.rejected == 1 && first.writtenToCommerce == 1)
        #expect(commerce.customerCount == 1)
        let item = try #require(try await store.reviewItems(limit: 5, offset: 0).first)
        #expect(
            item.draft.reason
                == "customer C-1, field email: \"not-an-email\" is not an e-mail address; fix it in the master")
        clock.advance(by: .seconds(10))
        #expect(try await engine.sync().rejected == 0, "the overlap reads it again; it is not parked twice")
        #expect(try await store.reviewItems(limit: 5, offset: 0).count == 1)
    }

    @Test("Reconciliation finds seeded drift on both sides, repairs what ownership allows, and parks the rest once")
    func reconciliation() async throws {
        let (commerce, crm, store, engine) = setUp()
        try commerce.add(Customer(email: "ed@example.com", firstname: "Ed", lastname: "Linked"))
        clock.advance(by: .seconds(1))
        _ = try await engine.sync()
        #expect(await crm.customer(email: "ed@example.com") != nil)
        // Drift behind the engine's back, with no change feed to carry it: the checkpoints have moved past it.
        try commerce.add(Customer(email: "ann@example.com", firstname: "Ann", lastname: "Same"))
        await crm.setCustomer(email: "ann@example.com", fields: ["firstname": "Ann", "lastname": "Same"])
        try commerce.add(Customer(email: "bo@example.com", firstname: "Bo", lastname: "OnlyCommerce"))
        await crm.setCustomer(email: "cy@example.com", fields: ["firstname": "Cy", "lastname": "OnlyCRM"])
        try commerce.add(Customer(email: "di@example.com", firstname: "Di", lastname: "Old"))
        clock.advance(by: .seconds(5))
        await crm.setCustomer(email: "di@example.com", fields: ["firstname": "Di", "lastname": "New"])
        await crm.removeCustomer(email: "ed@example.com")

        let report = try await engine.reconcile()
        #expect(report.missingInMaster.map(\.email) == ["bo@example.com", "ed@example.com"])
        #expect(report.missingInCommerce.map(\.email) == ["cy@example.com"])
        #expect(report.mismatched.map(\.email) == ["di@example.com"])
        #expect(report.mismatched.first?.fields == ["lastname"])
        #expect(report.matching == 1 && report.remapped == 1, "ann agrees; her missing ID-map entry is written")
        #expect(report.repaired == 3 && report.parked == 1)
        #expect(await crm.customer(email: "bo@example.com")?.fields["lastname"] == "OnlyCommerce")
        let cy = try await commerce.makeClient().customers.search(
            SearchCriteria().filter("email", .eq, "cy@example.com")
        ).items.first
        #expect(cy?.lastname == "OnlyCRM")
        let di = try await commerce.makeClient().customers.search(
            SearchCriteria().filter("email", .eq, "di@example.com")
        ).items.first
        #expect(di?.lastname == "New", "the CRM wrote last")
        #expect(await crm.customer(email: "ed@example.com") == nil, "a linked customer that vanished is not re-created")
        let parked = try await store.reviewItems(limit: 10, offset: 0)
        #expect(parked.map(\.draft.entity.key) == ["ed@example.com"])

        let again = try await engine.reconcile()
        #expect(again.missingInMaster.map(\.email) == ["ed@example.com"] && again.parked == 0)
        #expect(again.matching == 4 && again.repaired == 0 && again.mismatched.isEmpty)
        #expect(try await store.reviewItems(limit: 10, offset: 0).count == 1)
    }

    @Test("Without repair, reconciliation changes neither side and parks every finding")
    func reportOnly() async throws {
        let (commerce, crm, store, engine) = setUp()
        try commerce.add(Customer(email: "bo@example.com", firstname: "Bo", lastname: "OnlyCommerce"))
        await crm.setCustomer(email: "cy@example.com", fields: ["firstname": "Cy", "lastname": "OnlyCRM"])
        let report = try await engine.reconcile(repair: false)
        #expect(report.repaired == 0 && report.parked == 2)
        #expect(await crm.customer(email: "bo@example.com") == nil && commerce.customerCount == 1)
        #expect(try await store.reviewItems(limit: 10, offset: 0).count == 2)
    }
}

/// A CRM that calls the VAT number `vat_number`.
private struct VATNumberCRM: CustomerMasterPattern {
    let writes: Writes

    func fields(of record: MasterCustomer) -> [String: String] {
        var fields = record.fields
        fields["taxvat"] = fields.removeValue(forKey: "vat_number")
        return fields
    }

    func map(_ fields: [String: String], onto record: MasterCustomer) throws -> MasterCustomer {
        var record = record
        for (key, value) in fields { record.fields[key == "taxvat" ? "vat_number" : key] = value }
        return record
    }

    func afterSend(email: String, fields: [String: String], to system: SystemID) async throws {
        await writes.append("\(email)->\(system)")
    }
}

private actor Writes {
    private(set) var log: [String] = []
    func append(_ entry: String) { log.append(entry) }
}
