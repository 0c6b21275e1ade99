import AdobeCommerce
import CommerceBridge
import CommerceBridgeSQLite
import CommerceBridgeTesting
import Foundation

/// Drains 5,000 orders from a SQLite outbox into `FakeERP` with `OutboxDispatcher`, 8 at a time.
struct OrderExportBenchmark: Benchmark {
    let name = "order_export_sqlite_outbox_to_fake_erp"
    let summary = "drain 5,000 orders from a SQLite outbox into FakeERP, 8 at a time"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let directory = try fixtures.scratchDirectory()
        let store = try SQLiteConnectorStore(path: directory.appendingPathComponent("export.sqlite").path)
        let erp = FakeERP(time: .system)
        let exportCount = 5_000
        for start in stride(from: 0, to: exportCount, by: 500) {
            try await store.enqueue(
                (start..<start + 500).map {
                    OutboxMessage.Draft(
                        destination: "erp", topic: "order.export", idempotencyKey: "export-\($0)",
                        payload: Data("\($0)".utf8))
                }, now: Date())
        }
        var configuration = OutboxDispatcher.Configuration()
        configuration.batchSize = 100
        configuration.defaultPolicy.maximumConcurrency = 8
        let exporter = OutboxDispatcher(store: store, configuration: configuration, time: .system) { message, _ in
            let order = ERPOrderRequest(
                commerceOrderNumber: String(decoding: message.payload, as: UTF8.self),
                customerEmail: "bench@example.com", lines: [.init(sku: "BOLT", quantity: 1, unitPrice: 10)],
                grandTotal: 10, currency: "USD")
            _ = try await erp.createOrder(order, idempotencyKey: message.idempotencyKey)
        }
        fixtures.keepUntilEnd(store, erp)
        let stopwatch = Stopwatch()
        let report = try await exporter.drain()
        let seconds = stopwatch.elapsedSeconds
        let exportedOrders = await erp.orders.count
        precondition(report.delivered == exportCount && exportedOrders == exportCount)
        return ["orders": Double(exportCount), "orders_per_second": rounded(Double(exportCount) / seconds)]
    }
}
