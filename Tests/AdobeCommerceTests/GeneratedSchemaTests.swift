import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The surface generated from Adobe's 2.4.9 admin schema (`CommerceSchema`): every operation typed, every model
/// keeping every member it reads.
struct GeneratedSchemaTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/AdobeSamples")

    private static let modelsByDefinition = Dictionary(
        uniqueKeysWithValues: CommerceSchema.models.map { ($0.schemaDefinition, $0) })

    /// Decodes `data` as `type` (or a list of it), writes it back, and reads what was written.
    private static func roundTrip<Model: SchemaModel>(_ type: Model.Type, _ data: Data, list: Bool) throws
        -> (written: JSONValue, models: [Model])
    {
        let decoder = CommerceJSONDecoder()
        let encoder = CommerceJSONEncoder()
        if list {
            let models = try decoder.decode([Model].self, from: data)
            return (try JSONValue(parsing: encoder.encode(models)), models)
        }
        let model = try decoder.decode(Model.self, from: data)
        return (try JSONValue(parsing: encoder.encode(model)), [model])
    }

    /// Whether decoding the top level through `init(from:)`, the generated `Codable` path other decoders use, gives
    /// what `CommerceJSONDecoder` read through the one-pass `init(reading:)`.
    private static func codablePathAgrees<Model: SchemaModel>(_ type: Model.Type, _ data: Data, list: Bool) throws
        -> Bool
    {
        let (_, models) = try roundTrip(type, data, list: list)
        return try CommerceJSONDecoder().decode(ViaCodable<Model>.self, from: data).models == models
    }

    /// Whether writing `value` through the models' one-pass `write(to:)` gives the bytes their `encode(to:)` gives in
    /// the same encoder, and the JSON Foundation's `JSONEncoder` writes through `encode(to:)`.
    static func writersAgree<Value: Encodable>(_ value: Value) throws -> Bool {
        var codable = CommerceJSONEncoder()
        codable.writesSchemaObjects = false
        let fast = try CommerceJSONEncoder().encodeBytes(value)
        let foundation = JSONEncoder()
        foundation.outputFormatting = .sortedKeys
        return try fast == codable.encodeBytes(value)
            && JSONValue(parsing: Data(fast)) == JSONValue(parsing: foundation.encode(value))
    }

    @Test("All 614 operations of the 2.4.9 admin schema are typed, each declared once with its method and path")
    func everyOperation() {
        let all = CommerceSchema.Operations.all
        #expect(all.count == 614)
        #expect(Set(all.map(\.id)).count == all.count, "ids are unique")
        #expect(Set(all.map { "\($0.method) \($0.path)" }).count == all.count, "one declaration per route")
        #expect(
            all.filter { $0.aclResource.isEmpty }.count <= 200,
            "most ACL resources are known from the route table (416 of 614; it marks the rest unknown)")
        #expect(
            CommerceSchema.Operations.Orders.postOrdersOperation.aclResource == "Magento_Sales::create",
            "the table's `/V1/orders/` is the schema's `/V1/orders`")
        let order = CommerceSchema.Operations.Orders.getOrdersByIDOperation
        #expect(order.method == .get && order.path == "/V1/orders/{id}")
        #expect(order.aclResource == "Magento_Sales::actions_view" && !order.isAsyncCapable)
        #expect(CommerceSchema.Operations.Returns.postReturnsOperation.isAsyncCapable)
    }

    @Test(
        "Adobe's documented payloads decode and write back every JSON path, nothing lost",
        arguments: try! FileManager.default.contentsOfDirectory(atPath: fixtures.path)
            .filter { $0.hasSuffix(".json") && !$0.contains("Body.json") && !$0.contains("async-response") }.sorted())
    func documentedPayloads(_ file: String) throws {
        let parts = file.split(separator: ".")
        let definition = String(parts[1])
        let model = try #require(Self.modelsByDefinition[definition], "no model for \(definition)")
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(file))
        let original = try JSONValue(parsing: data)
        let (written, _) = try Self.roundTrip(model, data, list: parts.contains("array"))
        let lost = original.leafPaths.subtracting(written.leafPaths)
        #expect(lost.isEmpty, "\(file) lost \(lost.sorted())")
        #expect(written == original, "\(file): every value written back as read")
        #expect(
            try Self.codablePathAgrees(model, data, list: parts.contains("array")),
            "\(file): init(from:) reads what init(reading:) reads")
        #expect(
            try Self.writersAgree(model, data, list: parts.contains("array")),
            "\(file): write(to:) writes what encode(to:) writes")
    }

    @Test("The order sample's members are typed where the schema types them, the rest kept as read")
    func typedOrder() throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("order.sales-data-order-interface.json"))
        let order = try CommerceJSONDecoder().decode(CommerceSchema.SalesOrder.self, from: data)
        let original = try JSONValue(parsing: data)
        #expect(order.baseGrandTotal == original["base_grand_total"]?.decimalValue)
        #expect(order.baseGrandTotal != nil && order.storeCurrencyCode != nil)
        #expect(order.items?.isEmpty == false && order.items?.first?.rowTotalInclTax != nil)
        #expect(order.payment?.ccLast4 == nil, "null in the sample, though the schema requires it")
        #expect(order.payment?.additionalFields["cc_last4"] == .null, "and written back as null")
        let assignments = order.extensionAttributes?.shippingAssignments
        #expect(assignments?.first?.items.map(\.isEmpty) == false)
        let parent = order.items?.compactMap(\.parentItem).first
        #expect(parent?.sku != nil, "an item's parent item is an item")
    }

    @Test("A value of another type than the schema says is kept as read, not a failure")
    func mismatchKept() throws {
        let json = #"{"sku": "A", "name": ["3", "4"], "unknown": {"a": [1, null]}}"#
        let product = try CommerceJSONDecoder().decode(CommerceSchema.CatalogProduct.self, from: Data(json.utf8))
        #expect(product.sku == "A" && product.name == nil)
        #expect(product.additionalFields["name"] == ["3", "4"])
        #expect(product.additionalFields["unknown"] == ["a": [1, .null]])
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(product))
        #expect(written == (try JSONValue(parsing: Data(json.utf8))))
        var changed = product
        changed.name = "5"
        let rewritten = try JSONValue(parsing: CommerceJSONEncoder().encode(changed))
        #expect(rewritten["name"] == "5", "a typed value replaces the kept one")
    }

    @Test("A custom attribute's value is whatever JSON Magento sent: a list, a number, a string; null is kept aside")
    func customAttributeValue() throws {
        let json = #"""
            [{"attribute_code": "category_ids", "value": ["3", "4"]}, {"attribute_code": "weight", "value": 1.5},
             {"attribute_code": "url_key", "value": "bag"}, {"attribute_code": "gone", "value": null}]
            """#
        let attributes = try CommerceJSONDecoder().decode(
            [CommerceSchema.FrameworkAttribute].self, from: Data(json.utf8))
        #expect(attributes.map(\.value) == [["3", "4"], .number(Decimal(string: "1.5")!), "bag", nil])
        #expect(attributes.prefix(3).allSatisfy { $0.additionalFields.isEmpty })
        #expect(attributes[3].additionalFields == ["value": .null], "a null is kept and written back")
        #expect(try JSONDecoder().decode([CommerceSchema.FrameworkAttribute].self, from: Data(json.utf8)) == attributes)
        #expect(try JSONValue(parsing: CommerceJSONEncoder().encode(attributes)) == JSONValue(parsing: Data(json.utf8)))
    }

    @Test("The one-pass reader matches escaped names, keeps the last of a repeated member, and names an error's path")
    func onePassReader() throws {
        let json = #"""
            {"entity_id": 1, "entity\u005fid": 2, "grand_total": null, "extra": true,
             "items": [{"sku": "A", "qty_ordered": "many"}]}
            """#
        let order = try CommerceJSONDecoder().decode(CommerceSchema.SalesOrder.self, from: Data(json.utf8))
        #expect(order.entityID == 2, "the escaped name is entity_id, and the last one wins")
        #expect(order.grandTotal == nil && order.additionalFields["grand_total"] == .null)
        #expect(order.additionalFields["extra"] == true)
        #expect(order.items?.first?.sku == "A" && order.items?.first?.qtyOrdered == nil)
        #expect(order.items?.first?.additionalFields["qty_ordered"] == "many")
        let fraction = try CommerceJSONDecoder().decode(
            CommerceSchema.SalesOrder.self, from: Data(#"{"entity_id": 1.5, "total_item_count": 2}"#.utf8))
        #expect(fraction.entityID == nil && fraction.totalItemCount == 2, "a fraction in an integer is not an integer")
        #expect(fraction.additionalFields["entity_id"] == .number(Decimal(string: "1.5")!), "it is kept as read")
        let viaCodable = try CommerceJSONDecoder().decode(
            ViaCodable<CommerceSchema.SalesOrder>.self, from: Data(#"{"entity_id": 1.5}"#.utf8))
        #expect(viaCodable.models.first?.additionalFields["entity_id"] == .number(Decimal(string: "1.5")!))

        let bad = #"{"items": [{"sku": "A", "row_total": 1e999}]}"#
        do {
            _ = try CommerceJSONDecoder().decode(CommerceSchema.SalesOrder.self, from: Data(bad.utf8))
            Issue.record("a number no Decimal holds is refused")
        } catch let error as DecodingError {
            guard case .dataCorrupted(let context) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(
                context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == [
                    "items", "0", "row_total",
                ])
        }
    }

    @Test("Every model writes back a document filling every property of its definition, plus unknown members")
    func everyModelRoundTrips() throws {
        let path = try #require(
            openAPISchemaPath
                ?? FileManager.default.fileExists(atPath: Self.referenceSchema.path).then(Self.referenceSchema.path),
            "the 2.4.9 schema is needed: set ADOBE_COMMERCE_OPENAPI")
        let schema = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: path)))
        let definitions = try #require(schema["definitions"]?.objectValue)
        var checked = 0
        for model in CommerceSchema.models {
            var sample = SampleDocument(definitions: definitions).object(model.schemaDefinition, depth: 0)
            sample["x_not_in_schema"] = ["nested": [1, "two", .null]]
            let data = JSONValue.object(sample).jsonData
            let (written, models) = try Self.roundTrip(model, data, list: false)
            #expect(written == .object(sample), "\(model.schemaDefinition)")
            #expect(models.first?.additionalFields.keys.contains("x_not_in_schema") == true)
            #expect(try Self.writersAgree(model, data, list: false), "\(model.schemaDefinition): written alike")
            #expect(try Self.writesOverKept(model, data), "\(model.schemaDefinition): typed values win over kept ones")
            // Every member `null`: each kept as `null`, every property `nil` and left out in favour of the kept one.
            let nulls = JSONValue.object(sample.mapValues { _ in .null }).jsonData
            let (writtenNulls, _) = try Self.roundTrip(model, nulls, list: false)
            #expect(writtenNulls == (try JSONValue(parsing: nulls)), "\(model.schemaDefinition): nulls kept")
            #expect(try Self.writersAgree(model, nulls, list: false), "\(model.schemaDefinition): nulls written alike")
            checked += 1
        }
        #expect(checked == 499, "every object definition of the 501 (two are lists)")
    }

    /// ``writersAgree(_:)`` on `data` decoded as `type` (or a list of it).
    private static func writersAgree<Model: SchemaModel>(_ type: Model.Type, _ data: Data, list: Bool) throws -> Bool {
        let models = try roundTrip(type, data, list: list).models
        return try list ? writersAgree(models) : writersAgree(models[0])
    }

    /// Whether the model read from `data`, given a kept member of every schema key besides its typed values, writes
    /// the typed values (the kept ones where the property is `nil`) through both paths alike.
    private static func writesOverKept<Model: SchemaModel>(_ type: Model.Type, _ data: Data) throws -> Bool {
        let model = try CommerceJSONDecoder().decode(type, from: data)
        var shadowed = model
        for key in Model.schemaKeys { shadowed.additionalFields[key] = .string("kept \(key)") }
        let plain = try JSONValue(parsing: CommerceJSONEncoder().encode(model))
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(shadowed))
        for key in Model.schemaKeys {
            let kept = JSONValue.string("kept \(key)")
            let expected = model.additionalFields[key] == nil ? (plain[key] ?? kept) : kept
            guard written[key] == expected else { return false }
        }
        return try writersAgree(shadowed)
    }

    private static let referenceSchema = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/reference/adobe-commerce-admin-rest-2.4.9.json").standardized

    @Test("An operation sends its path, query and body as Magento reads them, and decodes the answer")
    func requestsOnTheWire() async throws {
        let transport = ScriptedTransport([
            .respond(200, body: #"{"sku": "A-1", "price": 12.5, "custom_attributes": []}"#),
            .respond(200, body: #"{"items": [], "search_criteria": {}, "total_count": 0}"#),
            .respond(200, body: #"[{"sku": "a", "is_salable": true}]"#),
            .respond(200, body: "true"),
            .respond(200, body: #"{"items": [], "total_count": 0}"#),
            .respond(200, body: "null"),
        ])
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: URL(string: "https://shop.example")!, authentication: .bearer("t")),
            transport: transport)
        let product = CommerceSchema.CatalogProduct(name: "Mug", price: Decimal(string: "12.50"), sku: "A-1")
        let saved = try await client.operations.products.postProducts(product: product, saveOptions: true)
        #expect(saved.sku == "A-1" && saved.price == Decimal(string: "12.5"))
        _ = try await client.operations.customers.getCustomersCompanies(
            criteria: SearchCriteria().filter("company_id", .eq, "7").page(size: 10, current: 2).projecting("items[id]")
        )
        _ = try await client.operations.inventory.getInventoryAreProductsSalable(skus: ["a", "b c"], stockID: 1)
        let held = try await client.operations.orders.postOrdersByIDHold(id: 42)
        #expect(held)
        _ = try await client.operations.search.getSearch(searchCriteriaRequestName: "quick_search_container")
        let address = try await client.operations.customers.getCustomersByCustomerIDBillingAddress(customerID: 5)
        #expect(address == nil, "a customer without a default billing address: Magento answers null")

        let sent = transport.sent
        #expect(sent.count == 6)
        #expect(sent[0].method == .post && sent[0].url.path.hasSuffix("/V1/products"))
        let body = try JSONValue(parsing: try #require(sent[0].body))
        #expect(
            body == [
                "product": ["name": "Mug", "price": .number(Decimal(string: "12.5")!), "sku": "A-1"],
                "saveOptions": true,
            ])
        func query(_ request: HTTPRequest) -> [String: String] {
            let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            return Dictionary(items.map { ($0.name, $0.value ?? "") }) { first, _ in first }
        }
        let companies = query(sent[1])
        #expect(companies["criteria[filterGroups][0][filters][0][field]"] == "company_id")
        #expect(companies["criteria[pageSize]"] == "10" && companies["criteria[currentPage]"] == "2")
        #expect(!companies.keys.contains { $0.hasPrefix("searchCriteria") } && companies["criteria"] == nil)
        #expect(companies["fields"] == "items[id]", "the projection stays a top-level parameter")
        #expect(
            query(sent[4]) == ["searchCriteria[requestName]": "quick_search_container"],
            "no bare searchCriteria= beside a member of it, which PHP would read as the whole parameter")
        #expect(query(sent[2]) == ["skus[0]": "a", "skus[1]": "b c", "stockId": "1"])
        #expect(sent[3].method == .post && sent[3].url.path.hasSuffix("/V1/orders/42/hold"))
    }

    @Test("Against FakeCommerce, the generated order and product operations read what the typed API reads")
    func againstTheFake() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 3)
        let placed = try fake.placeOrder(
            customerEmail: "buyer@example.com", lines: [.init(sku: "SKU-000001", quantity: 2)])
        let client = fake.makeClient()
        let id = try #require(placed.entityID)
        let order = try await client.operations.orders.getOrdersByID(id: id)
        #expect(order.entityID == id && order.incrementID == placed.incrementID)
        #expect(order.grandTotal == placed.grandTotal && order.items?.first?.sku == "SKU-000001")
        #expect(order.baseGrandTotal == order.grandTotal && order.storeCurrencyCode != nil)
        // The fake sends only keys the schema has, each of its type: nothing is left over but nulls.
        #expect(order.additionalFields.filter { $0.value != .null }.isEmpty, "\(order.additionalFields.keys.sorted())")
        #expect(order.items?.allSatisfy { $0.additionalFields.allSatisfy { $0.value == .null } } == true)
        let page = try await client.operations.products.getProducts(searchCriteria: SearchCriteria().page(size: 2))
        #expect(page.totalCount == 3 && page.items?.count == 2)
        await #expect(throws: CommerceError.self) { try await client.operations.orders.getOrdersByID(id: 999) }
    }

    @Test("A generated search pages like the hand-written one: every item once, no request past the last page")
    func generatedPaging() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 5)
        let client = fake.makeClient()
        var pages: [[String?]] = []
        let criteria = SearchCriteria().sorted(by: "sku").page(size: 2)
        for try await page in client.operations.products.getProductsPages(searchCriteria: criteria) {
            #expect(page.totalCount == 5)
            pages.append(page.items.map(\.sku))
        }
        #expect(pages == [["SKU-000001", "SKU-000002"], ["SKU-000003", "SKU-000004"], ["SKU-000005"]])
        let all = try await client.operations.orders.getOrdersPages().collect()
        #expect(all.isEmpty, "no orders: one empty page")
    }
}

/// Models decoded through their `init(from:)`, one or a list, even where the decoder would read them in one pass.
private struct ViaCodable<Model: SchemaModel>: Decodable {
    let models: [Model]

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var models: [Model] = []
            while !list.isAtEnd { models.append(try Model(from: try list.superDecoder())) }
            self.models = models
        } else {
            models = [try Model(from: decoder)]
        }
    }
}

/// A document with every property of a definition set to a value of its type, nested definitions to a depth.
private struct SampleDocument {
    let definitions: [String: JSONValue]

    func object(_ name: String, depth: Int) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for (key, schema) in definitions[name]?["properties"]?.objectValue ?? [:] {
            if let value = value(schema, key: key, depth: depth) { object[key] = value }
        }
        return object
    }

    private func value(_ schema: JSONValue, key: String, depth: Int) -> JSONValue? {
        if let reference = schema["$ref"]?.stringValue {
            guard depth < 3 else { return nil }
            return .object(object(String(reference.dropFirst("#/definitions/".count)), depth: depth + 1))
        }
        switch schema["type"]?.stringValue {
        case "string": return .string("text of \(key)")
        case "integer": return 7
        case "number": return .number(Decimal(string: "1234.5678")!)
        case "boolean": return true
        case "array":
            guard let items = schema["items"], let item = value(items, key: key, depth: depth) else { return nil }
            return [item]
        default: return ["anything": "goes"]
        }
    }
}

extension Bool {
    fileprivate func then<T>(_ value: T) -> T? { self ? value : nil }
}
