import AdobeCommerce
import Foundation
import Testing

/// A store and its credentials from `COMMERCE_*` variables.
struct CommerceEnvironmentTests {
    private let oauth = [
        "COMMERCE_CONSUMER_KEY": "ck-value", "COMMERCE_CONSUMER_SECRET": "cs-value",
        "COMMERCE_ACCESS_TOKEN": "at-value", "COMMERCE_ACCESS_TOKEN_SECRET": "ats-value",
    ]

    @Test("Without COMMERCE_BASE_URL there is no store")
    func unset() throws {
        #expect(try CommerceEnvironment(oauth) == nil)
        #expect(try CommerceEnvironment(["COMMERCE_BASE_URL": ""]) == nil)
    }

    @Test("The four OAuth values sign; the store code defaults to default")
    func integration() throws {
        let environment = try #require(
            try CommerceEnvironment(oauth.merging(["COMMERCE_BASE_URL": "https://shop.example.com"]) { $1 }))
        #expect(environment.baseURL.absoluteString == "https://shop.example.com")
        #expect(environment.storeCode == "default")
        #expect(environment.authentication.description == "integration(<redacted>)")
        #expect(environment.configuration.storeCode == "default")
    }

    @Test("COMMERCE_ACCESS_TOKEN alone is a bearer token; COMMERCE_STORE_CODE picks the store view")
    func bearer() throws {
        let environment = try #require(
            try CommerceEnvironment([
                "COMMERCE_BASE_URL": "http://127.0.0.1:8080", "COMMERCE_ACCESS_TOKEN": "at-value",
                "COMMERCE_STORE_CODE": "de",
            ]))
        #expect(environment.authentication.description == "bearer(<redacted>)")
        #expect(environment.storeCode == "de")
    }

    @Test("Some OAuth values without the others are refused, naming the variables and no value")
    func partial() {
        let error = #expect(throws: CommerceError.self) {
            try CommerceEnvironment([
                "COMMERCE_BASE_URL": "https://shop.example.com", "COMMERCE_CONSUMER_KEY": "ck-value",
                "COMMERCE_ACCESS_TOKEN": "at-value",
            ])
        }
        #expect(error?.code == .invalidRequest)
        #expect(
            error?.message
                == "COMMERCE_BASE_URL is set but COMMERCE_CONSUMER_SECRET, COMMERCE_ACCESS_TOKEN_SECRET are not; copy "
                + "them from System › Extensions › Integrations in the admin")
        #expect(!(error?.description.contains("ck-value") ?? true))
    }

    @Test("A base URL that is not http(s) is refused")
    func badURL() {
        #expect(throws: CommerceError.self) {
            try CommerceEnvironment(oauth.merging(["COMMERCE_BASE_URL": "ftp://shop.example.com"]) { $1 })
        }
    }
}
