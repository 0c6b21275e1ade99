import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

/// `CommerceJSONEncoder` and `JSONValue.jsonData`: byte parity with Foundation's `JSONEncoder`
/// (`[.sortedKeys, .withoutEscapingSlashes]`) and the refusals.
struct JSONEncoderTests {
    static func foundationEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Where two encodings first differ, with some context, or `nil` when they are equal.
    static func firstDifference(_ ours: Data, _ theirs: Data) -> String? {
        if ours == theirs { return nil }
        let left = Array(ours)
        let right = Array(theirs)
        let offset = (0..<min(left.count, right.count)).first { left[$0] != right[$0] } ?? min(left.count, right.count)
        let from = max(0, offset - 40)
        return
            "first difference at byte \(offset): ours …\(String(decoding: left[from..<min(left.count, offset + 40)], as: UTF8.self))… "
            + "Foundation …\(String(decoding: right[from..<min(right.count, offset + 40)], as: UTF8.self))…"
    }

    static func richProduct() -> Product {
        var product = Product(sku: "24-MB01/blue #2+")
        product.id = 42
        product.name = "Joust Duffle Bag — “bleu” 😀 \u{1}\u{1F}\t\"quoted\" back\\slash"
        product.price = Decimal(string: "34.00")
        product.weight = Decimal(string: "0.1")
        product.attributeSetID = 4
        product.typeID = "simple"
        product.productStatus = .enabled
        product.productVisibility = .catalogAndSearch
        product.createdAt = MagentoDate(rawValue: "2026-11-22 20:41:26")
        product.extensionAttributes = CommerceSchema.CatalogProductExtension(
            categoryLinks: [CategoryLink(categoryID: "4", position: 1)], websiteIDs: [1, 2])
        product.setCustomAttribute("description", to: "<p>A bag / for the gym.</p>\n")
        product.setCustomAttribute("special_price", to: .number(Decimal(string: "29.990")!))
        product.setCustomAttribute("color_ids", to: .array([1, 2, .null, true, "x"]))
        product.setCustomAttribute(
            "nested", to: .object(["b": 1, "B": 2, "a_b": 3, "aB": [], "item10": [:], "item2": "é"]))
        product.setCustomAttribute("big", to: .number(Decimal(string: "123456789012345678901234567890.12345678")!))
        product.setCustomAttribute("tiny", to: .number(Decimal(string: "-0.000000000000000001")!))
        return product
    }

    @Test("A product with custom attributes encodes to the same bytes as Foundation's sorted-keys JSONEncoder")
    func productParity() throws {
        let product = Self.richProduct()
        let ours = try CommerceJSONEncoder().encode(product)
        let theirs = try Self.foundationEncoder().encode(product)
        #expect(Self.firstDifference(ours, theirs) == nil)
        #expect(try CommerceJSONDecoder().decode(Product.self, from: ours) == product)
    }

    @Test("Pages of products and orders from FakeCommerce encode to the same bytes as with Foundation")
    func fakeCommerceParity() async throws {
        let fake = try JSONTestSupport.seededStore()
        let products = try CommerceJSONDecoder().decode(
            SearchResults<Product>.self, from: try await JSONTestSupport.searchBody(fake, "products", pageSize: 300)
        ).items
        let orders = try CommerceJSONDecoder().decode(
            SearchResults<Order>.self, from: try await JSONTestSupport.searchBody(fake, "orders", pageSize: 100)
        ).items
        #expect(products.count == 300 && orders.count == 20)
        #expect(
            Self.firstDifference(
                try CommerceJSONEncoder().encode(products), try Self.foundationEncoder().encode(products)) == nil)
        #expect(
            Self.firstDifference(try CommerceJSONEncoder().encode(orders), try Self.foundationEncoder().encode(orders))
                == nil)
        #expect(
            try CommerceJSONDecoder().decode([Order].self, from: try CommerceJSONEncoder().encode(orders)) == orders)
    }

    @Test("Members sort by the bytes of their UTF-8; / and non-ASCII are written raw; control characters escaped")
    func exactBytes() throws {
        let value: JSONValue = ["b": 1, "B": 2, "a_b": 3, "aB": 4, "item10": 5, "item2": 6, "_x": 7, "é": 8, "e": 9]
        let expected = #"{"B":2,"_x":7,"aB":4,"a_b":3,"b":1,"e":9,"item10":5,"item2":6,"é":8}"#
        #expect(String(decoding: value.jsonData, as: UTF8.self) == expected)
        #expect(String(decoding: try CommerceJSONEncoder().encode(value), as: UTF8.self) == expected)

        let text = "a\u{0}\u{1}\u{1F}\u{8}\u{C}\n\r\t\"\\/\u{7F}\u{2028}é😀"
        let string = String(decoding: try CommerceJSONEncoder().encode([text]), as: UTF8.self)
        #expect(string == #"["a\u0000\u0001\u001f\b\f\n\r\t\"\\/"# + "\u{7F}\u{2028}é😀\"]")
        #expect(
            Self.firstDifference(try CommerceJSONEncoder().encode([text]), try Self.foundationEncoder().encode([text]))
                == nil)
    }

    @Test(
        "Doubles and Decimals are written as Foundation writes them",
        arguments: [
            [
                1e20, 0.1, 1.0, -0.0, .leastNonzeroMagnitude, 1.7976931348623157e308, 123.456, -2.5e-8,
                4_503_599_627_370_497,
            ]
        ])
    func numbers(_ doubles: [Double]) throws {
        #expect(
            Self.firstDifference(
                try CommerceJSONEncoder().encode(doubles), try Self.foundationEncoder().encode(doubles)) == nil)
        let decimals = ["1e20", "-0.000123", "34.00", "0", "-1", "79228162514264337593543950335", "0.1"].map {
            Decimal(string: $0)!
        }
        #expect(
            Self.firstDifference(
                try CommerceJSONEncoder().encode(decimals), try Self.foundationEncoder().encode(decimals)) == nil)
        #expect(
            try CommerceJSONDecoder().decode([Double].self, from: try CommerceJSONEncoder().encode(doubles)) == doubles)
    }

    @Test("Non-finite numbers and a Decimal NaN are refused with EncodingError.invalidValue naming the path")
    func refusals() throws {
        struct Box: Encodable {
            var value: Double
        }
        for bad in [Double.nan, .infinity, -.infinity] {
            do {
                _ = try CommerceJSONEncoder().encode(["items": [Box(value: 1), Box(value: bad)]])
                Issue.record("encoded \(bad)")
            } catch EncodingError.invalidValue(_, let context) {
                #expect(JSONTestSupport.render(context.codingPath) == "items[1].value")
            }
        }
        #expect(throws: EncodingError.self) { try CommerceJSONEncoder().encode([Decimal.nan]) }
        #expect(throws: EncodingError.self) { try CommerceJSONEncoder().encode([Float.infinity]) }
    }
}
