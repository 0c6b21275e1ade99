import CommerceBridge
import Testing

struct OwnershipRulesTests {
    @Test(
        "Seed defaults follow the seed documents",
        arguments: [
            (EntityKind.inventory, nil, nil, SystemID.erp), (.price, nil, nil, .erp), (.shipment, nil, nil, .erp),
            (.customerInteraction, nil, nil, .crm), (.product, "name", nil, .pim), (.product, "price", nil, .erp),
            (.order, "status", nil, .commerce), (.order, "status", "exported", .erp),
            (.customer, "email", nil, .commerce),
        ] as [(EntityKind, String?, String?, SystemID)])
    func seedDefaults(kind: EntityKind, field: String?, scope: String?, owner: SystemID) {
        #expect(OwnershipRules.seedDefaults.owner(of: kind, field: field, scope: scope) == owner)
    }

    @Test("The most specific rule wins, and one line overrides a row")
    func overrides() {
        let rules = OwnershipRules.seedDefaults
            .overriding(.product, field: "name", owner: .commerce)
            .overriding(.product, field: "name", scope: "fr_store", owner: .pim)
        #expect(rules.owner(of: .product, field: "name") == .commerce)
        #expect(rules.owner(of: .product, field: "name", scope: "fr_store") == .pim)
        #expect(rules.owner(of: .product, field: "description") == .pim)
        #expect(rules.rules.filter { $0.kind == .product && $0.field == "name" && $0.scope == nil }.count == 1)
    }

    @Test("A non-owner's fields are refused with the rule named, or parked")
    func nonOwnerWrites() {
        let decision = OwnershipRules.seedDefaults.evaluate(kind: .product, fields: ["name", "price"], origin: .pim)
        #expect(decision.acceptedFields == ["name"])
        #expect(decision.disposition == .reject)
        #expect(decision.refusedFields["price"]?.contains("pim does not own product.price") == true)
        var parking = OwnershipRules.seedDefaults
        parking.nonOwnerWrites = .park
        #expect(parking.evaluate(kind: .price, fields: ["value"], origin: .commerce).disposition == .park)
        #expect(
            OwnershipRules.seedDefaults.evaluate(kind: .inventory, fields: ["qty"], origin: .erp).disposition == .apply)
    }

    @Test("A kind no rule covers is refused, naming what to declare")
    func uncovered() {
        let decision = OwnershipRules.seedDefaults.evaluate(kind: "warranty", fields: ["months"], origin: .erp)
        #expect(decision.disposition == .reject)
        #expect(decision.reason.contains("declare one"))
    }
}
