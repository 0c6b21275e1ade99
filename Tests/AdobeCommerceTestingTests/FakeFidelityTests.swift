import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The fake answers like the store: its REST records carry every JSON path of Adobe's documented sample payloads
/// (`Tests/AdobeCommerceTests/Fixtures/AdobeSamples`), with values that agree with each other.
struct FakeFidelityTests {
    /// Sample paths the fake's record cannot have, because the data behind them does not exist in it.
    static let orderExceptions: [String: String] = [
        "$.applied_rule_ids": "no cart price rule applied",
        "$.items[].applied_rule_ids": "no cart price rule applied",
        "$.items[].parent_item": "no bundle or configurable line",
        "$.items[].parent_item_id": "no bundle or configurable line",
        "$.extension_attributes.shipping_assignments[].items[].applied_rule_ids": "no cart price rule applied",
        "$.extension_attributes.shipping_assignments[].items[].parent_item": "no bundle or configurable line",
        "$.extension_attributes.shipping_assignments[].items[].parent_item_id": "no bundle or configurable line",
    ]

    /// The invoice sample has nothing the fake's invoice lacks.
    static let invoiceExceptions: [String: String] = [:]

    private static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("AdobeCommerceTests/Fixtures/AdobeSamples")

    private static func sample(_ name: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: samples.appendingPathComponent(name)))
    }

    /// Checks that `answer` covers the sample's paths but the listed exceptions, and that every exception is real:
    /// in the sample and not in the answer, so the list cannot go stale.
    private static func expectCovers(
        _ answer: JSONValue, sample name: String, except exceptions: [String: String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let expected = try sample(name).leafPaths
        let actual = answer.leafPaths
        let excepted = expected.filter { path in
            exceptions.keys.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[]") }
        }
        let missing = expected.subtracting(actual).subtracting(excepted).sorted()
        #expect(
            missing.isEmpty, "paths of \(name) the fake does not answer: \(missing)", sourceLocation: sourceLocation)
        for exception in exceptions.keys.sorted() {
            let covered = excepted.filter { path in
                path == exception || path.hasPrefix(exception + ".") || path.hasPrefix(exception + "[]")
            }
            #expect(!covered.isEmpty, "\(exception) is not in \(name)", sourceLocation: sourceLocation)
            #expect(
                covered.isDisjoint(with: actual), "\(exception) is answered now; drop the exception",
                sourceLocation: sourceLocation)
        }
        print("\(name): the fake answers \(expected.intersection(actual).count) of \(expected.count) sample paths")
    }

    private func request(_ fake: FakeCommerce, _ method: HTTPMethod, _ target: String, body: String? = nil)
        async throws -> JSONValue
    {
        let url = URL(string: "http://commerce.test" + target)!
        var request = HTTPRequest(method: method, url: url, body: body.map { Data($0.utf8) })
        if body != nil { request.headers["Content-Type"] = "application/json" }
        request.headers["Authorization"] = OAuth1Signer(credentials: fake.options.integration).authorizationHeader(
            method: method, url: url, timestamp: Int(fake.options.time.now().timeIntervalSince1970))
        let response = try await fake.send(request)
        try #require(response.status == 200, "\(method) \(target): \(String(decoding: response.body, as: UTF8.self))")
        return try JSONDecoder().decode(JSONValue.self, from: response.body)
    }

    /// A store with two products and a customer with a default address, and an order of both products.
    private func storeWithOrder() async throws -> (FakeCommerce, orderID: Int) {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 2)
        let customer = try await request(
            fake, .post, "/rest/default/V1/customers",
            body: """
                {"customer": {"email": "jdoe@example.com", "firstname": "Jane", "lastname": "Doe",
                 "addresses": [{"default_shipping": true, "default_billing": true, "firstname": "Jane",
                  "lastname": "Doe", "region": {"region_code": "NY", "region": "New York", "region_id": 43},
                  "postcode": "11501", "street": ["160 1st St."], "city": "Mineola", "telephone": "516-555-1111",
                  "country_id": "US"}]},
                 "password": "Password1"}
                """)
        let order = try fake.placeOrder(
            customerEmail: "jdoe@example.com",
            lines: [.init(sku: "SKU-000001", quantity: 2), .init(sku: "SKU-000002", quantity: 1)],
            customerID: try #require(customer["id"]?.intValue))
        return (fake, try #require(order.entityID))
    }

    @Test("An order answers every path of Adobe's sample order but those of data it does not have")
    func orderPaths() async throws {
        let (fake, id) = try await storeWithOrder()
        let order = try await request(fake, .get, "/rest/default/V1/orders/\(id)")
        try Self.expectCovers(order, sample: "order.sales-data-order-interface.json", except: Self.orderExceptions)
        let search = try await request(fake, .get, "/rest/default/V1/orders?searchCriteria=")
        #expect(search["items"]?.arrayValue?.first == order, "a search answers the same order")
    }

    @Test("An invoice answers every path of Adobe's sample invoice")
    func invoicePaths() async throws {
        let (fake, id) = try await storeWithOrder()
        let invoiceID = try await request(
            fake, .post, "/rest/default/V1/order/\(id)/invoice", body: "{\"capture\": true, \"notify\": true}")
        let invoice = try await request(fake, .get, "/rest/default/V1/invoices/\(try #require(invoiceID.intValue))")
        try Self.expectCovers(
            invoice, sample: "invoice.sales-data-invoice-interface.json", except: Self.invoiceExceptions)
    }

    @Test("A customer answers every path of Adobe's sample customer")
    func customerPaths() async throws {
        let (fake, _) = try await storeWithOrder()
        let customer = try await request(fake, .get, "/rest/default/V1/customers/1")
        try Self.expectCovers(customer, sample: "customer.customer-data-customer-interface.json", except: [:])
        #expect(customer["default_billing"] == "1" && customer["default_shipping"] == "1")
        #expect(customer["addresses"]?.arrayValue?.first?["region_id"] == 43)
        #expect(customer["extension_attributes"]?["is_subscribed"] == false)
    }

    @Test("A stock item answers every path of Adobe's sample stock item")
    func stockItemPaths() async throws {
        let (fake, _) = try await storeWithOrder()
        let item = try await request(fake, .get, "/rest/default/V1/stockItems/SKU-000001")
        try Self.expectCovers(
            item, sample: "stock-item-embedded-in-product.catalog-inventory-data-stock-item-interface.json", except: [:]
        )
        #expect(item["qty"] == 101 && item["is_in_stock"] == true && item["low_stock_date"] == .null)
    }

    /// An amount as the fake answers it.
    static func money(_ text: String) -> JSONValue { .number(Decimal(string: text)!) }

    /// Checks that every `base_<key>` amount of an object equals its `<key>`, as in a single-currency store.
    private static func expectBaseTwins(
        _ object: JSONValue?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let members = object?.objectValue ?? [:]
        let twins = members.keys.filter { $0.hasPrefix("base_") && members[String($0.dropFirst(5))] != nil }
        for key in twins where members[key]?.decimalValue != nil {
            #expect(members[key] == members[String(key.dropFirst(5))], "\(what).\(key)", sourceLocation: sourceLocation)
        }
    }

    @Test("An order's amounts agree through invoice, shipment and refund: base twins, totals due, line quantities")
    func orderAmountsAgree() async throws {
        let (fake, id) = try await storeWithOrder()
        let placed = try await request(fake, .get, "/rest/default/V1/orders/\(id)")
        Self.expectBaseTwins(placed, "order")
        #expect(
            placed["subtotal"] == Self.money("36.97") && placed["grand_total"] == Self.money("41.97")
                && placed["total_due"] == Self.money("41.97"))
        #expect(placed["subtotal_incl_tax"] == placed["subtotal"] && placed["shipping_incl_tax"] == 5)
        for key in ["base_currency_code", "global_currency_code", "order_currency_code", "store_currency_code"] {
            #expect(placed[key] == "USD", "\(key)")
        }
        let timestamp = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/
        #expect(try timestamp.wholeMatch(in: try #require(placed["created_at"]?.stringValue)) != nil)
        #expect(placed["billing_address_id"] == placed["billing_address"]?["entity_id"])
        #expect(placed["billing_address"]?["city"] == "Mineola", "the customer's default billing address")
        #expect(placed["billing_address"]?["customer_address_id"] == 1 && placed["billing_address"]?["region_id"] == 43)
        #expect(placed["weight"] == 7, "two of a 2 lbs product and one of 3 lbs")
        #expect(placed["payment"]?["additional_information"] == ["Check / Money order"])
        let assignment = placed["extension_attributes"]?["shipping_assignments"]?.arrayValue?.first
        #expect(assignment?["items"] == placed["items"])
        #expect(assignment?["shipping"]?["address"]?["address_type"] == "shipping")
        #expect(assignment?["shipping"]?["total"]?["base_shipping_amount"] == 5)

        let invoiceID = try await request(
            fake, .post, "/rest/default/V1/order/\(id)/invoice", body: "{\"capture\": true}")
        let invoice = try await request(fake, .get, "/rest/default/V1/invoices/\(try #require(invoiceID.intValue))")
        Self.expectBaseTwins(invoice, "invoice")
        #expect(invoice["email_sent"] == nil, "no notification was asked for")
        #expect(
            invoice["grand_total"] == Self.money("41.97")
                && invoice["shipping_address_id"] == assignment?["shipping"]?["address"]?["entity_id"])
        for item in invoice["items"]?.arrayValue ?? [] { Self.expectBaseTwins(item, "invoice item") }
        let items = try #require(placed["items"]?.arrayValue)
        let first = try #require(items.first?["item_id"]?.intValue)
        let second = try #require(items.last?["item_id"]?.intValue)
        _ = try await request(
            fake, .post, "/rest/default/V1/order/\(id)/ship",
            body: "{\"items\": [{\"order_item_id\": \(first), \"qty\": 1}]}")
        let memoID = try await request(
            fake, .post, "/rest/default/V1/order/\(id)/refund",
            // Without `shipping_amount` Magento refunds the shipping left as well (Creditmemo\Total\Shipping).
            body: "{\"items\": [{\"order_item_id\": \(second), \"qty\": 1}], \"arguments\": {\"shipping_amount\": 0}}")
        let memo = try await request(fake, .get, "/rest/default/V1/creditmemo/\(try #require(memoID.intValue))")
        Self.expectBaseTwins(memo, "credit memo")
        #expect(memo["grand_total"] == Self.money("12.99") && memo["order_currency_code"] == "USD")

        let order = try await request(fake, .get, "/rest/default/V1/orders/\(id)")
        Self.expectBaseTwins(order, "order")
        #expect(
            order["total_paid"] == Self.money("41.97") && order["total_due"] == 0
                && order["total_invoiced"] == Self.money("41.97"))
        #expect(order["subtotal_invoiced"] == Self.money("36.97") && order["shipping_invoiced"] == 5)
        #expect(
            order["total_refunded"] == Self.money("12.99") && order["total_offline_refunded"] == Self.money("12.99"))
        #expect(
            order["payment"]?["amount_paid"] == Self.money("41.97")
                && order["payment"]?["amount_refunded"] == Self.money("12.99"))
        let lines = order["items"]?.arrayValue ?? []
        for line in lines { Self.expectBaseTwins(line, "order item") }
        #expect(lines.first?["qty_invoiced"] == 2 && lines.first?["qty_shipped"] == 1)
        #expect(lines.first?["row_invoiced"] == lines.first?["row_total"])
        #expect(lines.last?["qty_refunded"] == 1 && lines.last?["amount_refunded"] == Self.money("12.99"))
        #expect(order["extension_attributes"]?["shipping_assignments"]?.arrayValue?.first?["items"] == order["items"])
    }
}
