// event-driven-connector: orders reach the ERP through Commerce events, end to end on loopback.
//
//   swift run event-driven-connector                 (I/O Events webhook deliveries to the built-in HTTP server)
//   swift run event-driven-connector --journal       (pull from the I/O Events journal instead: no inbound traffic)
//   swift run event-driven-connector --orders 500
//
// FakeCommerce is served over HTTP on 127.0.0.1 and subscribed to order events through its REST routes, as a real
// store is (`POST /V1/eventing/eventSubscribe`). It signs each delivery as Adobe I/O does, delivers some twice and
// out of order; the connector verifies the signatures with the key it fetches, files the events in the SQLite
// store's inbox (duplicates recognised), and exports each order to the ERP once, reporting how long each order took
// from checkout to the ERP.
import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import CommerceBridge
import CommerceBridgeHTTPServer
import CommerceBridgeSQLite
import CommerceBridgeTesting
import Foundation
import Synchronization

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") {
    print("usage: event-driven-connector [--journal] [--orders N]")
    exit(0)
}
let usesJournal = arguments.contains("--journal")
let orderCount =
    arguments.firstIndex(of: "--orders").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
    ?? 200

/// The ERP's order book, noting when each order arrived.
final class TimedERP: OrderSink {
    let erp: FakeERP
    let arrivals = Mutex<[String: (at: ContinuousClock.Instant, calls: Int)]>([:])
    init(_ erp: FakeERP) { self.erp = erp }

    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        let number = try await erp.createOrder(order, idempotencyKey: idempotencyKey)
        arrivals.withLock { arrivals in
            let previous = arrivals[order.commerceOrderNumber]
            arrivals[order.commerceOrderNumber] = (previous?.at ?? .now, (previous?.calls ?? 0) + 1)
        }
        return number
    }

    func orderStatus(erpOrderNumber: String) async throws -> String {
        try await erp.orderStatus(erpOrderNumber: erpOrderNumber)
    }
}

let directory = URL(fileURLWithPath: ".build/event-driven-connector")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
let storeFile = directory.appending(path: "connector.sqlite")
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storeFile.path + suffix) }
let store = try SQLiteConnectorStore(path: storeFile.path)

// Commerce: FakeCommerce over HTTP, with a catalog to order from.
let fake = FakeCommerce()
try fake.seedCatalog(productCount: 20)
let commerceServer = try FakeCommerceServer(fake: fake)
let transport = URLSessionTransport(maximumConnectionsPerHost: 8)
let commerce = AdobeCommerceClient(
    configuration: AdobeCommerceConfiguration(
        baseURL: commerceServer.baseURL, authentication: .integration(fake.options.integration)),
    transport: transport)

let erp = TimedERP(FakeERP(time: .system))
let orders = DualWriteOrderEngine(commerce: commerce, sink: erp, fulfillment: nil, store: store, time: .system)
var inbox = InboxProcessor.Configuration()
inbox.pollInterval = .milliseconds(20)
let connector = EventDrivenConnector(store: store, orders: orders, configuration: inbox, time: .system)
try await connector.subscribe(using: commerce)
print(
    "subscribed FakeCommerce on \(commerceServer.baseURL) to \(connector.subscriptions.map(\.name).joined(separator: ", "))"
)

// Events in: a signed webhook on the built-in server, or the journal.
let clientID = "event-driven-connector"
let intake = StoreEventIntake(store: store, source: usesJournal ? "journal" : "io-events")
let received = Mutex(0)
var server: HTTPServer?
var delivery: FakeEventDelivery?
var pumping: Task<Void, Never>?
if usesJournal {
    let journal = IOEventsJournal(
        url: commerceServer.baseURL.appending(path: String(FakeCommerce.journalPath.dropFirst())),
        credentials: .init(clientID: clientID, organizationID: "fake-org@AdobeOrg", accessToken: { "fake-token" }),
        transport: transport)
    let pump = EventSourcePump(source: IOEventsJournalSource(journal: journal, store: store), intake: intake)
    pumping = Task { await pump.run(backoff: .milliseconds(50)) }
    print("reading the I/O Events journal at \(FakeCommerce.journalPath)")
} else {
    let webhook = IOEventsWebhook(
        configuration: .init(clientID: clientID),
        publicKeys: IOEventsPublicKeys(transport: transport, host: commerceServer.baseURL)
    ) { events in
        try await intake.receive(events)
        received.withLock { $0 += events.count }
    }
    var router = HTTPRouter()
    router.route("/commerce/events", to: webhook)
    let listening = try HTTPServer(endpoint: router)
    server = listening
    let url = URL(string: "http://127.0.0.1:\(listening.port)/commerce/events")!
    let pushing = FakeEventDelivery(
        fake: fake, to: .url(url, transport), clientID: clientID,
        options: .init(batchSize: 5, duplicates: true, shuffles: true))
    pushing.start(every: .milliseconds(10))
    delivery = pushing
    print("receiving signed I/O Events deliveries at \(url) (each delivered twice, out of order)")
}
let running = Task { await connector.run() }

// Checkout: orders placed over a few seconds.
var placedAt: [String: ContinuousClock.Instant] = [:]
for index in 0..<orderCount {
    let order = try fake.placeOrder(
        customerEmail: "shopper\(index % 40)@example.com",
        lines: [.init(sku: "SKU-0000\(String(format: "%02d", index % 20 + 1))", quantity: Decimal(1 + index % 3))])
    placedAt[order.incrementID ?? ""] = .now
    try await Task.sleep(for: .milliseconds(5))
}
print("placed \(orderCount) orders")

let deadline = ContinuousClock.now + .seconds(60)
while erp.arrivals.withLock({ $0.count }) < orderCount, ContinuousClock.now < deadline {
    try await Task.sleep(for: .milliseconds(20))
}
running.cancel()
pumping?.cancel()
delivery?.stop()
await server?.shutdown()

let arrivals = erp.arrivals.withLock { $0 }
let latencies = placedAt.compactMap { number, placed in arrivals[number].map { placed.duration(to: $0.at) } }.sorted()
func percentile(_ fraction: Double, of sorted: [Duration]) -> String {
    guard !sorted.isEmpty else { return "-" }
    let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    return "\(Int((value.seconds * 1000).rounded())) ms"
}
let twice = arrivals.values.filter { $0.calls > 1 }.count
let status = try await store.inboxStatus(now: Date())
print(
    """
    exported \(arrivals.count) of \(orderCount) orders to the ERP; sent twice: \(twice)
    checkout → ERP latency: p50 \(percentile(0.5, of: latencies)), p99 \(percentile(0.99, of: latencies)), max \(percentile(1, of: latencies))
    inbox: \(status)
    """)
if !usesJournal { print("deliveries received (duplicates included): \(received.withLock { $0 })") }
exit(arrivals.count == orderCount && twice == 0 ? 0 : 1)

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
