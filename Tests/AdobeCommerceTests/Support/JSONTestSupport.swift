import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

/// Helpers shared by the JSON engine suites: reading with the engine, comparing with Foundation, page bodies.
enum JSONTestSupport {
    /// The error the engine gives for `bytes` read as a ``JSONValue``: the `JSONReadError` under the
    /// `DecodingError.dataCorrupted`, with the decoding error's coding path; `nil` when the bytes are accepted.
    static func readError(_ bytes: [UInt8], maximumDepth: Int = 512) -> (error: JSONReadError, codingPath: String)? {
        do {
            _ = try CommerceJSONDecoder(maximumDepth: maximumDepth).decode(JSONValue.self, from: Data(bytes))
            return nil
        } catch DecodingError.dataCorrupted(let context) {
            guard let error = context.underlyingError as? JSONReadError else { return nil }
            return (error, render(context.codingPath))
        } catch {
            return nil
        }
    }

    /// The reader's verdict on `bytes` (grammar only: numbers are not converted, so `numberOutOfRange` cannot occur).
    static func parse(_ bytes: [UInt8], maximumDepth: Int = 512) -> JSONReadError? {
        do {
            _ = try JSONDocument(parsing: Data(bytes), maximumDepth: maximumDepth)
            return nil
        } catch {
            return error
        }
    }

    /// Whether Foundation's `JSONSerialization` accepts `bytes` (fragments allowed).
    static func foundationAccepts(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) != nil
    }

    /// A coding path as `items[2].price`.
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// Where `ours` and Foundation's `JSONSerialization` result `foundation` differ, or `nil` when they agree.
    ///
    /// Foundation gives integers that fit 64 bits as integers (compared exactly) and other numbers as `Double`
    /// (compared with the nearest `Double` of our exact `Decimal`); booleans are `NSNumber`s of type `c`.
    static func difference(_ ours: JSONValue, _ foundation: Any, at path: String = "$") -> String? {
        switch ours {
        case .null:
            return foundation is NSNull ? nil : "\(path): ours null, Foundation \(foundation)"
        case .bool(let flag):
            guard let number = foundation as? NSNumber, String(cString: number.objCType) == "c" else {
                return "\(path): ours \(flag), Foundation \(foundation)"
            }
            return number.boolValue == flag ? nil : "\(path): ours \(flag), Foundation \(number)"
        case .number(let decimal):
            guard let number = foundation as? NSNumber, String(cString: number.objCType) != "c" else {
                return "\(path): ours \(decimal), Foundation \(foundation)"
            }
            switch String(cString: number.objCType) {
            case "d", "f":
                // Our value is exact (the suites check it against `Decimal(string:)`), so its nearest `Double` is
                // `Double(description)`, correctly rounded. JSONSerialization does not always round to the nearest
                // `Double`: on 16 to 18 digit numbers it was seen 3 and 4 units in the last place away (checked
                // against correctly rounded conversions), so up to 8 are allowed here.
                guard let nearest = Double(decimal.description) else { return "\(path): ours \(decimal) not a Double" }
                let other = number.doubleValue
                let apart =
                    nearest == other
                    ? 0 : abs(Int64(bitPattern: nearest.bitPattern) - Int64(bitPattern: other.bitPattern))
                return apart <= 8 ? nil : "\(path): ours \(decimal), Foundation \(other) (\(apart) ulp apart)"
            case "Q":
                return decimal == Decimal(number.uint64Value) ? nil : "\(path): ours \(decimal), Foundation \(number)"
            default:
                return decimal == Decimal(number.int64Value) ? nil : "\(path): ours \(decimal), Foundation \(number)"
            }
        case .string(let text):
            guard let other = foundation as? String else {
                return "\(path): ours \(text.debugDescription), Foundation \(foundation)"
            }
            return Array(text.unicodeScalars) == Array(other.unicodeScalars)
                ? nil : "\(path): ours \(text.debugDescription), Foundation \(other.debugDescription)"
        case .array(let items):
            guard let other = foundation as? [Any] else { return "\(path): ours an array, Foundation \(foundation)" }
            guard items.count == other.count else {
                return "\(path): ours \(items.count) elements, Foundation \(other.count)"
            }
            for (index, item) in items.enumerated() {
                if let found = difference(item, other[index], at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            guard let other = foundation as? [String: Any] else {
                return "\(path): ours an object, Foundation \(foundation)"
            }
            guard Set(members.keys) == Set(other.keys) else {
                return "\(path): ours keys \(members.keys.sorted()), Foundation \(other.keys.sorted())"
            }
            for (name, value) in members {
                if let found = difference(value, other[name]!, at: "\(path).\(name)") { return found }
            }
            return nil
        }
    }

    /// The raw body of a search through `fake` (`products` or `orders`), exactly as the store sends it.
    static func searchBody(_ fake: FakeCommerce, _ path: String, pageSize: Int) async throws -> Data {
        let url = URL(string: "http://commerce.test/rest/default/V1/\(path)?searchCriteria%5BpageSize%5D=\(pageSize)")!
        var request = HTTPRequest(method: .get, url: url)
        request.headers["Authorization"] = OAuth1Signer(credentials: fake.options.integration).authorizationHeader(
            method: .get, url: url, timestamp: Int(fake.options.time.now().timeIntervalSince1970))
        let response = try await fake.send(request)
        return response.body
    }

    /// A store of 300 products (with custom attributes) and 20 orders of 3 lines.
    static func seededStore() throws -> FakeCommerce {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 300)
        for index in 0..<20 {
            try fake.placeOrder(
                customerEmail: "buyer\(index)@example.com",
                lines: (1...3).map {
                    FakeCommerce.OrderLine(sku: "SKU-00000\(1 + (index + $0) % 9)", quantity: Decimal($0))
                })
        }
        return fake
    }
}

/// One document for a table-driven test, named as in the JSONTestSuite (`y_`, `n_`, `i_`).
struct JSONCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    init(_ name: String, _ text: String) {
        self.name = name
        bytes = Array(text.utf8)
    }

    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    var testDescription: String { name }
}

/// A document the reader must refuse, with the reason and the offset of the offending byte.
struct JSONRefusal: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let reason: JSONReadError.Reason
    let offset: Int

    init(_ name: String, _ text: String, _ reason: JSONReadError.Reason, at offset: Int) {
        self.init(name, bytes: Array(text.utf8), reason, at: offset)
    }

    init(_ name: String, bytes: [UInt8], _ reason: JSONReadError.Reason, at offset: Int) {
        self.name = name
        self.bytes = bytes
        self.reason = reason
        self.offset = offset
    }

    var testDescription: String { name }
}
