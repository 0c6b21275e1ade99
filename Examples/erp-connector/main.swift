// erp-connector: a complete connector between Adobe Commerce and a small ERP kept in a SQLite file.
//
//   swift run erp-connector
//   swift run erp-connector --store 'postgres://connector@db.internal/bridge?sslmode=require'
//   swift run erp-connector --workers 4 --store 'postgres://…'     (four worker processes sharing the store)
//   swift run erp-connector --help
//
// Catalog (initial load, then deltas) with configurable products from the ERP's styles, inventory, the full
// inventory and catalog through Magento's import routes, orders dual-written with ERP numbers written back, shipments
// with tracking and invoices flowing back, the ERP's after-sales (comments, holds, cancellations, credit notes,
// returns) brought to Commerce and the store's cancellations and credit memos sent to the ERP, pricing on demand and
// the ERP's price list pushed, the customer master, and a reconciliation pass.
// By default it runs against FakeCommerce served over HTTP on 127.0.0.1; set COMMERCE_BASE_URL and the
// integration's four OAuth values to run the same work against a real store. Files live in
// .build/erp-connector (ERP_CONNECTOR_DATA to move them); run it twice and the second run sends only deltas. The
// connector's store is connector.sqlite there, or PostgreSQL with --store postgres://… (workers on many hosts).
import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import CommerceBridge
import CommerceBridgePostgres
import CommerceBridgeSQLite
import Foundation

let settings: ConnectorSettings
do {
    settings = try ConnectorSettings(
        environment: ProcessInfo.processInfo.environment, arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("erp-connector: \(error)\n".utf8))
    exit(64)
}
if settings.help {
    print(ConnectorSettings.usage)
    exit(0)
}
if let count = settings.workers { exit(await Supervisor(settings: settings, count: count).run()) }
if let worker = settings.worker {
    exit(await WorkerRun(settings: settings, index: worker.index, run: worker.run).run())
}
let display = ProgressDisplay()
let metrics = ConnectorMetrics()

try FileManager.default.createDirectory(at: settings.dataDirectory, withIntermediateDirectories: true)
let erp = try SampleERP(path: settings.file("erp.sqlite").path)
let run = try await erp.beginRun()
let seeded = try await erp.seedIfEmpty(items: 400, accounts: 25, now: Date())
let store: any ConnectorStore
switch settings.store {
case .sqlite(let file): store = try SQLiteConnectorStore(path: file.path)
case .postgres(let connection): store = try await PostgresConnectorStore(connectionString: connection)
}

// Commerce: the real store, or FakeCommerce restored from the last run and served on loopback.
let fake: FakeCommerce?
let server: FakeCommerceServer?
let commerceURL: URL
let authentication: CommerceAuthentication
switch settings.commerce {
case .real(let url, let credentials):
    (fake, server, commerceURL, authentication) = (nil, nil, url, credentials)
case .fake(let snapshot):
    let restored =
        FileManager.default.fileExists(atPath: snapshot.path)
        ? try FakeCommerce(snapshot: Data(contentsOf: snapshot)) : FakeCommerce()
    if !FileManager.default.fileExists(atPath: snapshot.path) {
        for index in 1...5 {
            _ = try restored.add(
                Customer(email: "shopper\(index)@example.com", firstname: "Shopper", lastname: "No. \(index)"))
        }
    }
    let served = try FakeCommerceServer(fake: restored)
    (fake, server, commerceURL, authentication) = (
        restored, served, served.baseURL, .integration(restored.options.integration)
    )
}
let transport = URLSessionTransport(maximumConnectionsPerHost: 8)
var configuration = AdobeCommerceConfiguration(
    baseURL: commerceURL, storeCode: settings.storeCode, authentication: authentication)
configuration.observer = metrics
let commerce = AdobeCommerceClient(configuration: configuration, transport: transport)
let global = commerce.scoped(to: .all)

display.banner(
    run: run,
    commerce: server == nil
        ? "\(commerceURL) (store \(settings.storeCode.rawValue))"
        : "FakeCommerce on \(commerceURL), over HTTP",
    erp: "\(settings.path("erp.sqlite"))\(seeded ? " (seeded now: 400 items, 25 accounts)" : "")",
    store: settings.storeArgument)

// Who owns what: the ERP is also the product master here; customers are shared and the later write wins.
let ownership = OwnershipRules.seedDefaults.overriding(.product, owner: .erp).overriding(.customer, owner: .shared)
let time = TimeSource.system

if run > 1 {
    let activity = try await erp.simulateActivity(run: run, now: Date())
    display.phase("ERP users", "changed \(activity.items) items and \(activity.stock) stock levels since the last run")
}

// 1. Catalog: the first run loads everything; later runs send only what changed (content hash per SKU).
let catalog = CatalogSyncEngine(
    commerce: global, source: erp, origin: .erp, store: store, ownership: ownership, pattern: SampleCatalog(),
    time: time)
display.follow(catalog.progress)
let catalogReport = try await catalog.sync()
display.phase(
    "Catalog",
    "\(catalogReport.read) read, \(catalogReport.changed) changed → \(catalogReport.bulkRequests) bulk request(s), "
        + "\(catalogReport.completed) completed, \(catalogReport.unchanged) unchanged")

// 1b. Product structure: the ERP keeps one SKU per colour and size; the store shows one configurable per style.
let structure = try await runProductStructureStep(
    commerce: commerce, erpFile: settings.file("erp.sqlite").path, store: store, run: run, time: time)
display.phase("Structure", structure.description)

// 2. Inventory: on-hand quantities to MSI source items.
let inventory = InventorySyncEngine(commerce: global, source: erp, store: store, ownership: ownership, time: time)
display.follow(inventory.progress)
let inventoryReport = try await inventory.sync()
display.phase(
    "Inventory",
    "\(inventoryReport.read) levels read, \(inventoryReport.pushed) pushed in \(inventoryReport.requests) request(s)")

// 2b. Batch import: the daily full inventory and the periodic full catalog through Magento's import route (the REST
// engines above already sent the changes, so this pass finds them unchanged and sends only what drifted).
let imported = try await runBatchImport(
    commerce: global, erp: erp, store: store, ownership: ownership, time: time, follow: display.follow)
display.phase(
    "Import", imported.description.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: 19)))

// 3. Shoppers buy (the fake store only; a real store has real shoppers).
if let fake {
    var placed = 0
    let buyers = ["shopper1@example.com", "shopper2@example.com", "shopper3@example.com", "guest\(run)@example.com"]
    var candidate = run * 17
    for index in 0..<6 {
        // Shoppers buy what the store shows in stock (a storefront checks salable quantity; seeding does not).
        var sku = SampleERP.sku(candidate % 400 + 1)
        while (fake.sourceQuantity(sku: sku) ?? 0) < 2 {
            candidate += 1
            sku = SampleERP.sku(candidate % 400 + 1)
        }
        candidate += 29
        _ = try fake.placeOrder(customerEmail: buyers[index % buyers.count], lines: [.init(sku: sku, quantity: 2)])
        placed += 1
    }
    if run == 1 {
        _ = try fake.placeOrder(customerEmail: "hold@example.com", lines: [.init(sku: SampleERP.sku(2), quantity: 1)])
        placed += 1
    }
    display.phase(
        "Shoppers", "placed \(placed) orders in the store\(run == 1 ? " (one from an account on credit hold)" : "")")
}

// 4. Orders: exported through the durable outbox; ERP numbers come back as an order comment and in the ID map.
var orderConfiguration = DualWriteOrderEngine.Configuration()
orderConfiguration.dispatcher.defaultPolicy.retry = RetryPolicy(
    maximumAttempts: 5, initialDelay: .milliseconds(200), maximumDelay: .seconds(2))
let orders = DualWriteOrderEngine(
    commerce: global, sink: erp, fulfillment: erp, store: store, configuration: orderConfiguration, time: time)
display.follow(orders.progress)
var orderTotals = RunSummary.Orders()
orderTotals.add(try await orders.sync())
let newOrders = orderTotals.queued  // later passes re-read the overlap window: count the first pass only
var passes = 1
while passes < 15, try await store.outboxStatus(now: Date()).totalPending > 0 {
    passes += 1
    try await Task.sleep(for: .milliseconds(250))  // the outbox's backoff; a scheduler would just run again
    orderTotals.add(try await orders.sync())
}
display.phase(
    "Orders",
    "\(newOrders) new, \(orderTotals.delivered) exported (\(orderTotals.retried) attempt(s) retried), "
        + "\(orderTotals.deadLettered) dead-lettered")

// 4b. After-sales from the ERP: comments, holds, cancellations, credit notes and returns reach Commerce, each once
// (credit notes and returns from the second run, on orders shipped before).
let lifecycle = try await runOrderLifecycleStep(commerce: global, erp: erp, store: store, run: run, time: time)
display.phase("After-sale", lifecycle.description.replacingOccurrences(of: "order lifecycle: ", with: ""))

// 5. Fulfilment: the warehouse ships; tracking and invoices flow back to Commerce.
let shipped = try await erp.shipOpenOrders(now: Date())
let fulfilment = try await orders.sync()
display.phase(
    "Fulfilment",
    "\(shipped) shipped in the ERP → \(fulfilment.shipments) shipment(s) with tracking, "
        + "\(fulfilment.invoices) invoice(s) in Commerce")

// 5b. After-sales, both ways: the store's cancellations and credit memos go to the ERP.
let adjustments = try await runAdjustmentsStep(
    commerce: global, fake: fake, erp: erp, orders: orders, store: store, time: time)
display.phase("Refunds", adjustments.description)

// 6. Pricing on demand: a 250 ms budget per quote, a session cache, the Commerce price as the fallback.
let pricing = PricingEngine(prices: erp, time: time) { sku in try? await global.products.get(sku: sku).price }
let contexts = [1, 2, 3, 7].flatMap { index in
    [
        PricingContext(sku: SampleERP.sku(index), customerGroupID: 1),
        PricingContext(sku: SampleERP.sku(index), customerGroupID: 2, quantity: 10),
    ]
}
var quotes: [PricingEngine.Source: Int] = [:]
for _ in 0..<2 {
    for context in contexts { quotes[try await pricing.price(for: context).source, default: 0] += 1 }
}
let pricingStatistics = await pricing.statistics
display.phase(
    "Pricing",
    "\(pricingStatistics.requests) quotes: \(quotes[.erp] ?? 0) from the ERP, \(quotes[.cache] ?? 0) cached, "
        + "\((quotes[.lastKnown] ?? 0) + (quotes[.basePrice] ?? 0)) fallback(s) (\(pricingStatistics.timeouts) timeout(s))"
)

// 6b. Price push: the ERP's price list (base, special, tier and group prices, cost), only what changed.
let prices = try await PricePushStep.run(
    erpFile: settings.file("erp.sqlite").path, commerce: global, store: store, run: run, time: time)
display.phase("Prices", prices.description)

// 7. Customers: both sides write; each pass converges them.
let customers = CustomerMasterEngine(
    commerce: commerce, master: erp, masterSystem: .erp, store: store,
    arbiter: SyncArbiter(ownership: ownership, policy: .lastWriterWins()), time: time)
display.follow(customers.progress)
let customerReport = try await customers.sync()
display.phase(
    "Customers",
    "\(customerReport.compared) compared: \(customerReport.writtenToCommerce) written to Commerce, "
        + "\(customerReport.writtenToMaster) to the ERP")

// 8. Reconciliation: compare both sides; repair what ownership allows, park the rest for review.
if fake != nil {
    // Drift behind the connector's back: a store admin edits stock and a product name; an ERP clerk deletes
    // the newest sales order.
    let sku = SampleERP.sku(run % 400 + 5)
    _ = try await global.inventory.sourceItems.save([SourceItem(sku: sku, sourceCode: "default", quantity: 999)])
    var renamed = Product(sku: SampleERP.sku(run % 400 + 6))
    renamed.name = "Edited in the admin"
    _ = try await global.products.update(renamed)
    if let number = try await erp.newestOrderNumber() { try await erp.deleteOrder(number: number) }
}
let inventoryDrift = try await InventoryReconciler(
    commerce: global, source: erp, store: store, ownership: ownership, time: time
).reconcile()
let catalogDrift = try await catalog.fullPass()
let orderDrift = try await OrderReconciler(commerce: global, ledger: erp, store: store, time: time)
    .reconcile(since: Date().addingTimeInterval(-30 * 86_400))
let customerDrift = try await customers.reconcile()
let summary = RunSummary(
    catalog: catalogReport, inventory: inventoryReport, orders: orderTotals, shipments: fulfilment.shipments,
    invoices: fulfilment.invoices, pricing: pricingStatistics, customers: customerReport, structure: structure,
    lifecycle: lifecycle,
    imported: imported, adjustments: adjustments, prices: prices,
    drift: RunSummary.Drift(
        inventory: inventoryDrift, catalog: catalogDrift, orders: orderDrift, customers: customerDrift))
display.phase(
    "Reconcile",
    "inventory \(inventoryDrift.mismatched.count + inventoryDrift.missing.count + inventoryDrift.extra.count) off, "
        + "catalog \(catalogDrift.drifted) drifted, "
        + "orders \(orderDrift.missing.count + orderDrift.extra.count + orderDrift.mismatched.count) off, "
        + "customers \(customerDrift.missingInMaster.count + customerDrift.missingInCommerce.count + customerDrift.mismatched.count) off"
)

// The report.
let outbox = try await store.outboxStatus(now: Date())
let review = try await store.reviewItems(limit: 1_000, offset: 0)
display.report(summary, metrics: metrics.snapshot, outbox: outbox, reviewCount: review.count, settings: settings)

transport.shutdown()
server?.shutdown()
if let fake, case .fake(let snapshot) = settings.commerce {
    try fake.snapshot().write(to: snapshot, options: .atomic)
}
