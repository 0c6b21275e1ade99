import AdobeCommerce
import CommerceBridge
import CommerceBridgeTesting
import Foundation

/// Prices on demand: 100,000 cached answers, then 1,000 concurrent misses for one context against an ERP that
/// takes 50 ms per call.
struct PricingBenchmark: Benchmark {
    let name = "pricing_on_demand"
    let summary = "100,000 cached prices, then 1,000 concurrent misses for one context against a 50 ms ERP"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let erp = FakeERP(time: .system)
        await erp.setPrice(sku: "BOLT", price: 10)
        await erp.setPrice(sku: "BOLT", price: 8, group: 2, minimumQuantity: 100)
        let pricing = PricingEngine(prices: erp, time: .system) { _ in nil }
        let warmContext = PricingContext(sku: "BOLT", customerGroupID: 2, quantity: 100)
        _ = try await pricing.price(for: warmContext)
        let stopwatch = Stopwatch()
        for _ in 0..<100_000 { _ = try await pricing.price(for: warmContext) }
        let hitSeconds = stopwatch.elapsedSeconds
        var slowFaults = FakeERP.Faults()
        slowFaults.latency = .milliseconds(50) ... .milliseconds(50)
        await erp.setFaults(slowFaults)
        let coldContext = PricingContext(sku: "BOLT", customerGroupID: 7, quantity: 3)
        let callsBefore = await erp.calls["price"] ?? 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<1_000 { group.addTask { _ = try await pricing.price(for: coldContext) } }
            try await group.waitForAll()
        }
        let missCalls = (await erp.calls["price"] ?? 0) - callsBefore
        return [
            "cache_hit_microseconds": (hitSeconds / 100_000 * 1_000_000 * 100).rounded() / 100,
            "concurrent_misses": 1_000, "erp_calls_for_concurrent_misses": Double(missCalls),
        ]
    }
}
