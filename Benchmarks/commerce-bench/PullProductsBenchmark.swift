import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Pulls a whole catalog over HTTP the way a new user would: the SDK over `URLSessionTransport`, a bearer token,
/// 300 products a page, from a `FakeCommerceServer` in another process (this executable, started with
/// `--serve-fake N`), the client itself in a fresh process too (this executable with `--server`), so that the CPU
/// seconds and peak memory measured are the client's own.
///
/// With `--server URL` (and `--token`), it pulls from that server instead: `Benchmarks/peers/run.sh` points the
/// SDK and pymagento at one `fake-commerce` that way.
struct PullProductsBenchmark: Benchmark {
    let products: Int
    let server: URL?
    let token: String?

    var name: String {
        products == 100_000 ? "page_100000_products_peak_rss" : "pull_\(products)_products_http"
    }

    var summary: String {
        products == 100_000
            ? "page 100,000 products over HTTP (300 a page) from a fake in a child process: client peak RSS"
            : "pull \(products) products over HTTP (URLSession, bearer token, 300 a page): products/s, client CPU, RSS"
    }

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        guard let baseURL = server else {
            // The server and the client each get a fresh process: earlier benchmarks' memory would otherwise count
            // in the client's peak RSS.
            let started = try await Self.startServer(products: products)
            defer { kill(started.process.processIdentifier, SIGTERM) }
            return try await Self.runClient(benchmark: name, server: started.url)
        }
        let transport = URLSessionTransport()
        defer { transport.shutdown() }
        let authentication: CommerceAuthentication =
            token.map { .bearer($0) } ?? .adminToken(username: "admin", password: "admin123")
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(baseURL: baseURL, authentication: authentication),
            transport: transport)
        for try await _ in client.products.pages(SearchCriteria().page(size: 1)) { break }  // token, connection

        Self.resetPeakRSS()
        let cpuBefore = Self.cpuSeconds()
        let stopwatch = Stopwatch()
        var skus = Set<String>()
        var pulled = 0
        for try await page in client.products.pages(SearchCriteria().page(size: 300)) {
            pulled += page.items.count
            if products <= 10_000 { skus.formUnion(page.items.compactMap(\.sku)) }
        }
        let seconds = stopwatch.elapsedSeconds
        let cpu = Self.cpuSeconds() - cpuBefore
        precondition(pulled == products, "pulled \(pulled) products instead of \(products)")
        precondition(products > 10_000 || skus.count == products, "pulled \(skus.count) distinct SKUs")
        return [
            "products": Double(pulled), "products_per_second": rounded(Double(pulled) / seconds),
            "seconds": rounded(seconds * 100) / 100, "client_cpu_seconds": rounded(cpu * 1000) / 1000,
            "peak_rss_mib": rounded(Self.peakRSSSinceResetMiB()),
        ]
    }

    /// This executable, run again as the client of `server` for `benchmark` alone; its figures.
    private static func runClient(benchmark: String, server: URL) async throws -> [String: Double] {
        let exit = try await ChildProcess.run(
            executable, arguments: ["--filter", benchmark, "--server", server.absoluteString])
        struct ClientFailed: Error, CustomStringConvertible {
            var description: String
        }
        guard exit.status == 0, let object = try? JSONSerialization.jsonObject(with: Data(exit.standardOutput.utf8)),
            let results = (object as? [String: Any])?[benchmark] as? [String: Double]
        else {
            throw ClientFailed(
                description: "the client process failed (\(exit.status)): \(exit.standardError.suffix(500))")
        }
        return results
    }

    /// This executable's file.
    private static var executable: URL {
        let resolved = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return FileManager.default.isExecutableFile(atPath: resolved.path)
            ? resolved : URL(fileURLWithPath: CommandLine.arguments[0])
    }

    /// Starts this executable as a fake of `products` products and waits for its address.
    private static func startServer(products: Int) async throws -> (process: ChildProcess, url: URL) {
        let child = try ChildProcess(executable, arguments: ["--serve-fake", String(products)])
        try child.start()
        for _ in 0..<6_000 {
            let output = child.outputSoFar
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("serving ") }),
                let url = URL(string: String(line.dropFirst("serving ".count)))
            {
                return (child, url)
            }
            guard child.isRunning else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(child.processIdentifier, SIGTERM)
        struct ServerDidNotStart: Error, CustomStringConvertible {
            var description: String
        }
        throw ServerDidNotStart(description: "the fake of \(products) products did not start within a minute")
    }

    /// `--serve-fake N`: seeds `products` products, serves them with the input limits on, prints
    /// `serving <base URL>` and runs until SIGTERM or SIGINT.
    static func serve(products: Int) throws {
        var options = FakeCommerce.Options()
        options.inputLimits = true
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: products)
        let server = try FakeCommerceServer(fake: fake)
        FileHandle.standardOutput.write(Data("serving \(server.baseURL)\n".utf8))
        TerminationSignal.wait()
        server.shutdown()
    }

    /// User plus system CPU seconds of this process so far.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Darwin)
            getrusage(RUSAGE_SELF, &usage)
        #else
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resets the kernel's peak-RSS mark (Linux), so the peak read afterwards belongs to this benchmark alone.
    private static func resetPeakRSS() {
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
    }

    /// The peak RSS since ``resetPeakRSS()`` (`VmHWM`), or the process's lifetime peak where that is unknown.
    private static func peakRSSSinceResetMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return peakRSSMiB() }
        return kilobytes / 1024
    }
}
