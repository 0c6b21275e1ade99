import AdobeCommerce
import CommerceBridge
import Foundation

/// Prints the run as it goes, one line per phase with the time since the start, then the report. On a terminal
/// it also keeps a live status line with the engines' progress events (counts, rate, time left).
struct ProgressDisplay {
    private let start = ContinuousClock.now
    private let live = isatty(STDOUT_FILENO) == 1

    /// Writes a line at once (`print` into a pipe waits for its buffer to fill), over the live status line.
    func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data(((live ? "\r\u{1B}[K" : "") + text + "\n").utf8))
    }

    /// Shows `events` on the live status line until the stream ends; nothing when the output is not a terminal.
    func follow(_ events: AsyncStream<SyncProgress>) {
        guard live else { return }
        Task.detached {
            for await event in events {
                var text = "          … \(event)"
                if let rate = event.rate { text += String(format: ", %.0f/s", rate) }
                if let left = event.estimatedRemaining { text += ", \(left.components.seconds) s left" }
                FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + text).utf8))
            }
        }
    }

    func banner(run: Int, commerce: String, erp: String, store: String) {
        line("CommerceBridge erp-connector, run \(run)")
        line("  Commerce  \(commerce)")
        line("  ERP       \(erp)")
        line("  Store     \(store)")
        line()
    }

    func phase(_ name: String, _ detail: String) {
        let seconds =
            Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        line(String(format: "[%5.1fs] ", seconds) + name.padding(toLength: 11, withPad: " ", startingAt: 0) + detail)
    }

    func report(
        _ summary: RunSummary, metrics: ConnectorMetrics.Counts, outbox: OutboxStatus, reviewCount: Int,
        settings: ConnectorSettings
    ) {
        let elapsed = ContinuousClock.now - start
        line()
        line("Report")
        line(
            "  Synced      \(summary.catalog.completed) products, \(summary.inventory.pushed) stock levels, "
                + "\(summary.orders.delivered) orders, \(summary.shipments) shipments, \(summary.invoices) invoices, "
                + "\(summary.customers.writtenToCommerce + summary.customers.writtenToMaster) customers")
        line(
            "  After-sales \(summary.lifecycle.report.cancellations) cancellation(s), "
                + "\(summary.lifecycle.report.creditMemos) credit memo(s), \(summary.lifecycle.report.returnsCreated) "
                + "return(s) from the ERP; \(summary.adjustments.cancellationsSent) cancellation(s) and "
                + "\(summary.adjustments.creditMemosSent) credit memo(s) from the store to the ERP")
        line(
            "  Catalog     \(summary.structure.report.read) style(s) as configurables, "
                + "\(summary.imported.inventory.rowsSent + summary.imported.catalog.rowsSent) row(s) imported in "
                + "\(summary.imported.inventory.chunks + summary.imported.catalog.chunks) chunk(s), "
                + "\(summary.prices.report.calls) price call(s)")
        line(
            "  API calls   \(metrics.requests) to Commerce (\(metrics.failed) answered with an error, "
                + "\(metrics.retries) retried by the client)")
        line(
            "  Retries     \(summary.orders.retried) ERP deliveries retried by the outbox, "
                + "\(summary.pricing.fallbacks) price quote(s) served by the fallback")
        let store = settings.storeArgument
        line(
            "  DLQ         \(outbox.deadLettered) entr\(outbox.deadLettered == 1 ? "y" : "ies")"
                + (outbox.deadLettered > 0 ? ": swift run commerce-bridge --store \(store) dlq list" : ""))
        if let drift = summary.drift {
            line(
                "  Drift       \(drift.found) found, \(drift.repaired) repaired, \(drift.parked) parked for review "
                    + "(\(reviewCount) on the review list: swift run commerce-bridge --store \(store) review list)")
        }
        line(
            String(
                format: "  Time        %.1f s",
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        line()
        line("Run it again: the next run sends only what changed.")
    }
}
