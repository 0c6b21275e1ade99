import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeSQLite
import Foundation
import Testing

/// Cancellations and credit memos made in the store at production pace: three worker processes on one SQLite store (one
/// reading the feeds, two only delivering), an ERP that does not deduplicate and loses answers after committing,
/// SIGKILLs at random moments, 503s from Commerce, a burst of 300 credit memos at once and a second credit memo for
/// half of those orders.
@Suite(.serialized)
struct OrderAdjustmentScaleTests {
    static let orderCount = 400
    static let refunded = 300
    static let refundedTwice = 150
    static let cancelled = 100

    @Test(
        "Credit memos and cancellations made in the store reach the ERP once each, in order, through kills",
        .tags(.productionScale), .timeLimit(.minutes(5)))
    func adjustmentsAtScale() async throws {
        let run = try await ScaleRun("scale-adj")
        defer { run.tearDown() }
        let erp = run.erp

        // Commerce: 400 orders of two units; the first 300 paid (invoiced), the last 100 not.
        let fake = FakeCommerce()
        try ProductionScaleTests.placeOrders(Self.orderCount, in: fake)
        let admin = fake.makeClient()
        for index in 1...Self.refunded { _ = try await admin.orders.invoice(orderID: index, capture: true) }
        try erp.execute(
            """
            CREATE TABLE IF NOT EXISTS cancellations(erp_number TEXT NOT NULL, commerce_number TEXT NOT NULL,
                idempotency_key TEXT NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS credit_notes(commerce_credit_memo TEXT NOT NULL, commerce_number TEXT NOT NULL,
                erp_number TEXT NOT NULL, idempotency_key TEXT NOT NULL, total TEXT NOT NULL,
                created_at INTEGER NOT NULL);
            """)
        try run.launch(["adjustments", "adjustments-deliver", "adjustments-deliver"], serving: fake)
        var stage = 0
        func refund(_ index: Int) async throws {
            let item = try await ProductionScaleTests.retrying { try await admin.orders.get(id: index) }.items?.first?
                .itemID
            _ = try await ProductionScaleTests.retrying {
                try await admin.orders.refund(
                    orderID: index, items: [.init(orderItemID: item ?? 0, qty: 1)])
            }
        }

        // Chaos: 20 seconds of random SIGKILLs and restarts while the store's admins refund and cancel.
        try await run.chaos(for: .seconds(20), pauses: 300...900) { elapsed in
            if stage == 0, elapsed > .seconds(3) {
                for index in 1...Self.refunded { try await refund(index) }  // 300 credit memos at once
                stage = 1
            } else if stage == 1, elapsed > .seconds(8) {
                for index in 1...Self.refundedTwice { try await refund(index) }  // a second one for half of them
                stage = 2
            } else if stage == 2, elapsed > .seconds(11) {
                for index in (Self.refunded + 1)...Self.orderCount {
                    _ = try await ProductionScaleTests.retrying { try await admin.orders.cancel(orderID: index) }
                }
                stage = 3
            }
        }

        // Calm: no more kills; wait until everything has arrived.
        let memos = Self.refunded + Self.refundedTwice
        let converged = try await run.converge(within: .seconds(200), every: .seconds(1)) {
            let notes = try erp.integer("SELECT count(DISTINCT commerce_credit_memo) FROM credit_notes")
            let cancellations = try erp.integer("SELECT count(DISTINCT erp_number) FROM cancellations")
            return notes == memos && cancellations == Self.cancelled
        }
        let stderr = await run.stop()

        let noteRows = Int(try erp.integer("SELECT count(*) FROM credit_notes"))
        let distinctNotes = Int(try erp.integer("SELECT count(DISTINCT commerce_credit_memo) FROM credit_notes"))
        let cancellationRows = Int(try erp.integer("SELECT count(*) FROM cancellations"))
        let distinctCancellations = Int(try erp.integer("SELECT count(DISTINCT erp_number) FROM cancellations"))
        // In order per order: the ERP recorded each order's credit memos in the order Commerce numbered them.
        let sequence = try erp.statement(
            "SELECT commerce_number, commerce_credit_memo FROM credit_notes ORDER BY rowid"
        ).rows { ($0.text(0) ?? "", $0.text(1) ?? "") }
        var lastByOrder: [String: String] = [:]
        var outOfOrder = 0
        for (order, memo) in sequence {
            if let last = lastByOrder[order], last > memo { outOfOrder += 1 }
            lastByOrder[order] = memo
        }
        let commerceMemos = try await ProductionScaleTests.retrying {
            try await admin.salesDocuments.searchCreditmemos(SearchCriteria().page(size: 1)).totalCount
        }
        let deadLetters = try await run.store.deadLetters(limit: 20, offset: 0)
        let parked = try await run.store.reviewItems(limit: 20, offset: 0)
        print(
            "production-scale adjustments: \(distinctNotes) credit notes (\(noteRows) rows), \(distinctCancellations) "
                + "cancellations (\(cancellationRows) rows), \(outOfOrder) out of order; \(run.figures)")
        #expect(converged, "did not converge (\(run.figures)); workers said: \(stderr)")
        #expect(run.figures.kills >= 10, "\(run.figures)")
        #expect(commerceMemos == memos)
        #expect(noteRows == memos && distinctNotes == memos, "credit notes: \(noteRows) rows, \(distinctNotes) memos")
        #expect(cancellationRows == Self.cancelled && distinctCancellations == Self.cancelled)
        #expect(outOfOrder == 0)
        #expect(deadLetters.isEmpty, "dead letters: \(deadLetters.map(\.reason).prefix(3))")
        #expect(parked.isEmpty, "nothing should be parked: \(parked.map(\.draft.reason).prefix(3))")
    }
}
