import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Foundation
import Testing

struct EnvelopeTests {
    @Test("The content hash ignores key order and trailing zeros, and changes with any value")
    func stableHash() throws {
        let a: JSONValue = ["sku": "A", "price": .number(Decimal(string: "19.90")!), "tags": ["x", "y"]]
        let b = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"tags":["x","y"],"price":19.9,"sku":"A"}"#.utf8))
        #expect(CanonicalJSON.hash(a) == CanonicalJSON.hash(b))
        #expect(
            String(decoding: CanonicalJSON.encode(b), as: UTF8.self) == #"{"price":19.9,"sku":"A","tags":["x","y"]}"#)
        #expect(CanonicalJSON.hash(a) != CanonicalJSON.hash(["sku": "A", "price": 19, "tags": ["x", "y"]]))
        #expect(CanonicalJSON.hash(["t": ["x", "y"]]) != CanonicalJSON.hash(["t": ["y", "x"]]), "array order matters")
        #expect(CanonicalJSON.hash("line\nbreak \"quoted\"").count == 64)
    }

    @Test("Random objects hash the same whatever their key order (seeded)")
    func permutedKeys() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<100 {
            var members: [(String, JSONValue)] = (0..<8).map { ("k\($0)-\(round)", .number(Decimal($0 * round) / 4)) }
            let first = JSONValue.object(Dictionary(uniqueKeysWithValues: members))
            members.shuffle(using: &generator)
            let text =
                "{"
                + members.map { "\"\($0.0)\":\(String(decoding: CanonicalJSON.encode($0.1), as: UTF8.self))" }.joined(
                    separator: ",") + "}"
            let second = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(CanonicalJSON.hash(first) == CanonicalJSON.hash(second))
        }
    }

    @Test("The string-member hash the catalog uses equals the hash of the same JSON object (seeded)")
    func stringMemberHash() {
        var random = SeededRandomNumberGenerator(seed: 180)
        let alphabet: [String] = [
            "a", "Z", "z", "é", "名", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", " ", "0", "_", "😀",
        ]
        func text(_ count: ClosedRange<Int>) -> String {
            (0..<Int.random(in: count, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
        }
        for _ in 0..<500 {
            var object: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &random) { object[text(0...4)] = text(0...12) }
            if Bool.random(using: &random) { object["long"] = text(2_000...3_000) }
            var members = object.map { (key: $0.key, value: $0.value) }.shuffled(using: &random)
            #expect(
                CanonicalJSON.hash(stringMembers: &members)
                    == CanonicalJSON.hash(.object(object.mapValues(JSONValue.string))),
                "\(object)")
        }
        // sha256(b'{"name":"Bag"}') in Python's hashlib.
        var bag = [(key: "name", value: "Bag")]
        #expect(
            CanonicalJSON.hash(stringMembers: &bag)
                == "1365ba3f68069950f4b31f872256e89962e0ae08f6ea2d941c2ec7802ed2fef9")
    }

    @Test("Envelopes round-trip through JSON and derive an idempotency key from their content")
    func envelope() throws {
        let envelope = Envelope(
            kind: .order, keys: [.commerce: "000000012", .erp: "SO-1"], origin: .commerce,
            payload: ["grand_total": .number(Decimal(string: "36.97")!)],
            sourceVersion: 3, sourceTimestamp: Date(timeIntervalSince1970: 1_800_000_000), correlationID: "c-1")
        let decoded = try JSONDecoder().decode(Envelope.self, from: JSONEncoder().encode(envelope))
        #expect(decoded == envelope)
        #expect(envelope.idempotencyKey.hasPrefix("order:commerce:000000012:"))
        #expect(envelope.reference == EntityReference(.order, .commerce, "000000012"))
        let same = Envelope(
            kind: .order, keys: [.commerce: "000000012"], origin: .commerce,
            payload: ["grand_total": .number(Decimal(string: "36.97")!)])
        #expect(same.idempotencyKey == envelope.idempotencyKey, "the same content has the same key")
    }
}
