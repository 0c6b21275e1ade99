import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

/// `CommerceJSONDecoder` on models and numbers: the conversions it documents, the errors (with their coding paths)
/// and agreement with Foundation's `JSONDecoder` on real pages from `FakeCommerce`.
struct JSONDecoderTests {
    private struct Prices: Decodable, Equatable {
        var amounts: [Double]
    }

    private struct Money: Decodable {
        var price: Decimal
    }

    // MARK: i_ — numbers

    @Test("i_: a number of more than 38 significant digits is numberOutOfRange as Decimal or JSONValue, with its path")
    func tooManyDigits() throws {
        let digits = "1234567890123456789012345678901234567890"
        let json = Data(#"{"amounts":[1,\#(digits)]}"#.utf8)
        for attempt in [
            { _ = try JSONValue(parsing: json) },
            { _ = try CommerceJSONDecoder().decode([String: [Decimal]].self, from: json) },
        ] {
            do {
                try attempt()
                Issue.record("accepted")
            } catch DecodingError.dataCorrupted(let context) {
                #expect(JSONTestSupport.render(context.codingPath) == "amounts[1]")
                #expect((context.underlyingError as? JSONReadError)?.reason == .numberOutOfRange)
            }
        }
        // As a Double it is simply the nearest value.
        let prices = try CommerceJSONDecoder().decode(Prices.self, from: json)
        #expect(prices.amounts == [1, Double(digits)!])
        #expect(prices == Prices(amounts: try JSONDecoder().decode(Prices.self, from: json).amounts))
    }

    @Test(
        "i_: an exponent beyond Decimal's range is numberOutOfRange as Decimal, fine as a finite Double",
        arguments: ["1e200", "-1e200", "1e-200", "5e-324"])
    func exponentOutOfRange(_ number: String) throws {
        let json = Data(#"{"price":\#(number)}"#.utf8)
        do {
            _ = try CommerceJSONDecoder().decode(Money.self, from: json)
            Issue.record("accepted")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(JSONTestSupport.render(context.codingPath) == "price")
            #expect((context.underlyingError as? JSONReadError)?.reason == .numberOutOfRange)
        }
        #expect(try CommerceJSONDecoder().decode([String: Double].self, from: json) == ["price": Double(number)!])
    }

    @Test("i_: 1e400 is refused as a Double (not infinity), as Foundation's JSONDecoder refuses it")
    func infiniteDouble() throws {
        let json = Data("[1e400]".utf8)
        #expect(throws: DecodingError.self) { try CommerceJSONDecoder().decode([Double].self, from: json) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Double].self, from: json) }
        #expect(throws: DecodingError.self) { try CommerceJSONDecoder().decode([Decimal].self, from: json) }
    }

    @Test("A number beyond Float's range is refused as a Float, as Foundation's JSONDecoder refuses it")
    func floatOutOfRange() throws {
        let json = Data("[1e300]".utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Float].self, from: json) }
        #expect(throws: DecodingError.self) { try CommerceJSONDecoder().decode([Float].self, from: json) }
    }

    @Test(
        "i_: whole numbers written with a fraction or an exponent decode as integers",
        arguments: [("1.0", 1), ("1e2", 100), ("1E2", 100), ("100e-2", 1), ("0.5e1", 5), ("-2.50e1", -25), ("-0", 0)])
    func wholeNumbersAsInt(_ text: String, _ expected: Int) throws {
        #expect(try CommerceJSONDecoder().decode(Int.self, from: Data(text.utf8)) == expected)
        #expect(try CommerceJSONDecoder().decode([Int64].self, from: Data("[\(text)]".utf8)) == [Int64(expected)])
    }

    @Test(
        "i_: a number that is not whole or does not fit the integer type is a DecodingError naming its path",
        arguments: ["1.5", "1e-1", "9223372036854775808", "-9223372036854775809", "1e19"])
    func integerRefused(_ text: String) throws {
        do {
            _ = try CommerceJSONDecoder().decode([String: [Int]].self, from: Data(#"{"qty":[0,\#(text)]}"#.utf8))
            Issue.record("accepted")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(JSONTestSupport.render(context.codingPath) == "qty[1]")
        }
    }

    @Test("Integer bounds: Int64.min and UInt64.max fit, 256 does not fit UInt8, -1 does not fit UInt")
    func integerBounds() throws {
        #expect(try CommerceJSONDecoder().decode(Int64.self, from: Data("-9223372036854775808".utf8)) == .min)
        #expect(try CommerceJSONDecoder().decode(UInt64.self, from: Data("18446744073709551615".utf8)) == .max)
        #expect(try CommerceJSONDecoder().decode(UInt.self, from: Data("-0".utf8)) == 0)
        #expect(throws: DecodingError.self) { try CommerceJSONDecoder().decode(UInt8.self, from: Data("256".utf8)) }
        #expect(throws: DecodingError.self) { try CommerceJSONDecoder().decode(UInt.self, from: Data("-1".utf8)) }
    }

    // MARK: Models

    @Test("A string where a Decimal belongs is a typeMismatch at items[2].price, as Foundation reports it")
    func typeMismatchPath() throws {
        let json = Data(
            #"{"items":[{"sku":"A","price":1},{"sku":"B","price":2.5},{"sku":"C","price":"abc"}],"total_count":3}"#.utf8
        )
        for decode in [
            { _ = try CommerceJSONDecoder().decode(SearchResults<StrictProduct>.self, from: json) },
            { _ = try JSONDecoder().decode(SearchResults<StrictProduct>.self, from: json) },
        ] {
            do {
                try decode()
                Issue.record("accepted")
            } catch DecodingError.typeMismatch(let type, let context) {
                #expect(type is Decimal.Type)
                #expect(JSONTestSupport.render(context.codingPath) == "items[2].price")
            }
        }
        let kept = try CommerceJSONDecoder().decode(SearchResults<Product>.self, from: json).items[2]
        #expect(kept.price == nil && kept.additionalFields["price"] == "abc", "the generated model keeps it instead")
    }

    @Test("A missing required key is keyNotFound with the path of the object that lacks it, as Foundation reports it")
    func keyNotFoundPath() throws {
        let json = Data(
            #"{"items":[{"sku":"A","custom_attributes":[{"attribute_code":"a","value":1},{"value":"x"}]}]}"#.utf8)
        for decode in [
            { _ = try CommerceJSONDecoder().decode(SearchResults<StrictProduct>.self, from: json) },
            { _ = try JSONDecoder().decode(SearchResults<StrictProduct>.self, from: json) },
        ] {
            do {
                try decode()
                Issue.record("accepted")
            } catch DecodingError.keyNotFound(let key, let context) {
                #expect(key.stringValue == "attribute_code")
                #expect(JSONTestSupport.render(context.codingPath) == "items[0].custom_attributes[1]")
            }
        }
    }

    @Test("null for a required value is valueNotFound at its path")
    func valueNotFoundPath() throws {
        let json = Data(#"{"items":[{"sku":"A","custom_attributes":[{"attribute_code":null,"value":1}]}]}"#.utf8)
        do {
            _ = try CommerceJSONDecoder().decode(SearchResults<StrictProduct>.self, from: json)
            Issue.record("accepted")
        } catch DecodingError.valueNotFound(_, let context) {
            #expect(JSONTestSupport.render(context.codingPath) == "items[0].custom_attributes[0].attribute_code")
        }
    }

    @Test("A product page and an order page from FakeCommerce decode to the same values as with Foundation")
    func fakeCommercePages() async throws {
        let fake = try JSONTestSupport.seededStore()
        let productBody = try await JSONTestSupport.searchBody(fake, "products", pageSize: 300)
        let ours = try CommerceJSONDecoder().decode(SearchResults<Product>.self, from: productBody)
        let theirs = try JSONDecoder().decode(SearchResults<Product>.self, from: productBody)
        #expect(ours.items.count == 300)
        #expect(ours.totalCount == theirs.totalCount)
        #expect(ours.items == theirs.items)
        #expect(ours.searchCriteria == theirs.searchCriteria)
        #expect(ours.items.contains { $0.customAttribute("description") != nil })
        #expect(ours.items.allSatisfy { $0.price != nil })

        let orderBody = try await JSONTestSupport.searchBody(fake, "orders", pageSize: 100)
        let orders = try CommerceJSONDecoder().decode(SearchResults<Order>.self, from: orderBody)
        let foundationOrders = try JSONDecoder().decode(SearchResults<Order>.self, from: orderBody)
        #expect(orders.items.count == 20)
        #expect(orders.items == foundationOrders.items)
        #expect(orders.items.allSatisfy { $0.grandTotal != nil && ($0.items?.count ?? 0) == 3 })
    }

    @Test(
        "Of a repeated member the last one wins, for models whatever their key order and object size, as for JSONValue"
    )
    func duplicateKeysInModel() throws {
        // PHP's json_decode (Magento itself), JSONSerialization and JSONValue keep the last; Foundation's
        // JSONDecoder keeps the first for models. The package keeps the last everywhere.
        struct AB: Decodable {
            var a: Int
            var b: Int
        }
        struct BA: Decodable {
            var b: Int
            var a: Int
        }
        let small = Data(#"{"a":1,"b":2,"a":3}"#.utf8)
        #expect(try CommerceJSONDecoder().decode(AB.self, from: small).a == 3)
        #expect(try CommerceJSONDecoder().decode(BA.self, from: small).a == 3)
        #expect(try JSONValue(parsing: small)["a"] == 3)
        // More than eight members: the decoder looks names up in a table instead of scanning.
        let large = Data(#"{"a":1,"b":2,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"a":3}"#.utf8)
        #expect(try CommerceJSONDecoder().decode(AB.self, from: large).a == 3)
        #expect(try CommerceJSONDecoder().decode(BA.self, from: large).a == 3)
    }

    @Test("Large objects (member tables) and escaped member names are found by name")
    func memberLookup() throws {
        var members = (0..<100).map { #""key\#($0)":\#($0)"# }
        members.append(#""esc\u0061ped":7"#)
        let json = Data("{\(members.shuffled().joined(separator: ","))}".utf8)
        let decoded = try CommerceJSONDecoder().decode([String: Int].self, from: json)
        #expect(decoded["key57"] == 57 && decoded["escaped"] == 7 && decoded.count == 101)
        struct Some: Decodable {
            var key0: Int
            var key99: Int
            var escaped: Int
            var absent: Int?
        }
        let some = try CommerceJSONDecoder().decode(Some.self, from: json)
        #expect(some.key0 == 0 && some.key99 == 99 && some.escaped == 7 && some.absent == nil)
    }

    // MARK: Snake case

    private struct AllKeys: Decodable {
        var keys: [String]
        init(from decoder: any Decoder) throws {
            keys = try decoder.container(keyedBy: JSONCodingKey.self).allKeys.map(\.stringValue).sorted()
        }
    }

    @Test(
        "convertsFromSnakeCase converts member names as Foundation's .convertFromSnakeCase does",
        arguments: [
            "price_range", "__typename", "a_b_c", "_leading", "trailing_", "_private_value_", "a__b", "sku", "_", "__",
            "url_key", "price_RANGE", "SKU_ID", "PRICE_range", "item_2nd",
        ])
    func snakeCaseName(_ name: String) throws {
        let json = Data(#"{"\#(name)":1}"#.utf8)
        let foundation = JSONDecoder()
        foundation.keyDecodingStrategy = .convertFromSnakeCase
        let expected = try foundation.decode(AllKeys.self, from: json).keys
        let ours = try CommerceJSONDecoder(convertsFromSnakeCase: true).decode(AllKeys.self, from: json).keys
        #expect(ours == expected, "\(name): ours \(ours), Foundation \(expected)")
    }

    @Test("convertsFromSnakeCase decodes a GraphQL-shaped model with the same values as Foundation")
    func snakeCaseModel() throws {
        struct Item: Decodable, Equatable {
            var typename: String
            var priceRange: Range
            var aBC: Int
            var leading: Int
            var trailing: Int
            var urlKey: String?

            // The names the converted member names must equal (leading and trailing underscores are kept).
            enum CodingKeys: String, CodingKey {
                case typename = "__typename"
                case priceRange, aBC, urlKey
                case leading = "_leading"
                case trailing = "trailing_"
            }
        }
        struct Range: Decodable, Equatable {
            var minimumPrice: Decimal
        }
        let json = Data(
            #"""
            {"__typename":"SimpleProduct","price_range":{"minimum_price":19.99},"a_b_c":3,"_leading":4,"trailing_":5,
             "url_key":"bag"}
            """#.utf8)
        let foundation = JSONDecoder()
        foundation.keyDecodingStrategy = .convertFromSnakeCase
        let ours = try CommerceJSONDecoder(convertsFromSnakeCase: true).decode(
            [Item].self, from: Data("[\(String(decoding: json, as: UTF8.self))]".utf8))
        #expect(ours == [try foundation.decode(Item.self, from: json)])
        #expect(ours.first?.priceRange.minimumPrice == Decimal(string: "19.99"))
        do {
            _ = try CommerceJSONDecoder(convertsFromSnakeCase: true).decode(
                Item.self,
                from: Data(
                    #"{"__typename":"X","price_range":{"minimum_price":"x"},"a_b_c":3,"_leading":4,"trailing_":5}"#.utf8
                ))
            Issue.record("accepted")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(JSONTestSupport.render(context.codingPath) == "priceRange.minimumPrice")
        }
    }
}

/// A strict hand-written product shape for the decoder's error paths: the generated `Product` keeps a member of the
/// wrong type in `additionalFields` instead of failing, so it no longer exercises them.
private struct StrictProduct: Decodable, Sendable {
    struct Attribute: Decodable, Sendable {
        var attributeCode: String
        var value: JSONValue

        enum CodingKeys: String, CodingKey {
            case attributeCode = "attribute_code"
            case value
        }
    }

    var sku: String?
    var price: Decimal?
    var customAttributes: [Attribute]?

    enum CodingKeys: String, CodingKey {
        case sku
        case price
        case customAttributes = "custom_attributes"
    }
}
