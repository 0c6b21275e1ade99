import AdobeCommerce
import AdobeCommerceTesting
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `erp-connector --workers N`: prepares the run (the ERP's seed and activity, FakeCommerce served on loopback unless
/// a real store is configured), starts N workers of this executable that share the store (see ``WorkerRun``),
/// forwards SIGTERM and SIGINT to them, and exits non-zero when one fails, after stopping the others.
struct Supervisor {
    let settings: ConnectorSettings
    let count: Int

    /// Supervises the workers to their end.
    /// - Returns: The exit status: 0 when every worker finished (or stopped on a forwarded signal), 1 otherwise.
    func run() async -> Int32 {
        do {
            return try await supervise()
        } catch {
            FileHandle.standardError.write(Data("erp-connector: \(error)\n".utf8))
            return 1
        }
    }

    /// Writes a line at once, before the workers' lines (`print` into a pipe waits for its buffer to fill).
    private func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

    private func supervise() async throws -> Int32 {
        try FileManager.default.createDirectory(at: settings.dataDirectory, withIntermediateDirectories: true)
        let erp = try SampleERP(path: settings.file("erp.sqlite").path)
        let run = try await erp.beginRun()
        _ = try await erp.seedIfEmpty(items: 400, accounts: 25, now: Date())
        if run > 1 { _ = try await erp.simulateActivity(run: run, now: Date()) }

        // The workers reach Commerce through the environment: the real store's, or the fake served here.
        var environment = ProcessInfo.processInfo.environment
        environment["ERP_CONNECTOR_DATA"] = settings.dataDirectory.path
        environment["COMMERCE_STORE_CODE"] = settings.storeCode.rawValue
        var fake: FakeCommerce?
        var server: FakeCommerceServer?
        var shoppers = 0
        if case .fake(let snapshot) = settings.commerce {
            let exists = FileManager.default.fileExists(atPath: snapshot.path)
            let restored = exists ? try FakeCommerce(snapshot: Data(contentsOf: snapshot)) : FakeCommerce()
            if !exists {
                for index in 1...5 {
                    _ = try restored.add(
                        Customer(email: "shopper\(index)@example.com", firstname: "Shopper", lastname: "No. \(index)"))
                }
            }
            let served = try FakeCommerceServer(fake: restored)
            let credentials = restored.options.integration
            environment["COMMERCE_BASE_URL"] = served.baseURL.absoluteString
            environment["COMMERCE_CONSUMER_KEY"] = credentials.consumerKey
            environment["COMMERCE_CONSUMER_SECRET"] = credentials.consumerSecret
            environment["COMMERCE_ACCESS_TOKEN"] = credentials.accessToken
            environment["COMMERCE_ACCESS_TOKEN_SECRET"] = credentials.accessTokenSecret
            (fake, server) = (restored, served)
            // Shoppers buy what the store shows in stock, once the catalog is there (from the second run on).
            var candidate = run * 17
            var placed = 0
            for attempt in 0..<400 where placed < 3 * count {
                let sku = SampleERP.sku((candidate + attempt) % 400 + 1)
                guard (restored.sourceQuantity(sku: sku) ?? 0) >= 2 else { continue }
                _ = try restored.placeOrder(
                    customerEmail: "shopper\(placed % 5 + 1)@example.com", lines: [.init(sku: sku, quantity: 2)])
                placed += 1
                candidate += 29
            }
            shoppers = placed
        }
        say("CommerceBridge erp-connector, run \(run), \(count) worker process(es)")
        say("  Store     \(settings.storeArgument)")
        if shoppers > 0 { say("  Shoppers  placed \(shoppers) orders in the store") }

        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let (exits, exited) = AsyncStream<(index: Int, process: Process)>.makeStream()
        var children: [Process] = []
        // Signals are taken from their default action before any child starts, and forwarded from then on.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let forwarded = Mutex<Int32?>(nil)
        let signals = DispatchQueue(label: "erp-connector.signals")
        let running = Mutex<[Process]>([])
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: signals)
            source.setEventHandler {
                forwarded.withLock { $0 = number }
                for child in running.withLock({ $0 }) where child.isRunning { kill(child.processIdentifier, number) }
            }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }
        for index in 1...count {
            let child = Process()
            child.executableURL = executable
            child.arguments = ["--worker", "\(index)", "--run", "\(run)", "--store", settings.storeValue]
            child.environment = environment
            child.terminationHandler = { exited.yield((index, $0)) }
            try child.run()
            children.append(child)
            running.withLock { $0.append(child) }
        }

        var failures: [String] = []
        var left = count
        for await (index, child) in exits {
            left -= 1
            if child.terminationReason != .exit || child.terminationStatus != 0 {
                let how =
                    child.terminationReason == .uncaughtSignal
                    ? "was killed by signal \(child.terminationStatus)"
                    : "exited with status \(child.terminationStatus)"
                failures.append("worker \(index) \(how)")
                if failures.count == 1 {
                    // One failed: stop the others (they finish the work in hand), then fail.
                    for other in children where other.isRunning { other.terminate() }
                }
            }
            if left == 0 { break }
        }
        server?.shutdown()
        if let fake, case .fake(let snapshot) = settings.commerce {
            try fake.snapshot().write(to: snapshot, options: .atomic)
        }
        if !failures.isEmpty {
            FileHandle.standardError.write(Data("erp-connector: \(failures.joined(separator: "; "))\n".utf8))
            return 1
        }
        if let number = forwarded.withLock({ $0 }) {
            say("erp-connector: \(count) worker(s) stopped on signal \(number)")
        } else {
            say("erp-connector: \(count) worker(s) finished run \(run)")
        }
        return 0
    }
}
