import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Synchronization
import Testing

/// The catalog and price models are the generated `CommerceSchema` ones: what the facades read from Adobe's documented
/// samples is written back whole, and the hand-written ergonomics sit on top.
struct CatalogModelTests {
    @Test(
        "products.get on Adobe's product samples writes back every JSON path",
        arguments: [
            "product-simple.catalog-data-product-interface.json", "product-bundle.catalog-data-product-interface.json",
        ])
    func productGet(_ file: String) async throws {
        let body = try SampleReplay.sample(file)
        let product = try await SampleReplay.client(answering: [body]).0.products.get(sku: "any")
        let (paths, same) = try SampleReplay.compare(product, with: body)
        #expect(paths.isEmpty, "\(file) lost \(paths)")
        #expect(same, "\(file): every value written back as read")
        #expect(product.extensionAttributes?.stockItem?.isInStock != nil, "the stock item is typed")
        #expect(product.extensionAttributes?.websiteIDs == [1])
    }

    @Test("products.search on a page of both product samples writes back every JSON path of each")
    func productSearch() async throws {
        let simple = try SampleReplay.sample("product-simple.catalog-data-product-interface.json")
        let bundle = try SampleReplay.sample("product-bundle.catalog-data-product-interface.json")
        let page = #"{"items": [\#(simple), \#(bundle)], "search_criteria": {}, "total_count": 2}"#
        let found = try await SampleReplay.client(answering: [page]).0.products.search()
        #expect(found.items.count == 2 && found.totalCount == 2)
        for (item, body) in zip(found.items, [simple, bundle]) {
            let (paths, same) = try SampleReplay.compare(item, with: body)
            #expect(paths.isEmpty && same, "\(item.sku ?? "") lost \(paths)")
        }
        #expect(found.items[1].extensionAttributes?.bundleProductOptions?.isEmpty == false, "bundle options are typed")
    }

    @Test("client.prices reads Adobe's base, special, tier and cost samples and writes back every JSON path")
    func priceReads() async throws {
        let base = try SampleReplay.sample("base-prices.catalog-data-base-price-interface.array.json")
        let special = try SampleReplay.sample("special-prices.catalog-data-special-price-interface.array.json")
        let tier = try SampleReplay.sample("tier-prices.catalog-data-tier-price-interface.array.json")
        let cost = try SampleReplay.sample("cost.catalog-data-cost-interface.array.json")
        let prices = SampleReplay.client(answering: [base, special, tier, cost]).0.prices
        let bases = try await prices.basePrices(skus: ["a"])
        let specials = try await prices.specialPrices(skus: ["a"])
        let tiers = try await prices.tierPrices(skus: ["a"])
        let costs = try await prices.costs(skus: ["a"])
        for (name, body, model) in [
            ("base", base, try JSONValue(encoding: bases)), ("special", special, try JSONValue(encoding: specials)),
            ("tier", tier, try JSONValue(encoding: tiers)), ("cost", cost, try JSONValue(encoding: costs)),
        ] {
            let (paths, same) = try SampleReplay.compare(model, with: body)
            #expect(paths.isEmpty && same, "\(name) lost \(paths)")
        }
        #expect(!bases.isEmpty && !specials.isEmpty && !tiers.isEmpty && !costs.isEmpty)
        #expect(tiers.first?.customerGroup == "General" && tiers.first?.quantity == 5)
    }

    @Test("client.categories and client.productAttributes keep every member FakeCommerce answers")
    func categoryAndAttributeReads() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 4)
        let transport = TeeTransport(fake)
        var configuration = AdobeCommerceConfiguration(
            baseURL: fake.options.baseURL, authentication: .integration(fake.options.integration))
        configuration.time = fake.options.time
        let client = AdobeCommerceClient(configuration: configuration, transport: transport)
        let reads: [any Encodable] = [
            try await client.categories.tree(), try await client.categories.get(id: 3),
            try await client.productAttributes.get(code: "color"),
            try await client.productAttributes.options(code: "color"),
        ]
        let bodies = transport.bodies
        #expect(bodies.count == reads.count)
        for (body, read) in zip(bodies, reads) {
            let (paths, same) = try SampleReplay.compare(read, with: body)
            #expect(paths.isEmpty && same, "lost \(paths) of \(body.prefix(60))")
        }
    }

    @Test("productStatus and productVisibility read and write the schema's integers")
    func typedStatus() {
        var product = Product(sku: "A")
        #expect(product.productStatus == nil && product.productVisibility == nil)
        product.productStatus = .disabled
        product.productVisibility = .notVisibleIndividually
        #expect(product.status == 2 && product.visibility == 1)
        product.status = 1
        product.visibility = 4
        #expect(product.productStatus == .enabled && product.productVisibility == .catalogAndSearch)
        product.productStatus = nil
        #expect(product.status == nil)
    }

    @Test("Custom attributes are read and set by code, any JSON in value, written as set")
    func customAttributes() throws {
        var product = Product(sku: "A")
        product.setCustomAttribute("description", to: "first")
        product.setCustomAttribute("description", to: "second")
        product.setCustomAttribute("special_price", to: .number(Decimal(string: "9.5")!))
        product.setCustomAttribute("color_ids", to: ["12", "15"])
        #expect(product.customAttributes?.count == 3, "replaced, not added")
        #expect(product.customAttribute("description") == .string("second"))
        #expect(product.customAttributes?.first { $0.attributeCode == "description" }?.value == "second")
        #expect(product.customAttribute("special_price")?.decimalValue == Decimal(string: "9.5"))
        #expect(product.customAttribute("missing") == nil)
        let written = try JSONValue(encoding: product)
        #expect(
            written["custom_attributes"]
                == [
                    ["attribute_code": "description", "value": "second"],
                    ["attribute_code": "special_price", "value": .number(Decimal(string: "9.5")!)],
                    ["attribute_code": "color_ids", "value": ["12", "15"]],
                ])
        let read = try written.decode(Product.self)
        #expect(read == product)
        #expect(read.customAttributeValues("color_ids") == ["12", "15"])
    }

    @Test("A multiselect reads as a list whether Magento sent a list or comma-separated option ids")
    func multiselect() throws {
        let json = #"""
            {"sku": "A", "custom_attributes": [{"attribute_code": "activity", "value": "8,11,14"},
             {"attribute_code": "category_ids", "value": ["3", "7"]}, {"attribute_code": "material", "value": ""},
             {"attribute_code": "gone", "value": null}]}
            """#
        let product = try CommerceJSONDecoder().decode(Product.self, from: Data(json.utf8))
        #expect(product.customAttributeValues("activity") == ["8", "11", "14"])
        #expect(product.customAttributeValues("category_ids") == ["3", "7"])
        #expect(product.customAttributeValues("material") == [])
        #expect(product.customAttributeValues("gone") == nil && product.customAttributeValues("absent") == nil)
        #expect(try JSONValue(encoding: product) == JSONValue(parsing: Data(json.utf8)), "written back as read")
    }

    @Test(
        "A product's category_ids and a multiselect sent as lists read as lists in value and are written back as sent")
    func listValues() throws {
        let json = #"""
            {"sku": "24-MB01", "custom_attributes": [{"attribute_code": "category_ids", "value": ["3", "4"]},
             {"attribute_code": "activity", "value": ["8", "11"]}, {"attribute_code": "description", "value": "A bag."}]}
            """#
        let product = try CommerceJSONDecoder().decode(Product.self, from: Data(json.utf8))
        let values = product.customAttributes?.map(\.value)
        #expect(values == [["3", "4"], ["8", "11"], "A bag."])
        #expect(product.customAttributes?.allSatisfy { $0.additionalFields.isEmpty } == true)
        #expect(product.customAttribute("category_ids") == ["3", "4"])
        #expect(product.customAttributeValues("activity") == ["8", "11"])
        #expect(try JSONValue(encoding: product) == JSONValue(parsing: Data(json.utf8)), "written back unchanged")
        var changed = product
        changed.setCustomAttribute("activity", to: ["8", "11", "14"])
        #expect(changed.customAttributes?.last?.value == ["8", "11", "14"])
        #expect(
            try JSONValue(encoding: changed)["custom_attributes"]
                == [
                    ["attribute_code": "category_ids", "value": ["3", "4"]],
                    ["attribute_code": "description", "value": "A bag."],
                    ["attribute_code": "activity", "value": ["8", "11", "14"]],
                ])
    }

    @Test("A category's custom attributes are read and set by code")
    func categoryAttributes() {
        var category = AdobeCommerce.Category(name: "Bags")
        category.setCustomAttribute("url_key", to: "bags")
        category.setCustomAttribute("url_key", to: "all-bags")
        category.setCustomAttribute("is_anchor", to: .bool(true))
        #expect(category.customAttribute("url_key")?.stringValue == "all-bags")
        #expect(category.customAttribute("is_anchor") == .bool(true))
        #expect(category.customAttributes?.count == 2)
    }

    @Test("PriceUpdateResult.parameters are the values as sent, [null, 7, \"SKU\"] included; parameterTexts as text")
    func parameters() throws {
        let json = #"""
            [{"message": "a", "parameters": ["SKU", "X"]}, {"message": "b", "parameters": [null, 7, "Y"]},
             {"message": "c", "parameters": {"sku": "Z"}}, {"message": "d"}]
            """#
        let results = try CommerceJSONDecoder().decode([PriceUpdateResult].self, from: Data(json.utf8))
        #expect(results.map(\.parameters) == [["SKU", "X"], [.null, 7, "Y"], nil, nil])
        #expect(results.map(\.parameterTexts) == [["SKU", "X"], ["", "7", "Y"], nil, nil])
        #expect(results[2].additionalFields["parameters"] == ["sku": "Z"], "not a list: kept as read")
        #expect(try JSONDecoder().decode([PriceUpdateResult].self, from: Data(json.utf8)) == results, "init(from:)")
        #expect(try JSONValue(encoding: results) == JSONValue(parsing: Data(json.utf8)), "written back as read")
    }

    @Test("The price convenience initializers fill the members a write needs, with their defaults")
    func priceInitializers() throws {
        #expect(
            try JSONValue(encoding: BasePrice(sku: "A", price: 5))
                == ["sku": "A", "price": 5, "store_id": 0])
        #expect(
            try JSONValue(encoding: Cost(sku: "A", cost: Decimal(string: "2.5")!, storeID: 1))
                == ["sku": "A", "cost": .number(Decimal(string: "2.5")!), "store_id": 1])
        #expect(
            try JSONValue(encoding: TierPrice(sku: "A", price: 8, quantity: 5))
                == [
                    "sku": "A", "price": 8, "price_type": "fixed", "website_id": 0, "customer_group": "ALL GROUPS",
                    "quantity": 5,
                ])
        let from = MagentoDate(rawValue: "2026-12-01 00:00:00")
        let to = MagentoDate(rawValue: "2026-12-31 23:59:59")
        #expect(
            try JSONValue(encoding: SpecialPrice(sku: "A", price: 3, priceFrom: from, priceTo: to))
                == [
                    "sku": "A", "price": 3, "store_id": 0, "price_from": "2026-12-01 00:00:00",
                    "price_to": "2026-12-31 23:59:59",
                ])
    }
}

/// Sends through a transport and records the bodies it answers.
private final class TeeTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let recorded = Mutex<[String]>([])

    init(_ base: any HTTPTransport) { self.base = base }

    var bodies: [String] { recorded.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        recorded.withLock { $0.append(String(decoding: response.body, as: UTF8.self)) }
        return response
    }
}
