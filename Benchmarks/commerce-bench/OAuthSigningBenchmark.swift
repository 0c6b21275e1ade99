import AdobeCommerce
import Foundation

/// Builds 100,000 OAuth 1.0a HMAC-SHA256 `Authorization` headers for one search URL.
struct OAuthSigningBenchmark: Benchmark {
    let name = "sign_oauth_100000"
    let summary = "build 100,000 OAuth 1.0a HMAC-SHA256 Authorization headers"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let signer = OAuth1Signer(
            credentials: IntegrationCredentials(
                consumerKey: "ck", consumerSecret: "cs", accessToken: "at", accessTokenSecret: "ts"))
        let url = URL(
            string:
                "https://shop.example.com/rest/default/V1/products?searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=sku"
                + "&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=24-MB%25&searchCriteria%5BpageSize%5D=100"
        )!
        var signatureBytes = 0
        let seconds = measure(iterations: 100_000) {
            signatureBytes &+=
                signer.authorizationHeader(method: .get, url: url, nonce: "n", timestamp: 1_700_000_000).utf8.count
        }
        let headerBytes =
            signer.authorizationHeader(method: .get, url: url, nonce: "n", timestamp: 1_700_000_000).utf8.count
        precondition(signatureBytes == 100_000 * headerBytes, "signed \(signatureBytes) bytes of headers")
        return ["signatures_per_second": rounded(100_000 / seconds), "seconds": rounded(seconds * 100) / 100]
    }
}
