import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

/// Seeded random documents read and written by the engine and by Foundation, and fuzzed truncations and
/// corruptions of a real page: the engine never crashes and agrees with `JSONSerialization`.
struct JSONDifferentialTests {
    /// Writes random JSON text for a random value, choosing whitespace and escapes at random; the value is what the
    /// text means exactly (numbers as `Decimal(string:)` of their text).
    struct Generator {
        var random: SeededRandomNumberGenerator
        var asciiKeys = false
        var includesByteOrderMark = false

        private static let scalars: [Unicode.Scalar] = [
            "a", "b", "z", "A", "Z", "0", "9", " ", "_", "-", "/", "\"", "\\", "\u{0}", "\u{1}", "\u{8}", "\u{9}",
            "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}", "\u{80}", "é", "ß", "€", "\u{2028}", "\u{FEFF}", "\u{FFFF}",
            "中", "😀", "\u{1F1EB}", "\u{10FFFF}", "\u{E000}", "\u{D7FF}",
        ]

        init(seed: UInt64) { random = SeededRandomNumberGenerator(seed: seed) }

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

        mutating func whitespace() -> String {
            guard chance(20) else { return "" }
            return String((0..<int(1...3)).map { _ in [" ", "\t", "\n", "\r"][int(0...3)] })
        }

        mutating func string(ascii: Bool = false) -> (text: String, json: String) {
            var value = ""
            var json = "\""
            for _ in 0..<int(0...(chance(10) ? 40 : 8)) {
                var scalar: Unicode.Scalar =
                    ascii ? Unicode.Scalar(UInt8(int(0x20...0x7E))) : Self.scalars[int(0...Self.scalars.count - 1)]
                // JSONSerialization drops a raw U+FEFF at the start of a string or just after an escape (see
                // `byteOrderMarkInString`), so the comparisons with it leave U+FEFF out; ours keeps it.
                if scalar == "\u{FEFF}" && !includesByteOrderMark { scalar = "b" }
                value.unicodeScalars.append(scalar)
                json += escaped(scalar)
            }
            return (value, json + "\"")
        }

        private mutating func escaped(_ scalar: Unicode.Scalar) -> String {
            let short: [Unicode.Scalar: String] = [
                "\"": #"\""#, "\\": #"\\"#, "/": #"\/"#, "\u{8}": #"\b"#, "\u{C}": #"\f"#, "\u{A}": #"\n"#,
                "\u{D}": #"\r"#, "\u{9}": #"\t"#,
            ]
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            if !mustEscape && chance(70) { return String(scalar) }
            if let form = short[scalar], chance(50) { return form }
            func hex(_ unit: UInt32) -> String {
                let digits = String(unit, radix: 16)
                let padded = String(repeating: "0", count: 4 - digits.count) + digits
                return "\\u" + (chance(50) ? padded.uppercased() : padded)
            }
            if scalar.value > 0xFFFF {
                let value = scalar.value - 0x10000
                return hex(0xD800 + (value >> 10)) + hex(0xDC00 + (value & 0x3FF))
            }
            return hex(scalar.value)
        }

        mutating func number() -> (value: Decimal, json: String) {
            var text = chance(30) ? "-" : ""
            let integerDigits = int(1...18)
            var digits = int(0...9) == 0 || integerDigits == 1 ? String(int(0...9)) : String(int(1...9))
            if digits != "0" { for _ in 1..<integerDigits { digits += String(int(0...9)) } }
            text += digits
            if chance(40) {
                let fraction = int(1...max(1, 18 - integerDigits))
                text += "." + String((0..<fraction).map { _ in Character(String(int(0...9))) })
            }
            if chance(25) {
                text += (chance(50) ? "e" : "E") + ["", "+", "-"][int(0...2)] + String(int(0...20))
            }
            return (Decimal(string: text, locale: nil)!, text)
        }

        mutating func value(depth: Int = 0) -> (value: JSONValue, json: String) {
            let kind = depth >= 5 ? int(0...4) : int(0...6)
            switch kind {
            case 0: return (.null, "null")
            case 1:
                let flag = chance(50)
                return (.bool(flag), flag ? "true" : "false")
            case 2, 3:
                let (value, json) = number()
                return (.number(value), json)
            case 4:
                let (text, json) = string()
                return (.string(text), json)
            case 5:
                var items: [JSONValue] = []
                var parts: [String] = []
                for _ in 0..<int(0...6) {
                    let (item, json) = value(depth: depth + 1)
                    items.append(item)
                    parts.append(whitespace() + json + whitespace())
                }
                return (.array(items), "[" + whitespace() + parts.joined(separator: ",") + "]")
            default:
                var members: [String: JSONValue] = [:]
                var parts: [String] = []
                for _ in 0..<int(0...6) {
                    let (name, nameJSON) = string(ascii: asciiKeys)
                    let (item, json) = value(depth: depth + 1)
                    members[name] = item  // a repeated name: the last one wins, as in JSONSerialization
                    parts.append(whitespace() + nameJSON + whitespace() + ":" + whitespace() + json + whitespace())
                }
                return (.object(members), "{" + whitespace() + parts.joined(separator: ",") + "}")
            }
        }

        /// A document whose root is an array or an object (what `JSONSerialization` writes).
        mutating func document() -> (value: JSONValue, json: String) {
            while true {
                let (value, json) = value()
                if value.arrayValue != nil || value.objectValue != nil {
                    return (value, whitespace() + json + whitespace())
                }
            }
        }
    }

    /// The value as Foundation objects for `JSONSerialization`: whole numbers that fit `Int` as integers, others as
    /// the nearest `Double`.
    static func foundationObject(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return NSNumber(value: flag)
        case .number(let number):
            if let whole = Int(number.description) { return NSNumber(value: whole) }
            return NSNumber(value: Double(number.description)!)
        case .string(let text): return text
        case .array(let items): return items.map(foundationObject)
        case .object(let members): return members.mapValues(foundationObject)
        }
    }

    @Test("2,000 random documents: ours reads the exact value, and agrees with JSONSerialization both ways")
    func randomDocuments() throws {
        var generator = Generator(seed: 0x5EED_0012)
        for round in 0..<2_000 {
            let (expected, json) = generator.document()
            let bytes = Data(json.utf8)
            // Read: exactly the generated value, and what JSONSerialization reads.
            let ours = try JSONValue(parsing: bytes)
            #expect(ours == expected, "round \(round): \(json)")
            let theirs = try JSONSerialization.jsonObject(with: bytes, options: .fragmentsAllowed)
            if let difference = JSONTestSupport.difference(ours, theirs) {
                Issue.record("round \(round): reading \(json): \(difference)")
            }
            // JSONSerialization writes, ours reads: the same as JSONSerialization reads back.
            let written = try JSONSerialization.data(withJSONObject: Self.foundationObject(expected))
            let readBack = try JSONValue(parsing: written)
            if let difference = JSONTestSupport.difference(readBack, try JSONSerialization.jsonObject(with: written)) {
                Issue.record(
                    "round \(round): reading JSONSerialization's \(String(decoding: written, as: UTF8.self)): \(difference)"
                )
            }
            // Ours writes, JSONSerialization reads the same value, and ours reads it back exactly.
            let encoded = expected.jsonData
            if let difference = JSONTestSupport.difference(expected, try JSONSerialization.jsonObject(with: encoded)) {
                Issue.record(
                    "round \(round): JSONSerialization reading ours \(String(decoding: encoded, as: UTF8.self)): \(difference)"
                )
            }
            #expect(try JSONValue(parsing: encoded) == expected, "round \(round)")
        }
    }

    @Test("Long numbers read as Double round to the nearest Double (JSONSerialization's can be 3 or 4 ulp away)")
    func correctlyRoundedDoubles() throws {
        let texts = [
            "2.428635838888949", "-64062408500.336186", "0.0000000000000000105122040734175481", "236164793350.282982",
        ]
        let expected: [Double] = [
            2.428635838888949, -64062408500.336186, 0.0000000000000000105122040734175481, 236164793350.282982,
        ]
        let json = Data("[\(texts.joined(separator: ","))]".utf8)
        #expect(try CommerceJSONDecoder().decode([Double].self, from: json) == expected)
        let viaDecimal = try JSONValue(parsing: json).arrayValue?.compactMap {
            $0.decimalValue.flatMap { Double($0.description) }
        }
        #expect(viaDecimal == expected)
    }

    @Test(
        "A U+FEFF in a string is kept wherever it stands (JSONSerialization drops it at the start or after an escape)")
    func byteOrderMarkInString() throws {
        let raw = try JSONValue(parsing: Data("[\"\u{FEFF}a\",{\"\u{FEFF}k\":1},\"\\n\u{FEFF}\"]".utf8))
        #expect(raw == .array([.string("\u{FEFF}a"), .object(["\u{FEFF}k": 1]), .string("\n\u{FEFF}")]))
        #expect(try JSONValue(parsing: Data(#"["\uFEFFa"]"#.utf8)) == .array([.string("\u{FEFF}a")]))
        #expect(try JSONValue(parsing: raw.jsonData) == raw)
        // With U+FEFF anywhere in the strings, ours still reads back exactly what was written and what it writes.
        var generator = Generator(seed: 0xFEFF)
        generator.includesByteOrderMark = true
        for round in 0..<300 {
            let (expected, json) = generator.document()
            #expect(try JSONValue(parsing: Data(json.utf8)) == expected, "round \(round): \(json)")
            #expect(try JSONValue(parsing: expected.jsonData) == expected, "round \(round)")
        }
    }

    @Test(
        "500 random values with ASCII keys: CommerceJSONEncoder writes the bytes Foundation's sorted-keys JSONEncoder writes"
    )
    func randomEncoderParity() throws {
        var generator = Generator(seed: 0xC0DE_0012)
        generator.asciiKeys = true
        let foundation = JSONEncoderTests.foundationEncoder()
        var differences: [String] = []
        for round in 0..<500 {
            let (value, _) = generator.document()
            if let difference = JSONEncoderTests.firstDifference(
                try CommerceJSONEncoder().encode(value), try foundation.encode(value))
            {
                differences.append("round \(round): \(difference)")
            }
        }
        #expect(differences.isEmpty, "\(differences.count) of 500 differ; first: \(differences.first ?? "")")
    }

    // MARK: Fuzzed truncations and corruptions

    static func productPage() async throws -> [UInt8] {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 300)
        return Array(try await JSONTestSupport.searchBody(fake, "products", pageSize: 300))
    }

    @Test(
        "Every prefix of a product page up to 300 bytes and 1,700 longer ones: refused exactly when Foundation refuses")
    func truncations() async throws {
        let page = try await Self.productPage()
        #expect(page.count >= 100_000)
        var lengths = Array(0...300)
        let stride = (page.count - 300) / 1_700
        lengths += Swift.stride(from: 300 + stride, to: page.count, by: stride)
        lengths.append(page.count)
        var disagreements: [String] = []
        for length in lengths {
            let prefix = Array(page[0..<length])
            let ours = JSONTestSupport.parse(prefix) == nil
            let foundation = JSONTestSupport.foundationAccepts(prefix)
            if ours != foundation { disagreements.append("length \(length): ours \(ours), Foundation \(foundation)") }
            if length < page.count, let error = JSONTestSupport.parse(prefix) {
                #expect(error.reason == .unexpectedEnd || length == 0, "length \(length): \(error)")
            }
        }
        #expect(lengths.count >= 2_000)
        #expect(JSONTestSupport.parse(page) == nil)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
    }

    @Test("2,000 random single-byte corruptions of a product page: accepted exactly when Foundation accepts")
    func corruptions() async throws {
        let page = try await Self.productPage()
        var random = SeededRandomNumberGenerator(seed: 0xF022_0012)
        let interesting: [UInt8] =
            Array(#""\,:{}[]0-.eE+ tfn"#.utf8) + [
                0x00, 0x09, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF5, 0xFF,
            ]
        var disagreements: [String] = []
        var refused = 0
        for _ in 0..<2_000 {
            var corrupted = page
            let position = Int.random(in: 0..<page.count, using: &random)
            let byte =
                Bool.random(using: &random)
                ? UInt8.random(in: 0...255, using: &random) : interesting.randomElement(using: &random)!
            corrupted[position] = byte
            let ours = JSONTestSupport.parse(corrupted) == nil
            if !ours { refused += 1 }
            let foundation = JSONTestSupport.foundationAccepts(corrupted)
            if ours != foundation {
                let context = String(
                    decoding: corrupted[max(0, position - 20)..<min(page.count, position + 20)], as: UTF8.self)
                disagreements.append(
                    "byte \(position) := \(byte): ours \(ours), Foundation \(foundation) near \(context.debugDescription)"
                )
            }
        }
        #expect(refused > 500)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
    }
}
