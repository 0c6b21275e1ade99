import AdobeCommerce
import CommerceBridge
import Foundation

/// What the order-lifecycle step of a run did, for the run report.
struct OrderLifecycleSummary: CustomStringConvertible {
    /// What the ERP's after-sales desk recorded this run.
    var recorded: (events: Int, creditNotes: Int, returns: Int, changes: Int)
    /// What reached Commerce.
    var report: OrderLifecycleEngine.Report

    var description: String {
        "order lifecycle: ERP recorded \(recorded.events) order event(s), \(recorded.creditNotes) credit note(s), "
            + "\(recorded.returns) return(s) and \(recorded.changes) return change(s); Commerce got "
            + "\(report.comments) comment(s), \(report.holds) hold(s), \(report.releases) release(s), "
            + "\(report.cancellations) cancellation(s), "
            + "\(report.creditMemos) credit memo(s), \(report.returnsCreated) RMA(s), "
            + "\(report.returnStatusChanges) RMA status change(s), \(report.returnTracks) RMA tracking number(s); "
            + "\(report.parked) parked for review, \(report.failed) to retry"
    }
}

/// The order-lifecycle step: the ERP's after-sales desk does its day's work (holds, releases and cancels the newest
/// open order, issues credit notes on invoiced orders, opens and authorizes returns), then `OrderLifecycleEngine`
/// brings it to Commerce. Run it after the orders pass (the orders are exported) and before the warehouse ships (an
/// open order is left to cancel); credit notes and returns concern orders shipped and invoiced on earlier runs.
/// - Parameters:
///   - commerce: The Commerce client, scoped to `all`.
///   - erp: The sample ERP.
///   - store: The connector's store (with the order export's ID map).
///   - run: The run number.
///   - time: The clock.
func runOrderLifecycleStep(
    commerce: AdobeCommerceClient, erp: SampleERP, store: any ConnectorStore, run: Int, time: TimeSource
) async throws -> OrderLifecycleSummary {
    let recorded = try await erp.simulateAfterSales(run: run, now: time.now())
    let lifecycle = OrderLifecycleEngine(commerce: commerce, source: erp, store: store, time: time)
    return OrderLifecycleSummary(recorded: recorded, report: try await lifecycle.sync())
}
