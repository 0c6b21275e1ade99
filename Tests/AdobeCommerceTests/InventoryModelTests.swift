import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// `StockItem`, `InventorySource`, `InventoryStock`, `SourceItem` and the salability results are the generated
/// models: the inventory facade reads keep every member of Adobe's documented payloads.
struct InventoryModelTests {
    @Test(
        "Each inventory read writes back every JSON path of Adobe's sample",
        arguments: ["source.", "search-sources.", "search-stocks.", "search-source-items.", "stock-item-embedded"])
    func readsKeepEverything(_ prefix: String) async throws {
        let sample = try SampleReplay.sample(prefix)
        let (client, transport) = SampleReplay.client(answering: [sample])
        let written: JSONValue
        switch prefix {
        case "source.":
            let source = try await client.inventory.sources.get(code: "central")
            #expect(source.carrierLinks == [] && source.latitude == Decimal(string: "38.74132"))
            written = try JSONValue(encoding: source)
        case "search-sources.":
            written = try SampleReplay.page(try await client.inventory.sources.search())
        case "search-stocks.":
            let page = try await client.inventory.stocks.search()
            #expect(page.items.first?.extensionAttributes?.salesChannels?.first?.code == "base", "typed")
            written = try SampleReplay.page(page)
        case "search-source-items.":
            let page = try await client.inventory.sourceItems.search(
                SearchCriteria().filter("sku", .eq, "new_product2"))
            #expect(page.items.map(\.stockStatus) == [.inStock, .inStock])
            written = try SampleReplay.page(page)
        default:
            let item = try await client.inventory.stockItem(sku: "new_product2")
            #expect(item.qtyIncrements == 0 && item.useConfigMinSaleQty == 1 && item.stockStatusChangedAuto == 0)
            #expect(item.additionalFields["low_stock_date"] == .null, "a null member is kept as read")
            written = try JSONValue(encoding: item)
        }
        #expect(transport.sent.count == 1)
        let (lost, same) = try SampleReplay.compare(written, with: sample)
        #expect(lost.isEmpty, "\(prefix) lost \(lost)")
        #expect(same, "\(prefix): every value written back as read")
    }

    @Test("Every page of source items keeps every member, and stocks.get reads one stock whole")
    func pagesAndStock() async throws {
        let sample = try SampleReplay.sample("search-source-items.")
        let stock =
            #"{"stock_id": 1, "name": "Default Stock", "extension_attributes": {"sales_channels": "#
            + #"[{"type": "website", "code": "base"}]}, "module_key": 7}"#
        let (client, _) = SampleReplay.client(answering: [sample, stock])
        var items: [SourceItem] = []
        for try await page in client.inventory.sourceItems.pages() { items += page.items }
        let sampleItems = try #require(try JSONValue(parsing: Data(sample.utf8))["items"])
        let (lost, same) = try SampleReplay.compare(
            items, with: String(decoding: try CommerceJSONEncoder().encode(sampleItems), as: UTF8.self))
        #expect(lost.isEmpty && same, "lost \(lost)")
        let read = try await client.inventory.stocks.get(id: 1)
        #expect(read.additionalFields["module_key"] == 7)
        let (stockLost, stockSame) = try SampleReplay.compare(read, with: stock)
        #expect(stockLost.isEmpty && stockSame, "lost \(stockLost)")
    }

    @Test("A salability answer keeps its errors and members the schema does not name")
    func salableResult() async throws {
        let answer = #"""
            {"salable": false, "errors": [{"code": "is_salable_with_reservations-not_enough_qty",
             "message": "The requested qty is not available", "extension_attributes": {"hint": "backorder"}}],
             "sku": "A", "stock_id": 1}
            """#
        let (client, transport) = SampleReplay.client(answering: [answer])
        let result = try await client.inventory.isSalable(sku: "A", stockID: 1, quantity: 38)
        #expect(result.salable == false && result.errors?.first?.code == "is_salable_with_reservations-not_enough_qty")
        #expect(
            transport.sent.first?.url.path == "/rest/default/V1/inventory/is-product-salable-for-requested-qty/A/1/38")
        let (lost, same) = try SampleReplay.compare(result, with: answer)
        #expect(lost.isEmpty && same, "lost \(lost)")
    }

    @Test("SourceItem's initializer and stockStatus write Magento's status numbers")
    func sourceItemStatus() throws {
        var item = SourceItem(sku: "A", sourceCode: "default", quantity: 5)
        #expect(item.status == 1 && item.stockStatus == .inStock, "in stock by default")
        item.stockStatus = .outOfStock
        #expect(item.status == 0)
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(item))
        #expect(written == ["sku": "A", "source_code": "default", "quantity": 5, "status": 0])
        item.status = 7
        #expect(item.stockStatus == SourceItemStatus(rawValue: 7), "a number Magento may add is kept")
        item.stockStatus = nil
        #expect(item.status == nil)
        #expect(SourceItem(sku: "B", sourceCode: "x", quantity: 0, status: .outOfStock).status == 0)
    }

    @Test("InventorySource's initializer sets the members Magento requires to create a source")
    func sourceInitializer() throws {
        let source = InventorySource(sourceCode: "wh_east", name: "East", countryID: "US", postcode: "10001")
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(source))
        #expect(
            written == [
                "source_code": "wh_east", "name": "East", "country_id": "US", "postcode": "10001", "enabled": true,
            ])
        #expect(
            InventorySource(sourceCode: "a", name: "A", countryID: "DE", postcode: "1", enabled: false).enabled == false
        )
    }
}
