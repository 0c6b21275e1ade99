import AdobeCommerce
import CommerceBridge
import Foundation

/// What the product-structure step of a run did, for the run report.
struct ProductStructureSummary: CustomStringConvertible {
    /// Whether this run filled the ERP's styles.
    var seeded: Bool
    /// What the ERP's users changed since the last run.
    var activity: String
    /// The engine's report.
    var report: ProductStructureEngine.Report

    /// `configurables: 8 families read, 3 changed: …`.
    var description: String {
        var parts: [String] = []
        if seeded { parts.append("styles seeded") }
        if !activity.isEmpty { parts.append(activity) }
        parts.append("\(report)")
        return "configurables: " + parts.joined(separator: "; ")
    }
}

/// The product-structure step: the ERP's styles (one SKU per colour and size) become configurable products with
/// their children, options, picture, websites and, when `localizedStoreCode` names a store view, translated titles.
/// Variants the ERP drops are disabled and unlinked.
/// - Parameters:
///   - commerce: The Commerce client.
///   - erpFile: The sample ERP's SQLite file.
///   - store: The connector's store.
///   - run: The run's number (from 1): the ERP's users change a few styles before every run but the first.
///   - localizedStoreCode: The store view for translated titles, if the shop has one.
///   - time: The clock.
func runProductStructureStep(
    commerce: AdobeCommerceClient, erpFile: String, store: any ConnectorStore, run: Int,
    localizedStoreCode: String? = nil, time: TimeSource = .system
) async throws -> ProductStructureSummary {
    let erp = try SampleStructureERP(path: erpFile, localizedStoreCode: localizedStoreCode)
    let seeded = try await erp.seedIfEmpty(styles: 8, now: time.now())
    let activity = seeded || run <= 1 ? "" : try await erp.simulateActivity(run: run, now: time.now())
    var configuration = ProductStructureEngine.Configuration()
    configuration.deletion = .disableAndUnlink
    let engine = ProductStructureEngine(
        commerce: commerce, source: erp, origin: .erp, store: store,
        ownership: OwnershipRules.seedDefaults.overriding(.product, owner: .erp), configuration: configuration,
        time: time)
    return ProductStructureSummary(seeded: seeded, activity: activity, report: try await engine.sync())
}
