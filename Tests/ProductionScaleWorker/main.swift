// production-scale-worker: one worker process of the production-scale test. The `feeds` worker runs the catalog and
// order engines' passes (feeds, bulk, outbox); `deliver` workers only drain the engines' outboxes. Every worker shares
// the SQLite connector store and the ERP database, and talks to FakeCommerceServer over HTTP with OAuth. It runs until
// a file named `stop` appears next to the store; the test SIGKILLs workers at random moments meanwhile.
// Usage: production-scale-worker feeds|deliver <commerce-base-url> <erp.sqlite> <store.sqlite>
//        production-scale-worker adjustments|adjustments-deliver …   (orders, then their cancellations and credit
//        memos made in Commerce: the feeds, or delivery only)
//        production-scale-worker lifecycle …   (the ERP's credit memos and returns to Commerce, one worker at a time)
//        production-scale-worker prepare <erp.sqlite>   (creates the ERP's tables)
import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import CommerceBridge
import CommerceBridgeSQLite
import Foundation

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "prepare" {
    _ = try ScaleERP(path: arguments[2])
    exit(0)
}
let roles = ["feeds", "deliver", "adjustments", "adjustments-deliver", "lifecycle"]
guard arguments.count == 5, roles.contains(arguments[1]), let baseURL = URL(string: arguments[2]) else {
    FileHandle.standardError.write(
        Data("usage: production-scale-worker feeds|deliver <commerce-base-url> <erp.sqlite> <store.sqlite>\n".utf8))
    exit(64)
}
let feeds = arguments[1] == "feeds" || arguments[1] == "adjustments"
let adjustmentsRole = arguments[1].hasPrefix("adjustments")
let stopFile = URL(fileURLWithPath: arguments[4]).deletingLastPathComponent().appendingPathComponent("stop").path

let transport = URLSessionTransport(maximumConnectionsPerHost: 4)
var commerceConfiguration = AdobeCommerceConfiguration(
    baseURL: baseURL, authentication: .integration(FakeCommerce.Options().integration))
commerceConfiguration.timeout = .seconds(60)
let commerce = AdobeCommerceClient(configuration: commerceConfiguration, transport: transport)
let erp = try ScaleERP(path: arguments[3])
var storeConfiguration = SQLiteConnectorStore.Configuration()
storeConfiguration.busyTimeout = .seconds(10)
storeConfiguration.synchronousFull = false
let store = try SQLiteConnectorStore(path: arguments[4], configuration: storeConfiguration)

// MARK: order lifecycle
if arguments[1] == "lifecycle" {
    await runLifecycleWorker(baseURL: baseURL, transport: transport, erp: erp, store: store, stopFile: stopFile)
    transport.shutdown()
    exit(0)
}

// Short leases, so a killed worker's messages come back quickly; heartbeats keep a slow delivery's.
var dispatcher = OutboxDispatcher.Configuration()
dispatcher.leaseDuration = .seconds(3)
dispatcher.defaultPolicy.retry = RetryPolicy(
    maximumAttempts: 20, initialDelay: .milliseconds(50), maximumDelay: .seconds(1))
dispatcher.defaultPolicy.circuitBreaker = CircuitBreaker.Configuration(failureThreshold: 50, openDuration: .seconds(1))
var orderConfiguration = DualWriteOrderEngine.Configuration()
orderConfiguration.overlap = .seconds(30)
orderConfiguration.dispatcher = dispatcher
let orders = DualWriteOrderEngine(
    commerce: commerce, sink: erp, fulfillment: feeds ? erp : nil, store: store, configuration: orderConfiguration,
    time: .system)
var catalogConfiguration = CatalogSyncEngine.Configuration()
catalogConfiguration.pageSize = 1_000
catalogConfiguration.overlap = .seconds(30)
catalogConfiguration.pollInterval = .milliseconds(20)
catalogConfiguration.retries = dispatcher
let catalog = CatalogSyncEngine(
    commerce: commerce, source: erp, store: store, configuration: catalogConfiguration, time: .system)
var customerConfiguration = CustomerMasterEngine.Configuration()
customerConfiguration.overlap = .seconds(30)
let customers = CustomerMasterEngine(
    commerce: commerce, master: erp, masterSystem: .erp, store: store,
    arbiter: SyncArbiter(
        ownership: OwnershipRules.seedDefaults.overriding(.customer, owner: .shared), policy: .lastWriterWins()),
    configuration: customerConfiguration, time: .system)

// MARK: order adjustments
var adjustmentConfiguration = OrderAdjustmentExportEngine.Configuration()
adjustmentConfiguration.overlap = .seconds(30)
adjustmentConfiguration.orderWait = .milliseconds(200)
adjustmentConfiguration.dispatcher = dispatcher
let adjustments = OrderAdjustmentExportEngine(
    commerce: commerce, sink: erp, store: store, configuration: adjustmentConfiguration, time: .system)

while !FileManager.default.fileExists(atPath: stopFile) {
    do {
        if adjustmentsRole, feeds {
            _ = try await orders.sync()
            _ = try await adjustments.sync()
        } else if adjustmentsRole {
            let delivered = try await orders.deliver().export.delivered + adjustments.deliver().delivery.delivered
            if delivered == 0 { try await Task.sleep(for: .milliseconds(50)) }
        } else if feeds {
            _ = try await catalog.sync()
            _ = try await orders.sync()
            _ = try await customers.sync()
        } else {
            let delivered = try await orders.deliver().export.delivered + catalog.deliver().delivered
            if delivered == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
    } catch {
        FileHandle.standardError.write(Data("\(arguments[1]) pass failed: \(error)\n".utf8))
        try await Task.sleep(for: .milliseconds(100))
    }
}
transport.shutdown()
