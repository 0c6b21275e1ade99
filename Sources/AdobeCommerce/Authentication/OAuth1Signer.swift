#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Signs requests with OAuth 1.0a (RFC 5849) the way Magento verifies them.
///
/// Magento 2.4 (`Framework/Oauth/Helper/Request`) reads the query string by splitting on `&` and `=` and
/// `urldecode`-ing each side (so a bare `+` is a space, and a repeated name keeps its last value; the client
/// always sends `%2B` for a plus and `%20` for a space, so both readings agree on its URLs),
/// merges the `oauth_*` header parameters, then signs the RFC 3986-encoded, byte-sorted pairs with the
/// scheme, lower-cased host, non-default port and the path exactly as sent. `searchCriteria[...]` brackets
/// and path-encoded SKUs therefore sign correctly only when the URL is encoded once, as the client does.
///
/// ```swift
/// let signer = OAuth1Signer(credentials: credentials)
/// request.headers["Authorization"] = signer.authorizationHeader(method: .get, url: url)
/// ```
public struct OAuth1Signer: Sendable, CustomStringConvertible, CustomReflectable {
    /// The signature method. Magento accepts `HMAC-SHA256` (and, in older releases, `HMAC-SHA1`).
    public static let signatureMethod = "HMAC-SHA256"

    /// The integration's keys.
    public var credentials: IntegrationCredentials {
        didSet { prepared = Prepared(credentials) }
    }
    /// What every signature under ``credentials`` shares: the HMAC key's hashed pads and the encoded key and token.
    var prepared: Prepared

    /// Creates a signer.
    public init(credentials: IntegrationCredentials) {
        self.credentials = credentials
        prepared = Prepared(credentials)
    }

    /// Names the signer without revealing its keys.
    public var description: String { "OAuth1Signer(<redacted>)" }

    /// What `dump()`, `Mirror` and debuggers see: the description alone, never a key.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description], displayStyle: .struct) }

    /// Returns the `Authorization: OAuth …` header value for a request.
    ///
    /// The base string is built on bytes and hashed with the HMAC key prepared once per credentials; the result is
    /// byte for byte what `signatureBaseString(method:url:parameters:)` and
    /// `signature(baseString:consumerSecret:tokenSecret:)` give.
    /// - Parameters:
    ///   - method: The request method.
    ///   - url: The request URL, percent-encoded as it will be sent.
    ///   - nonce: A value never used before with this consumer; 32 random hexadecimal digits by default.
    ///   - timestamp: Seconds since 1970; Magento refuses values more than 600 s in the future.
    public func authorizationHeader(
        method: HTTPMethod,
        url: URL,
        nonce: String = OAuth1Signer.makeNonce(),
        timestamp: Int
    ) -> String {
        fastAuthorizationHeader(method: method, url: url, nonce: nonce, timestamp: timestamp)
    }

    /// A fresh nonce: 128 random bits as 32 upper-case hexadecimal digits (the length of a UUID without dashes).
    public static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let (high, low) = (generator.next() as UInt64, generator.next() as UInt64)
        let digits: StaticString = "0123456789ABCDEF"
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for index in 0..<16 {
                buffer[index] = digits.utf8Start[Int(high >> UInt64(60 - index * 4) & 15)]
                buffer[16 + index] = digits.utf8Start[Int(low >> UInt64(60 - index * 4) & 15)]
            }
            return 32
        }
    }

    /// The query parameters as Magento reads them for signing (`Oauth\Helper\Request::_extractQueryStringParams`):
    /// split on `&`, pairs with exactly one `=`, `urldecode`d (`+` is a space), later names replacing earlier
    /// ones, `oauth_*` names left to the header. The client never sends a bare `+`, so this only matters for
    /// other clients' requests to ``FakeCommerce``.
    package static func queryParameters(of url: URL) -> [String: String] {
        guard let query = url.query(percentEncoded: true), !query.isEmpty else { return [:] }
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let name = PercentEncoding.decode(String(parts[0]), plusAsSpace: true)
            guard !isProtocolParameter(name) else { continue }
            parameters[name] = PercentEncoding.decode(String(parts[1]), plusAsSpace: true)
        }
        return parameters
    }

    /// Whether Magento treats `name` as an OAuth protocol parameter (`/oauth_[a-z_-]+/`).
    package static func isProtocolParameter(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        let marker = Array("oauth_".unicodeScalars)
        guard scalars.count > marker.count else { return false }
        for start in 0..<(scalars.count - marker.count) where Array(scalars[start..<start + marker.count]) == marker {
            let next = scalars[start + marker.count]
            if ("a"..."z").contains(next) || next == "_" || next == "-" { return true }
        }
        return false
    }

    /// The RFC 5849 §3.4.1 signature base string over already-decoded parameters.
    package static func signatureBaseString(method: String, url: URL, parameters: [String: String]) -> String {
        let encoded = parameters.filter { $0.key != "oauth_signature" }
            .map { (PercentEncoding.encode($0.key), PercentEncoding.encode($0.value)) }
            .sorted {
                $0.0 == $1.0
                    ? $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
        return [method.uppercased(), PercentEncoding.encode(baseURI(of: url)), PercentEncoding.encode(encoded)]
            .joined(separator: "&")
    }

    /// `scheme://host[:port]/path` with the host lower-cased, the default port dropped and the path as sent.
    package static func baseURI(of url: URL) -> String {
        let scheme = (url.scheme ?? "http").lowercased()
        let host = (url.host(percentEncoded: true) ?? "").lowercased()
        var authority = host
        if let port = url.port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) {
            authority += ":\(port)"
        }
        let path = url.path(percentEncoded: true)
        return "\(scheme)://\(authority)\(path.isEmpty ? "/" : path)"
    }

    /// Base64 of HMAC-SHA256 keyed with `enc(consumerSecret)&enc(tokenSecret)`.
    package static func signature(baseString: String, consumerSecret: String, tokenSecret: String) -> String {
        let key = PercentEncoding.encode(consumerSecret) + "&" + PercentEncoding.encode(tokenSecret)
        return Data(HMACSHA256.authenticationCode(for: Array(baseString.utf8), key: Array(key.utf8)))
            .base64EncodedString()
    }
}
