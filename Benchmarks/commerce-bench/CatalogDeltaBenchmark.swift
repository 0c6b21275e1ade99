import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting

/// Loads 100,000 PIM products into `FakeCommerce`, changes 1% of them, and times the full pass that detects and
/// pushes the change through the bulk API.
struct CatalogDeltaBenchmark: Benchmark {
    let name = "catalog_delta_100000_products_1_percent_changed"
    let summary = "full pass over 100,000 PIM products with 1% changed, pushed through the bulk API"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let commerce = FakeCommerce()
        let pim = FakeERP(time: .system)
        let store = InMemoryConnectorStore()
        fixtures.keepUntilEnd(commerce, pim, store)
        let catalogSize = 100_000
        for index in 0..<catalogSize {
            await pim.setProduct(
                sku: "C-\(index)", attributes: ["name": "Catalog product \(index)", "description": "Text \(index)"])
        }
        var configuration = CatalogSyncEngine.Configuration()
        configuration.pageSize = catalogSize
        let engine = CatalogSyncEngine(
            commerce: commerce.makeClient(), source: pim, store: store,
            configuration: configuration,
            time: .system)
        let loadStopwatch = Stopwatch()
        let initial = try await engine.sync()
        let loadSeconds = loadStopwatch.elapsedSeconds
        precondition(initial.completed == catalogSize)
        for index in stride(from: 0, to: catalogSize, by: 100) {
            await pim.setProduct(
                sku: "C-\(index)", attributes: ["name": "Renamed \(index)", "description": "Text \(index)"])
        }
        let detectStopwatch = Stopwatch()
        let delta = try await engine.fullPass(detectDrift: false)
        let detectSeconds = detectStopwatch.elapsedSeconds
        let changedCount = catalogSize / 100
        precondition(delta.changed == changedCount && delta.completed == changedCount)
        return [
            "products": Double(catalogSize), "changed": Double(delta.changed),
            "detection_and_push_products_per_second": rounded(Double(catalogSize) / detectSeconds),
            "bulk_calls": Double(delta.bulkRequests),
            "minimum_bulk_calls": Double((changedCount + 4_999) / 5_000),
            "initial_load_products_per_second": rounded(Double(catalogSize) / loadSeconds),
        ]
    }
}
