// commerce-bench: throughput of the Adobe Commerce client's hot paths, printed as JSON.
// Run with `swift run -c release commerce-bench` (debug builds are many times slower).
import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import CSQLite
import CommerceBridge
import CommerceBridgeSQLite
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

/// The product search document the GraphQL client sends, with its fragments.
enum CatalogGraphQLBenchmark {
    static let document = """
        query ProductSearch($pageSize: Int, $filter: ProductAttributeFilterInput) {
          products(filter: $filter, pageSize: $pageSize) {
            total_count
            page_info { current_page page_size total_pages }
            aggregations { attribute_code label count options { label value count } }
            items {
              __typename
              uid
              sku
              name
              url_key
              stock_status
              price_range {
                minimum_price { regular_price { value currency } final_price { value currency } discount { amount_off percent_off } }
                maximum_price { regular_price { value currency } final_price { value currency } discount { amount_off percent_off } }
              }
              media_gallery { url label position disabled }
              categories { uid name url_path level }
            }
          }
        }
        """
}

extension Date {
    var millisecondsSince1970Value: Int64 { Int64(timeIntervalSince1970 * 1000) }
}

/// The raw JSON body of one search through the fake, exactly as the store would send it.
func searchBody(_ fake: FakeCommerce, _ path: String, pageSize: Int) async throws -> Data {
    let url = URL(string: "http://commerce.test/rest/default/V1/\(path)?searchCriteria%5BpageSize%5D=\(pageSize)")!
    var request = HTTPRequest(method: .get, url: url)
    request.headers["Authorization"] = OAuth1Signer(credentials: fake.options.integration).authorizationHeader(
        method: .get, url: url, timestamp: Int(fake.options.time.now().timeIntervalSince1970))
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

// 1b. Decode a 100-product GraphQL search response (the storefront's product fields, with facets).
let graphQLBody = try await {
    var request = HTTPRequest(method: .post, url: URL(string: "http://commerce.test/graphql")!)
    request.headers["Content-Type"] = "application/json"
    let document = CatalogGraphQLBenchmark.document
    request.body = try JSONEncoder().encode(
        [
            "query": JSONValue.string(document), "operationName": "ProductSearch",
            "variables": ["pageSize": 100, "filter": [:]],
        ])
    return try await catalog.send(request).body
}()
struct GraphQLSearchBody: Decodable {
    struct Data: Decodable { var products: StorefrontProductPage? }
    var data: Data?
}
let graphQLDecoder = JSONDecoder()
graphQLDecoder.keyDecodingStrategy = .convertFromSnakeCase
let graphQLItems =
    try graphQLDecoder.decode(GraphQLSearchBody.self, from: graphQLBody).data?.products?.items?.count ?? 0
precondition(graphQLItems == 100, "the GraphQL page holds \(graphQLItems) products")
let graphQLSeconds = try measure(iterations: 40) {
    _ = try graphQLDecoder.decode(GraphQLSearchBody.self, from: graphQLBody)
}
results["decode_graphql_products_100"] = [
    "bytes_per_page": Double(graphQLBody.count), "items_per_second": rounded(Double(100 * 40) / graphQLSeconds),
    "mb_per_second": rounded(Double(graphQLBody.count * 40) / graphQLSeconds / 1_000_000),
]

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

// 4. Outbox on SQLite: enqueue + claim + acknowledge, against raw SQLite inserts of the same rows.
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commerce-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let outboxMessages = 50_000
let batch = 100
let payload = Data(String(repeating: "x", count: 300).utf8)
let outboxStore = try SQLiteConnectorStore(path: directory.appendingPathComponent("outbox.sqlite").path)
let epoch = Date(timeIntervalSince1970: 1_800_000_000)
let outboxClock = ContinuousClock()
let outboxStart = outboxClock.now
for start in stride(from: 0, to: outboxMessages, by: batch) {
    try await outboxStore.enqueue(
        (start..<start + batch).map {
            OutboxMessage.Draft(
                destination: "erp", topic: "order.export", idempotencyKey: "order-\($0)", correlationID: "c-\($0)",
                payload: payload)
        }, now: epoch)
    let leases = try await outboxStore.claim(destination: nil, limit: batch, leaseDuration: .seconds(60), now: epoch)
    var changes = StoreChanges(time: epoch)
    for lease in leases { changes.acknowledge(lease) }
    try await outboxStore.commit(changes)
}
let outboxSeconds =
    Double(outboxStart.duration(to: outboxClock.now).components.seconds)
    + Double(outboxStart.duration(to: outboxClock.now).components.attoseconds) / 1e18
let leftOver = try await outboxStore.outboxStatus(now: epoch).totalPending
precondition(leftOver == 0)

var raw: OpaquePointer?
sqlite3_open(directory.appendingPathComponent("raw.sqlite").path, &raw)
sqlite3_exec(raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", nil, nil, nil)
sqlite3_exec(
    raw,
    "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, destination TEXT NOT NULL, topic TEXT NOT NULL, "
        + "idempotency_key TEXT NOT NULL UNIQUE, correlation_id TEXT NOT NULL, payload BLOB NOT NULL, attempts INTEGER NOT NULL "
        + "DEFAULT 0, created_at INTEGER NOT NULL, available_at INTEGER NOT NULL, lease_token TEXT, lease_expires_at INTEGER, "
        + "history TEXT NOT NULL DEFAULT '[]'); CREATE INDEX outbox_due ON outbox (available_at, id);", nil, nil, nil)
var insert: OpaquePointer?
sqlite3_prepare_v2(
    raw,
    "INSERT INTO outbox (destination, topic, idempotency_key, correlation_id, payload, created_at, available_at) "
        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", -1, &insert, nil)
let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
let rawStart = outboxClock.now
for start in stride(from: 0, to: outboxMessages, by: batch) {
    sqlite3_exec(raw, "BEGIN IMMEDIATE", nil, nil, nil)
    for index in start..<start + batch {
        sqlite3_bind_text(insert, 1, "erp", -1, transient)
        sqlite3_bind_text(insert, 2, "order.export", -1, transient)
        sqlite3_bind_text(insert, 3, "order-\(index)", -1, transient)
        sqlite3_bind_text(insert, 4, "c-\(index)", -1, transient)
        _ = payload.withUnsafeBytes { sqlite3_bind_blob(insert, 5, $0.baseAddress, Int32($0.count), transient) }
        sqlite3_bind_int64(insert, 6, epoch.millisecondsSince1970Value)
        precondition(sqlite3_step(insert) == SQLITE_DONE)
        sqlite3_reset(insert)
    }
    sqlite3_exec(raw, "COMMIT", nil, nil, nil)
}
let rawDuration = rawStart.duration(to: outboxClock.now).components
let rawSeconds = Double(rawDuration.seconds) + Double(rawDuration.attoseconds) / 1e18
sqlite3_finalize(insert)
sqlite3_close(raw)
let outboxRate = Double(outboxMessages) / outboxSeconds
let rawRate = Double(outboxMessages) / rawSeconds
results["outbox_sqlite_enqueue_claim_ack"] = [
    "messages": Double(outboxMessages), "batch": Double(batch), "messages_per_second": rounded(outboxRate),
    "raw_insert_messages_per_second": rounded(rawRate),
    "raw_to_outbox_ratio": (rawRate / outboxRate * 100).rounded() / 100,
]

// 5. ID map lookups on SQLite.
let mapStore = try SQLiteConnectorStore(path: directory.appendingPathComponent("idmap.sqlite").path)
let mappingCount = 10_000
for index in 0..<mappingCount {
    let key = MappingKey(.order, from: .commerce, "\(index)", to: .erp)
    _ = try await mapStore.claimMapping(key, token: "t\(index)", now: epoch)
    if index % 500 == 499 {
        var changes = StoreChanges(time: epoch)
        for done in (index - 499)...index {
            changes.completeMapping(
                MappingKey(.order, from: .commerce, "\(done)", to: .erp), token: "t\(done)", targetID: "SO-\(done)")
        }
        try await mapStore.commit(changes)
    }
}
let lookupStart = outboxClock.now
var found = 0
for round in 0..<50_000 {
    if case .mapped = try await mapStore.mapping(
        MappingKey(.order, from: .commerce, "\(round % mappingCount)", to: .erp))
    {
        found += 1
    }
}
let lookupDuration = lookupStart.duration(to: outboxClock.now).components
precondition(found == 50_000)
results["id_map_lookups_sqlite"] = [
    "lookups_per_second": rounded(
        50_000 / (Double(lookupDuration.seconds) + Double(lookupDuration.attoseconds) / 1e18)),
    "mappings": Double(mappingCount),
]

// 6. Ownership checks and conflict resolutions.
let ownership = OwnershipRules.seedDefaults
let policy = ConflictPolicy.ownerWins(ownership).then(.fieldMerge(ownership)).then(.lastWriterWins())
func benchmarkConflict(_ index: Int) -> Conflict {
    let kind: EntityKind = index % 2 == 0 ? .order : .customer
    let current: [String: JSONValue] = ["status": "processing", "email": .string("a\(index)@x.com")]
    let incoming: [String: JSONValue] = ["status": "shipped", "email": .string("b\(index)@x.com")]
    return Conflict(
        entity: EntityReference(kind, .commerce, String(index)), scope: index % 4 == 0 ? "exported" : nil,
        current: VersionedRecord(system: .commerce, fields: current, version: Int64(index)),
        incoming: VersionedRecord(system: .erp, fields: incoming, version: Int64(index + 1)))
}
let conflicts = (0..<1_000).map(benchmarkConflict)
var decided = 0
let decisionSeconds = measure(iterations: 200) {
    for conflict in conflicts {
        let check = ownership.evaluate(
            kind: conflict.entity.kind, fields: ["status"], origin: .erp, scope: conflict.scope)
        let resolution = policy.resolve(conflict)
        if check.disposition != .park, resolution.outcome != .review { decided += 1 }
    }
}
results["ownership_and_conflict_decisions"] = [
    "decisions_per_second": rounded(Double(200 * conflicts.count) / decisionSeconds), "decided": Double(decided),
]

// 7. Pricing on demand: cached answers, and 1,000 concurrent misses for one context.
let pricingERP = FakeERP(time: .system)
await pricingERP.setPrice(sku: "BOLT", price: 10)
await pricingERP.setPrice(sku: "BOLT", price: 8, group: 2, minimumQuantity: 100)
let pricing = PricingEngine(prices: pricingERP, time: .system) { _ in nil }
let warmContext = PricingContext(sku: "BOLT", customerGroupID: 2, quantity: 100)
_ = try await pricing.price(for: warmContext)
let hitStart = outboxClock.now
for _ in 0..<100_000 { _ = try await pricing.price(for: warmContext) }
let hitDuration = hitStart.duration(to: outboxClock.now).components
let hitSeconds = Double(hitDuration.seconds) + Double(hitDuration.attoseconds) / 1e18
var slowFaults = FakeERP.Faults()
slowFaults.latency = .milliseconds(50) ... .milliseconds(50)
await pricingERP.setFaults(slowFaults)
let coldContext = PricingContext(sku: "BOLT", customerGroupID: 7, quantity: 3)
let callsBefore = await pricingERP.calls["price"] ?? 0
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<1_000 { group.addTask { _ = try await pricing.price(for: coldContext) } }
    try await group.waitForAll()
}
let missCalls = (await pricingERP.calls["price"] ?? 0) - callsBefore
results["pricing_on_demand"] = [
    "cache_hit_microseconds": (hitSeconds / 100_000 * 1_000_000 * 100).rounded() / 100,
    "concurrent_misses": 1_000, "erp_calls_for_concurrent_misses": Double(missCalls),
]

// 8. Order export through the SQLite outbox into FakeERP.
let exportStore = try SQLiteConnectorStore(path: directory.appendingPathComponent("export.sqlite").path)
let exportERP = FakeERP(time: .system)
let exportCount = 5_000
for start in stride(from: 0, to: exportCount, by: 500) {
    try await exportStore.enqueue(
        (start..<start + 500).map {
            OutboxMessage.Draft(
                destination: "erp", topic: "order.export", idempotencyKey: "export-\($0)", payload: Data("\($0)".utf8))
        }, now: Date())
}
var exportConfiguration = OutboxDispatcher.Configuration()
exportConfiguration.batchSize = 100
exportConfiguration.defaultPolicy.maximumConcurrency = 8
let exporter = OutboxDispatcher(store: exportStore, configuration: exportConfiguration, time: .system) { message, _ in
    let order = ERPOrderRequest(
        commerceOrderNumber: String(decoding: message.payload, as: UTF8.self), customerEmail: "bench@example.com",
        lines: [.init(sku: "BOLT", quantity: 1, unitPrice: 10)], grandTotal: 10, currency: "USD")
    _ = try await exportERP.createOrder(order, idempotencyKey: message.idempotencyKey)
}
let exportStart = outboxClock.now
let exportReport = try await exporter.drain()
let exportDuration = exportStart.duration(to: outboxClock.now).components
let exportSeconds = Double(exportDuration.seconds) + Double(exportDuration.attoseconds) / 1e18
let exportedOrders = await exportERP.orders.count
precondition(exportReport.delivered == exportCount && exportedOrders == exportCount)
results["order_export_sqlite_outbox_to_fake_erp"] = [
    "orders": Double(exportCount), "orders_per_second": rounded(Double(exportCount) / exportSeconds),
]

// 9. Catalog delta detection over 100,000 products with 1% changed.
let catalogStore = FakeCommerce()
let pim = FakeERP(time: .system)
let catalogSize = 100_000
for index in 0..<catalogSize {
    await pim.setProduct(
        sku: "C-\(index)", attributes: ["name": "Catalog product \(index)", "description": "Text \(index)"])
}
var catalogConfiguration = CatalogSyncEngine.Configuration()
catalogConfiguration.pageSize = catalogSize
let catalogEngine = CatalogSyncEngine(
    commerce: catalogStore.makeClient(), source: pim, store: InMemoryConnectorStore(),
    configuration: catalogConfiguration,
    time: .system)
let loadStart = outboxClock.now
let initial = try await catalogEngine.sync()
let loadDuration = loadStart.duration(to: outboxClock.now).components
precondition(initial.completed == catalogSize)
for index in stride(from: 0, to: catalogSize, by: 100) {
    await pim.setProduct(sku: "C-\(index)", attributes: ["name": "Renamed \(index)", "description": "Text \(index)"])
}
let detectStart = outboxClock.now
let delta = try await catalogEngine.fullPass(detectDrift: false)
let detectDuration = detectStart.duration(to: outboxClock.now).components
let detectSeconds = Double(detectDuration.seconds) + Double(detectDuration.attoseconds) / 1e18
let changedCount = catalogSize / 100
precondition(delta.changed == changedCount && delta.completed == changedCount)
results["catalog_delta_100000_products_1_percent_changed"] = [
    "products": Double(catalogSize), "changed": Double(delta.changed),
    "detection_and_push_products_per_second": rounded(Double(catalogSize) / detectSeconds),
    "bulk_calls": Double(delta.bulkRequests),
    "minimum_bulk_calls": Double((changedCount + 4_999) / 5_000),
    "initial_load_products_per_second": rounded(
        Double(catalogSize) / (Double(loadDuration.seconds) + Double(loadDuration.attoseconds) / 1e18)),
]

// 12. FakeCommerce over loopback HTTP: 2,000 signed product reads, 8 at a time, through URLSession.
let server = try FakeCommerceServer(fake: large)
let httpTransport = URLSessionTransport(maximumConnectionsPerHost: 8)
let httpClient = AdobeCommerceClient(
    configuration: AdobeCommerceConfiguration(
        baseURL: server.baseURL, authentication: .integration(large.options.integration)),
    transport: httpTransport)
let httpStart = ContinuousClock.now
let httpReads = try await withThrowingTaskGroup(of: Int.self) { group in
    for worker in 0..<8 {
        group.addTask {
            var read = 0
            for index in stride(from: worker, to: 2_000, by: 8) {
                let sku =
                    "SKU-" + String(repeating: "0", count: 6 - String(index % 10_000 + 1).count)
                    + String(index % 10_000 + 1)
                if try await httpClient.products.get(sku: sku).sku == sku { read += 1 }
            }
            return read
        }
    }
    var total = 0
    for try await read in group { total += read }
    return total
}
let httpDuration = httpStart.duration(to: ContinuousClock.now).components
let httpSeconds = Double(httpDuration.seconds) + Double(httpDuration.attoseconds) / 1e18
precondition(httpReads == 2_000, "read \(httpReads) products over HTTP instead of 2,000")
results["fake_commerce_http_2000_reads"] = [
    "requests": 2_000, "requests_per_second": rounded(2_000 / httpSeconds),
    "connections": Double(server.acceptedConnections),
]
httpTransport.shutdown()
server.shutdown()

results["process"] = ["peak_rss_mib": rounded(peakRSSMiB())]
let output = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
print(String(decoding: output, as: UTF8.self))
