import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import Foundation

/// How fast `FakeCommerceServer` serves 300-product search pages, so that client benchmarks are known to measure
/// clients: two connections fetch every page of the 10,000-product catalog three times, bodies not decoded. The
/// first pass is the fake's cold cost (every product encoded), the later ones its steady state.
struct FakeServingBenchmark: Benchmark {
    let name = "fake_commerce_serve_pages_300"
    let summary = "FakeCommerceServer serving 300-product pages of 10,000 products to two connections, cold and warm"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let large = FakeCommerce()  // its own, so the first pass is cold whatever ran before
        try large.seedCatalog(productCount: 10_000)
        let server = try FakeCommerceServer(fake: large)
        let transport = URLSessionTransport(maximumConnectionsPerHost: 2)
        defer {
            transport.shutdown()
            server.shutdown()
        }
        let signer = OAuth1Signer(credentials: large.options.integration)
        let pages = (10_000 + 299) / 300
        var rates: [Double] = []
        for _ in 0..<3 {
            let stopwatch = Stopwatch()
            let bytes = try await withThrowingTaskGroup(of: Int.self) { group in
                for lane in 0..<2 {
                    group.addTask {
                        var bytes = 0
                        for page in stride(from: lane + 1, through: pages, by: 2) {
                            let url = URL(
                                string: server.baseURL.absoluteString
                                    + "/rest/default/V1/products?searchCriteria%5BpageSize%5D=300"
                                    + "&searchCriteria%5BcurrentPage%5D=\(page)")!
                            var request = HTTPRequest(method: .get, url: url)
                            request.headers["Authorization"] = signer.authorizationHeader(
                                method: .get, url: url, timestamp: Int(large.options.time.now().timeIntervalSince1970))
                            let response = try await transport.send(request)
                            precondition(response.status == 200, "page \(page) answered \(response.status)")
                            bytes += response.body.count
                        }
                        return bytes
                    }
                }
                var total = 0
                for try await lane in group { total += lane }
                return total
            }
            precondition(bytes > 10_000 * 100, "served only \(bytes) bytes")
            rates.append(10_000 / stopwatch.elapsedSeconds)
        }
        return [
            "cold_products_per_second": rounded(rates[0]),
            "warm_products_per_second": rounded(rates.dropFirst().max() ?? 0),
        ]
    }
}
