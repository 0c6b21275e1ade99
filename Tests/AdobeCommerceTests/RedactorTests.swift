import AdobeCommerce
import Testing

struct RedactorTests {
    @Test(
        "Secrets are replaced in JSON, forms, headers and queries",
        arguments: [
            (#"{"username":"admin","password":"hunter2"}"#, "hunter2"),
            ("username=admin&password=hunter2&x=1", "hunter2"),
            ("Authorization: Bearer eyJhbGciOi.abc", "eyJhbGciOi"),
            (#"OAuth oauth_consumer_key="ck1", oauth_token="tok1", oauth_signature="sig1""#, "sig1"),
            (#"OAuth oauth_consumer_key="ck1", oauth_token="tok1", oauth_signature="sig1""#, "tok1"),
            (#"OAuth oauth_consumer_key="ck1", oauth_token="tok1", oauth_signature="sig1""#, "ck1"),
            ("https://h/rest?access_token=abc123&sku=x", "abc123"),
            (#"{"consumer_secret": "s3cr3t"}"#, "s3cr3t"),
            ("Authorization: Basic YWRtaW46aHVudGVyMg==", "YWRtaW46aHVudGVyMg"),
            ("proxy said: authorization=Basic YWRtaW46aHVudGVyMg==", "YWRtaW46aHVudGVyMg"),
            ("request failed with x-api-key: k-12345 and more", "k-12345"),
            (#"{"X-Api-Key": "k-12345"}"#, "k-12345"),
        ])
    func redacts(text: String, secret: String) {
        let redacted = Redactor.redact(text)
        #expect(!redacted.contains(secret))
        #expect(redacted.contains(Redactor.placeholder))
    }

    @Test("Ordinary text is left alone")
    func keepsOrdinaryText() {
        let text =
            "The consumer isn't authorized to access Magento_Catalog::products. sku=24-MB01; the basic price is 10"
        #expect(Redactor.redact(text) == text)
    }

    @Test("Sensitive header names are recognised", arguments: ["Authorization", "X-Api-Key", "Cookie", "X-Auth-Token"])
    func sensitiveNames(name: String) {
        #expect(Redactor.isSensitive(name: name))
    }

    @Test("dump() and Mirror of credentials show no secret")
    func dumpShowsNoSecret() {
        let credentials = IntegrationCredentials(
            consumerKey: "ck-visible?", consumerSecret: "cs-SECRET", accessToken: "at-SECRET",
            accessTokenSecret: "ats-SECRET")
        for value in [
            credentials as Any, CommerceAuthentication.integration(credentials),
            CommerceAuthentication.adminToken(username: "admin", password: "pw-SECRET"),
            CommerceAuthentication.bearer("bearer-SECRET"),
        ] {
            var dumped = ""
            dump(value, to: &dumped)
            let mirrored = Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" }.joined()
            #expect(!dumped.contains("SECRET") && !mirrored.contains("SECRET"), "\(dumped)")
            #expect(!dumped.contains("ck-visible"))
        }
    }
}
