// commerce-bench: throughput of the Adobe Commerce client's hot paths, printed as JSON.
// Run with `swift run -c release commerce-bench` (debug builds are many times slower); `--list` names the
// benchmarks, `--filter NAME` runs only the matching ones.
import Foundation

/// Every benchmark, in the order a full run takes them; the JSON's keys are sorted whatever the order.
func allBenchmarks(_ arguments: BenchmarkArguments) -> [any Benchmark] {
    [
        DecodePageBenchmark(page: .products),
        DecodePageBenchmark(page: .orders),
        DecodePageBenchmark(page: .schemaDocumentedOrders),
        EncodePageBenchmark(page: .products),
        EncodePageBenchmark(page: .orders),
        GraphQLDecodeBenchmark(),
        PagingBenchmark(),
        OAuthSigningBenchmark(),
        SignatureVerifyBenchmark(),
        OutboxBenchmark(),
        OutboxPostgresBenchmark(),
        IDMapLookupBenchmark(),
        ConflictDecisionBenchmark(),
        PricingBenchmark(),
        OrderExportBenchmark(),
        EventLatencyBenchmark(),
        CatalogDeltaBenchmark(),
        PricePushBenchmark(),
        FakeCommerceHTTPBenchmark(),
        FakeServingBenchmark(),
        PullProductsBenchmark(products: 10_000, server: arguments.server, token: arguments.token),
        PullProductsBenchmark(products: 100_000, server: arguments.server, token: arguments.token),
    ] + (arguments.pageFile.map { [DecodePageBenchmark(page: .productsFile($0))] } ?? [])
}

/// Writes `message` to standard error, with a line break.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

let arguments: BenchmarkArguments
let selected: [any Benchmark]
do {
    arguments = try BenchmarkArguments(parsing: CommandLine.arguments.dropFirst())
    selected = arguments.help || arguments.serveFake != nil ? [] : try arguments.select(from: allBenchmarks(arguments))
} catch {
    printError("commerce-bench: \(error)\n\(BenchmarkArguments.usage)")
    exit(64)  // EX_USAGE
}

if arguments.help {
    print(BenchmarkArguments.usage)
    exit(0)
}

if let products = arguments.serveFake {
    try PullProductsBenchmark.serve(products: products)
    exit(0)
}

if arguments.list {
    let width = selected.map(\.name.count).max() ?? 0
    for benchmark in selected {
        print(benchmark.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + benchmark.summary)
    }
    exit(0)
}

let fixtures = Fixtures()
var results: [String: [String: Double]] = [:]
for benchmark in selected {
    do {
        results[benchmark.name] = try await benchmark.run(fixtures)
    } catch {
        fixtures.finish()
        printError("commerce-bench: \(benchmark.name) failed: \(error)")
        exit(1)
    }
}
results["process"] = ["peak_rss_mib": rounded(peakRSSMiB())]
let output = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
print(String(decoding: output, as: UTF8.self))
fixtures.finish()
