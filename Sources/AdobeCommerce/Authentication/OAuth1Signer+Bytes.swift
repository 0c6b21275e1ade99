#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The signing path on bytes: the query is decoded and re-encoded pair by pair into one buffer, the pairs are sorted
/// by their encoded bytes, and the base string is written straight into the HMAC buffer, encoded a second time as
/// RFC 5849 wants. What it produces is checked against the `String` functions (the reference) in the tests.
extension OAuth1Signer {
    /// What every signature under one set of credentials shares.
    struct Prepared: Sendable, CustomStringConvertible {
        /// HMAC-SHA256 keyed with `enc(consumerSecret)&enc(tokenSecret)`, its pads already hashed.
        let key: HMACSHA256.Key
        /// `enc(consumerKey)`.
        let consumerKey: [UInt8]
        /// `enc(accessToken)`.
        let token: [UInt8]

        init(_ credentials: IntegrationCredentials) {
            let secret =
                PercentEncoding.encode(credentials.consumerSecret) + "&"
                + PercentEncoding.encode(credentials.accessTokenSecret)
            key = HMACSHA256.Key(Array(secret.utf8))
            consumerKey = Array(PercentEncoding.encode(credentials.consumerKey).utf8)
            token = Array(PercentEncoding.encode(credentials.accessToken).utf8)
        }

        var description: String { "<redacted>" }
    }

    /// One parameter: its encoded name and value as ranges of a shared buffer, and its place in the query.
    private struct Pair {
        var nameStart: Int
        var nameEnd: Int
        var valueEnd: Int
        var order: Int
    }

    /// The 32-byte HMAC-SHA256 signature of the request's base string.
    func signatureBytes(method: HTTPMethod, url: URL, nonce: String, timestamp: Int) -> SHA256.Digest {
        var storage: [UInt8] = []
        var pairs: [Pair] = []
        if var query = url.query(percentEncoded: true), !query.isEmpty {
            storage.reserveCapacity(query.utf8.count + 128)
            query.withUTF8 { Self.readQuery($0, into: &storage, pairs: &pairs) }
        } else {
            storage.reserveCapacity(128)
        }
        // The protocol parameters come after every query pair and can never share a name with one: the query's
        // `oauth_*` names were left out.
        let order = pairs.count
        Self.append(name: "oauth_consumer_key", encodedValue: prepared.consumerKey, order: order, to: &storage, &pairs)
        var encodedNonce: [UInt8] = []
        encodedNonce.reserveCapacity(nonce.utf8.count)
        for byte in nonce.utf8 { Self.appendEncoded(byte, to: &encodedNonce) }
        Self.append(name: "oauth_nonce", encodedValue: encodedNonce, order: order + 1, to: &storage, &pairs)
        Self.append(
            name: "oauth_signature_method", encodedValue: Array(Self.signatureMethod.utf8), order: order + 2,
            to: &storage, &pairs)
        Self.append(
            name: "oauth_timestamp", encodedValue: Self.digits(timestamp), order: order + 3, to: &storage, &pairs)
        Self.append(name: "oauth_token", encodedValue: prepared.token, order: order + 4, to: &storage, &pairs)
        Self.append(name: "oauth_version", encodedValue: Array("1.0".utf8), order: order + 5, to: &storage, &pairs)

        var base: [UInt8] = []
        base.reserveCapacity(storage.count * 2 + 96)
        Self.appendMethod(method, to: &base)
        base.append(UInt8(ascii: "&"))
        Self.appendEncodedBaseURI(of: url, to: &base)
        base.append(UInt8(ascii: "&"))
        storage.withUnsafeBufferPointer { bytes in
            Self.sortAndDeduplicate(&pairs, bytes)
            for (index, pair) in pairs.enumerated() {
                if index > 0 { base.append(contentsOf: [0x25, 0x32, 0x36]) }  // "%26", "&" encoded
                for byte in bytes[pair.nameStart..<pair.nameEnd] { Self.appendEncoded(byte, to: &base) }
                base.append(contentsOf: [0x25, 0x33, 0x44])  // "%3D", "=" encoded
                for byte in bytes[pair.nameEnd..<pair.valueEnd] { Self.appendEncoded(byte, to: &base) }
            }
        }
        var mac = prepared.key.start()
        base.withUnsafeBytes { mac.update(bytes: $0) }
        return mac.finalize()
    }

    /// `OAuth oauth_consumer_key="…", oauth_nonce="…", …, oauth_signature="…"`, in the order the reference built it.
    static func header(prepared: Prepared, nonce: String, timestamp: Int, signature: SHA256.Digest) -> String {
        var header: [UInt8] = []
        header.reserveCapacity(256 + prepared.consumerKey.count + prepared.token.count + nonce.utf8.count * 3)
        func field(_ name: StaticString, encoded value: [UInt8], first: Bool = false) {
            if !first { header.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
            header.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            header.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
            header.append(contentsOf: value)
            header.append(UInt8(ascii: "\""))
        }
        var encodedNonce: [UInt8] = []
        encodedNonce.reserveCapacity(nonce.utf8.count)
        for byte in nonce.utf8 { appendEncoded(byte, to: &encodedNonce) }
        var encodedSignature: [UInt8] = []
        encodedSignature.reserveCapacity(52)
        for byte in base64(signature) { appendEncoded(byte, to: &encodedSignature) }
        header.append(contentsOf: Array("OAuth ".utf8))
        field("oauth_consumer_key", encoded: prepared.consumerKey, first: true)
        field("oauth_nonce", encoded: encodedNonce)
        field("oauth_signature_method", encoded: Array(signatureMethod.utf8))
        field("oauth_timestamp", encoded: digits(timestamp))
        field("oauth_token", encoded: prepared.token)
        field("oauth_version", encoded: Array("1.0".utf8))
        field("oauth_signature", encoded: encodedSignature)
        return String(decoding: header, as: UTF8.self)
    }

    /// Standard Base64 with padding of the digest (44 characters), as `Data.base64EncodedString()` writes it.
    static func base64(_ digest: SHA256.Digest) -> [UInt8] {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let table = alphabet.utf8Start
        return digest.withBytes { bytes in
            [UInt8](unsafeUninitializedCapacity: 44) { output, count in
                var written = 0
                var index = 0
                while index + 3 <= 32 {
                    let triple = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                    output[written] = table[Int(triple >> 18 & 63)]
                    output[written + 1] = table[Int(triple >> 12 & 63)]
                    output[written + 2] = table[Int(triple >> 6 & 63)]
                    output[written + 3] = table[Int(triple & 63)]
                    written += 4
                    index += 3
                }
                // 32 = 30 + 2: the last two bytes make three characters and one `=`.
                let pair = UInt32(bytes[30]) << 16 | UInt32(bytes[31]) << 8
                output[written] = table[Int(pair >> 18 & 63)]
                output[written + 1] = table[Int(pair >> 12 & 63)]
                output[written + 2] = table[Int(pair >> 6 & 63)]
                output[written + 3] = UInt8(ascii: "=")
                count = 44
            }
        }
    }

    /// Splits the query on `&`, keeps pairs with exactly one `=`, `urldecode`s each side (`+` is a space, as
    /// ``queryParameters(of:)`` does), drops `oauth_*` names and appends both sides encoded.
    private static func readQuery(_ query: UnsafeBufferPointer<UInt8>, into storage: inout [UInt8], pairs: inout [Pair])
    {
        var scratch: [UInt8] = []
        var start = 0
        while start <= query.count {
            var end = start
            var equals = -1
            var equalsCount = 0
            while end < query.count, query[end] != UInt8(ascii: "&") {
                if query[end] == UInt8(ascii: "=") {
                    equals = end
                    equalsCount += 1
                }
                end += 1
            }
            defer { start = end + 1 }
            guard equalsCount == 1 else { continue }
            let nameStart = storage.count
            decode(UnsafeBufferPointer(rebasing: query[start..<equals]), scratch: &scratch)
            guard !isProtocolParameter(bytes: scratch) else { continue }
            for byte in scratch { appendEncoded(byte, to: &storage) }
            let nameEnd = storage.count
            decode(UnsafeBufferPointer(rebasing: query[(equals + 1)..<end]), scratch: &scratch)
            for byte in scratch { appendEncoded(byte, to: &storage) }
            pairs.append(Pair(nameStart: nameStart, nameEnd: nameEnd, valueEnd: storage.count, order: pairs.count))
        }
    }

    /// `urldecode` into `scratch`; bytes that are not valid UTF-8 are repaired as `String(decoding:as:)` repairs
    /// them, so the result is the UTF-8 of the `String` the reference decodes to.
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        var ascii = true
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "%"), index + 2 < text.count, let high = hexValue(text[index + 1]),
                let low = hexValue(text[index + 2])
            {
                let decoded = high << 4 | low
                ascii = ascii && decoded < 0x80
                scratch.append(decoded)
                index += 3
            } else {
                ascii = ascii && byte < 0x80
                scratch.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        if !ascii { scratch = Array(String(decoding: scratch, as: UTF8.self).utf8) }
    }

    /// Magento's `/oauth_[a-z_-]+/` on UTF-8 bytes (the pattern is ASCII, so bytes and scalars agree).
    static func isProtocolParameter(bytes name: [UInt8]) -> Bool {
        let marker: [UInt8] = Array("oauth_".utf8)
        guard name.count > marker.count else { return false }
        for start in 0..<(name.count - marker.count) where name[start] == UInt8(ascii: "o") {
            guard name[start..<start + marker.count].elementsEqual(marker) else { continue }
            let next = name[start + marker.count]
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next) || next == UInt8(ascii: "_")
                || next == UInt8(ascii: "-")
            {
                return true
            }
        }
        return false
    }

    /// Sorts by encoded name, then encoded value; of pairs with one name, only the query's last is kept.
    private static func sortAndDeduplicate(_ pairs: inout [Pair], _ bytes: UnsafeBufferPointer<UInt8>) {
        func compare(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Int {
            let common = Swift.min(lhs.count, rhs.count)
            for offset in 0..<common {
                let (left, right) = (bytes[lhs.lowerBound + offset], bytes[rhs.lowerBound + offset])
                if left != right { return left < right ? -1 : 1 }
            }
            return lhs.count - rhs.count
        }
        pairs.sort { lhs, rhs in
            let byName = compare(lhs.nameStart..<lhs.nameEnd, rhs.nameStart..<rhs.nameEnd)
            return byName != 0 ? byName < 0 : lhs.order > rhs.order
        }
        var kept = 0
        for index in pairs.indices {
            if kept > 0 {
                let previous = pairs[kept - 1]
                let pair = pairs[index]
                if compare(previous.nameStart..<previous.nameEnd, pair.nameStart..<pair.nameEnd) == 0 { continue }
            }
            pairs[kept] = pairs[index]
            kept += 1
        }
        pairs.removeLast(pairs.count - kept)
    }

    private static func append(
        name: StaticString, encodedValue: [UInt8], order: Int, to storage: inout [UInt8], _ pairs: inout [Pair]
    ) {
        let nameStart = storage.count
        storage.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        let nameEnd = storage.count
        storage.append(contentsOf: encodedValue)
        pairs.append(Pair(nameStart: nameStart, nameEnd: nameEnd, valueEnd: storage.count, order: order))
    }

    /// The method upper-cased, as the reference's `uppercased()` does.
    private static func appendMethod(_ method: HTTPMethod, to base: inout [UInt8]) {
        let raw = method.rawValue
        guard raw.utf8.allSatisfy({ $0 < 0x80 }) else {
            base.append(contentsOf: raw.uppercased().utf8)
            return
        }
        for byte in raw.utf8 {
            base.append((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte)
        }
    }

    /// `enc(scheme://host[:port]/path)`, as ``baseURI(of:)`` builds it, encoded.
    private static func appendEncodedBaseURI(of url: URL, to base: inout [UInt8]) {
        let scheme = lowercased(url.scheme ?? "http")
        for byte in scheme { appendEncoded(byte, to: &base) }
        base.append(contentsOf: Array("%3A%2F%2F".utf8))
        for byte in lowercased(url.host(percentEncoded: true) ?? "") { appendEncoded(byte, to: &base) }
        let http = scheme.elementsEqual("http".utf8)
        let https = scheme.elementsEqual("https".utf8)
        if let port = url.port, !(http && port == 80), !(https && port == 443) {
            base.append(contentsOf: Array("%3A".utf8))
            base.append(contentsOf: digits(port))
        }
        let path = url.path(percentEncoded: true)
        if path.isEmpty {
            base.append(contentsOf: Array("%2F".utf8))
        } else {
            for byte in path.utf8 { appendEncoded(byte, to: &base) }
        }
    }

    /// `text.lowercased()`'s UTF-8, without the Unicode tables when `text` is ASCII.
    private static func lowercased(_ text: String) -> [UInt8] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return Array(text.lowercased().utf8) }
        return text.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
    }

    /// The decimal digits of `value`, as `String(value)` writes them.
    static func digits(_ value: Int) -> [UInt8] {
        guard value != 0 else { return [UInt8(ascii: "0")] }
        var magnitude = value.magnitude
        var reversed: [UInt8] = []
        reversed.reserveCapacity(20)
        while magnitude > 0 {
            reversed.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        if value < 0 { reversed.append(UInt8(ascii: "-")) }
        return reversed.reversed()
    }

    /// Appends `byte` RFC 3986-encoded (`A–Z a–z 0–9 - . _ ~` as they are, the rest `%XX`), as `PercentEncoding`.
    @inline(__always)
    static func appendEncoded(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            output.append(byte)
        default:
            let digits: StaticString = "0123456789ABCDEF"
            output.append(UInt8(ascii: "%"))
            output.append(digits.utf8Start[Int(byte >> 4)])
            output.append(digits.utf8Start[Int(byte & 0x0F)])
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
