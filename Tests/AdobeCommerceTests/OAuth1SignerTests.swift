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
}
