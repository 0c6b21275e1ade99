import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

struct OAuth1SignerTests {
    // Computed independently with Python's hmac, hashlib, urllib.parse.quote(safe='~') and unquote_plus, following
    // RFC 5849 and Magento 2.4's reading of the query string (`Oauth\Helper\Request`: `urldecode`, so a bare '+'
    // is a space; 2.3's Zend-based helper used `rawurldecode`).
    private let url = URL(
        string: "http://Shop.Example.com:8080/rest/default/V1/products/a%2Fb%20c%23%2B%25%C3%A9"
            + "?searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=name"
            + "&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=Joust%20%25"
            + "&searchCriteria%5BpageSize%5D=10&q=a+b")!
    private let credentials = IntegrationCredentials(
        consumerKey: "ck", consumerSecret: "cs/ecret", accessToken: "at", accessTokenSecret: "ts+secret")

    @Test("Signs a bracketed searchCriteria query and a path-encoded SKU exactly as an independent implementation")
    func independentVector() throws {
        let header = OAuth1Signer(credentials: credentials)
            .authorizationHeader(method: .get, url: url, nonce: "nonce123", timestamp: 1_700_000_000)
        #expect(header.contains("oauth_signature=\"b7akmvKdKdYl5xBI7BzMW60qLklkXbPPNri71oJ7Ios%3D\""))
        #expect(header.hasPrefix("OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"nonce123\""))
        #expect(header.contains("oauth_signature_method=\"HMAC-SHA256\""))
        #expect(header.contains("oauth_version=\"1.0\""))
    }

    @Test("The base string keeps the path as sent, lower-cases the host and keeps a non-default port")
    func baseString() {
        var parameters = OAuth1Signer.queryParameters(of: url)
        parameters["oauth_nonce"] = "n"
        let base = OAuth1Signer.signatureBaseString(method: "get", url: url, parameters: parameters)
        #expect(
            base.hasPrefix("GET&http%3A%2F%2Fshop.example.com%3A8080%2Frest%2Fdefault%2FV1%2Fproducts%2Fa%252Fb%2520c"))
        #expect(base.contains("q%3Da%2520b"), "a bare '+' in the query is a space, as Magento 2.4's urldecode reads it")
    }

    @Test("Default ports are dropped from the base URI")
    func defaultPorts() {
        #expect(
            OAuth1Signer.baseURI(of: URL(string: "https://h.example:443/rest/V1/x")!) == "https://h.example/rest/V1/x")
        #expect(OAuth1Signer.baseURI(of: URL(string: "http://h.example:80/a")!) == "http://h.example/a")
    }

    @Test("A repeated query name signs once with its last value, and oauth_ names stay in the header")
    func magentoQueryReading() {
        let parameters = OAuth1Signer.queryParameters(
            of: URL(string: "http://h/rest?a=1&a=2&oauth_token=x&broken&b==c")!)
        #expect(parameters == ["a": "2"])
        let form = OAuth1Signer.queryParameters(of: URL(string: "http://h/rest?q=%25Product+1%25&plus=%2B")!)
        #expect(form == ["q": "%Product 1%", "plus": "+"], "urldecode, as Magento: a bare + is a space")
    }

    @Test("Protocol parameter detection follows Magento's /oauth_[a-z_-]+/")
    func protocolParameters() {
        #expect(OAuth1Signer.isProtocolParameter("oauth_token"))
        #expect(OAuth1Signer.isProtocolParameter("x_oauth_nonce"))
        #expect(!OAuth1Signer.isProtocolParameter("oauth_"))
        #expect(!OAuth1Signer.isProtocolParameter("searchCriteria"))
    }

    @Test("Every call gets a fresh nonce")
    func freshNonce() {
        let signer = OAuth1Signer(credentials: credentials)
        #expect(
            signer.authorizationHeader(method: .get, url: url, timestamp: 1_700_000_000)
                != signer.authorizationHeader(method: .get, url: url, timestamp: 1_700_000_000))
    }

    @Test("Credentials never print their secrets")
    func credentialsRedacted() {
        #expect("\(credentials)" == "IntegrationCredentials(<redacted>)")
        #expect(!"\(CommerceAuthentication.integration(credentials))".contains("secret"))
        #expect(
            "\(CommerceAuthentication.adminToken(username: "admin", password: "hunter2"))" == "adminToken(<redacted>)")
    }

    /// The header as the `String` reference functions build it: Magento's reading of the query, the protocol
    /// parameters, ``OAuth1Signer/signatureBaseString(method:url:parameters:)`` and
    /// ``OAuth1Signer/signature(baseString:consumerSecret:tokenSecret:)`` (Foundation's Base64).
    private func referenceHeader(
        _ credentials: IntegrationCredentials, method: HTTPMethod, url: URL, nonce: String, timestamp: Int
    ) -> String {
        var protocolParameters = [
            ("oauth_consumer_key", credentials.consumerKey), ("oauth_nonce", nonce),
            ("oauth_signature_method", "HMAC-SHA256"), ("oauth_timestamp", String(timestamp)),
            ("oauth_token", credentials.accessToken), ("oauth_version", "1.0"),
        ]
        var parameters = OAuth1Signer.queryParameters(of: url)
        for (name, value) in protocolParameters { parameters[name] = value }
        let base = OAuth1Signer.signatureBaseString(method: method.rawValue, url: url, parameters: parameters)
        protocolParameters.append(
            (
                "oauth_signature",
                OAuth1Signer.signature(
                    baseString: base, consumerSecret: credentials.consumerSecret,
                    tokenSecret: credentials.accessTokenSecret)
            ))
        return "OAuth "
            + protocolParameters.map { "\(PercentEncoding.encode($0.0))=\"\(PercentEncoding.encode($0.1))\"" }
            .joined(separator: ", ")
    }

    @Test("The byte-level signer writes exactly the reference's header for 2,000 random URLs and credentials")
    func bytePathMatchesReference() throws {
        var random = SeededRandomNumberGenerator(seed: 4231)
        let pieces = [
            "a", "Z", "0", "-", ".", "_", "~", "+", "%20", "%2B", "%25", "%", "%4", "%FF", "%C3%A9", "%E2%82", "=",
            "[", "]", "%5B0%5D", "oauth_", "oauth_x", "Oauth_y", "x", "searchCriteria", "*", "!", "'", "(", ")", ",",
            ";",
            ":", "@", "$", "/", "?",
        ]
        func text(_ count: ClosedRange<Int>) -> String {
            (0..<Int.random(in: count, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        let secrets = ["cs", "cs/ecret", "ts+secret", "sécret%", "", String(repeating: "k", count: 90)]
        var checked = 0
        for _ in 0..<2_000 {
            let credentials = IntegrationCredentials(
                consumerKey: ["ck", "c k+é", ""].randomElement(using: &random)!,
                consumerSecret: secrets.randomElement(using: &random)!,
                accessToken: ["at", "a/t~"].randomElement(using: &random)!,
                accessTokenSecret: secrets.randomElement(using: &random)!)
            let scheme = ["http", "https", "HTTPS"].randomElement(using: &random)!
            let host = ["Shop.Example.com", "h", "127.0.0.1"].randomElement(using: &random)!
            let port = ["", ":80", ":443", ":8080"].randomElement(using: &random)!
            let path = ["", "/", "/rest/V1/products", "/rest/default/V1/products/a%2Fb%20c%23%2B%25%C3%A9"]
                .randomElement(using: &random)!
            let query = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                Bool.random(using: &random) ? "\(text(0...3))=\(text(0...4))" : text(0...4)
            }.joined(separator: "&")
            guard let url = URL(string: "\(scheme)://\(host)\(port)\(path)\(query.isEmpty ? "" : "?")\(query)") else {
                continue
            }
            let method = [HTTPMethod.get, .post, .put, HTTPMethod(rawValue: "patch")].randomElement(using: &random)!
            let nonce = ["n", "nonce123", "a b+c", ""].randomElement(using: &random)!
            let timestamp = [0, 1_700_000_000, -5, Int.max].randomElement(using: &random)!
            let header = OAuth1Signer(credentials: credentials)
                .authorizationHeader(method: method, url: url, nonce: nonce, timestamp: timestamp)
            #expect(
                header == referenceHeader(credentials, method: method, url: url, nonce: nonce, timestamp: timestamp),
                "\(method) \(url.absoluteString)")
            checked += 1
        }
        #expect(checked > 1_500, "most generated URLs parse")
    }

    @Test("Changing the credentials re-keys the signer, and the signer never prints a key")
    func rekeyAndRedaction() {
        var signer = OAuth1Signer(credentials: credentials)
        let before = signer.authorizationHeader(method: .get, url: url, nonce: "n", timestamp: 1_700_000_000)
        signer.credentials.accessTokenSecret = "other"
        let after = signer.authorizationHeader(method: .get, url: url, nonce: "n", timestamp: 1_700_000_000)
        #expect(before != after)
        var renamed = credentials
        renamed.accessTokenSecret = "other"
        #expect(after == referenceHeader(renamed, method: .get, url: url, nonce: "n", timestamp: 1_700_000_000))
        var dumped = ""
        dump(signer, to: &dumped)
        #expect("\(signer)" == "OAuth1Signer(<redacted>)")
        #expect(!dumped.contains("other") && !dumped.contains("cs/ecret") && !dumped.contains("state"))
    }

    @Test("A default nonce is 32 upper-case hexadecimal digits and differs every time")
    func nonceShape() {
        let nonces = (0..<100).map { _ in OAuth1Signer.makeNonce() }
        #expect(Set(nonces).count == 100)
        #expect(nonces.allSatisfy { $0.count == 32 && $0.allSatisfy { "0123456789ABCDEF".contains($0) } })
    }
}
