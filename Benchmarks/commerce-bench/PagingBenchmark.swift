import AdobeCommerce
import AdobeCommerceTesting

/// Pages 10,000 products through `FakeCommerce` with the signed client, 300 per page.
struct PagingBenchmark: Benchmark {
    let name = "page_10000_products_via_fake"
    let summary = "page 10,000 products through FakeCommerce with the signed client, 300 per page"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let large = try fixtures.largeCatalog()
        let client = large.makeClient()
        let stopwatch = Stopwatch()
        var paged = 0
        for try await _ in client.products.all(SearchCriteria().page(size: 300)) { paged += 1 }
        let seconds = stopwatch.elapsedSeconds
        precondition(paged == 10_000, "paged \(paged) products instead of 10,000")
        return [
            "items": Double(paged), "requests": Double(large.requestCount(for: .productsSearch)),
            "items_per_second": rounded(Double(paged) / seconds), "seconds": rounded(seconds * 100) / 100,
            "peak_rss_mib": rounded(peakRSSMiB()),
        ]
    }
}
