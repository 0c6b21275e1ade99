import AdobeCommerce
import AdobeCommerceURLSession
import CommerceBridge
import CommerceBridgePostgres
import CommerceBridgeSQLite
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One worker process of `erp-connector --workers N`: the run's passes (catalog, product structure, inventory, batch
/// import, orders, after-sales both ways, price push, customers, reconciliation) are jobs that run once per run across
/// all workers, claimed in the shared store through `SyncScheduler`, each after the passes it builds on; every worker
/// delivers the order outbox. The worker stops when every pass
/// has run somewhere and the outbox is empty, or on SIGTERM or SIGINT after the work in hand.
struct WorkerRun {
    let settings: ConnectorSettings
    let index: Int
    let run: Int

    /// The passes that run once per run, on one worker.
    static let passes = [
        "catalog", "structure", "inventory", "import", "orders", "lifecycle", "adjustments", "prices", "customers",
        "reconcile",
    ]

    /// Works to the end of the run.
    /// - Returns: The exit status: 0 when done or stopped on a signal, 1 when the work failed or ran out of time.
    func run() async -> Int32 {
        do {
            return try await work()
        } catch {
            FileHandle.standardError.write(Data("erp-connector worker \(index): \(error)\n".utf8))
            return 1
        }
    }

    private func say(_ text: String) { FileHandle.standardOutput.write(Data("  worker \(index)  \(text)\n".utf8)) }

    private func work() async throws -> Int32 {
        guard case .real(let url, let authentication) = settings.commerce else {
            throw ConnectorSettings.Invalid(
                description: "a worker needs COMMERCE_BASE_URL; start workers with --workers")
        }
        let erp = try SampleERP(path: settings.file("erp.sqlite").path)
        let store: any ConnectorStore
        switch settings.store {
        case .sqlite(let file): store = try SQLiteConnectorStore(path: file.path)
        case .postgres(let connection): store = try await PostgresConnectorStore(connectionString: connection)
        }
        let transport = URLSessionTransport(maximumConnectionsPerHost: 8)
        defer { transport.shutdown() }
        let commerce = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: url, storeCode: settings.storeCode, authentication: authentication),
            transport: transport)
        let global = commerce.scoped(to: .all)
        let ownership = OwnershipRules.seedDefaults.overriding(.product, owner: .erp).overriding(
            .customer, owner: .shared)
        let time = TimeSource.system
        let catalog = CatalogSyncEngine(
            commerce: global, source: erp, origin: .erp, store: store, ownership: ownership, pattern: SampleCatalog(),
            time: time)
        let inventory = InventorySyncEngine(
            commerce: global, source: erp, store: store, ownership: ownership, time: time)
        var orderConfiguration = DualWriteOrderEngine.Configuration()
        orderConfiguration.dispatcher.defaultPolicy.retry = RetryPolicy(
            maximumAttempts: 5, initialDelay: .milliseconds(200), maximumDelay: .seconds(2))
        let orders = DualWriteOrderEngine(
            commerce: global, sink: erp, fulfillment: erp, store: store, configuration: orderConfiguration, time: time)
        let customers = CustomerMasterEngine(
            commerce: commerce, master: erp, masterSystem: .erp, store: store,
            arbiter: SyncArbiter(ownership: ownership, policy: .lastWriterWins()), time: time)

        let state = WorkerState()
        let run = self.run
        let erpFile = settings.file("erp.sqlite").path
        /// A pass that runs once per run on one worker, after `passes` have run (here or on another worker).
        func once(
            _ pass: String, after passes: [String] = [], _ work: @escaping @Sendable () async throws -> String
        ) -> SyncScheduler.Job {
            .oncePerPeriod(name: "erp-connector.run-\(run).\(pass)", period: .seconds(86_400)) {
                let needed = Set(passes.map { "erp-connector.run-\(run).\($0)" })
                while !needed.isSubset(of: state.done.withLock({ $0 })) {
                    try await Task.sleep(for: .milliseconds(100))
                }
                say("\(pass) ran here: \(try await work())")
            }
        }
        let scheduler = SyncScheduler(
            time: time,
            jobs: [
                once("catalog") {
                    let report = try await catalog.sync()
                    return "\(report.read) read, \(report.changed) changed"
                },
                once("structure", after: ["catalog"]) {
                    try await runProductStructureStep(
                        commerce: commerce, erpFile: erpFile, store: store, run: run, time: time
                    ).description
                },
                once("inventory") {
                    let report = try await inventory.sync()
                    return "\(report.read) levels read, \(report.pushed) pushed"
                },
                once("import", after: ["catalog", "inventory"]) {
                    try await runBatchImport(
                        commerce: global, erp: erp, store: store, ownership: ownership, time: time
                    ).description.replacingOccurrences(of: "\n", with: "; ")
                },
                once("prices", after: ["catalog"]) {
                    try await PricePushStep.run(erpFile: erpFile, commerce: global, store: store, run: run, time: time)
                        .description
                },
                once("lifecycle", after: ["orders"]) {
                    try await runOrderLifecycleStep(commerce: global, erp: erp, store: store, run: run, time: time)
                        .description
                },
                once("adjustments", after: ["lifecycle"]) {
                    // The store's admins' cancellations and credit memos (none in the supervisor's fake store).
                    try await runAdjustmentsStep(
                        commerce: global, fake: nil, erp: erp, orders: orders, store: store, time: time
                    ).description
                },
                once("customers") {
                    let report = try await customers.sync()
                    return "\(report.compared) compared, \(report.writtenToCommerce) written to Commerce, "
                        + "\(report.writtenToMaster) to the ERP"
                },
                once("reconcile", after: Self.passes.filter { $0 != "reconcile" }) {
                    // Compare the sides once the other passes have run (here or on other workers).
                    let drift = try await catalog.fullPass()
                    let found = try await customers.reconcile()
                    return "catalog \(drift.drifted) drifted, customers "
                        + "\(found.missingInMaster.count + found.missingInCommerce.count + found.mismatched.count) off"
                },
                once("orders") {
                    // The order feed is read by one worker (reading it on several would queue an order again after
                    // another worker exported it); every worker delivers the outbox.
                    let report = try await orders.sync()
                    state.delivered.withLock { $0.exported += report.export.delivered }
                    return "\(report.queued) queued, \(report.export.delivered) exported, "
                        + "\(report.shipments) shipment(s), \(report.invoices) invoice(s)"
                },
                .init(name: "deliver", every: .milliseconds(500)) {
                    let report = try await orders.deliver()
                    state.delivered.withLock {
                        $0.passes += 1
                        $0.exported += report.export.delivered
                    }
                },
            ],
            coordination: SyncScheduler.Coordination(
                store: store, holder: "worker \(index) pid \(ProcessInfo.processInfo.processIdentifier)",
                leaseDuration: .seconds(30), retryInterval: .milliseconds(500)),
            onEvent: { event in
                switch event {
                case .finished(let job, _) where job.hasPrefix("erp-connector."):
                    state.done.withLock { _ = $0.insert(job) }
                case .skipped(let job, let reason) where reason.hasSuffix("has run"):
                    state.done.withLock { _ = $0.insert(job) }
                case .failed(let job, let error):
                    say("\(job) failed: \(error)")
                default:
                    break
                }
            })

        // SIGTERM or SIGINT (forwarded by the supervisor): stop after the work in hand.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(
                signal: number, queue: DispatchQueue(label: "erp-connector.worker.signals"))
            source.setEventHandler { state.stopSignal.withLock { $0 = number } }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }

        let outcome = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                await scheduler.run()
                return nil
            }
            group.addTask {
                let deadline = ContinuousClock.now.advanced(by: .seconds(300))
                var passesWhenDone: Int?
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(200))
                    if let number = state.stopSignal.withLock({ $0 }) { return "stopped on signal \(number)" }
                    if ContinuousClock.now > deadline { return "timed out" }
                    guard state.done.withLock({ $0.count }) == Self.passes.count else { continue }
                    // Every pass has run somewhere: finish with one more order pass and an empty outbox.
                    let passes = state.delivered.withLock { $0.passes }
                    if passesWhenDone == nil { passesWhenDone = passes }
                    if passes > passesWhenDone ?? passes,
                        (try? await store.outboxStatus(now: Date()).totalPending) == 0
                    {
                        return "done"
                    }
                }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? "stopped"
        }
        if let postgres = store as? PostgresConnectorStore { await postgres.close() }
        let exported = state.delivered.withLock { $0.exported }
        say("\(outcome): \(exported) order export(s) delivered here")
        return outcome == "timed out" ? 1 : 0
    }
}

/// What a worker's jobs, its signal handlers and its watcher share.
final class WorkerState: Sendable {
    /// The passes known to have run, here or on another worker.
    let done = Mutex<Set<String>>([])
    /// Order passes made here, and the exports they delivered.
    let delivered = Mutex((passes: 0, exported: 0))
    /// The signal that asked the worker to stop.
    let stopSignal = Mutex<Int32?>(nil)
}
