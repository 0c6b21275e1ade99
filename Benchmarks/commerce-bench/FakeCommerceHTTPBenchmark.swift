import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession

/// Reads 2,000 products by SKU through URLSession from `FakeCommerceServer` on loopback, signed, 8 at a time.
struct FakeCommerceHTTPBenchmark: Benchmark {
    let name = "fake_commerce_http_2000_reads"
    let summary = "2,000 signed product reads through URLSession from FakeCommerceServer on loopback, 8 at a time"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let large = try fixtures.largeCatalog()
        let server = try FakeCommerceServer(fake: large)
        let transport = URLSessionTransport(maximumConnectionsPerHost: 8)
        defer {
            transport.shutdown()
            server.shutdown()
        }
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: server.baseURL, authentication: .integration(large.options.integration)),
            transport: transport)
        let stopwatch = Stopwatch()
        let reads = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var read = 0
                    for index in stride(from: worker, to: 2_000, by: 8) {
                        let sku =
                            "SKU-" + String(repeating: "0", count: 6 - String(index % 10_000 + 1).count)
                            + String(index % 10_000 + 1)
                        if try await client.products.get(sku: sku).sku == sku { read += 1 }
                    }
                    return read
                }
            }
            var total = 0
            for try await read in group { total += read }
            return total
        }
        let seconds = stopwatch.elapsedSeconds
        precondition(reads == 2_000, "read \(reads) products over HTTP instead of 2,000")
        return [
            "requests": 2_000, "requests_per_second": rounded(2_000 / seconds),
            "connections": Double(server.acceptedConnections),
        ]
    }
}
