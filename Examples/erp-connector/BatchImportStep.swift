import AdobeCommerce
import CommerceBridge
import Foundation

/// What the batch-import step did: the full inventory and the full catalog through Magento's import routes.
struct BatchImportSummary: CustomStringConvertible {
    /// The inventory run (`stock_sources`).
    var inventory: BatchImportEngine.Report
    /// The catalog run (`catalog_product`).
    var catalog: BatchImportEngine.Report

    /// Two lines for the run report.
    var description: String {
        func line(_ name: String, _ report: BatchImportEngine.Report) -> String {
            let route =
                report.fallbacks > 0
                ? "the store has no import route: \(report.restWritten) written through REST"
                : "\(report.rowsSent) rows in \(report.chunks) chunk(s), \(report.requests) request(s)"
            return "\(name): \(route); \(report.imported) imported, \(report.unchanged) unchanged, "
                + "\(report.failed) refused, \(report.parked) parked for review"
        }
        return line("inventory import", inventory) + "\n" + line("catalog import", catalog)
    }
}

/// The batch-import step: the daily full inventory and the periodic full catalog from the sample ERP, sent through
/// `POST /V1/import/csv` in chunks (falling back to the REST path on a store before 2.4.7), with the same ownership
/// rules and catalog mapping as the incremental passes, whose next run then has nothing left to send.
/// - Parameters:
///   - commerce: The Commerce client.
///   - erp: The sample ERP (its stock and items).
///   - store: The connector store the incremental engines use.
///   - ownership: The run's ownership rules.
///   - time: The clock.
///   - chunkSize: Rows per import request.
///   - follow: Called with the engine's progress stream (for the progress display).
/// - Returns: The two runs' reports.
func runBatchImport(
    commerce: AdobeCommerceClient,
    erp: SampleERP,
    store: any ConnectorStore,
    ownership: OwnershipRules,
    time: TimeSource,
    chunkSize: Int = 5_000,
    follow: (AsyncStream<SyncProgress>) -> Void = { _ in }
) async throws -> BatchImportSummary {
    var configuration = BatchImportEngine.Configuration()
    configuration.chunkSize = chunkSize
    let engine = BatchImportEngine(
        commerce: commerce, store: store, ownership: ownership, configuration: configuration, time: time)
    follow(engine.progress)
    let inventory = try await engine.importInventory(from: erp)
    let catalog = try await engine.importCatalog(from: erp, origin: .erp, catalogPattern: SampleCatalog())
    return BatchImportSummary(inventory: inventory, catalog: catalog)
}
