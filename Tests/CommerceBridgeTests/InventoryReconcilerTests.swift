import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct InventoryReconcilerTests {
    private let clock = ManualClock()

    @Test("Seeded drift is found, repaired where the ERP owns stock, and the rest parked for review")
    func findsAndRepairsDrift() async throws {
        let commerce = FakeCommerce()
        try commerce.seedCatalog(productCount: 10)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...9 {
            await erp.setOnHand(sku: "SKU-00000\(index)", quantity: index % 7 == 0 ? 0 : Decimal(100 + index % 50))
        }
        await erp.setOnHand(sku: "SKU-000002", quantity: 7)
        await erp.setOnHand(sku: "SKU-000003", sourceCode: "wh_east", quantity: 4)
        try await commerce.makeClient().inventory.sources.create(
            InventorySource(sourceCode: "wh_east", name: "East", countryID: "US", postcode: "10001"))
        let store = InMemoryConnectorStore()
        let reconciler = InventoryReconciler(
            commerce: commerce.makeClient(), source: erp, store: store, time: clock.timeSource())
        let report = try await reconciler.reconcile()
        #expect(report.mismatched.map(\.sku) == ["SKU-000002"], "seeded: ERP 7, Commerce 102")
        #expect(report.missing.map { "\($0.sku)@\($0.sourceCode)" } == ["SKU-000003@wh_east"])
        #expect(report.extra.map(\.sku) == ["SKU-000010"], "Commerce has stock the ERP does not know")
        #expect(report.repaired == 2 && report.parked == 1 && report.matching == 8)
        #expect(commerce.sourceQuantity(sku: "SKU-000002") == 7)
        #expect(commerce.sourceQuantity(sku: "SKU-000003", sourceCode: "wh_east") == 4)
        #expect(try await store.reviewItems(limit: 5, offset: 0).first?.draft.entity.key == "SKU-000010@default")
        let again = try await reconciler.reconcile()
        #expect(
            again.mismatched.isEmpty && again.missing.isEmpty && again.repaired == 0, "repaired drift stays repaired")
        #expect(again.extra.count == 1 && again.parked == 0, "the extra item is still found but parked only once")
        #expect(try await store.reviewItems(limit: 5, offset: 0).count == 1)
    }

    @Test("Without the right to repair, every difference is parked and nothing is written")
    func reportOnly() async throws {
        let commerce = FakeCommerce()
        try commerce.seedCatalog(productCount: 2)
        let erp = FakeERP(time: clock.timeSource())
        await erp.setOnHand(sku: "SKU-000001", quantity: 1)
        await erp.setOnHand(sku: "SKU-000002", quantity: 102)
        let store = InMemoryConnectorStore()
        let report = try await InventoryReconciler(
            commerce: commerce.makeClient(), source: erp, origin: .crm, store: store, time: clock.timeSource()
        ).reconcile()
        #expect(report.mismatched.count == 1 && report.repaired == 0 && report.parked == 1)
        #expect(commerce.sourceQuantity(sku: "SKU-000001") == 101)
        #expect(
            try await store.auditRecords(correlationID: "reconcile-inventory").first?.explanation.contains(
                "1 mismatched") == true)
    }
}
