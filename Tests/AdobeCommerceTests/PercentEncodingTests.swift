import AdobeCommerce
import AdobeCommerceTesting
import Testing

struct PercentEncodingTests {
    @Test(
        "SKUs become one path segment, encoded once",
        arguments: [
            ("24-MB01", "24-MB01"), ("a/b", "a%2Fb"), ("with space", "with%20space"), ("hash#1", "hash%231"),
            ("plus+1", "plus%2B1"), ("100%", "100%25"), ("café", "caf%C3%A9"), ("日本", "%E6%97%A5%E6%9C%AC"),
            ("tilde~dot._-", "tilde~dot._-"),
        ])
    func encodesSKUs(sku: String, encoded: String) {
        #expect(PercentEncoding.encode(sku) == encoded)
        #expect(PercentEncoding.decode(encoded) == sku)
    }

    @Test("Decoding is rawurldecode ('+' stays) or urldecode; malformed escapes stay as written")
    func decodeRules() {
        #expect(PercentEncoding.decode("a+b") == "a+b")
        #expect(PercentEncoding.decode("%zz%4") == "%zz%4")
        #expect(PercentEncoding.decode("a+b%2B", plusAsSpace: true) == "a b+", "urldecode: a bare + is a space")
    }

    @Test("Random strings round-trip (seeded)")
    func roundTrip() {
        var generator = SeededRandomNumberGenerator(seed: 42)
        let alphabet = Array("aZ09 /#+%?&=[]~._-éü日🛒\"'")
        for _ in 0..<500 {
            let length = Int(generator.next() % 24)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let encoded = PercentEncoding.encode(text)
            #expect(PercentEncoding.decode(encoded) == text)
            #expect(encoded.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%".contains($0)) })
        }
    }
}
