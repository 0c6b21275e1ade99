import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

struct ModelCodingTests {
    @Test("Money decodes into Decimal exactly: 19.99 and 0.1 survive")
    func exactMoney() throws {
        let json =
            #"{"sku":"A","price":19.99,"weight":0.1,"custom_attributes":[{"attribute_code":"special_price","value":"0.1"}]}"#
        let product = try JSONDecoder().decode(Product.self, from: Data(json.utf8))
        #expect(product.price == Decimal(string: "19.99"))
        #expect(product.weight == Decimal(string: "0.1"))
        #expect(product.customAttribute("special_price")?.decimalValue == Decimal(string: "0.1"))
        let encoded = String(decoding: try CommerceJSONEncoder().encode(product), as: UTF8.self)
        #expect(encoded.contains("\"price\":19.99"))
        #expect(encoded.contains("\"weight\":0.1"))
    }

    @Test("Order totals keep every digit, unknown keys are kept and written back, and absent keys are nil")
    func orderDecoding() throws {
        let json = #"""
            {"entity_id": 12, "increment_id": "000000012", "grand_total": 1234567.89, "base_grand_total": 0.3,
             "some_future_key": {"x": [1, 2]}, "items": [{"item_id": 5, "sku": "24-MB01", "qty_ordered": 2,
             "price": 34.1}], "created_at": "2026-11-22 20:41:26"}
            """#
        let order = try JSONDecoder().decode(Order.self, from: Data(json.utf8))
        #expect(order.grandTotal == Decimal(string: "1234567.89"))
        #expect(order.baseGrandTotal == Decimal(string: "0.3"))
        #expect(order.items?.first?.price == Decimal(string: "34.1"))
        #expect(order.customerEmail == nil)
        #expect(order.createdAt?.date == Date(timeIntervalSince1970: 1_795_380_086))
        #expect(order.additionalFields["some_future_key"] == ["x": [1, 2]])
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(order))
        #expect(written == (try JSONValue(parsing: Data(json.utf8))))
    }

    @Test("Product extension attributes are typed members that round-trip, with what a module adds kept")
    func extensionAttributes() throws {
        var product = Product(sku: "A")
        product.extensionAttributes = CommerceSchema.CatalogProductExtension(
            categoryLinks: [CategoryLink(categoryID: "4", position: 1)], websiteIDs: [1, 2],
            additionalFields: ["vendor_flag": true])
        let json = String(decoding: try CommerceJSONEncoder().encode(product), as: UTF8.self)
        #expect(json.contains(#""website_ids":[1,2]"#))
        #expect(json.contains(#""category_id":"4""#))
        #expect(json.contains(#""vendor_flag":true"#))
        let decoded = try JSONDecoder().decode(Product.self, from: Data(json.utf8))
        #expect(decoded.extensionAttributes?.websiteIDs == [1, 2])
        #expect(decoded.extensionAttributes?.categoryLinks == [CategoryLink(categoryID: "4", position: 1)])
        #expect(decoded.extensionAttributes?.additionalFields["vendor_flag"] == true)
        #expect(decoded.extensionAttributes?.stockItem == nil)
        #expect(decoded == product)
    }

    @Test("Custom attributes can be set, replaced and read, including multiselect lists")
    func customAttributes() {
        var customer = Customer(email: "a@example.com", firstname: "A", lastname: "B")
        customer.setCustomAttribute("loyalty_tier", to: "gold")
        customer.setCustomAttribute("loyalty_tier", to: "platinum")
        customer.setCustomAttribute("interests", to: ["golf", "tennis"])
        #expect(customer.customAttributes?.count == 2)
        #expect(customer.customAttribute("loyalty_tier")?.stringValue == "platinum")
        #expect(customer.customAttribute("interests")?.arrayValue?.count == 2)
    }

    @Test("Random prices round-trip through JSON exactly (seeded)")
    func priceRoundTrip() throws {
        var generator = SeededRandomNumberGenerator(seed: 7)
        for _ in 0..<300 {
            let cents = generator.next() % 10_000_000_000
            let text = "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
            var price = BasePrice(sku: "S", price: Decimal(string: text)!)
            price.storeID = Int(generator.next() % 5)
            let decoded = try JSONDecoder().decode(BasePrice.self, from: CommerceJSONEncoder().encode(price))
            #expect(decoded == price, "\(text)")
        }
    }

    @Test("Magento dates parse as UTC and format back")
    func dates() throws {
        let date = try #require(MagentoDate(rawValue: "2024-02-29 23:59:59").date)
        #expect(MagentoDate(date).rawValue == "2024-02-29 23:59:59")
        #expect(MagentoDate(rawValue: "1969-12-31 23:59:59").date == Date(timeIntervalSince1970: -1))
        #expect(MagentoDate(rawValue: "2024-01-01").date == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(MagentoDate(rawValue: "not a date").date == nil)
        #expect(MagentoDate(rawValue: "2024-13-01 00:00:00").date == nil)
        #expect(MagentoDate(rawValue: "2024-01-01 00:00:00") < MagentoDate(rawValue: "2024-01-01 00:00:01"))
    }

    @Test("Bulk operation states decode from Magento's numbers")
    func bulkStates() throws {
        let json =
            #"{"bulk_id":"u","operation_count":2,"operations_list":[{"id":1,"status":1},{"id":2,"status":5,"result_message":"bad"}]}"#
        let status = try JSONDecoder().decode(BulkStatus.self, from: Data(json.utf8))
        #expect(status.operationsList?.map(\.state) == [.complete, .rejected])
        #expect(BulkOperationState.open.isFinal == false)
    }
}
