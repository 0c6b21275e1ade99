import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct InventoryAPITests {
    @Test("Source items carry on-hand quantity; salable quantity subtracts reservations")
    func salableQuantity() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 2)
        let client = fake.makeClient()
        try await client.inventory.sourceItems.save([SourceItem(sku: "SKU-000001", sourceCode: "default", quantity: 40)]
        )
        #expect(try await client.inventory.salableQuantity(sku: "SKU-000001", stockID: 1) == 40)
        try fake.placeOrder(customerEmail: "a@example.com", lines: [.init(sku: "SKU-000001", quantity: 3)])
        #expect(try await client.inventory.salableQuantity(sku: "SKU-000001", stockID: 1) == 37)
        #expect(fake.sourceQuantity(sku: "SKU-000001") == 40, "a reservation does not change the on-hand quantity")
        #expect(try await client.inventory.isSalable(sku: "SKU-000001", stockID: 1))
        let tooMany = try await client.inventory.isSalable(sku: "SKU-000001", stockID: 1, quantity: 38)
        #expect(!(tooMany.salable ?? true))
        #expect(tooMany.errors?.first?.code == "is_salable_with_reservations-not_enough_qty")
        #expect(
            try await client.inventory.isSalable(sku: "SKU-000001", stockID: 1, quantity: Decimal(string: "36.5")!)
                .salable == true)
        await #expect(
            performing: { try await client.inventory.salableQuantity(sku: "SKU-000001", stockID: 9) },
            throws: {
                ($0 as? CommerceError)?.code == .notFound
            })
    }

    @Test("Sources are created, read, updated and linked; a second source adds to the stock")
    func sources() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        let client = fake.makeClient()
        try await client.inventory.sources.create(
            InventorySource(sourceCode: "wh_east", name: "East", countryID: "US", postcode: "10001"))
        var change = InventorySource(sourceCode: "wh_east", name: "East Coast", countryID: "US", postcode: "10001")
        change.city = "New York"
        try await client.inventory.sources.update(change)
        let read = try await client.inventory.sources.get(code: "wh_east")
        #expect(read.name == "East Coast" && read.city == "New York" && read.enabled == true)
        #expect(try await client.inventory.sources.search().totalCount == 2)
        fake.link(sourceCode: "wh_east", toStock: 1)
        try await client.inventory.sourceItems.save([
            SourceItem(sku: "SKU-000001", sourceCode: "default", quantity: 5),
            SourceItem(sku: "SKU-000001", sourceCode: "wh_east", quantity: 7),
        ])
        #expect(try await client.inventory.salableQuantity(sku: "SKU-000001", stockID: 1) == 12)
        let items = try await client.inventory.sourceItems.search(SearchCriteria().filter("sku", .eq, "SKU-000001"))
        #expect(Set(items.items.compactMap(\.sourceCode)) == ["default", "wh_east"])
        try await client.inventory.sourceItems.delete([
            SourceItem(sku: "SKU-000001", sourceCode: "wh_east", quantity: 0)
        ])
        #expect(try await client.inventory.salableQuantity(sku: "SKU-000001", stockID: 1) == 5)
        #expect(try await client.inventory.stocks.get(id: 1).name == "Default Stock")
        #expect(try await client.inventory.stocks.search().totalCount == 1)
    }

    @Test("Invalid source items are refused whole, each problem listed")
    func sourceItemValidation() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        let client = fake.makeClient()
        do {
            try await client.inventory.sourceItems.save([
                SourceItem(sku: "SKU-000001", sourceCode: "nowhere", quantity: 1),
                SourceItem(sku: "GHOST", sourceCode: "default", quantity: 1),
            ])
            Issue.record("expected a validation failure")
        } catch let error as CommerceError {
            #expect(error.code == .badRequest)
            #expect(
                error.details == [
                    "Source with code \"nowhere\" does not exist.", "Product with SKU \"GHOST\" does not exist.",
                ])
        }
        #expect(fake.sourceQuantity(sku: "SKU-000001") == 101, "nothing was saved")
        await #expect(
            performing: {
                try await client.inventory.sources.create(
                    InventorySource(sourceCode: "bad code", name: "", countryID: "US", postcode: "1"))
            }, throws: { ($0 as? CommerceError)?.details.count == 2 })
    }

    @Test("The legacy stock item reads and writes the default source")
    func legacyStockItem() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        let client = fake.makeClient()
        var item = try await client.inventory.stockItem(sku: "SKU-000001")
        #expect(item.qty == 101 && item.isInStock == true)
        item.qty = 0
        item.isInStock = false
        #expect(try await client.inventory.updateStockItem(sku: "SKU-000001", itemID: item.itemID ?? 0, item) == 1)
        #expect(fake.sourceQuantity(sku: "SKU-000001") == 0)
        #expect(try await client.inventory.isSalable(sku: "SKU-000001", stockID: 1) == false)
    }
}
