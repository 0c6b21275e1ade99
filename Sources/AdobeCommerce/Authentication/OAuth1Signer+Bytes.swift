#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The signing path on bytes: the query is decoded and re-encoded pair by pair into one buffer, the pairs are sorted
/// by their encoded bytes, and the base string is written into a second buffer, encoded a second time as RFC 5849
/// wants, then hashed. Both buffers are sized up front, so nothing grows while bytes are written. A request whose
/// query decodes to non-ASCII text, or whose method or host is not ASCII, is signed by the `String` functions (the
/// reference), which the tests compare this path against.
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

    /// One parameter: its encoded name and value as ranges of the pair buffer, and its place in the query.
    private struct Pair {
        var nameStart: Int
        var nameEnd: Int
        var valueEnd: Int
        var order: Int
    }

    /// Writes bytes into memory sized beforehand; writing past the end stops the process rather than corrupting it.
    private struct Writer {
        let start: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var count = 0

        init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
            start = buffer.baseAddress!
            capacity = buffer.count
        }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            precondition(count < capacity, "OAuth1Signer buffer sized too small")
            start[count] = byte
            count &+= 1
        }

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(count + bytes.count <= capacity, "OAuth1Signer buffer sized too small")
            guard let source = bytes.baseAddress else { return }
            (start + count).initialize(from: source, count: bytes.count)
            count &+= bytes.count
        }

        mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append($0) } }

        mutating func append(_ text: StaticString) {
            append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// RFC 3986: `A–Z a–z 0–9 - . _ ~` as they are, every other byte `%XX`, as `PercentEncoding` writes it.
        @inline(__always)
        mutating func appendEncoded(_ byte: UInt8) {
            if OAuth1Signer.isUnreserved(byte) {
                append(byte)
            } else {
                append(UInt8(ascii: "%"))
                append(OAuth1Signer.hexDigit(byte >> 4))
                append(OAuth1Signer.hexDigit(byte & 0x0F))
            }
        }

        /// Encodes bytes that are already encoded: only `%` changes (to `%25`).
        mutating func appendReencoded(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(count + bytes.count * 3 <= capacity, "OAuth1Signer buffer sized too small")
            for byte in bytes {
                start[count] = byte
                if byte == UInt8(ascii: "%") {
                    start[count &+ 1] = UInt8(ascii: "2")
                    start[count &+ 2] = UInt8(ascii: "5")
                    count &+= 3
                } else {
                    count &+= 1
                }
            }
        }

        var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }
    }

    /// The `Authorization` header, on bytes when the request allows it, else by the reference functions.
    func fastAuthorizationHeader(method: HTTPMethod, url: URL, nonce: String, timestamp: Int) -> String {
        guard let signature = signatureBytes(method: method, url: url, nonce: nonce, timestamp: timestamp) else {
            return referenceAuthorizationHeader(method: method, url: url, nonce: nonce, timestamp: timestamp)
        }
        return Self.header(prepared: prepared, nonce: nonce, timestamp: timestamp, signature: signature)
    }

    /// The header as the `String` functions build it: ``queryParameters(of:)``, the protocol parameters,
    /// ``signatureBaseString(method:url:parameters:)`` and ``signature(baseString:consumerSecret:tokenSecret:)``.
    func referenceAuthorizationHeader(method: HTTPMethod, url: URL, nonce: String, timestamp: Int) -> String {
        var protocolParameters = [
            ("oauth_consumer_key", credentials.consumerKey),
            ("oauth_nonce", nonce),
            ("oauth_signature_method", Self.signatureMethod),
            ("oauth_timestamp", String(timestamp)),
            ("oauth_token", credentials.accessToken),
            ("oauth_version", "1.0"),
        ]
        var parameters = Self.queryParameters(of: url)
        for (name, value) in protocolParameters { parameters[name] = value }
        let baseString = Self.signatureBaseString(method: method.rawValue, url: url, parameters: parameters)
        let signature = Self.signature(
            baseString: baseString, consumerSecret: credentials.consumerSecret,
            tokenSecret: credentials.accessTokenSecret)
        protocolParameters.append(("oauth_signature", signature))
        return "OAuth "
            + protocolParameters.map { "\(PercentEncoding.encode($0.0))=\"\(PercentEncoding.encode($0.1))\"" }
            .joined(separator: ", ")
    }

    /// The HMAC-SHA256 of the request's base string, or `nil` when the request needs the reference path (a query
    /// that decodes to non-ASCII text, whose repair the reference does through `String`; a non-ASCII method or host,
    /// which it case-maps with Unicode tables).
    func signatureBytes(method: HTTPMethod, url: URL, nonce: String, timestamp: Int) -> SHA256.Digest? {
        let methodBytes = method.rawValue.utf8
        guard methodBytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let scheme = url.scheme ?? "http"
        let host = url.host(percentEncoded: true) ?? ""
        guard scheme.utf8.allSatisfy({ $0 < 0x80 }), host.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let path = url.path(percentEncoded: true)
        var query = url.query(percentEncoded: true) ?? ""
        let timestampDigits = Self.digits(timestamp)
        return query.withUTF8 { query -> SHA256.Digest? in
            // Every query byte encodes to at most three; the protocol parameters add their own lengths.
            let pairCapacity =
                query.count * 3 + prepared.consumerKey.count + prepared.token.count + nonce.utf8.count * 3
                + timestampDigits.count + 128
            let maximumPairs = query.count(where: { $0 == UInt8(ascii: "&") }) + 1 + 6
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: pairCapacity) { pairBytes in
                withUnsafeTemporaryAllocation(of: Pair.self, capacity: maximumPairs) { pairSlots in
                    var storage = Writer(pairBytes)
                    var pairCount = 0
                    func add(_ pair: Pair) {
                        pairSlots.initializeElement(at: pairCount, to: pair)
                        pairCount += 1
                    }
                    if !query.isEmpty {
                        guard Self.readQuery(query, into: &storage, add: add) else { return nil }
                    }
                    // The protocol parameters come after every query pair and never share a name with one: the
                    // query's `oauth_*` names were left out.
                    let order = pairCount
                    func addProtocol(_ name: StaticString, _ index: Int, value: (inout Writer) -> Void) {
                        let nameStart = storage.count
                        storage.append(name)
                        let nameEnd = storage.count
                        value(&storage)
                        add(Pair(nameStart: nameStart, nameEnd: nameEnd, valueEnd: storage.count, order: order + index))
                    }
                    addProtocol("oauth_consumer_key", 0) { $0.append(prepared.consumerKey) }
                    addProtocol("oauth_nonce", 1) { writer in for byte in nonce.utf8 { writer.appendEncoded(byte) } }
                    addProtocol("oauth_signature_method", 2) { $0.append("HMAC-SHA256") }
                    addProtocol("oauth_timestamp", 3) { $0.append(timestampDigits) }
                    addProtocol("oauth_token", 4) { $0.append(prepared.token) }
                    addProtocol("oauth_version", 5) { $0.append("1.0") }
                    let pairs = UnsafeMutableBufferPointer(rebasing: pairSlots[0..<pairCount])
                    let encoded = storage.written
                    let kept = Self.sortAndDeduplicate(pairs, encoded)

                    let baseCapacity =
                        methodBytes.count + 2 + (scheme.utf8.count + host.utf8.count + path.utf8.count + 32) * 3
                        + encoded.count * 3 + kept * 6
                    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: baseCapacity) { baseBytes in
                        var base = Writer(baseBytes)
                        for byte in methodBytes {
                            base.append((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte)
                        }
                        base.append(UInt8(ascii: "&"))
                        Self.appendEncodedBaseURI(scheme: scheme, host: host, port: url.port, path: path, to: &base)
                        base.append(UInt8(ascii: "&"))
                        for index in 0..<kept {
                            let pair = pairs[index]
                            if index > 0 { base.append("%26") }
                            base.appendReencoded(UnsafeBufferPointer(rebasing: encoded[pair.nameStart..<pair.nameEnd]))
                            base.append("%3D")
                            base.appendReencoded(UnsafeBufferPointer(rebasing: encoded[pair.nameEnd..<pair.valueEnd]))
                        }
                        var mac = prepared.key.start()
                        mac.update(bytes: UnsafeRawBufferPointer(base.written))
                        return mac.finalize()
                    }
                }
            }
        }
    }

    /// `OAuth oauth_consumer_key="…", oauth_nonce="…", …, oauth_signature="…"`, in the order the reference builds it.
    private static func header(prepared: Prepared, nonce: String, timestamp: Int, signature: SHA256.Digest) -> String {
        let capacity = 320 + prepared.consumerKey.count + prepared.token.count + nonce.utf8.count * 3
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var header = Writer(buffer)
            header.append("OAuth oauth_consumer_key=\"")
            header.append(prepared.consumerKey)
            header.append("\", oauth_nonce=\"")
            for byte in nonce.utf8 { header.appendEncoded(byte) }
            header.append("\", oauth_signature_method=\"HMAC-SHA256\", oauth_timestamp=\"")
            header.append(digits(timestamp))
            header.append("\", oauth_token=\"")
            header.append(prepared.token)
            header.append("\", oauth_version=\"1.0\", oauth_signature=\"")
            base64(signature) { character in header.appendEncoded(character) }
            header.append(UInt8(ascii: "\""))
            return header.count
        }
    }

    /// Standard Base64 with padding of the digest (44 characters), as `Data.base64EncodedString()` writes it.
    static func base64(_ digest: SHA256.Digest, _ emit: (UInt8) -> Void) {
        let table: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let alphabet = table.utf8Start
        digest.withBytes { bytes in
            var index = 0
            while index + 3 <= 32 {
                let triple = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                emit(alphabet[Int(triple >> 18 & 63)])
                emit(alphabet[Int(triple >> 12 & 63)])
                emit(alphabet[Int(triple >> 6 & 63)])
                emit(alphabet[Int(triple & 63)])
                index += 3
            }
            // 32 = 30 + 2: the last two bytes make three characters and one `=`.
            let pair = UInt32(bytes[30]) << 16 | UInt32(bytes[31]) << 8
            emit(alphabet[Int(pair >> 18 & 63)])
            emit(alphabet[Int(pair >> 12 & 63)])
            emit(alphabet[Int(pair >> 6 & 63)])
            emit(UInt8(ascii: "="))
        }
    }

    /// Splits the query on `&`, keeps pairs with exactly one `=`, `urldecode`s each side (`+` is a space, as
    /// ``queryParameters(of:)`` does), drops `oauth_*` names and writes both sides encoded. Returns `false` when a
    /// side decodes to a non-ASCII byte.
    private static func readQuery(
        _ query: UnsafeBufferPointer<UInt8>, into storage: inout Writer, add: (Pair) -> Void
    ) -> Bool {
        var start = 0
        var order = 0
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
            guard decodeAndEncode(UnsafeBufferPointer(rebasing: query[start..<equals]), into: &storage) else {
                return false
            }
            guard !isProtocolParameter(encoded: UnsafeBufferPointer(rebasing: storage.written[nameStart...])) else {
                storage.count = nameStart
                continue
            }
            let nameEnd = storage.count
            guard decodeAndEncode(UnsafeBufferPointer(rebasing: query[(equals + 1)..<end]), into: &storage) else {
                return false
            }
            add(Pair(nameStart: nameStart, nameEnd: nameEnd, valueEnd: storage.count, order: order))
            order += 1
        }
        return true
    }

    /// `urldecode`s `text` and writes the result RFC 3986-encoded; `false` when a decoded byte is not ASCII.
    private static func decodeAndEncode(_ text: UnsafeBufferPointer<UInt8>, into storage: inout Writer) -> Bool {
        var index = 0
        while index < text.count {
            var byte = text[index]
            if byte == UInt8(ascii: "%"), index + 2 < text.count, let high = PercentEncoding.hexValue(text[index + 1]),
                let low = PercentEncoding.hexValue(text[index + 2])
            {
                byte = high << 4 | low
                index += 3
            } else {
                if byte == UInt8(ascii: "+") { byte = UInt8(ascii: " ") }
                index += 1
            }
            guard byte < 0x80 else { return false }
            storage.appendEncoded(byte)
        }
        return true
    }

    /// Magento's `/oauth_[a-z_-]+/` on a name as this path encoded it: the pattern's characters are all unreserved,
    /// so they appear in the encoded name exactly where they were in the decoded one (an escape `%XX` never holds
    /// lower-case letters or `_`, so it cannot fake a match).
    private static func isProtocolParameter(encoded name: UnsafeBufferPointer<UInt8>) -> Bool {
        let marker: StaticString = "oauth_"
        let length = marker.utf8CodeUnitCount
        guard name.count > length else { return false }
        for start in 0..<(name.count - length) where name[start] == UInt8(ascii: "o") {
            var matches = true
            for offset in 1..<length where name[start + offset] != marker.utf8Start[offset] {
                matches = false
                break
            }
            guard matches else { continue }
            let next = name[start + length]
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next) || next == UInt8(ascii: "_")
                || next == UInt8(ascii: "-")
            {
                return true
            }
        }
        return false
    }

    /// Sorts by encoded name (of pairs with one name, only the query's last is kept) and returns how many remain.
    private static func sortAndDeduplicate(
        _ pairs: UnsafeMutableBufferPointer<Pair>, _ bytes: UnsafeBufferPointer<UInt8>
    )
        -> Int
    {
        func compare(_ lhs: Pair, _ rhs: Pair) -> Int {
            let (lhsCount, rhsCount) = (lhs.nameEnd - lhs.nameStart, rhs.nameEnd - rhs.nameStart)
            for offset in 0..<Swift.min(lhsCount, rhsCount) {
                let (left, right) = (bytes[lhs.nameStart + offset], bytes[rhs.nameStart + offset])
                if left != right { return left < right ? -1 : 1 }
            }
            return lhsCount - rhsCount
        }
        var pairs = pairs
        pairs.sort { lhs, rhs in
            let byName = compare(lhs, rhs)
            return byName != 0 ? byName < 0 : lhs.order > rhs.order
        }
        var kept = 0
        for index in pairs.indices {
            if kept > 0, compare(pairs[kept - 1], pairs[index]) == 0 { continue }
            pairs[kept] = pairs[index]
            kept += 1
        }
        return kept
    }

    /// `enc(scheme://host[:port]/path)` with scheme and host lower-cased and the default port dropped, as
    /// ``baseURI(of:)`` builds it; scheme and host are ASCII here.
    private static func appendEncodedBaseURI(
        scheme: String, host: String, port: Int?, path: String, to base: inout Writer
    ) {
        func lower(_ byte: UInt8) -> UInt8 { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte }
        for byte in scheme.utf8 { base.appendEncoded(lower(byte)) }
        let isHTTP = scheme.utf8.elementsEqual("http".utf8) { lower($0) == $1 }
        let isHTTPS = scheme.utf8.elementsEqual("https".utf8) { lower($0) == $1 }
        base.append("%3A%2F%2F")
        for byte in host.utf8 { base.appendEncoded(lower(byte)) }
        if let port, !(isHTTP && port == 80), !(isHTTPS && port == 443) {
            base.append("%3A")
            base.append(digits(port))
        }
        if path.isEmpty {
            base.append("%2F")
        } else {
            for byte in path.utf8 { base.appendEncoded(byte) }
        }
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

    /// Whether RFC 3986 leaves `byte` as it is: `A–Z a–z 0–9 - . _ ~`.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        // Bit n of the word for bytes 0-63 or 64-127 is set when byte n is unreserved.
        let low: UInt64 = 0x03FF_6000_0000_0000  // - . 0-9
        let high: UInt64 = 0x47FF_FFFE_87FF_FFFE  // A-Z _ a-z ~
        return byte < 64 ? (low >> UInt64(byte)) & 1 == 1 : byte < 128 && (high >> UInt64(byte - 64)) & 1 == 1
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
