import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation

/// Pushes a 100,000-row ERP price list (25,000 SKUs with a base, special, tier and cost price each) into
/// `FakeCommerce` with the input limits on, changes 1% of the rows, and times the pass that finds and pushes them.
///
/// Baselines in the same run: the initial pass is the naive push of every row (nothing is known yet), and a naive
/// change detector encodes every row with Foundation's `JSONEncoder` and compares it with the previous encoding.
struct PricePushBenchmark: Benchmark {
    let name = "price_push_100000_rows_1_percent_changed"
    let summary =
        "price push of 100,000 ERP price rows with 1% changed, chunked to the input limit (baselines: naive full push, "
        + "JSONEncoder change detection)"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        var options = FakeCommerce.Options()
        options.inputLimits = true
        let commerce = FakeCommerce(options: options)
        let skus = 25_000
        try commerce.seedCatalog(productCount: skus, skuPrefix: "P-")
        let erp = FakeERP(time: .system)
        let store = InMemoryConnectorStore()
        fixtures.keepUntilEnd(commerce, erp, store)
        let from = Date(timeIntervalSince1970: 1_767_225_600)
        var rows: [PriceListRow] = []
        rows.reserveCapacity(skus * 4)
        for index in 1...skus {
            let sku = "P-" + String(repeating: "0", count: max(0, 6 - String(index).count)) + String(index)
            let price = Decimal(10 + index % 90)
            rows += [
                .base(sku: sku, price: price), .special(sku: sku, price: price - 1, from: from),
                .tier(sku: sku, quantity: 10, price: price - 2), .cost(sku: sku, cost: price / 2),
            ]
        }
        await erp.setPriceRows(rows)
        let engine = PricePushEngine(commerce: commerce.makeClient(), list: erp, store: store, time: .system)

        let naiveStopwatch = Stopwatch()
        let initial = try await engine.fullPass()
        let naiveSeconds = naiveStopwatch.elapsedSeconds
        precondition(initial.pushedTotal == rows.count && initial.failed == 0, "\(initial)")

        let changed = await erp.repriceRows(stride: 100, by: 1)
        let rssBefore = currentRSSMiB()
        let deltaStopwatch = Stopwatch()
        let delta = try await engine.fullPass()
        let deltaSeconds = deltaStopwatch.elapsedSeconds
        let deltaRSS = currentRSSMiB() - rssBefore
        precondition(delta.pushedTotal == changed.count && delta.unchanged == rows.count - changed.count, "\(delta)")
        var minimum = 0
        for kind in PriceListRow.Kind.allCases {
            minimum += (changed.filter { $0.kind == kind }.count + 19) / 20
        }
        precondition(delta.minimumCalls == minimum)

        // Baseline: detect the same change by encoding every row with Foundation's JSONEncoder.
        let current = await erp.priceListRows
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var previous: [String: Data] = [:]
        previous.reserveCapacity(current.count)
        let changedKeys = Set(changed.map(\.key))
        for row in current {
            var old = row
            if changedKeys.contains(row.key) { old.amount -= 1 }
            previous[row.key] = try encoder.encode(old)
        }
        let baselineRSSBefore = currentRSSMiB()
        let baselineStopwatch = Stopwatch()
        var detected = 0
        for row in current where try encoder.encode(row) != previous[row.key] { detected += 1 }
        let baselineSeconds = baselineStopwatch.elapsedSeconds
        let baselineRSS = currentRSSMiB() - baselineRSSBefore
        precondition(detected == changed.count)

        return [
            "rows": Double(rows.count), "changed": Double(changed.count),
            "calls": Double(delta.calls), "minimum_calls": Double(minimum),
            "delta_pass_seconds": rounded3(deltaSeconds),
            "delta_pass_rows_per_second": rounded(Double(rows.count) / deltaSeconds),
            "delta_pass_rss_growth_mib": rounded(deltaRSS),
            "baseline_naive_full_push_seconds": rounded3(naiveSeconds),
            "baseline_naive_full_push_calls": Double(initial.calls),
            "baseline_jsonencoder_detect_seconds": rounded3(baselineSeconds),
            "baseline_jsonencoder_detect_rss_growth_mib": rounded(baselineRSS),
        ]
    }

    private func rounded3(_ value: Double) -> Double { (value * 1_000).rounded() / 1_000 }

    /// The resident set size now, in MiB (Linux; 0 elsewhere).
    private func currentRSSMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
