import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Foundation
import Testing

@testable import erp_connector

/// The erp-connector's product-structure step, on the sample ERP's file and a fake store.
struct ProductStructureStepTests {
    @Test("The first run makes the ERP's 8 styles configurables; the next sends only what the ERP's users changed")
    func twoRuns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("structure-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let erpFile = directory.appendingPathComponent("erp.sqlite").path
        let commerce = FakeCommerce()
        commerce.addStoreView(code: "fr", name: "Français", locale: "fr_FR")
        let store = InMemoryConnectorStore()

        let first = try await runProductStructureStep(
            commerce: commerce.makeClient(), erpFile: erpFile, store: store, run: 1, localizedStoreCode: "fr")
        #expect(first.seeded)
        #expect(first.report.changed == 8 && first.report.linksCreated == 72 && first.report.rejected == 0)
        #expect(first.report.imagesUploaded == 8 && first.report.storeViewWrites == 8)
        #expect(commerce.configurableChildren(sku: "STYLE-001").count == 9)
        #expect(commerce.product(sku: "STYLE-001", storeCode: "fr")?.name == "Chemise de travail 1")
        #expect(first.description.hasPrefix("configurables: styles seeded; 8 families read, 8 changed"))

        let second = try await runProductStructureStep(
            commerce: commerce.makeClient(), erpFile: erpFile, store: store, run: 2, localizedStoreCode: "fr")
        #expect(second.report.changed == 3)
        #expect(second.report.optionsCreated == 1 && second.report.linksCreated == 1)
        #expect(second.report.variantsDisabled == 1 && second.report.variantsUnlinked == 1)
        #expect(second.report.imagesReplaced == 1 && second.report.imagesUploaded == 0)
        #expect(commerce.configurableChildren(sku: "STYLE-003").contains("STYLE-003-RED-XL2"))
        #expect(second.description.contains("size XL2 added to STYLE-003"))
    }
}
