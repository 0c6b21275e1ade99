import AdobeCommerce
import CommerceBridge
import Foundation

/// The price-push step of a connector run: the ERP's price list (list prices, group prices, promotions, costs)
/// pushed through the price-storage routes, only what changed since the last run.
enum PricePushStep {
    /// What the step did, for the run report.
    struct Summary: CustomStringConvertible {
        /// Price records the ERP's clerk changed before this run (0 on the first run, which seeds them).
        var changedInERP: Int
        /// The engine's report.
        var report: PricePushEngine.Report

        /// `prices: pushed base 3 special 1, deleted special 1, unchanged 1196, 0 parked, 5 calls (minimum 5)`.
        var description: String {
            func kinds(_ counts: [PriceListRow.Kind: Int]) -> String {
                let parts = PriceListRow.Kind.allCases.compactMap { kind in counts[kind].map { "\(kind) \($0)" } }
                return parts.isEmpty ? "0" : parts.joined(separator: " ")
            }
            return "prices: pushed \(kinds(report.pushed)), deleted \(kinds(report.deleted)), unchanged "
                + "\(report.unchanged), \(report.failed) refused, \(report.parked) parked, \(report.calls) calls "
                + "(minimum \(report.minimumCalls))"
        }
    }

    /// Runs the step once.
    /// - Parameters:
    ///   - erpFile: The sample ERP's SQLite file.
    ///   - commerce: The Commerce client.
    ///   - store: The connector store (what was pushed, review items).
    ///   - run: The run's number, which decides the clerk's changes.
    ///   - time: The clock.
    static func run(
        erpFile: String, commerce: AdobeCommerceClient, store: any ConnectorStore, run: Int, time: TimeSource
    ) async throws -> Summary {
        let list = try SamplePriceList(path: erpFile)
        let seeded = try await list.seedIfEmpty(now: time.now())
        let changed = seeded ? 0 : try await list.simulatePricing(run: run, now: time.now())
        let engine = PricePushEngine(commerce: commerce, list: list, store: store, time: time)
        return Summary(changedInERP: changed, report: try await engine.fullPass())
    }
}
