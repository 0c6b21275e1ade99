import AdobeCommerce
import AdobeCommerceTesting
import Foundation

/// What several benchmarks share, each built on first use and kept for the rest of the run.
///
/// A benchmark that is filtered out costs nothing here: the 10,000-product catalog, for one, is seeded only when
/// the paging or the loopback HTTP benchmark asks for it.
@MainActor
final class Fixtures {
    /// A 300-product catalog with 100 orders of 3 lines, and the raw JSON of a page of each.
    struct SmallCatalog {
        /// The store: 300 products, then 100 orders placed after ``productPage`` was read.
        var fake: FakeCommerce
        /// The body of a search for 300 products, exactly as the store sends it.
        var productPage: Data
        /// The body of a search for 100 orders, exactly as the store sends it.
        var orderPage: Data
    }

    private var small: SmallCatalog?
    private var large: FakeCommerce?
    private var scratch: URL?
    private var kept: [AnyObject] = []

    /// The 300-product, 100-order catalog the decoding benchmarks read.
    func smallCatalog() async throws -> SmallCatalog {
        if let small { return small }
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 300)
        let productPage = try await Self.searchBody(fake, "products", pageSize: 300)
        for index in 0..<100 {
            try fake.placeOrder(
                customerEmail: "buyer\(index)@example.com",
                lines: (1...3).map {
                    FakeCommerce.OrderLine(sku: "SKU-00000\(1 + (index + $0) % 9)", quantity: Decimal($0))
                })
        }
        let orderPage = try await Self.searchBody(fake, "orders", pageSize: 100)
        let built = SmallCatalog(fake: fake, productPage: productPage, orderPage: orderPage)
        small = built
        return built
    }

    /// A `FakeCommerce` seeded with 10,000 products (`SKU-000001` to `SKU-010000`).
    func largeCatalog() throws -> FakeCommerce {
        if let large { return large }
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 10_000)
        large = fake
        return fake
    }

    /// A temporary directory for the SQLite files, removed by ``finish()``.
    func scratchDirectory() throws -> URL {
        if let scratch { return scratch }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("commerce-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        scratch = directory
        return directory
    }

    /// Keeps `objects` alive until ``finish()``, as when the benchmarks were one script.
    ///
    /// Releasing a SQLite store closes its file and checkpoints the WAL, and releasing 100,000 products takes a
    /// while; done when a benchmark returns, either could overlap the next benchmark's timing.
    func keepUntilEnd(_ objects: AnyObject...) {
        kept.append(contentsOf: objects)
    }

    /// Releases what ``keepUntilEnd(_:)`` kept, then removes the scratch directory if a benchmark made one.
    func finish() {
        kept.removeAll()
        guard let scratch else { return }
        try? FileManager.default.removeItem(at: scratch)
        self.scratch = nil
    }

    /// The raw JSON body of one search through the fake, exactly as the store would send it.
    private static func searchBody(_ fake: FakeCommerce, _ path: String, pageSize: Int) async throws -> Data {
        let url = URL(
            string: "http://commerce.test/rest/default/V1/\(path)?searchCriteria%5BpageSize%5D=\(pageSize)")!
        var request = HTTPRequest(method: .get, url: url)
        request.headers["Authorization"] = OAuth1Signer(credentials: fake.options.integration).authorizationHeader(
            method: .get, url: url, timestamp: Int(fake.options.time.now().timeIntervalSince1970))
        return try await fake.send(request).body
    }
}
