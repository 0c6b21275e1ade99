// commerce-bench: throughput of the Adobe Commerce client's hot paths, printed as JSON.
// Run with `swift run -c release commerce-bench` (debug builds are many times slower).
import AdobeCommerce
import CommerceBridgeTesting
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Peak resident set size of this process in MiB.
func peakRSSMiB() -> Double {
    var usage = rusage()
    #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
    #else
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    #endif
}

/// Runs `body` `iterations` times and returns the seconds taken.
func measure(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<iterations { try body() }
    let elapsed = start.duration(to: clock.now).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
}

func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

/// The raw JSON body of one search through the fake, exactly as the store would send it.
func searchBody(_ fake: FakeCommerce, _ path: String, pageSize: Int) async throws -> Data {
    let url = URL(string: "http://commerce.test/rest/default/V1/\(path)?searchCriteria%5BpageSize%5D=\(pageSize)")!
    var request = HTTPRequest(method: .get, url: url)
    request.headers["Authorization"] = OAuth1Signer(credentials: fake.options.integration).authorizationHeader(
        method: .get, url: url)
    return try await fake.send(request).body
}

var results: [String: [String: Double]] = [:]

// 1. Decode a 300-product page and a 100-order page.
let catalog = FakeCommerce()
try catalog.seedCatalog(productCount: 300)
let productPage = try await searchBody(catalog, "products", pageSize: 300)
for index in 0..<100 {
    try catalog.placeOrder(
        customerEmail: "buyer\(index)@example.com",
        lines: (1...3).map { FakeCommerce.OrderLine(sku: "SKU-00000\(1 + (index + $0) % 9)", quantity: Decimal($0)) })
}
let orderPage = try await searchBody(catalog, "orders", pageSize: 100)
let decoder = JSONDecoder()
for (name, body, items, iterations, decode) in [
    (
        "decode_products_page_300", productPage, 300, 40,
        { _ = try decoder.decode(SearchResults<Product>.self, from: productPage) }
    ),
    (
        "decode_orders_page_100", orderPage, 100, 40,
        { _ = try decoder.decode(SearchResults<Order>.self, from: orderPage) }
    ),
] as [(String, Data, Int, Int, () throws -> Void)] {
    try decode()  // warm up
    let seconds = try measure(iterations: iterations, decode)
    results[name] = [
        "bytes_per_page": Double(body.count),
        "mb_per_second": rounded(Double(body.count * iterations) / seconds / 1_000_000),
        "items_per_second": rounded(Double(items * iterations) / seconds),
    ]
}

// 2. Page 10,000 products through FakeCommerce with the signed client.
let large = FakeCommerce()
try large.seedCatalog(productCount: 10_000)
let client = large.makeClient()
let pagingClock = ContinuousClock()
let pagingStart = pagingClock.now
var paged = 0
for try await _ in client.products.all(SearchCriteria().page(size: 300)) { paged += 1 }
let pagingTime = pagingStart.duration(to: pagingClock.now).components
let pagingSeconds = Double(pagingTime.seconds) + Double(pagingTime.attoseconds) / 1e18
precondition(paged == 10_000, "paged \(paged) products instead of 10,000")
results["page_10000_products_via_fake"] = [
    "items": Double(paged), "requests": Double(large.requestCount(for: .productsSearch)),
    "items_per_second": rounded(Double(paged) / pagingSeconds), "seconds": rounded(pagingSeconds * 100) / 100,
    "peak_rss_mib": rounded(peakRSSMiB()),
]

// 3. Sign 100,000 OAuth 1.0a requests.
let signer = OAuth1Signer(
    credentials: IntegrationCredentials(
        consumerKey: "ck", consumerSecret: "cs", accessToken: "at", accessTokenSecret: "ts"))
let signURL = URL(
    string:
        "https://shop.example.com/rest/default/V1/products?searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=sku"
        + "&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=24-MB%25&searchCriteria%5BpageSize%5D=100"
)!
var signatureBytes = 0
let signSeconds = measure(iterations: 100_000) {
    signatureBytes &+=
        signer.authorizationHeader(method: .get, url: signURL, nonce: "n", timestamp: 1_700_000_000).utf8.count
}
results["sign_oauth_100000"] = [
    "signatures_per_second": rounded(100_000 / signSeconds), "seconds": rounded(signSeconds * 100) / 100,
]

results["process"] = ["peak_rss_mib": rounded(peakRSSMiB())]
let output = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
print(String(decoding: output, as: UTF8.self))
